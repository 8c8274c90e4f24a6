"""Misheard spellings of stage pattern words (pure; issue 12): which pattern words an ASR word may be.

A pattern word of 4 letters or more matches a form with the same sound key (``noise.phonetic``: confusable
letters merged, signs dropped, doubled letters collapsed: "спосиба" ~ "спасибо", "зарегисттрирован"), also
through the form's lemma guesses ("кагие" ~ "какой"). From 7 letters a form that is no dictionary word may
also differ from the key by ``noise.key_edits`` edits (a dropped letter), on the whole key or on a crude stem;
a pattern word of 5-6 letters matches a form missing one of its letters ("каую" ~ "какую") when the form is
no dictionary word and no name guess.
A word of the Russian dictionary only counts with the same sound key: "ожидание" is not a misheard
"ожидайте" (measured: tolerating known words by edits adds false passes).
"""

from __future__ import annotations

import re

from rapidfuzz.distance import Levenshtein

from scoring import morph
from scoring.noise import PHONETIC_MIN_LEN, STEM_MIN_LEN, key_edits, phonetic, sound_letters
from scoring.noise import stem as noise_stem
from scoring.numbers import KK_NUMBERS, RU_NUMBERS
from scoring.text import fold

_VOWELS = str.maketrans("", "", "аәеёиіоөуұүыэюя")
EDIT_MIN_LEN = 7  # shorter forms match by the sound key only (and by one dropped letter, below)
DROP_MIN_LEN = 5  # from this length a pattern word also matches a non-word missing one of its letters
PREFIX_MIN_LEN = 5  # a wildcard word ("логин*") tolerates misheard spellings from this prefix length
SOUND_ONLY_MIN_LEN = 5  # shorter forbidden words are taken as written: Kazakh is full of 4-letter look-alikes
_KK = re.compile("[әғқңөұүһі]")
# a number word is heard as said: the Kazakh "алты" (six) is no "әлде" misheard
_NUMBER_WORDS = frozenset(RU_NUMBERS) | frozenset(KK_NUMBERS)
# ... and so is a Kazakh personal pronoun (folded): "бізді" (us) is no "бестік" missing a letter
_KK_PRONOUNS = frozenset({
    "биз", "бизди", "бизге", "биздин", "бизбен", "сиз", "сизди", "сизге", "сиздин", "сизбен", "мени", "маган",
    "менин", "сени", "саган", "сенин", "оны", "оган", "онын", "олар", "оларды", "оларга", "олардын",
})  # fmt: skip
# ... and the commonest Kazakh words of a sentence (round 19: "онда" is no "фонд", "алады" no "палата")
_KK_COMMON = frozenset({
    "онда", "мунда", "сонда", "алады", "береди", "болады", "келеди", "кетеди", "жатыр", "керек", "деген",
    "кейин", "сосын", "содан", "бирак", "немесе", "жане", "ушин", "туралы", "бойынша", "казир", "кашан",
})  # fmt: skip
_AS_SAID = _NUMBER_WORDS | _KK_PRONOUNS | _KK_COMMON
_PERSON = frozenset({"Name", "Surn", "Patr", "Geox"})  # pymorphy "knows" these from their shape only
# a Kazakh ending the recogniser cut off its word ("жсн ызды", "иин ңізді"; folded): no word misheard
_KK_ENDING = re.compile(
    r"^[ыи]?(ныз|низ|ыз|из)(ды|ди|ты|ти|ын|ин|ны|ни|га|ге|да|де|дан|ден|нан|нен)?$|^(ды|ди|ты|ти)$"
)


def _one_edit(form: str, prefix: str) -> bool:
    """The form starts with ``prefix`` but for one letter edit (substituted, lost or doubled)."""
    return any(
        Levenshtein.distance(form[:n], prefix, score_cutoff=1) <= 1
        for n in range(len(prefix) - 1, len(prefix) + 2)
    )


