"""First names and surnames behind the ``#name`` / ``#surname`` classes (pure; words are folded forms).

* A listed first name in a Russian case form ("к Бауыржану", "с Асель|Аселью", "Данияром", "Дане") is
  a name even when pymorphy guesses the form as a verb or another word: the case ending is stripped and
  the base (with its nominative ending restored) must be a listed name. Only for words pymorphy does not
  know: a known word is a name by its own best parse ("Тимуру", "Данияром"), so common Russian words that
  are also case forms of a listed name ("розы", "даны", "динары", "каната") stay words.
* Kazakh surnames are mostly a first name + -ов/-ев ("Сериков", "Серікова", "Ахметов"): such a form is a
  surname even when pymorphy knows it as something else ("сериков" = "of the Seriks").
"""

from __future__ import annotations

import re
from collections.abc import Collection

from rapidfuzz import fuzz, process
from rapidfuzz.distance import Levenshtein

from scoring import morph

# Russian case endings of first names, longest first ("ою" before "ю"), and the Kazakh "I am" copula
# ("Гүлмирамын", "Әсетпін": folded)
_KK_I_AM = ("мын", "мин", "пын", "пин", "бын", "бин")
_CASE_ENDINGS = (*_KK_I_AM, "ою", "ею", "ью", "ом", "ем", "ым", "ой", "ей", "у", "ю", "а", "я", "е", "и", "ы")
# nominative endings restored after stripping: Бауыржан-у, Дан-е → Дана, Мари-ей → Мария, Асел-и → Асель,
# Серге-ю → Сергей
_RESTORE = ("", "а", "я", "ь", "й")
_MIN_BASE = 3  # letters left after stripping
# ordinary words that look like a listed name in a case form or + -ов (Kazakh "жаңару", Russian "канатов")
COMMON = frozenset({"жанару", "канатов"})
# a patronymic's first name: "марат|овна", "серге|евич" (+й), "игор|евна" (+ь), "серік|қызы" (folded)
_PATR_BASE = re.compile(
    r"^(?P<base>[а-я]{3,}?)(?:ов|ев)(?:на|ны|не|ну|ной|ич|ича|ичу|ичем|иче)$|^(?P<kk>[а-я]{3,}?)(?:улы|кызы)\w*$"
)
_KK_PARTICIPLE_STEM_END = frozenset("ая")  # a verb stem before "-улы" (сақта|улы)
PATR_BASE_LEN = (4, 8)  # letters of an unlisted first name before a patronymic suffix
_KK_VERB_FORM = re.compile(r"(?:[ыи]п|ады|еди|йды|йди)$")
# Kazakh names built on a listed one ("Бақыт|жан", "Ерлан|бек"; folded): the base must be listed and keep
# three letters (round 31: "береке кейтеринг, Бақытжан тыңдап тұрмын")
_KK_NAME_SUFFIXES = ("жан", "бек", "гул", "гуль", "хан", "бай")
_SURNAME_END = re.compile(r"^(?P<base>[а-я]{3,}?)(?:ов|ев|ова|ева|ову|еву|овой|евой|овым|евым|овы|евы)$")


def case_bases(folded: str) -> set[str]:
    """Nominative candidates of a word read as a first name in a Russian case form."""
    out: set[str] = set()
    for end in _CASE_ENDINGS:
        if folded.endswith(end) and len(folded) - len(end) >= _MIN_BASE:
            base = folded[: -len(end)]
            out.update(base + tail for tail in _RESTORE)
    return out


def listed_case_form(fi: morph.FormInfo, names: Collection[str]) -> bool:
    """Is the word a listed first name in a Russian case form (whatever pymorphy's part of speech)?"""
    if len(fi.fold) < _MIN_BASE + 1 or fi.fold in COMMON or fi.fold in names:  # listed as it is: is_name
        return False
    # a word pymorphy knows is a name only by its own parse (_noun_name): "розы", "даны", "динары" stay words
    return not fi.known and any(base in names for base in case_bases(fi.fold))


