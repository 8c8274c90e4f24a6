"""Compile a checklist's patterns once: atoms get ids, words are pre-analysed, lexicon lists expanded.

``CompiledChecklist.atoms_of(form)`` answers, per distinct word form and once per process, which atoms
the form satisfies; the matcher then only looks up a dict per word of a call.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from rapidfuzz import fuzz
from rapidfuzz.distance import Levenshtein

from dialogue.checklist import Checklist, Item, PatternRule
from scoring import morph, names
from scoring.cpattern import CElem, CRule, CSeq, finish_seq, merge_plain
from scoring.examples import ExampleIndex
from scoring.noise import SHORT_PREFIXES, without_short_words
from scoring.patterns import Atom, Element, Sequence, parse_pattern
from scoring.sounds import SoundIndex
from scoring.text import fold, kk_non_finite, kk_person, kk_stem

__all__ = ["CElem", "CRule", "CSeq", "CompiledChecklist", "compiled"]

if TYPE_CHECKING:
    from scoring.plan import Plan


@dataclass
class _Scan:
    """Atoms that need a test per new form (not a dict lookup)."""

    wild: list[tuple[int, re.Pattern[str]]] = field(default_factory=list)
    fuzzy: list[tuple[int, str]] = field(default_factory=list)
    regex: list[tuple[int, re.Pattern[str]]] = field(default_factory=list)
    pos: list[tuple[int, str]] = field(default_factory=list)
    classes: list[tuple[int, str]] = field(default_factory=list)


MEMO_LIMIT = 300_000


class _Memo(dict[str, frozenset[int]]):
    """form → atoms, computed on first use (``map(memo.__getitem__, forms)`` stays in C for hits)."""

    def __init__(self, compute: Callable[[str], frozenset[int]]) -> None:
        super().__init__()
        self.compute = compute

    def __missing__(self, form: str) -> frozenset[int]:
        if len(self) > MEMO_LIMIT:  # a long-running worker meets endless misheard forms: start afresh
            self.clear()
        value = self[form] = self.compute(form)
        return value


class CompiledChecklist:
    def __init__(self, checklist: Checklist) -> None:
        self.checklist = checklist
        self._atom_ids: dict[tuple[str, str, str], int] = {}
        self._by_key: dict[tuple[str, str], set[int]] = {}
        self._scan = _Scan()
        self.plans: dict[int, tuple[list[CSeq], Plan]] = {}  # search plans (scoring.plan.plan_of)
        self.atoms = _Memo(self._compute)
        self.examples = ExampleIndex.build(checklist)
        # Kazakh words: the pattern word plus suffixes that the stemmer strips ("қызмет" ~ "қызметі")
        self._kk_prefix: dict[str, set[int]] = {}
        self._kk_person: dict[int, int] = {}  # Kazakh pattern word's atom → its person ending (1, 2)
        # words of the Russian dictionary in ru / any patterns: a form written with Kazakh letters is no
        # form of them ("дұры", kk "right", is not "дуры"; "дұрады" is no "дура" by a Kazakh stem)
        self._ru_words: set[int] = set()
        self._lexicon_sets(checklist)
        opts = checklist.matching
        self.fuzzy_score, self.fuzzy_min_len = opts.fuzzy_score, opts.fuzzy_min_len
        self.sounds = SoundIndex()  # ASR tolerance of stage items' pattern words
        self._sound_only = self._sound_words = False  # compiling a forbidden item / its main pattern
        self._stage_words: set[int] = set()
        self._stage_wild: set[int] = set()
        self._forbidden_words: set[int] = set()  # words of forbidden items' main patterns (scoring.asrfix)
        self.join_cache: dict[tuple[str, str], bool] = {}
        self.split_cache: dict[str, tuple[str, str] | None] = {}
        self.person_word_memo: dict[str, bool] = {}  # form → a person-name word (scoring.identity)
        self.public_numbers = frozenset(checklist.public_numbers)
        self.noisy_only: dict[str, frozenset[int]] = {}  # form → atoms it has only through ASR tolerance
        self.rules: dict[str, list[list[CRule]]] = {it.id: self._item_rules(it) for it in checklist.items}
        self.stage_word_ids = frozenset(self._stage_words)  # word atoms of stage items (scoring.asrfix)
        self.stage_any_ids = self.stage_word_ids | self._stage_wild  # ... and their wildcards
        self.forbidden_word_ids = frozenset(self._forbidden_words)  # a split one is joined when spelt
        # every pattern word (plain, exact or wildcard): a form with one as written is a word, no mishearing
        self.word_ids = frozenset(v for k, v in self._atom_ids.items() if k[0] in {"word", "exact", "wild"})
        # short pattern words a merged word may start with
        self.short_words = sorted(
            SHORT_PREFIXES & {k[1] for k in self._atom_ids if k[0] == "word"}, key=len, reverse=True
        )
        # sentences saying these are no example matches (``examples.unless``), exact words only
        self.example_unless: dict[str, list[CSeq]] = {
            it.id: self.compile_text(it.examples.unless, "any")
            for it in checklist.items
            if it.examples is not None and it.examples.unless
        }
        self.example_needs: dict[str, list[CSeq]] = {
            it.id: self.compile_text(it.examples.needs, "any", noisy=True)
            for it in checklist.items
            if it.examples is not None and it.examples.needs
        }
        self.applies: dict[str, list[CRule]] = {
            item.id: [self._rule(r, "any") for r in item.applies_when.caller_said] for item in checklist.items
        }
        # atoms a main pattern can start with: only these are indexed per call
        mains = [r for groups in self.rules.values() for g in groups for r in g]
        mains += [r for rules in self.applies.values() for r in rules]
        # ... and the caller-turn patterns of after_caller / caller_then / not_after_caller (read with find)
        turns = [seqs for r in mains for seqs in (r.after_caller, r.caller_then, r.not_after_caller) if seqs]
        self.index_ids = frozenset(aid for r in mains for seq in r.match for aid in seq.first) | frozenset(
            aid for seqs in turns for seq in seqs for aid in seq.first
        )
        self.index_atoms = _Memo(lambda form: self.atoms[form] & self.index_ids)

    def _lexicon_sets(self, checklist: Checklist) -> None:
        self._lexicon = dict(checklist.lexicon)
        self.names = {fold(e.lower()) for e in checklist.lexicon.get("names", [])}
        self.not_names = {fold(e.lower()) for e in checklist.lexicon.get("not_names", [])}
        self.heard_names = sorted(n for n in self.names if len(n) >= names.HEARD_MIN)  # ``#heard``
        # nouns whose code is someone's access, never a thing's (``#thing``): "код подтверждения"
        owners = [e.lower().replace("ё", "е") for e in checklist.lexicon.get("secret_owners", [])]
        self.secret_owners = {e for e in owners if not e.endswith("*")}
        self.secret_owner_prefixes = tuple(e.rstrip("*") for e in owners if e.endswith("*"))
        # staff words (lexicon list ``staff``) by their first 6 folded letters, for scoring.identity
        self.staff_words = {
            fold(e.lower().rstrip("*"))[:6] for e in checklist.lexicon.get("staff", []) if " " not in e
        }
        self.staff_stems = tuple(w for w in self.staff_words if len(w) < 6)  # "басшы*" also in "басшым"
        self.staff_phrases = [  # "втор* линии", "екінші желі*": each word by its first 6 folded letters
            tuple(fold(w.rstrip("*"))[:6] for w in e.lower().split())
            for e in checklist.lexicon.get("staff", [])
            if " " in e
        ]

    def _item_rules(self, item: Item) -> list[list[CRule]]:
        """One list of rules per match group; a stage item's words tolerate ASR misspellings."""
        noisy = self.checklist.matching.noise_tolerant and item.kind == "stage"
        closing = noisy and item.position is not None and item.position.last_s is not None
        # a forbidden item's words match a misheard spelling with the same sound key only ("насовите
        # пароль"), never through edits, lemmas or dropped letters: an agent is failed on clear evidence
        self._sound_only = self.checklist.matching.noise_tolerant and item.kind != "stage"
        try:
            rules = [[self._rule(r, ln, noisy, closing) for ln, r in g.rules()] for g in item.match]
            return [merge_plain(group) for group in rules]
        finally:
            self._sound_only = False

    # --- compiling -----------------------------------------------------------------------------------
    def _rule(self, rule: PatternRule, lang: str, noisy: bool = False, closing: bool = False) -> CRule:
        def comp(text: str | None, tolerant: bool = False) -> list[CSeq] | None:
            return None if text is None else self.compile_text(text, lang, guard=True, noisy=tolerant)

        def veto(text: str | None) -> list[CSeq] | None:
            """A forbidden item's not_* guard hears misheard words as its main words do ("никому не
            назывойте" is still a warning): an agent is failed on clear evidence only."""
            self._sound_words, sound = self._sound_only, self._sound_words
            try:
                return comp(text)
            finally:
                self._sound_words = sound

        # a stage item's ``near`` words help it match: misheard ones count ("номр" near a ticket number);
        # its not_* guards stay exact (a misheard word must not veto a match)
        return CRule(
            rule,
            lang,
            self._match_text(rule.match, lang, noisy, closing),
            veto(rule.not_preceded_by),
            veto(rule.not_followed_by),
            comp(rule.near, noisy),
            veto(rule.not_near),
            comp(rule.after_caller),
            comp(rule.caller_then),
            comp(rule.not_after_caller),
            veto(rule.not_agent_then),
            exact_guards=noisy,
        )

    def _match_text(self, text: str, lang: str, noisy: bool, closing: bool) -> list[CSeq]:
        """A rule's main pattern; with ``_sound_only`` its words also get sound-key tolerance."""
        self._sound_words, sound = self._sound_only, self._sound_words
        try:
            return self.compile_text(text, lang, noisy=noisy, closing=closing)
        finally:
            self._sound_words = sound

    def compile_text(
        self, text: str, lang: str, guard: bool = False, noisy: bool = False, closing: bool = False
    ) -> list[CSeq]:
        seqs = parse_pattern(text, guard)
        out = [self._seq(s, lang, text, noisy) for s in seqs]
        if noisy:  # ASR drops short words: "(до) свидания", "оставайтесь (на) линии", "(сау) болыңыз"
            for rest in (v for s in seqs if (v := without_short_words(s, closing)) is not None):
                out.append(self._seq(rest, lang, text, noisy))
                out[-1].remnant = True
        return out

    def _seq(self, seq: Sequence, lang: str, text: str = "", noisy: bool = False) -> CSeq:
        elems = [self._elem(e, lang, noisy) for e in seq.elements]
        return finish_seq(CSeq(elems, list(seq.gaps), text))

    def _elem(self, el: Element, lang: str, noisy: bool = False) -> CElem:
        if el.group is not None:
            return CElem(group=[self._seq(s, lang, noisy=noisy) for s in el.group])
        out = CElem()
        ids: set[int] = set()
        groups: list[CSeq] = []
        for atom in el.atoms:
            if atom.kind == "list":
                entries = self._lexicon[atom.value]
                groups.extend(
                    s for entry in entries for s in self.compile_text(entry, lang, guard=True, noisy=noisy)
                )
            elif atom.kind == "any":
                out.any_word = True
            elif atom.kind == "bos":
                out.bos = True
            elif atom.kind == "eos":
                out.eos = True
            elif atom.kind == "qmark":
                out.qmark = True
            elif atom.kind == "num":
                out.nums = (*out.nums, (atom.low, atom.high))
            else:
                aid = self._atom(atom, lang)
                ids.add(aid)
                if noisy and atom.kind in {"word", "exact", "wild"}:
                    (self._stage_wild if atom.kind == "wild" else self._stage_words).add(aid)
                if noisy and atom.kind in {"word", "exact"}:
                    self.sounds.add(aid, fold(atom.value), atom.kind == "exact", lang == "kk", atom.value)
                elif noisy and atom.kind == "wild":
                    self.sounds.add_prefix(aid, fold(atom.value))
                elif self._sound_words and atom.kind in {"word", "exact"}:
                    self.sounds.add_sound_only(aid, fold(atom.value))
                    self._forbidden_words.add(aid)
                elif self._sound_words and atom.kind == "wild":
                    self.sounds.add_sound_prefix(aid, atom.value)
        out.ids = frozenset(ids)
        if groups:  # a lexicon list: the element becomes a group; plain atoms join as one-word sequences
            plain = CElem(ids=out.ids, any_word=out.any_word, nums=out.nums, qmark=out.qmark)
            extra = [finish_seq(CSeq([plain], []))] if ids or out.nums or out.any_word or out.qmark else []
            return CElem(group=groups + extra, bos=out.bos, eos=out.eos)
        return out

    def _atom(self, atom: Atom, lang: str) -> int:
        key = (atom.kind, f"{atom.value}", lang)
        if key in self._atom_ids:
            return self._atom_ids[key]
        aid = len(self._atom_ids)
        self._atom_ids[key] = aid
        self._register(aid, atom, lang)
        return aid

    def _key(self, kind: str, value: str, aid: int) -> None:
        self._by_key.setdefault((kind, value), set()).add(aid)

    def _register(self, aid: int, atom: Atom, lang: str) -> None:
        word = atom.value
        if atom.kind in {"word", "exact"}:
            self._key("form", word, aid)
            self._key("fold", fold(word), aid)
            if atom.kind == "word" and lang in {"ru", "any"} and re.fullmatch(r"[а-я]+", word):
                self._key("lemma", morph.pattern_lemma(word), aid)
            russian = lang != "kk" and re.fullmatch(r"[а-яё]+", word) is not None and morph.info(word).known
            if russian:
                self._ru_words.add(aid)
            stem, kazakh = kk_stem(fold(word)), lang == "kk" or (lang == "any" and not russian)
            if atom.kind == "word" and kazakh and len(stem) >= 3:
                self._key("kstem", stem, aid)
                self._kk_prefix.setdefault(fold(word), set()).add(aid)
            if kazakh and kk_person(fold(word)):
                self._kk_person[aid] = kk_person(fold(word))
        elif atom.kind == "wild":
            rx = "^" + ".*".join(re.escape(fold(p)) for p in word.split("*")) + "$"
            self._scan.wild.append((aid, re.compile(rx)))
        elif atom.kind == "fuzzy":
            self._key("fold", fold(word), aid)
            self._scan.fuzzy.append((aid, fold(word)))
        elif atom.kind == "regex":
            self._scan.regex.append((aid, re.compile(word)))
        elif atom.kind == "pos":
            self._scan.pos.append((aid, word))
        elif atom.kind == "class":
            self._scan.classes.append((aid, word))

    # --- per word form --------------------------------------------------------------------------------
    def atoms_of(self, form: str) -> frozenset[int]:
        """The atoms ``form`` satisfies (``index_atoms[form]``: those that start some main pattern)."""
        return self.atoms[form]

    def _compute(self, form: str) -> frozenset[int]:
        fi = morph.info(form)
        by_key = self._by_key
        out: set[int] = set()
        for key in (("form", fi.form), ("fold", fi.fold)):
            out |= by_key.get(key, set())
        for lemma in fi.lemmas:
            out |= by_key.get(("lemma", lemma), set())
        out |= self._kk_stem_atoms(fi)
        if self._ru_words and _KK_LETTERS.search(fi.form):
            out -= self._ru_words
        scan = self._scan
        out.update(aid for aid, rx in scan.wild if rx.match(fi.fold))
        out.update(aid for aid, rx in scan.regex if rx.search(fi.form))
        out.update(aid for aid, pos in scan.pos if fi.pos == pos)
        if len(fi.fold) >= self.fuzzy_min_len:
            out.update(aid for aid, w in scan.fuzzy if fuzz.ratio(w, fi.fold) >= self.fuzzy_score)
        out.update(aid for aid, cls in scan.classes if self._is_class(fi, cls))
        # a listed first name or a surname made of one is heard as said ("Ғалия" is no "қалай")
        if self.sounds and fi.fold not in self.names and not names.name_surname(fi.fold, self.names):
            extra = self.sounds.atoms(fi, out)
            person = kk_person(fi.fold) if extra and self._kk_person else 0
            if person:  # a misheard Kazakh form with another person's ending ("сұраймын" / "сұрайын")
                extra = {aid for aid in extra if self._kk_person.get(aid, person) == person}
            elif extra and self._kk_person and kk_non_finite(fi.fold):
                extra = {aid for aid in extra if aid not in self._kk_person}
            # a Kazakh verb with a person ending is no Russian word misheard (round 19: "тексереді", "it
            # checks", is not "фиксирую"), nor a word spelt with Kazakh letters (round 23: "аварийлық" is no
            # "оформляю")
            if extra and self._ru_words and (person or _KK_LETTERS.search(fi.form)):
                extra = set(extra) - self._ru_words
            if extra:
                self.noisy_only[form] = frozenset(extra)
                out |= extra
        return frozenset(out)

    def _kk_stem_atoms(self, fi: morph.FormInfo) -> set[int]:
        """Kazakh pattern words the form is an inflection of (same stem), never across persons: "жазамын"
        (I write) is no "жазасыз" (you write), "алмайды" (it takes) no "алмаңыз" (do not take)."""
        out = set(self._by_key.get(("kstem", fi.kstem), ()))
        if self._kk_prefix:
            for cut in range(3, len(fi.fold)):
                ids = self._kk_prefix.get(fi.fold[:cut])
                if ids and len(fi.kstem) <= cut:
                    out |= ids
        person = kk_person(fi.fold)
        if person and out and self._kk_person:  # the pattern word keeps its person ("алмаңыз" ≠ "алмайды")
            out = {aid for aid in out if self._kk_person.get(aid, person) == person}
        return out

    def _is_thing(self, fi: morph.FormInfo) -> bool:
        """A dictionary noun of a thing in the genitive singular ("код самоката", "код вакансии"): the thing's
        code, unless the noun is one of the lexicon's ``secret_owners`` ("код подтверждения", "код карты")."""
        g = fi.grammemes
        if not fi.known or fi.pos != "NOUN" or "gent" not in g or "inan" not in g or g & _NOT_THING:
            return False
        lemma = fi.top_lemma
        prefixes = self.secret_owner_prefixes
        return lemma not in self.secret_owners and not (prefixes and lemma.startswith(prefixes))

    def _is_org(self, fi: morph.FormInfo) -> bool:
        return fi.fold not in self.not_names and _org_shape(fi) and not self._is_class(fi, "name")

    def _is_class(self, fi: morph.FormInfo, cls: str) -> bool:
        if cls == "name":
            return names.is_name(fi, self.names, self.not_names)
        if cls == "patronymic":
            return names.is_patronymic(fi, self.names)
        if cls == "org":
            return self._is_org(fi)
        if cls == "heard":
            return names.heard_name(fi, self.heard_names, self.not_names, self.names)
        if cls == "thing":
            return self._is_thing(fi)
        if cls == "unknown":  # not in the Russian dictionary (or a proper name there), not a listed word
            proper = bool(fi.grammemes & {"Name", "Surn", "Geox"})
            return (proper or not fi.known) and len(fi.form) >= 3 and fi.fold not in self.not_names
        return names.is_surname(fi, self.names, self.not_names)


