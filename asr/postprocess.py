"""Recogniser output made fit for scoring and redaction (pure): Whisper's digit punctuation, cut sentences.

* Whisper writes numbers the English way and dictated digits as a comma list: "24,717", "12 ,880",
  "8 ,7 ,7 ,5". A comma inside a digit run breaks the run for the checklist's number patterns ("номер
  #num(3-9)" finds no number in "номер 8 ,7 ,7 ,5" but finds "8 7 7 5"). A three-digit group after a
  comma is a thousands group and joins its number ("24717"); any other comma before a digit goes
  ("8 7 7 5"), and the run stays one run of digits separated by spaces.
* Whisper ends a segment wherever its window or its timestamps fall, also in the middle of a sentence
  ("название вашего" | "государственного и вашу лагину."): the next segment of the same channel that
  follows without a pause continues the sentence and is joined to it, so an item's phrase is one segment.
"""

from __future__ import annotations

import re
from typing import Any

LEADING_GROUP = re.compile(r"^,(\d+)(.*)$")
ENDS_IN_DIGIT = re.compile(r"\d$")
THOUSANDS_HEAD = re.compile(r"^\d{1,3}$")
SENTENCE_END = re.compile(r"[.?!…]$")
JOIN_GAP_S = 0.3


def join_digit_groups(words: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Words with Whisper's commas inside digit runs removed (see the module doc); others unchanged."""
    out: list[dict[str, Any]] = []
    for word in words:
        found = LEADING_GROUP.match(word["word"])
        if not found or not out or not ENDS_IN_DIGIT.search(out[-1]["word"]):
            out.append(word)
            continue
        group, rest = found.group(1), found.group(2)
        last = out[-1]
        if len(group) == 3 and THOUSANDS_HEAD.match(last["word"]):
            out[-1] = {
                **last,
                "word": last["word"] + group + rest,
                "end": word["end"],
                "conf": min(last["conf"], word["conf"]),
            }
        else:
            out.append({**word, "word": group + rest})
    return out


def continues(previous: dict[str, Any], following: dict[str, Any], gap_s: float = JOIN_GAP_S) -> bool:
    """Does ``following`` (a segment dict with words) carry on ``previous``'s unfinished sentence?"""
    return (
        previous["speaker"] == following["speaker"]
        and not SENTENCE_END.search(previous["text"].strip())
        and following["start"] - previous["end"] <= gap_s
    )


def join_cut_sentences(segments: list[dict[str, Any]], gap_s: float = JOIN_GAP_S) -> list[dict[str, Any]]:
    """One channel's segments in time order, a segment cut mid-sentence joined with its continuation."""
    out: list[dict[str, Any]] = []
    for seg in segments:
        if out and continues(out[-1], seg, gap_s):
            last = out[-1]
            out[-1] = {
                **last,
                "end": max(last["end"], seg["end"]),
                "text": f"{last['text'].strip()} {seg['text'].strip()}",
                "words": [*last.get("words", []), *seg.get("words", [])],
            }
        else:
            out.append(seg)
    return out