def name_surname(folded: str, names: Collection[str]) -> bool:
    """A listed first name + a surname suffix ("сериков", "серикова", "ахметову")."""
    found = None if folded in COMMON else _SURNAME_END.match(folded)
    return found is not None and found.group("base") in names


def compound_name(folded: str, names: Collection[str]) -> bool:
    """A listed first name + a Kazakh name-forming ending ("бакытжан", "ерланбек")."""
    return any(
        folded.endswith(end) and len(folded) - len(end) >= _MIN_BASE and folded[: -len(end)] in names
        for end in _KK_NAME_SUFFIXES
    )


def is_name(fi: morph.FormInfo, names: Collection[str], not_names: Collection[str]) -> bool:
    """The ``#name`` class: a first name (listed, known to pymorphy, misheard, or in a case form)."""
    if fi.fold in not_names or fi.num is not None:  # a number word names nobody (kk "алты", six)
        return False
    if fi.pos in {"NOUN", ""} and _noun_name(fi, names):
        return True
    # a listed name pymorphy does not know, or one in a Russian case form, whatever the guessed POS
    listed = (not fi.known and (fi.fold in names or compound_name(fi.fold, names))) or listed_case_form(
        fi, names
    )
    return listed or _misheard_name(fi, names, not_names)


HEARD_MIN = 4  # letters of a word that may be a listed name misheard by one letter (``#heard``)


def heard_name(
    fi: morph.FormInfo, names: list[str], not_names: Collection[str], name_set: Collection[str] = ()
) -> bool:
    """The ``#heard`` class: an unknown word one letter (lost, added or changed) from a listed name of at
    least ``HEARD_MIN`` letters ("дметрий", "керилл", "алино", "димур"), or a listed name run onto the word
    before or after it ("медикалольга", "кепилалия"; round 27). Too loose for a colleague's name (staff uses
    ``#name``); for the agent's own name in the opening, where a name is expected."""
    word = fi.fold
    if fi.known or len(word) < HEARD_MIN or word in not_names or fi.num is not None:
        return False
    if _KK_VERB_FORM.search(word):
        return False
    if name_set and _merged_name(word, name_set):
        return True
    return process.extractOne(word, names, scorer=Levenshtein.distance, score_cutoff=1) is not None


MERGED_REST = 4  # letters of the other word a name run onto it leaves at least ("жол серік" is a brand)


def _merged_name(word: str, name_set: Collection[str]) -> bool:
    return any(
        word[-k:] in name_set or word[:k] in name_set for k in range(HEARD_MIN, len(word) - MERGED_REST + 1)
    )


def _misheard_name(fi: morph.FormInfo, names: Collection[str], not_names: Collection[str]) -> bool:
    """An unknown word that is a listed name with a doubled letter ("русслан", "гүлннұр") or a misheard name
    before the Kazakh "I am" ending ("мейиржанмын"), close as a whole word is (``_noun_name``)."""
    if fi.known:
        return False
    word = _DOUBLED.sub(r"\1", fi.fold)
    bases = {word} | {word[: -len(e)] for e in _KK_I_AM if word.endswith(e) and len(word) - len(e) >= 4}
    bases.discard(fi.fold)
    bases -= set(not_names)  # "рахметт" is thanks misheard, not the name Рахмет
    return any(
        b in names
        or (len(b) >= 5 and any(fuzz.ratio(b, n) >= 88 for n in names if abs(len(n) - len(b)) <= 2))
        for b in bases
    )


_DOUBLED = re.compile(r"(.)\1")


