"""An alternative question answered by a choice: the caller's next turn opens with one of its options.

"Ветки толстые или мелкие?" — "Толстые, одна уже треснула": whatever its words and whether or not the
recogniser kept its question mark, the agent's "или" asked something the caller then chose from. A statement
with "или" ("можно через приложение или в клубе") gets no such answer.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from scoring import morph

if TYPE_CHECKING:
    from scoring.call import Call
    from scoring.matcher import Hit

AROUND = 6  # words either side of the match that may be the options
OPENING = 6  # the caller's first words that may repeat one
DIGITS = 4  # a number this long in the answer: an identifier ("номер заказа или телефон?")
TAIL = 6  # words after "или" to the end of the question: a longer run is a statement going on
MIN_LEN = 4  # shorter words ("да", "нет", "там") are no option
_PUNCTUATED = re.compile(r"[.?!]")
_FUNCTION = frozenset({"PREP", "CONJ", "PRCL", "PRON", "INTJ"})
# words an answer repeats whatever was asked
_COMMON = frozenset({"только", "тоже", "просто", "вообще", "сейчас", "есть", "было", "были", "была", "нужно",
                     "можно", "тогда", "потом", "когда", "конечно", "хорошо", "ладно", "понятно", "спасибо",
                     "рахмет", "жаксы", "дурыс", "иа", "жок"})  # fmt: skip


def _keys(form: str) -> set[str]:
    fi = morph.info(form)
    if len(fi.fold) < MIN_LEN or fi.pos in _FUNCTION or fi.fold in _COMMON or fi.num is not None:
        return set()
    keys = {fi.fold[:5], fi.top_lemma}
    if len(fi.kstem) >= MIN_LEN:
        keys.add("k:" + fi.kstem)
    return keys


def _statement(call: Call, hit: Hit) -> str:
    """Why the words around the hit are no question: a punctuated sentence that does not end with "?", or a
    turn that goes on well past the options ("приложите карту в метро или в автобусе, там баланс ...")."""
    toks = call.text.toks
    seg = toks.src[hit.start]
    first = hit.start
    while first > 0 and not toks.sstart[first] and toks.src[first - 1] == seg:
        first -= 1
    if _PUNCTUATED.search(call.doc.segments[seg].text) and not toks.qstart[first]:
        return "a sentence that asks nothing"
    after = hit.end
    while after < len(toks.forms) and toks.src[after] == seg and not toks.send[after - 1]:
        after += 1
    return "the turn goes on past the options" if after - hit.end > TAIL else ""


def not_echoed(call: Call, hit: Hit) -> str:
    """Why the hit is no alternative question ("" when the caller's answer opens with one of its words)."""
    why = _statement(call, hit)
    if why:
        return why
    toks = call.text.toks
    seg = toks.src[hit.start]
    lo, hi = max(0, hit.start - AROUND), min(len(toks.forms), hit.end + AROUND)
    asked: set[str] = set()
    for k in range(lo, hi):
        if toks.src[k] == seg:
            asked |= _keys(toks.forms[k])
    turn = call.next_caller_turn(hit)
    if turn is None:
        return "the caller said nothing after it"
    if any(len(digits) >= DIGITS for _end, digits in turn.runs.values()):
        return "the caller answered with a number: an identifier was chosen"
    if any(asked & _keys(form) for form in turn.toks.forms[:OPENING]):
        return ""
    return "the caller's answer repeats none of the options"
