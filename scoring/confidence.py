"""Confidence of item answers (pure): how sure the scorer is, and which answers need a human.

* Evidence (a match) starts at ``HIT`` (exact pattern words) or ``NOISY_HIT`` (a word matched only through ASR
  tolerance, or a sentence matched by similarity to an item's examples); the ASR confidence of its words
  (segment ``words[].conf``) scales it down: a match resting on words the recogniser was unsure of is weak.
* An absence (a stage item not found, a forbidden item not heard) starts at ``ABSENCE`` and is scaled by the
  mean ASR confidence of the agent's words: in a badly recognised call "not said" may be "not heard".
* A stage item not found is judged by the ASR confidence of the words where it belongs (its ``position``
  window, else the agent's whole speech), not of the whole call: the mean confidence there, and the share
  of words recognised below ``LOW_CONF`` (a misheard farewell in an otherwise clear call is "not heard").
* A stage item not found where the agent's speech is garbled is not a confident absence either: when many of
  the Russian words in the part of the call where the item is expected are no dictionary words (``garble``),
  the absence confidence falls with that share (the item may be there, misheard beyond recognition).
* A near miss (a sentence a little below an item's example threshold) needs review. In a garbled call
  (``garbled_call``) the band is wider and the best guess is "done": measured on the tuning set at 20 %
  simulated WER, such near misses were passes misheard 37 times in 44; in clean calls they are mostly
  look-alikes that fall short (40 violations in 42), so there the guess stays "not done".
* An answer below ``checklist.scoring.review_below`` is ``needs_review``: it leaves the score (like N/A) and
  never auto-fails the call until a QA specialist answers it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Protocol

from scoring import morph
from scoring.text import fold

if TYPE_CHECKING:
    from scoring.matcher import Hit

HIT = 0.95
NOISY_HIT = 0.8
ABSENCE = 0.9
EXAMPLE_HIT = 0.65  # a sentence at the example threshold; it grows to HIT with the similarity
NEAR_MISS = 0.45  # nothing matched, but a sentence came close to an example: needs review
CONF_FLOOR = 0.3  # word confidence that adds nothing: a factor of (conf - floor) / (good - floor)
GOOD_CONF = 0.85  # word confidence from which evidence keeps its full strength
CLEAN_OOV = 0.08  # share of non-dictionary Russian words a clean call has at most (measured: dev, held-out)
GARBLED_OOV = 0.16  # share at which a stage absence is only half as sure
GARBLED_CALL = 0.05  # share over the agent's whole speech from which a call counts as garbled (measured)
MIN_RU_WORDS = 8  # fewer Russian words in the window: no garble signal (Kazakh speech has no dictionary)
MAX_KK_SHARE = 0.05  # more words with Kazakh letters in the window: no garble signal
LOW_CONF = 0.5  # a word recognised below this is likely misheard
CLEAR_LOW = 0.1  # share of such words in a window that still counts as clearly heard
UNCLEAR_LOW = 0.25  # share at which a stage absence is only half as sure (falls under review_below)
MIN_CONF_WORDS = 3  # fewer words with a confidence in the window: use the agent's whole speech
_KK = frozenset("әғқңөұүһі")


class _Answer(Protocol):
    passed: bool | None
    confidence: float
    needs_review: bool


def word_factor(conf: float | None) -> float:
    """How much of its strength evidence keeps when it rests on a word recognised with ``conf``."""
    if conf is None:
        return 1.0
    return max(0.0, min(1.0, (conf - CONF_FLOOR) / (GOOD_CONF - CONF_FLOOR)) * 0.6 + 0.4)


def hit_word_conf(segment: Any, forms: list[str]) -> float | None:
    """Lowest ASR confidence of the segment's words that the match consists of (None: no word confs)."""
    words = getattr(segment, "words", None)
    if not words:
        return None
    wanted = {fold(f) for f in forms}
    confs = [w.conf for w in words if w.conf is not None and fold(w.word.lower().strip(".,!?;:")) in wanted]
    return min(confs) if confs else None


def of_hit(call: Any, hit: Hit) -> float:
    toks = call.text.toks
    seg = call.doc.segments[toks.src[hit.start]]
    base = NOISY_HIT if hit.noisy else HIT
    return round(base * word_factor(hit_word_conf(seg, toks.forms[hit.start : hit.end])), 3)