def _noun_name(fi: morph.FormInfo, names: Collection[str]) -> bool:
    """A noun (or a word pymorphy cannot tag) that is a listed, known or misheard first name."""
    # pymorphy's name parse in the plural ("нан", "лайн": of the Nanas, Laynas) names nobody in a call
    if fi.fold in names or fi.kstem in names:
        return True
    # pymorphy's rare names that are Kazakh verb forms misheard ("айдып" for "айтып", "ады" of "болады")
    if fi.known and "Name" in fi.grammemes and "plur" not in fi.grammemes:
        return not _KK_VERB_FORM.search(fi.fold)
    if fi.known and not fi.grammemes & {"Geox", "Name", "Surn"}:
        return False  # an ordinary Russian word, however close to a name
    # a proper noun pymorphy knows (a misheard name: "медина") may be further from the list
    need = 80 if fi.known else 88
    return len(fi.fold) >= 5 and any(
        fuzz.ratio(fi.fold, n) >= need for n in names if abs(len(n) - len(fi.fold)) <= 2
    )


def is_surname(fi: morph.FormInfo, names: Collection[str], not_names: Collection[str]) -> bool:
    """The ``#surname`` class: a surname shape or tag, or a listed name + -ов/-ев; never a listed word."""
    if fi.fold in names or fi.fold in not_names:
        return False
    return fi.surname_shape or name_surname(fi.fold, names) or kk_i_am_surname(fi.fold)


def kk_i_am_surname(folded: str) -> bool:
    """A surname with the Kazakh "I am" copula run on ("мен Аружан Сейітовамын", "Ахметовпын"; round 32)."""
    for end in _KK_I_AM:
        head = folded[: -len(end)]
        if folded.endswith(end) and len(head) >= 6 and head.endswith(("ова", "ева", "ов", "ев")):
            return morph.info(head).surname_shape
    return False


def is_patronymic(fi: morph.FormInfo, names: Collection[str]) -> bool:
    """The ``#patronymic`` class: a patronymic pymorphy knows, or an unknown word of patronymic shape whose
    first name is a name or has a name's length ("Маратовна", "Серікқызы", "Сағатовна"; a misheard
    "заегистрировна" or the half "хытович" of "ба хытович" is none)."""
    if not fi.patronymic_shape:
        return False
    if fi.known and "Patr" in fi.grammemes:  # for an unknown word, pymorphy's Patr is a guess by its shape
        return True
    if morph.vowel_misheard(fi.fold):  # "атлична" is "отлично" misheard (round 19)
        return False
    found = _PATR_BASE.match(fi.fold)
    if found is None:
        return True  # "-ична" forms ("Ильинична"): the shape alone
    base = found.group("base") or found.group("kk")
    # a Kazakh "-улы" participle on a verb stem ending in a vowel ("сақта|улы": saved, "құлыпта|улы": locked)
    # is no patronymic unless its stem is a name ("Жұма|ұлы"; round 30)
    if found.group("kk") and base[-1] in _KK_PARTICIPLE_STEM_END and not _first_name(base, names):
        return False
    # a name we know, or one of a name's length (unlisted names: "Сағат|овна"); not a long misheard word
    # ("заегистрир|овна") nor a split-off half ("ба хыт|ович")
    return PATR_BASE_LEN[0] <= len(base) <= PATR_BASE_LEN[1] or any(
        _first_name(base + tail, names) for tail in ("", "й", "ь", "а")
    )


def patronymic_evidence(fold: str) -> bool:
    """A patronymic by its suffix ("-овна", "-евич", "-ұлы", "-қызы"), not a dictionary word run onto "на"
    ("мастеровна": "мастеров на") nor a misheard word of another shape."""
    return _PATR_BASE.match(fold) is not None and not merged_patronymic(fold)


def merged_patronymic(fold: str) -> bool:
    """A patronymic's shape made by a dictionary word run onto "на"/"не"/"ну" ("мастеровна": "мастеров на"),
    not a patronymic ("кенесовна": "кенесов" is no word)."""
    head = fold[:-2]
    if fold[-2:] not in {"на", "не", "ну"} or len(head) < 4:
        return False
    fi = morph.info(head)
    return fi.known and not fi.grammemes & {"Name", "Surn", "Patr"}


def _first_name(word: str, names: Collection[str]) -> bool:
    if word in names:
        return True
    fi = morph.info(word)
    return fi.known and "Name" in fi.grammemes