class SoundIndex:
    """Sound keys of the stage items' pattern words → atom ids."""

    def __init__(self) -> None:
        self.keys: dict[str, set[int]] = {}  # sound key of a pattern word → its atoms
        self.exact_keys: dict[str, set[int]] = {}  # ... of an exact form (=word): never through lemmas
        # for edit tolerance: key length → [(key, stem key, uncollapsed key, atom id, word length)]; the
        # length is negative for a word the Russian dictionary does not know (Kazakh: its first sound stays)
        self.by_len: dict[int, list[tuple[str, str, str, int, int]]] = {}
        self.prefixes: dict[str, set[int]] = {}  # sound key of a wildcard word's prefix → its atoms
        self.dropped: dict[str, set[int]] = {}  # key of a 5-6 letter word with a letter dropped → atoms
        # key of a forbidden item's word → (atom, its first folded letter): no edits, and the first letter as
        # written ("турак", a brand in Russian letters, is no "дурак")
        self.sound_only: dict[str, set[tuple[int, str]]] = {}
        # key of a forbidden item's wildcard prefix → (atom, folded prefix, written with Kazakh letters)
        self.sound_prefixes: dict[str, set[tuple[int, str, bool]]] = {}
        # folded Kazakh pattern words spelt with Kazakh letters or unknown to the Russian dictionary: such a
        # form is that Kazakh word as said, no Russian pattern word misheard ("куте", күте in Russian letters,
        # is no "куда")
        self.kk_said: set[str] = set()
        self.ru_atoms: set[int] = set()  # atoms of the patterns' Russian dictionary words (no Kazakh letters)

    def __bool__(self) -> bool:
        return bool(self.keys or self.exact_keys or self.prefixes or self.sound_only or self.sound_prefixes)

    def add_sound_only(self, aid: int, word: str) -> None:
        """Let a non-dictionary form with the same sound key as ``word`` match atom ``aid`` (forbidden items:
        "насовите", "мадь", "ақыммақсыз"; a dictionary word is taken as said: "ноша" is not "наша")."""
        if len(word) >= SOUND_ONLY_MIN_LEN and word.isalpha():
            self.sound_only.setdefault(phonetic(word), set()).add((aid, fold(word)[:1]))

    def add_sound_prefix(self, aid: int, wild: str) -> None:
        """Let a non-dictionary form whose sound key starts with that of the wildcard's prefix
        (``PREFIX_MIN_LEN`` letters or more) match atom ``aid`` (forbidden items: "итиоты" ~ "идиот*",
        "ақыммақсыз" ~ "ақымақ*").
        The form's start is one letter edit from the prefix ("табасыз" is no "топас*") with the same first
        letter (the Kazakh "тұрақты" written in Russian letters is no "дурак*"), and has Kazakh letters only
        if the prefix has ("шындық" is no "жынды*")."""
        prefix = wild[:-1]
        if wild.endswith("*") and len(prefix) >= PREFIX_MIN_LEN and prefix.isalpha():
            folded = fold(prefix)
            entry = (aid, folded, bool(_KK.search(prefix)))
            self.sound_prefixes.setdefault(phonetic(folded), set()).add(entry)

    def _sound_prefixed(self, fi: morph.FormInfo, key: str) -> set[int]:
        kk = bool(_KK.search(fi.form))
        return {
            aid
            for cut in range(PREFIX_MIN_LEN - 1, len(key) + 1)
            for aid, prefix, has_kk in self.sound_prefixes.get(key[:cut], ())
            if (has_kk or not kk) and fi.fold[:1] == prefix[:1] and _one_edit(fi.fold, prefix)
        }

    def add_prefix(self, aid: int, wild: str) -> None:
        """Let misheard spellings of the folded wildcard word ``wild`` ("логин*": "лагином") match atom
        ``aid``: forms whose sound key starts with the prefix's (prefixes of ``PREFIX_MIN_LEN`` letters)."""
        prefix = wild[:-1]
        if wild.endswith("*") and len(prefix) >= PREFIX_MIN_LEN and prefix.isalpha():
            self.prefixes.setdefault(phonetic(prefix), set()).add(aid)

    def add(self, aid: int, word: str, exact: bool = False, kazakh: bool = False, spelt: str = "") -> None:
        """Let misheard spellings of the folded pattern ``word`` match atom ``aid``; a Kazakh pattern word
        gets no Russian inflections ("неге", why, is no "нега": "него" must not match it)."""
        if len(word) < PHONETIC_MIN_LEN or not word.isalpha():
            return
        key = phonetic(word)
        (self.exact_keys if exact else self.keys).setdefault(key, set()).add(aid)
        known = morph.info(word).known
        if kazakh and (_KK.search(spelt) or not known):
            self.kk_said.add(word)
        elif not kazakh and known and not _KK.search(spelt):
            self.ru_atoms.add(aid)
        if not exact:  # its inflected forms misheard ("фапросы": "вопрос" matches by lemma), and its 5-7
            # letter forms missing one letter ("акого"); a Kazakh word without its first letter is often
            # another Kazakh word ("ондай" is not "қандай" misheard)
            first = 0 if morph.info(word).known else 1
            for form in {word} if kazakh else {word, *morph.inflections(word)}:
                if len(form) >= PHONETIC_MIN_LEN:
                    self.keys.setdefault(phonetic(form), set()).add(aid)
                if DROP_MIN_LEN <= len(form) <= EDIT_MIN_LEN:
                    for cut in range(first, len(form)):
                        self.dropped.setdefault(phonetic(form[:cut] + form[cut + 1 :]), set()).add(aid)
        if key_edits(len(word)):
            # a Kazakh word misheard keeps its first sound ("калыныз", "алыныз" are no "болыңыз")
            wlen = len(word) if morph.info(word).known else -len(word)
            entry = (key, phonetic(noise_stem(word)), sound_letters(word), aid, wlen)
            bucket = self.by_len.setdefault(len(key), [])
            if entry not in bucket:
                bucket.append(entry)

    def atoms(self, fi: morph.FormInfo, have: set[int]) -> set[int]:
        """Atoms (beyond ``have``) of pattern words the form is a misheard spelling of."""
        word = fi.fold
        if not word.isalpha() or _KK_ENDING.match(word) or word in _AS_SAID:
            return set()
        out = self._atoms(fi, word, have)
        return out - self.ru_atoms if word in self.kk_said else out

    def _atoms(self, fi: morph.FormInfo, word: str, have: set[int]) -> set[int]:
        key = phonetic(word)
        out = self.exact_keys.get(key, set()) | self.keys.get(key, set())
        if self.sound_only and not fi.known and not _KK.search(fi.form):  # "түрі" is not "дуры"
            out = out | {aid for aid, first in self.sound_only.get(key, ()) if first == word[:1]}
        if self.sound_prefixes and not fi.known:
            out = out | self._sound_prefixed(fi, key)
        out = out.union(*(self.keys.get(phonetic(fold(x)), ()) for x in fi.lemmas))
        if self.prefixes and not (fi.known and not _PERSON & fi.grammemes):
            # a word of the dictionary is taken as said ("намерение" is not "номер*"); a name guess is not
            out = out.union(*(self.prefixes.get(key[:cut], ()) for cut in range(3, len(key) + 1)))
        # "каую", "акого": a letter lost on the line; a Kazakh word of 4-5 letters is most often another word
        # ("қала", "ғана" are no "қалай", "қана" misheard)
        short_kk = len(word) <= DROP_MIN_LEN and _KK.search(fi.form)  # nor is "бөлек" a "балдық"
        if not fi.known and len(word) >= DROP_MIN_LEN - 1 and not short_kk:
            out |= self.dropped.get(key, set())
        out -= have
        if len(word) < EDIT_MIN_LEN - 1 or fi.known:  # 6 letters: a 7-letter word missing one ("спзибо")
            return out
        return out | self._edited(word, key, have | out)

    def _edited(self, word: str, key: str, skip: set[int]) -> set[int]:
        """Atoms whose key (or stem key) is within ``key_edits`` of the form's."""
        stem, letters = phonetic(noise_stem(word)), sound_letters(word)
        out: set[int] = set()
        for length in range(len(key) - 2, len(key) + 4):
            for target, tstem, tletters, aid, signed in self.by_len.get(length, ()):
                if aid in skip or aid in out or (signed < 0 and key[:1] != target[:1]):
                    continue
                wlen = abs(signed)
                k = key_edits(wlen)  # edits by the length of the word said, not of what was heard
                ks = key_edits(min(len(stem), len(tstem)) + 1) if len(tstem) >= STEM_MIN_LEN else -1
                # a Kazakh word keeps its consonants: short roots share long endings, and another consonant
                # is another word ("басыңыз", press, is no "болыңыз" misheard; a vowel heard as another,
                # "сэлеметсиз", still is "сәлеметсіз")
                if signed < 0 and not _same_consonants(key, target, k):
                    continue
                if (
                    Levenshtein.distance(key, target, score_cutoff=k) <= k
                    or Levenshtein.distance(letters, tletters, score_cutoff=k) <= k
                    or (ks > 0 and Levenshtein.distance(stem, tstem, score_cutoff=ks) <= ks)
                ):
                    out.add(aid)
        return out


def _same_consonants(key: str, target: str, edits: int) -> bool:
    """Do two sound keys keep the same consonants, a letter dropped or added aside (no consonant replaced)?"""
    a, b = key.translate(_VOWELS), target.translate(_VOWELS)
    return Levenshtein.distance(a, b, weights=(1, 1, 2), score_cutoff=edits) <= edits
