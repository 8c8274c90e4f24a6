"""Spoken numbers in Russian and Kazakh → digit groups (pure; used by PII redaction).

``"восемь семьсот один сто двадцать три"`` → groups ``8``, ``701``, ``123``; Kazakh ``"екі жүз он бір"`` →
``211``. A group grows only while each word is of a smaller order than the last (hundreds, tens, units), so
digit-by-digit dictation stays one group per word.
"""

from __future__ import annotations

import re

ZERO, UNIT, TEEN, TEN, HUNDRED = 0, 1, 2, 3, 4
RU_WORDS = {
    "ноль": 0,
    "нуль": 0,
    "один": 1,
    "одна": 1,
    "одно": 1,
    "два": 2,
    "две": 2,
    "три": 3,
    "четыре": 4,
    "пять": 5,
    "шесть": 6,
    "семь": 7,
    "восемь": 8,
    "девять": 9,
    "десять": 10,
    "одиннадцать": 11,
    "двенадцать": 12,
    "тринадцать": 13,
    "четырнадцать": 14,
    "пятнадцать": 15,
    "шестнадцать": 16,
    "семнадцать": 17,
    "восемнадцать": 18,
    "девятнадцать": 19,
    "двадцать": 20,
    "тридцать": 30,
    "сорок": 40,
    "пятьдесят": 50,
    "шестьдесят": 60,
    "семьдесят": 70,
    "восемьдесят": 80,
    "девяносто": 90,
    "сто": 100,
    "двести": 200,
    "триста": 300,
    "четыреста": 400,
    "пятьсот": 500,
    "шестьсот": 600,
    "семьсот": 700,
    "восемьсот": 800,
    "девятьсот": 900,
}
KK_WORDS = {
    "нөл": 0,
    "бір": 1,
    "екі": 2,
    "үш": 3,
    "төрт": 4,
    "бес": 5,
    "алты": 6,
    "жеті": 7,
    "сегіз": 8,
    "тоғыз": 9,
    "он": 10,
    "жиырма": 20,
    "отыз": 30,
    "қырық": 40,
    "елу": 50,
    "алпыс": 60,
    "жетпіс": 70,
    "сексен": 80,
    "тоқсан": 90,
    "жүз": 100,
}
KK_ONLY_AMBIGUOUS = {"он"}  # Russian "он" is the pronoun "he"
DIGITS_TOKEN = re.compile(r"^\+?[\d()\-.]*\d[\d()\-.]*$")


def normalise(token: str) -> str:
    """Lower-case, ё → е, punctuation around the token stripped (a leading + kept)."""
    return token.lower().replace("ё", "е").strip(".,;:!?«»\"'()[]…—–")


def word_value(word: str, language: str) -> int | None:
    if word in RU_WORDS:
        return RU_WORDS[word]
    if word in KK_WORDS and (language != "ru" or word not in KK_ONLY_AMBIGUOUS):
        return KK_WORDS[word]
    return None


def order(value: int, kazakh_ten: bool) -> int:
    if value == 0:
        return ZERO
    if value < 10:
        return UNIT
    if value < 20 and not kazakh_ten:
        return TEEN
    return TEN if value < 100 else HUNDRED


def token_number(token: str, language: str) -> tuple[str, int | None] | None:
    """('digits', None) for a written number, ('', value) for a number word, None for anything else."""
    core = normalise(token)
    if DIGITS_TOKEN.match(core):
        return re.sub(r"\D", "", core), None
    value = word_value(core, language)
    return None if value is None else ("", value)


class GroupBuilder:
    """Accumulates number words into digit groups; ``push`` returns False if a new group must start."""

    def __init__(self) -> None:
        self.value: int | None = None
        self.last = -1

    def push(self, value: int, word: str) -> bool:
        kazakh_ten = word == "он"
        if word == "жүз" and self.value is not None and self.value < 10 and self.last == UNIT:
            self.value, self.last = self.value * 100, HUNDRED
            return True
        current = order(value, kazakh_ten)
        if self.value is None:
            self.value, self.last = value, current
            return True
        joins = (self.last == HUNDRED and current in (TEN, TEEN, UNIT)) or (
            self.last == TEN and current == UNIT
        )
        if not joins:
            return False
        self.value, self.last = self.value + value, current
        return True
