"""ASR tolerance of stage pattern words (pure; issue 12): edit budgets by word length, crude stems, dropped
prepositions. Used by ``scoring.compile`` (misheard words, sequences without a dropped preposition)."""

from __future__ import annotations

from itertools import pairwise

from scoring.patterns import Element, Sequence
from scoring.text import kk_stem

SHORT_PREFIXES = frozenset(
    {"до", "за", "по", "на", "не", "от", "в", "с", "вы", "мы"}
)  # a merged word may start with these (a preposition, a pronoun: "вы|госоргана")
PHONETIC_MIN_LEN = 4  # from this length a pattern word matches forms with the same sound key
NOISE_MIN_LEN = 5  # shorter pattern words are matched exactly
STEM_MIN_LEN = 6  # stems of inflected forms are compared only from this length ("сұрақ" is not "сұрайын")


def noise_edits(length: int) -> int:
    """Letter edits a misheard word of ``length`` letters may differ by: 0 up to 4 letters, 1 up to 7, 2."""
    return 0 if length < NOISE_MIN_LEN else 1 if length < 8 else 2


# prepositions ASR drops ("до свидания" → "свидания"); never particles that carry meaning (не, ли, бы, же)
DROPPABLE = frozenset({"до", "на", "по", "за", "в", "во", "с", "со", "к", "ко", "у", "о", "об", "от", "из"})


# ... and in the closing formulas of the call's last minute (``position: last_s``) any short word but these
# that carry the meaning ("(сау) болыңыз", "(всего) вам доброго"): the position keeps a lone word specific
KEPT = frozenset({"не", "ни", "ли", "бы", "же", "ма", "ме", "ба", "бе", "па", "пе", "жоқ", "нет", "без"})


def droppable(el: Element, closing: bool = False) -> bool:
    def short(word: str) -> bool:
        return word in DROPPABLE or (closing and len(word) <= 3 and word not in KEPT)

    return el.group is None and bool(el.atoms) and all(a.kind == "word" and short(a.value) for a in el.atoms)


def without_short_words(seq: Sequence, closing: bool = False) -> Sequence | None:
    """The sequence without its short plain words (gaps merged), when a long plain word is left; in a
    closing formula (``closing``) any short word but a negation or question particle may be lost, elsewhere
    such a word only between two kept words ("спасибо (что) дождались"), never the first ("что именно")."""
    last = len(seq.elements) - 1
    keep = [i for i, el in enumerate(seq.elements) if not droppable(el, closing or 0 < i < last)]
    if len(keep) == len(seq.elements) or not keep:
        return None
    left = [seq.elements[i] for i in keep]
    if not any(a.kind == "word" and len(a.value) >= NOISE_MIN_LEN + 1 for el in left for a in el.atoms):
        return None
    gaps = [sum(seq.gaps[a:b]) + (b - a - 1) for a, b in pairwise(keep)]
    return Sequence(left, gaps)


def stem(word: str) -> str:
    """A crude stem for inflected misheard forms: a Kazakh stem, or the word without its last two letters."""
    kk = kk_stem(word)
    return kk if len(kk) < len(word) else word[:-2] if len(word) >= 7 else word


# letters a recogniser confuses on the telephone (reduced unstressed vowels, voiced/voiceless pairs) share one
# key letter; soft/hard signs go; doubled letters collapse ("зарегисттрирован", "спосиба" ~ "спасибо")
_PHONETIC = str.maketrans({"о": "а", "е": "и", "я": "и", "ы": "и", "й": "и", "б": "п", "д": "т", "з": "с",
                           "г": "к", "ж": "ш", "в": "ф", "ь": None, "ъ": None})  # fmt: skip


def phonetic(word: str) -> str:
    """The sound key of a folded word: confusable letters merged, signs dropped, doubled letters collapsed."""
    key = word.translate(_PHONETIC)
    return "".join(c for i, c in enumerate(key) if i == 0 or c != key[i - 1])


def sound_letters(word: str) -> str:
    """The sound key before doubled letters collapse: a consonant lost between two vowels ("на(з)овите")
    would otherwise cost a second edit when the vowels meet ("нафити" vs "насафити")."""
    return word.translate(_PHONETIC)


def key_edits(length: int) -> int:
    """Edits of the sound key a misheard word of ``length`` letters may differ by. Confusable letters and
    doubled ones already meet in the key: what is left is a dropped letter, once in a word of 7 letters or
    more, twice from 11."""
    return 0 if length < 7 else 1 if length < 11 else 2