def agent_conf(call: Any) -> float | None:
    """Mean ASR confidence of the agent's words (None when the transcript has no word confidences)."""
    confs = [w.conf for i in call.agent_idx for w in (call.doc.segments[i].words or []) if w.conf is not None]
    return sum(confs) / len(confs) if confs else None


def of_absence(call: Any) -> float:
    cached: float | None = getattr(call, "_absence_conf", None)
    if cached is None:
        cached = round(ABSENCE * word_factor(agent_conf(call)), 3)
        call._absence_conf = cached
    return cached


def window_confs(call: Any, segments: set[int] | None) -> list[float]:
    """ASR confidences of the agent's words in ``segments`` (matching units; None: the whole call); the whole
    call's when the window has fewer than ``MIN_CONF_WORDS`` of them."""
    segs, units = call.doc.segments, call.units
    confs = [
        w.conf
        for i in call.agent_idx
        if segments is None or units.get(i, i) in segments
        for w in (segs[i].words or [])
        if w.conf is not None
    ]
    if segments is not None and len(confs) < MIN_CONF_WORDS:
        return window_confs(call, None)
    return confs


def heard_factor(confs: list[float]) -> float:
    """How sure "not said" is where the words were recognised with ``confs``: the weaker of the mean
    confidence's ``word_factor`` and the share of words below ``LOW_CONF`` (× 1 up to ``CLEAR_LOW``, × 0.5 at
    ``UNCLEAR_LOW``)."""
    if not confs:
        return 1.0
    low = sum(c < LOW_CONF for c in confs) / len(confs)
    share = 1.0 - 0.5 * max(0.0, min(1.0, (low - CLEAR_LOW) / (UNCLEAR_LOW - CLEAR_LOW)))
    return min(word_factor(sum(confs) / len(confs)), share)


def _oov(comp: Any, form: str) -> tuple[int, int, int]:
    """(Kazakh, Russian-looking, not a dictionary / pattern word / listed name) flags of a word; short words
    and digits count nowhere."""
    if len(form) < 3 or not form.isalpha():
        return 0, 0, 0
    if _KK.intersection(form):
        return 1, 0, 0
    fi = morph.info(form)
    if fi.known or fi.num is not None or fi.fold in comp.names or comp.atoms[form] & comp.stage_word_ids:
        return 0, 1, 0
    return 0, 1, 1


def garble(call: Any, segments: set[int] | None) -> float:
    """Share of non-dictionary words among the Russian-looking words the agent said in ``segments`` (matching
    units; None: the whole call). 0.0 when there are too few of them to tell, or when the window has Kazakh
    words (Kazakh words without Kazakh letters would look misheard: there is no Kazakh dictionary)."""
    toks, comp = call.text.toks, call.comp
    kk = seen = bad = 0
    for form, seg in zip(toks.forms, toks.seg, strict=True):
        if segments is None or seg in segments:
            k, ru, oov = _oov(comp, form)
            kk, seen, bad = kk + k, seen + ru, bad + oov
    if seen < MIN_RU_WORDS or kk > MAX_KK_SHARE * (kk + seen):
        return 0.0
    return bad / seen


def garbled_call(call: Any) -> bool:
    """Is the call a recogniser's transcript (not marked ``clean``) with the agent's speech garbled
    (``garble`` over the whole call at least ``GARBLED_CALL``)? There, a sentence close to a stage item's
    examples is mostly the item misheard, not a look-alike (docs/scoring.md, round 22)."""
    cached: bool | None = getattr(call, "_garbled", None)
    if cached is None:
        cached = call.doc.style != "clean" and garble(call, None) >= GARBLED_CALL
        call._garbled = cached
    return cached


def of_stage_absence(call: Any, segments: set[int] | None) -> float:
    """Confidence that a stage item is missing: ``ABSENCE`` lowered by how badly the words where it belongs
    were heard (ASR word confidences) and by their garble (non-dictionary words)."""
    share = garble(call, segments)
    factor = 1.0 - 0.5 * max(0.0, min(1.0, (share - CLEAN_OOV) / (GARBLED_OOV - CLEAN_OOV)))
    return round(ABSENCE * heard_factor(window_confs(call, segments)) * factor, 3)


def mark_review(answer: _Answer, review_below: float) -> None:
    """Set ``needs_review`` of an answer (never for N/A answers)."""
    answer.needs_review = answer.passed is not None and answer.confidence < review_below
