"""Per-word analysis (Russian lemmas with pymorphy3, Kazakh stems, numbers), cached per distinct word form.

Every distinct form is analysed once per process; a 10-minute call re-uses the cache for almost all words.
"""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass
from itertools import pairwise
from typing import Any

from rapidfuzz.distance import Levenshtein

from scoring.noise import phonetic
from scoring.numbers import KK_NUMBERS, RU_NUMBERS
from scoring.text import clean_form, fold, kk_stem

_POS = {
    "ADJF": "ADJ",
    "ADJS": "ADJ",
    "PRTF": "ADJ",
    "PRTS": "ADJ",
    "COMP": "ADJ",
    "NOUN": "NOUN",
    "VERB": "VERB",
    "INFN": "VERB",
    "GRND": "VERB",
    "NUMR": "NUM",
    "NPRO": "PRON",
    "ADVB": "ADV",
    "PRED": "ADV",
    "PREP": "PREP",
    "CONJ": "CONJ",
    "PRCL": "PRCL",
    "INTJ": "INTJ",
}
_RU_WORD = re.compile(r"^[а-я]+$")
_PATRONYMIC = re.compile(
    r"^[а-я]{3,}(?:ов|ев)(?:на|ны|не|ну|ной|ич|ича|ичу|ичем|иче)$"
    r"|^[а-я]{3,}ич(?:на|ны|не|ну|ной)$"
    r"|^[а-я]{3,}(?:улы|кызы)(?:на|нан|нын|га|ка|ны)?$"  # Kazakh: Серікұлы, Маратқызы (folded)
)
_SURNAME = re.compile(r"^[а-я]{3,}(?:ов|ев|ова|ева|ову|еву|овой|евой|ский|ская|енко)$")
# endings of a word pymorphy knows as a surname ("Касымов", "Мусин", "Петренко"), but not "ким", "бек", "пен"
# folded Kazakh endings pymorphy takes for surnames: "let me ..." ("қарайын", "тексерейін"), an accusative
# or possessive -ын/-ына ("санын", "атын")
# ... and a 2nd person possessive with its case ("күйеуіңіздің" = of your husband)
# ... or a verb's "I do" ending ("түсінемін": I understand)
_KK_END = re.compile(
    r"(?:айын|ейин|йын|йин|ын|ына|[аеи]м[ыи]н|н[ыи]з(?:д[ыи]н|д[ыи]|д[ае]|д[ае]н|г[ае]|[ыи])?)$"
)
_SURN_TAGGED = re.compile(
    r"^[а-я]{3,}(?:ов|ев|ова|ева|ову|еву|овой|евой|овым|евым|ин|ина|ину|иной|ын|ына|ский|ская|ской|цкий|цкая"
    r"|енко|ко|ук|юк|ич|ян|дзе|швили|их|ых)$"
)
_LOCK = threading.Lock()
_MORPH: Any = None


def analyzer() -> Any:
    """The shared pymorphy3 analyser, created on first use (not at import time)."""
    global _MORPH
    if _MORPH is None:
        with _LOCK:
            if _MORPH is None:
                import logging

                import pymorphy3

                logging.getLogger("pymorphy3").setLevel(logging.WARNING)
                _MORPH = pymorphy3.MorphAnalyzer(lang="ru")
    return _MORPH


@dataclass(slots=True, frozen=True)
class FormInfo:
    form: str
    fold: str
    lemmas: frozenset[str]  # Russian normal forms (plus the form itself)
    top_lemma: str
    kstem: str  # Kazakh stem of the folded form
    pos: str
    known: bool  # in the Russian dictionary
    grammemes: frozenset[str]  # of the best parse: Name, Surn, Patr, plur, ...
    num: tuple[str, int | str] | None  # number word: (kind, value); digits: ("D", "123")
    patronymic_shape: bool
    surname_shape: bool


_CACHE: dict[str, FormInfo] = {}


def info(form: str) -> FormInfo:
    """Analysis of one lower-cased word form (cached)."""
    hit = _CACHE.get(form)
    if hit is None:
        hit = _analyse(form)
        if len(_CACHE) < 500_000:
            _CACHE[form] = hit
    return hit


