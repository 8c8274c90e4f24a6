"""The words a dialogue script depends on, to bias recognition towards them (pure).

The caller passes the script document in as plain data (``ScriptDocument.model_dump()``, a YAML mapping or
just a list of texts): asr never imports dialogue/scoring/storage. Whisper mishears exactly the words a
checklist needs ("ИИН" → "вашин", "пятибалльной" → "пятибаллной"); the rarer and longer a word, the more it
gains from a hint, so abbreviations come first, then long words the script uses most. Only the script's
texts in the target language count, and never a forbidden item's: a hint towards a filler or a rude word
makes Whisper hear it (and a comma-separated hint list it can fall into reciting: "подсказать, подскажите,
подсказывайте" for a whole turn, measured on dev-028 before forbidden items were left out).

Which engines take the list: faster-whisper (``hotwords``, a hint in the decoder prompt). Vosk cannot be
biased (its grammar *restricts* recognition to the list — fine for a menu, wrong for a call), nor can the
ONNX CTC models (greedy CTC decoding, no language model to bias); see docs/asr.md.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Iterator
from typing import Any

WORD = re.compile(r"[A-Za-zА-Яа-яЁёӘәҒғҚқҢңӨөҰұҮүҺһІі]+(?:-[A-Za-zА-Яа-яЁёӘәҒғҚқҢңӨөҰұҮүҺһІі]+)*(\*?)")
KAZAKH_LETTERS = set("ӘәҒғҚқҢңӨөҰұҮүҺһІі")
CYRILLIC = re.compile(r"[А-Яа-яЁёӘәҒғҚқҢңӨөҰұҮүҺһІі]")
# lists of names and other words that are no domain vocabulary (first names are heard well enough)
SKIP_KEYS = frozenset({"names", "not_names", "id", "ids", "type", "next", "variable", "queue", "name"})
LANGUAGE_KEYS = frozenset({"ru", "kk", "en"})  # a script's texts per language: only the target's count
MIN_LENGTH = 6
DEFAULT_LIMIT = 30


def texts_in(document: Any, skip_keys: frozenset[str] = SKIP_KEYS) -> Iterator[str]:
    """Every string in nested dicts/lists, leaving out values under ``skip_keys``."""
    if isinstance(document, str):
        yield document
    elif isinstance(document, dict) and document.get("kind") == "forbidden":
        return  # what the agent must NOT say: a hint towards it would make the recogniser hear it
    elif isinstance(document, dict):
        for key, value in document.items():
            if str(key) not in skip_keys:
                yield from texts_in(value, skip_keys)
    elif isinstance(document, Iterable):
        for value in document:
            yield from texts_in(value, skip_keys)


def _fits(word: str, language: str) -> bool:
    if not CYRILLIC.search(word):
        return False
    if language == "ru":
        return not KAZAKH_LETTERS.intersection(word)
    return True


def is_abbreviation(word: str) -> bool:
    return 2 <= len(word) <= 6 and word.isupper()


def vocabulary(document: Any, *, language: str = "ru", limit: int = DEFAULT_LIMIT) -> list[str]:
    """Up to ``limit`` words of ``document`` worth a hint: abbreviations, then long words by frequency.

    Stems written with ``*`` in patterns ("назов*") are not words and are left out.
    """
    counts: Counter[str] = Counter()
    spelled: dict[str, str] = {}
    for text in texts_in(document, SKIP_KEYS | (LANGUAGE_KEYS - {language})):
        for match in WORD.finditer(text):
            word, stem = match.group(0).rstrip("*"), match.group(1)
            if stem or not _fits(word, language):
                continue
            if not is_abbreviation(word) and len(word) < MIN_LENGTH:
                continue
            key = word if is_abbreviation(word) else word.lower()
            counts[key] += 1
            spelled.setdefault(key, key)
    ranked = sorted(counts, key=lambda w: (not is_abbreviation(w), -counts[w], -len(w), w))
    return [spelled[w] for w in ranked[: max(0, limit)]]


def hotword_text(words: Iterable[str]) -> str:
    """The hint faster-whisper gets: the words, comma separated."""
    return ", ".join(words)
