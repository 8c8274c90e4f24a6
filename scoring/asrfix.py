"""Split and merged words of ASR output, repaired against the checklist's vocabulary (pure; issue 12).

Only unpunctuated (ASR-style) segments are touched, and only where a stage item's pattern word appears:

* two neighbours, one of them not a dictionary word, that together spell a pattern word (exactly or as a
  misheard spelling: ``noise.noise_edits``) are joined: "оста вайтесь" → "оставайтесь";
* a word that is not in the dictionary and splits into a short pattern word ("до", "за", "по", "на", "не")
  and a pattern word is split: "досвидания" → "до свидания", "заожидание" → "за ожидание".

Decisions are cached per word and per word pair on the compiled checklist.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from scoring import morph

if TYPE_CHECKING:
    from scoring.compile import CompiledChecklist

MIN_JOINED = 6
MIN_PART = 4


def _known(form: str) -> bool:
    return morph.info(form).known or form.isdigit()


def _stage_atoms(comp: CompiledChecklist, form: str) -> frozenset[int]:
    return comp.atoms[form] & comp.stage_word_ids


def _join(comp: CompiledChecklist, a: str, b: str) -> bool:
    key = (a, b)
    got = comp.join_cache.get(key)
    if got is None:
        got = False
        if (not _known(a) or not _known(b)) and len(a) + len(b) >= MIN_JOINED and (a + b).isalpha():
            new = _stage_atoms(comp, a + b) - _stage_atoms(comp, a) - _stage_atoms(comp, b)
            got = bool(new)
        comp.join_cache[key] = got
    return got


def _split(comp: CompiledChecklist, word: str) -> tuple[str, str] | None:
    if word in comp.split_cache:
        return comp.split_cache[word]
    found = None
    if len(word) >= MIN_PART + 2 and word.isalpha() and not _known(word):
        for short in comp.short_words:
            rest = word[len(short) :]
            if word.startswith(short) and len(rest) >= MIN_PART and _known(rest) and _stage_atoms(comp, rest):
                found = (short, rest)
                break
    comp.split_cache[word] = found
    return found


def repair(comp: CompiledChecklist, text: str) -> str:
    """The text with split words joined and merged words split (ASR-style text only)."""
    if not comp.stage_word_ids or not text.islower() or any(c in text for c in '.,!?;:«»"'):
        return text
    words = text.split()
    out: list[str] = []
    i = 0
    changed = False
    while i < len(words):
        w = words[i]
        if i + 1 < len(words) and _join(comp, w, words[i + 1]):
            out.append(w + words[i + 1])
            i += 2
            changed = True
            continue
        parts = _split(comp, w)
        if parts:
            out.extend(parts)
            changed = True
        else:
            out.append(w)
        i += 1
    return " ".join(out) if changed else text