def _analyse(raw: str) -> FormInfo:
    form = clean_form(raw)
    folded = fold(form)
    lemmas = {form}
    top, pos, known, grams = form, "", False, frozenset[str]()
    if _RU_WORD.match(form):
        morph = analyzer()
        parses = morph.parse(form)
        if parses:
            best = parses[0]
            top, pos = best.normal_form.replace("ё", "е"), _POS.get(str(best.tag.POS), "")
            grams = frozenset(best.tag.grammemes)
            cut = best.score * 0.4
            lemmas |= {p.normal_form.replace("ё", "е") for p in parses[:4] if p.score >= cut}
        known = morph.word_is_known(form)
    num: tuple[str, int | str] | None = None
    if form.isdigit():
        num = ("D", form)
    elif top in RU_NUMBERS and (pos in {"NUM", "NOUN", "ADJ"} or form in RU_NUMBERS):
        num = RU_NUMBERS[top]
    elif folded in KK_NUMBERS:
        num = KK_NUMBERS[folded]
    elif len(folded) == _SHORT_NUMBER_WORD - 1 and folded + "ь" in RU_NUMBERS:
        num = RU_NUMBERS[folded + "ь"]  # its soft sign lost on the line ("сем", "пят": rare nouns; round 30)
    elif not known:
        num = misheard_number(folded)
    return FormInfo(
        form=form,
        fold=folded,
        lemmas=frozenset(lemmas),
        top_lemma=top,
        kstem=kk_stem(folded),
        pos=pos,
        known=known,
        grammemes=grams,
        num=num,
        # a dictionary word of another kind is no patronymic, whatever its ending ("основной", "первичной")
        # ... nor a word with a particle run onto it ("ударовне": "ударов не")
        # ... nor a plain word with a letter doubled by the recogniser ("аартикулы": no "-улы" patronymic)
        patronymic_shape=("Patr" in grams or (not known and bool(_PATRONYMIC.match(folded))))
        and not particle_run_on(folded)
        and not (not known and doubled_plain(folded)),
        surname_shape=_surname_shape(folded, known, grams),
    )


_NUMBER_WORDS = sorted({*RU_NUMBERS, *KK_NUMBERS})
_MIN_NUMBER_WORD = 5  # shorter number words ("сто", "бір", "төрт") are taken only as written


def misheard_number(folded: str) -> tuple[str, int] | None:
    """A number word misheard by ASR ("сорак", "пядьсот", "жетпис", "тызяч"): one letter edit from a number
    word (two from 8 letters on), for words that are not in the dictionary (issue 12). A 4-letter one only
    with a 4-letter number word's sound ("симь", "жити": an unstressed vowel or a voiced consonant)."""
    if len(folded) == _SHORT_NUMBER_WORD and folded.isalpha():
        return _short_number_sounds().get(phonetic(folded))
    if len(folded) == _SHORT_NUMBER_WORD - 1:  # a letter lost from a Russian one ("оди", "нль"; round 30)
        return _short_number_deletions().get(folded)
    if len(folded) < _MIN_NUMBER_WORD or not folded.isalpha():
        return None
    k = 1 if len(folded) < 8 else 2
    for word, value in _misheard_targets():
        if abs(len(word) - len(folded)) <= k and Levenshtein.distance(word, folded, score_cutoff=k) <= k:
            return value
    return None


_TARGETS: list[tuple[str, tuple[str, int]]] = []
_SHORT_NUMBER_WORD = 4
_SHORT_SOUNDS: dict[str, tuple[str, int]] = {}


def _short_number_sounds() -> dict[str, tuple[str, int]]:
    """Sound key → value of the 4-letter number words (ru and kk): "один", "пять", "семь", "ноль", "жеті"."""
    if not _SHORT_SOUNDS:
        sounds = {phonetic(w): RU_NUMBERS.get(w) or KK_NUMBERS[w] for w in _NUMBER_WORDS if len(w) == 4}
        with _LOCK:
            _SHORT_SOUNDS.update({k: v for k, v in sounds.items() if v is not None})
    return _SHORT_SOUNDS


_SHORT_DELETIONS: dict[str, tuple[str, int]] = {}


def _short_number_deletions() -> dict[str, tuple[str, int]]:
    """3-letter forms of the 4-letter Russian number words with one letter lost ("оди", "нль", "смь")."""
    if not _SHORT_DELETIONS:
        short = [(w, v) for w, v in RU_NUMBERS.items() if len(w) == _SHORT_NUMBER_WORD]
        forms = {w[:i] + w[i + 1 :]: v for w, v in short for i in range(_SHORT_NUMBER_WORD)}
        with _LOCK:
            _SHORT_DELETIONS.update(forms)
    return _SHORT_DELETIONS


def _misheard_targets() -> list[tuple[str, tuple[str, int]]]:
    """Number words a misheard form may be: every ru and kk number word, and the inflected forms of the
    Russian thousand and million ("тысяч", "тысячи", "миллиона": "тызяч" is 1 edit from "тысяч")."""
    if not _TARGETS:
        targets = [(w, RU_NUMBERS.get(w) or KK_NUMBERS[w]) for w in _NUMBER_WORDS]
        for word, value in RU_NUMBERS.items():
            if value[0] == "m":
                targets += [(form, value) for form in inflections(word) if form not in RU_NUMBERS]
        with _LOCK:
            _TARGETS[:] = targets
    return _TARGETS


def _surname_shape(folded: str, known: bool, grams: frozenset[str]) -> bool:
    """A surname: an unknown word of surname shape (folded: "Серікова") or guessed as one, or a word
    pymorphy tags as a surname (best parse) with a surname ending ("Касымов")."""
    if not known:  # pymorphy's guess needs a surname ending, never a Kazakh verb's: "азайған", "қарайын"
        guessed = "Surn" in grams and bool(_SURN_TAGGED.match(folded)) and not _KK_END.search(folded)
        return (bool(_SURNAME.match(folded)) or guessed) and not misheard_word(folded)
    # ... or a first name's genitive plural that is a surname's shape ("Садыков", "Ахметов": "of the Sadyks")
    plural_name = {"Name", "gent", "plur"} <= grams and folded.endswith(("ов", "ев"))
    return ("Surn" in grams or plural_name) and bool(_SURN_TAGGED.match(folded))


