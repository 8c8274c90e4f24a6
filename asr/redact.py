"""PII redaction before a transcript is stored (pure).

Masks, in written digits or in spoken Russian/Kazakh number words:
- SECRET: any number dictated right after пароль / код / пин / құпия сөз (also at the start of the next
  turn, when the other side asked for it);
- CARD: 13-19 digits passing the Luhn check;
- IIN: 12-digit IIN/BIN with a valid Kazakhstan check digit;
- PHONE: +7/8 and 11 digits, 10 digits starting with 7, or 5-12 digits right after "телефон"/"phone"
  (also when the recogniser dropped or split a digit of the number).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from typing import Any

from asr.numbers import GroupBuilder, normalise, token_number

SECRET_WORDS = re.compile(
    r"^(парол\w*|код|кода|коду|кодом|коде|кодты|кодын\w*|пин[\w-]*|pin|cvv|cvc|құпия|password)$"
)
PHONE_WORDS = re.compile(r"^(телефон\w*|тел|сотов\w*|мобильн\w*|ватсап\w*|whatsapp|phone|mobile|cell)$")
CONTEXT_TOKENS = 4
NEXT_TURN_S = 10.0
STRIP = ".,;:!?«»\"'()[]…—–"


@dataclass
class Group:
    first: int  # token indices, inclusive
    last: int
    digits: str
    plus: bool = False


def luhn_ok(digits: str) -> bool:
    if not 13 <= len(digits) <= 19 or not digits.strip("0"):
        return False
    total = 0
    for i, ch in enumerate(reversed(digits)):
        d = int(ch) * (2 if i % 2 else 1)
        total += d - 9 if d > 9 else d
    return total % 10 == 0


def iin_ok(digits: str) -> bool:
    """Kazakhstan IIN/BIN check digit: weights 1..11, and 3..11,1,2 when the first sum gives 10."""
    if len(digits) != 12 or not digits.isdigit():
        return False
    d = [int(c) for c in digits]
    check = sum(w * x for w, x in zip(range(1, 12), d, strict=False)) % 11
    if check == 10:
        check = sum(w * x for w, x in zip([*range(3, 12), 1, 2], d, strict=False)) % 11
    return check != 10 and check == d[11]


def number_runs(tokens: list[str], language: str) -> list[list[Group]]:
    """Consecutive numeric tokens, as digit groups."""
    runs: list[list[Group]] = []
    run: list[Group] = []
    builder: GroupBuilder | None = None
    for i, token in enumerate(tokens):
        parsed = token_number(token, language)
        word = normalise(token)
        if (
            parsed is not None
            and parsed[1] is not None
            and builder is not None
            and builder.push(parsed[1], word)
        ):
            run[-1].last, run[-1].digits = i, str(builder.value)
            continue
        builder = None
        if parsed is None:
            if run:
                runs.append(run)
            run = []
        elif parsed[1] is None:
            run.append(Group(i, i, parsed[0], plus=token.lstrip(STRIP).startswith("+")))
        else:
            builder = GroupBuilder()
            builder.push(parsed[1], word)
            run.append(Group(i, i, str(parsed[1])))
    if run:
        runs.append(run)
    return runs


def _near(words: list[str], pattern: re.Pattern[str]) -> bool:
    return any(pattern.match(normalise(w)) for w in words[-CONTEXT_TOKENS:])


def classify(groups: list[Group], phone_context: bool) -> str | None:
    digits = "".join(g.digits for g in groups)
    if luhn_ok(digits):
        return "CARD"
    if iin_ok(digits):
        return "IIN"
    if (len(digits) == 11 and digits[0] in "78") or (len(digits) == 10 and digits[0] == "7"):
        return "PHONE"
    if (phone_context or groups[0].plus) and 5 <= len(digits) <= 12:
        return "PHONE"
    return None


def _spans_in_run(run: list[Group], before: list[str]) -> list[tuple[int, int, str]]:
    if _near(before, SECRET_WORDS) and len("".join(g.digits for g in run)) >= 2:
        return [(run[0].first, run[-1].last, "SECRET")]
    phone_context, spans, i = _near(before, PHONE_WORDS), [], 0
    while i < len(run):
        for j in range(min(len(run), i + 20) - 1, i - 1, -1):
            kind = classify(run[i : j + 1], phone_context and i == 0)
            if kind:
                spans.append((run[i].first, run[j].last, kind))
                i = j
                break
        i += 1
    return spans


def find_spans(
    tokens: list[str], language: str = "ru", context: list[str] | None = None
) -> list[tuple[int, int, str]]:
    """(first token, last token, kind) of every PII span; ``context`` = tokens said just before."""
    prefix = list(context or [])
    spans = []
    for run in number_runs(tokens, language):
        spans += _spans_in_run(run, prefix + tokens[: run[0].first])
    return spans


class Redactor:
    def __init__(self, mask: str = "[{kind}]", language: str = "ru") -> None:
        self.mask, self.language = mask, language

    def masked(self, kind: str) -> str:
        return self.mask.replace("{kind}", kind)

    def redact_text(self, text: str, context: list[str] | None = None) -> tuple[str, list[str]]:
        matches = list(re.finditer(r"\S+", text))
        spans = find_spans([m.group() for m in matches], self.language, context)
        for first, last, kind in reversed(spans):
            a, b = matches[first], matches[last]
            start = a.start() + len(a.group()) - len(a.group().lstrip(STRIP))
            end = b.end() - (len(b.group()) - len(b.group().rstrip(STRIP)))
            text = text[:start] + self.masked(kind) + text[end:]
        return text, [kind for _, _, kind in spans]

    def redact_words(
        self, words: list[dict[str, Any]], context: list[str] | None = None
    ) -> list[dict[str, Any]]:
        spans = find_spans([w["word"] for w in words], self.language, context)
        out = list(words)
        for first, last, kind in reversed(spans):
            part = words[first : last + 1]
            confs = [w["conf"] for w in part if w.get("conf") is not None]
            out[first : last + 1] = [
                {
                    "word": self.masked(kind),
                    "start": part[0]["start"],
                    "end": part[-1]["end"],
                    "conf": min(confs) if confs else None,
                }
            ]
        return out

    def redact_segments(self, segments: list[dict[str, Any]]) -> tuple[list[dict[str, Any]], Counter[str]]:
        """Redacted copies of time-ordered segments, and how many spans of each kind were masked."""
        counts: Counter[str] = Counter()
        out, previous = [], None
        for seg in segments:
            context = None
            if previous is not None and seg["start"] - previous["end"] <= NEXT_TURN_S:
                context = previous["text"].split()[-CONTEXT_TOKENS:]
            text, kinds = self.redact_text(seg["text"], context)
            counts.update(kinds)
            new = {**seg, "text": text}
            if seg.get("words"):
                new["words"] = self.redact_words(seg["words"], context)
            out.append(new)
            previous = seg
        return out, counts