_LATIN = re.compile(r"^[a-z][a-z0-9]{2,}$")
_KK_LETTERS = re.compile(r"[әғқңөұүһі]")


# (singular: "код самоката"; "бля опят база висит" is no "для", a plural genitive is rarely a thing's code)
_NOT_THING = frozenset({"anim", "Fixd", "Abbr", "Name", "Surn", "Patr", "Geox", "Orgn", "Trad", "plur"})


# the words of an opening, which misheard are no brand ("добрый деннь", "меня зовот"; round 30)
_OPENING_WORDS = ("день", "вечер", "утро", "доброе", "добрый", "здравствуйте", "слушаю", "зовут")


def _org_shape(fi: morph.FormInfo) -> bool:
    """Looks like an organisation or brand name: Latin word, pymorphy organisation, or an unknown word that
    is not an opening's word misheard."""
    if _LATIN.match(fi.form) or fi.grammemes & {"Orgn", "Trad"}:
        return True
    return (
        not fi.known
        and len(fi.form) >= 4
        and not _KK_LETTERS.search(fi.form)
        and not fi.form.isdigit()
        and not any(Levenshtein.distance(fi.form, w, score_cutoff=1) <= 1 for w in _OPENING_WORDS)
    )


def compiled(checklist: Checklist) -> CompiledChecklist:
    """The compiled form of a checklist, built once and kept on the (immutable) checklist object."""
    comp = checklist._compiled
    if comp is None:
        comp = CompiledChecklist(checklist)
        checklist._compiled = comp
    return comp