class _Numbers(dict[str, tuple[str, int | str] | None]):
    """form → (kind, value) when the word is a number word or digits, else None (cached)."""

    def __missing__(self, form: str) -> tuple[str, int | str] | None:
        if len(self) > 300_000:
            self.clear()
        value = self[form] = info(form).num
        return value


NUMBERS = _Numbers()


def pattern_lemma(word: str) -> str:
    """Top normal form of a pattern word (Russian), or the word itself."""
    return info(word).top_lemma


def inflections(word: str) -> list[str]:
    """Forms of the dictionary word's best parse ("какой": "какого", "какую", ...; ё as е); [] for a word
    the Russian dictionary does not know (a Kazakh word would get a guessed, meaningless paradigm)."""
    form = clean_form(word)
    if not _RU_WORD.match(form) or not analyzer().word_is_known(form):
        return []
    parses = analyzer().parse(form)
    return sorted({f.word.replace("ё", "е") for f in parses[0].lexeme}) if parses else []


_LETTERS = "абвгдежзийклмнопрстуфхцчшщъыьэюя"
_MIN_HALF = 5  # two run-together words: each a dictionary word of 5+ letters ("фамилии|сотрудников")
_misheard: dict[str, bool] = {}


def misheard_word(folded: str) -> bool:
    """A word the dictionary lacks that is a common word misheard, not a surname: a noun's genitive plural
    with a letter lost ("пассаиров": "пассажиров"; a surname's "-ов" is that ending's shape), or two
    dictionary words run together ("фамилиисотрудников"). The first letter and the ending stay as heard."""
    got = _misheard.get(folded)
    if got is None:
        got = _RU_WORD.match(folded) is not None and (_run_together(folded) or _plural_off(folded))
        if len(_misheard) < 200_000:
            _misheard[folded] = got
    return got


def _plain_word(form: str, plural: bool = False) -> bool:
    if not analyzer().word_is_known(form):
        return False
    grams = info(form).grammemes
    return not {"Name", "Surn", "Patr"} & grams and (not plural or {"NOUN", "gent", "plur"} <= grams)


def _run_together(word: str) -> bool:
    cuts = range(_MIN_HALF, len(word) - _MIN_HALF + 1)
    return any(_plain_word(word[:c]) and _plain_word(word[c:]) for c in cuts)


def _plural_off(word: str) -> bool:
    if len(word) < 7 or not word.endswith(("ов", "ев")):
        return False
    for i in range(1, len(word) - 2):
        head, tail = word[:i], word[i:]
        # a letter lost on the line, not one changed or added ("Сапаров" is one vowel from "сапёров", one
        # letter more than the dictionary's rare "сапров")
        if any(_plain_word(head + c + tail, plural=True) for c in _LETTERS):
            return True
    # ... or its first consonant heard voiced or voiceless ("глиентов": "клиентов"), in a long word (a vowel
    # stays: "Сапаров"; pymorphy knows rare words: "Касымов" is one letter from "казымов")
    pair = _VOICING.get(word[0])
    return len(word) >= 8 and pair is not None and _plain_word(pair + word[1:], plural=True)


_VOICING = dict(zip("бпдтзсгквфжш", "пбтдсзкгфвшж", strict=True))
_UNSTRESSED = {"а": "о", "о": "а", "е": "и", "и": "е"}  # vowels heard for each other when unstressed


def doubled_plain(folded: str) -> bool:
    """A plain dictionary word with one letter doubled by the recogniser ("аартикулы": "артикулы")."""
    return any(
        a == b and _plain_word(folded[:i] + folded[i + 1 :]) for i, (a, b) in enumerate(pairwise(folded))
    )


def particle_run_on(folded: str) -> bool:
    """A dictionary word with "не", "ли" or "же" run onto it by the recogniser ("ударовне", "совсемне"), or
    a preposition before it ("науровне": "на уровне")."""
    if len(folded) < 6:
        return False
    return (folded.endswith(("не", "ли", "же")) and _plain_word(folded[:-2])) or (
        folded.startswith(("на", "по", "за", "до", "от")) and _plain_word(folded[2:])
    )


def vowel_misheard(folded: str) -> bool:
    """A word the dictionary lacks that is a plain word with one unstressed vowel heard as its pair
    ("атлична": "отлично"), not a name: its shape (an "-ична" ending) says nothing of a person."""
    if analyzer().word_is_known(folded) or not _RU_WORD.match(folded):
        return False
    for i, ch in enumerate(folded):
        pair = _UNSTRESSED.get(ch)
        if pair is not None and _plain_word(folded[:i] + pair + folded[i + 1 :]):
            return True
    return False
