"""Syntax of the checklist pattern language (parsing only; matching lives in ``scoring.matcher``).

It lives in ``dialogue`` next to the checklist schema that validates patterns; scoring imports it (one
direction: scoring → dialogue).

A pattern is a sequence of elements separated by spaces::

    спасибо|благодарю ~3 ожидание|терпение        two alternatives, then within 3 words two more
    (оставайтесь на линии | не кладите трубку)    a group: `` | `` with spaces separates sequences
    ^ ну                                          ``^`` sentence start, ``$`` sentence end
    ?                                             first word of a sentence ending with "?" (or read as one)
    провер* =смотрю звонок~ *                     prefix wildcard, exact form, fuzzy word, any one word
    @greet #num(4-8) #name #patronymic #surname   lexicon list, number of 4-8 digits, name classes
    #thing                                        a thing's noun in the genitive ("код самоката")
    %ADJ /^долб.*/                                 part of speech (pymorphy), regular expression on a word

Errors are ``PatternSyntaxError`` (a ``ValueError``) so that pydantic reports them at the YAML key.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

CLASSES = frozenset({"name", "patronymic", "surname", "org", "unknown", "thing", "heard"})
POS_TAGS = frozenset({"ADJ", "NOUN", "VERB", "NUM", "PRON", "ADV", "PREP", "CONJ", "PRCL", "INTJ"})
MAX_GAP = 50
_TOKEN = re.compile(r"/(?:\\.|[^/\\])+/|#num\(\d+-\d*\)|\(|\)|[^\s()]+")
_WORD = re.compile(r"^[\w*]+~?$")
_NUM = re.compile(r"^#num(?:\((\d+)-(\d*)\))?$")


class PatternSyntaxError(ValueError):
    """A pattern that cannot be parsed; the message says what and where."""


@dataclass(frozen=True)
class Atom:
    """One word test. ``kind``: word, exact, wild, fuzzy, regex, pos, class, list, num, any, bos, eos,
    qmark."""

    kind: str
    value: str = ""
    low: int = 0
    high: int = 0


@dataclass
class Element:
    """Alternatives at one position: atoms joined by ``|`` or one parenthesised group."""

    atoms: list[Atom] = field(default_factory=list)
    group: list[Sequence] | None = None


@dataclass
class Sequence:
    elements: list[Element] = field(default_factory=list)
    gaps: list[int] = field(default_factory=list)  # gaps[i] = words allowed between element i and i+1


def _atom(text: str, where: str) -> Atom:
    if text == "*":
        return Atom("any")
    if text == "^":
        return Atom("bos")
    if text == "$":
        return Atom("eos")
    if text == "?":
        return Atom("qmark")
    if text.startswith("/") and text.endswith("/") and len(text) > 2:
        try:
            re.compile(text[1:-1])
        except re.error as exc:
            raise PatternSyntaxError(f"bad regular expression {text} in {where!r}: {exc}") from exc
        return Atom("regex", text[1:-1])
    if text.startswith("@"):
        if not re.fullmatch(r"@[A-Za-z_][\w]*", text):
            raise PatternSyntaxError(f"bad lexicon reference {text!r} in {where!r}")
        return Atom("list", text[1:])
    if text.startswith("%"):
        if text[1:] not in POS_TAGS:
            raise PatternSyntaxError(f"unknown part of speech {text!r} in {where!r}; use {sorted(POS_TAGS)}")
        return Atom("pos", text[1:])
    if text.startswith("#"):
        return _class_atom(text, where)
    return _word_atom(text, where)


def _class_atom(text: str, where: str) -> Atom:
    num = _NUM.match(text)
    if num:
        low = int(num.group(1) or 1)
        high = int(num.group(2)) if num.group(2) else 99
        if low > high:
            raise PatternSyntaxError(f"empty digit range in {text!r} in {where!r}")
        return Atom("num", "", low, high)
    if text[1:] in CLASSES:
        return Atom("class", text[1:])
    raise PatternSyntaxError(f"unknown class {text!r} in {where!r}; use #num, #num(a-b), #name, ...")


def _word_atom(text: str, where: str) -> Atom:
    exact = text.startswith("=")
    word = text[1:] if exact else text
    word = word.lower().replace("ё", "е")
    if not word or not _WORD.match(word) or word.strip("*~") == "":
        raise PatternSyntaxError(f"bad word {text!r} in {where!r}")
    if word.endswith("~"):
        if "*" in word or exact:
            raise PatternSyntaxError(f"fuzzy word {text!r} cannot be exact or have wildcards ({where!r})")
        return Atom("fuzzy", word[:-1])
    if "*" in word:
        return Atom("wild", word)
    return Atom("exact" if exact else "word", word)


def _split(text: str) -> list[str]:
    out: list[str] = []
    for tok in _TOKEN.findall(text):
        if (tok.startswith("/") and tok.endswith("/") and len(tok) > 2) or tok.startswith("#num("):
            out.append(tok)
            continue
        # "е-кызмет" and "в общем-то" are written with hyphens but spoken as separate words
        parts = [p for p in tok.split("-") if p] if "-" in tok and tok not in {"-"} else [tok]
        if "|" in tok and "-" in tok:
            raise PatternSyntaxError(f"write {tok!r} as a group: (a b | c) instead of hyphens with |")
        out.extend(parts)
    return out


class _Parser:
    def __init__(self, text: str) -> None:
        self.text = text
        self.toks = _split(text)
        self.i = 0

    def parse(self) -> list[Sequence]:
        choices = self._choices()
        if self.i != len(self.toks):
            raise PatternSyntaxError(f"unbalanced ')' in {self.text!r}")
        return choices

    def _choices(self) -> list[Sequence]:
        seqs = [self._sequence()]
        while self.i < len(self.toks) and self.toks[self.i] == "|":
            self.i += 1
            seqs.append(self._sequence())
        return seqs

    def _sequence(self) -> Sequence:
        seq = Sequence()
        gap = 0
        pending_gap = False
        while self.i < len(self.toks) and self.toks[self.i] not in {")", "|"}:
            tok = self.toks[self.i]
            if re.fullmatch(r"~\d+", tok):
                if not seq.elements or pending_gap:
                    raise PatternSyntaxError(f"{tok!r} must stand between two words in {self.text!r}")
                gap = int(tok[1:])
                if gap > MAX_GAP:
                    raise PatternSyntaxError(f"gap {tok!r} larger than ~{MAX_GAP} in {self.text!r}")
                pending_gap = True
                self.i += 1
                continue
            if seq.elements:
                seq.gaps.append(gap)
            seq.elements.append(self._element())
            gap, pending_gap = 0, False
        if pending_gap:
            raise PatternSyntaxError(f"pattern {self.text!r} ends with a gap")
        if not seq.elements:
            raise PatternSyntaxError(f"empty alternative in {self.text!r}")
        return seq

    def _element(self) -> Element:
        tok = self.toks[self.i]
        self.i += 1
        if tok == "(":
            group = self._choices()
            if self.i >= len(self.toks) or self.toks[self.i] != ")":
                raise PatternSyntaxError(f"missing ')' in {self.text!r}")
            self.i += 1
            return Element(group=group)
        if tok.startswith("/") and tok.endswith("/") and len(tok) > 2:
            return Element(atoms=[_atom(tok, self.text)])
        return Element(atoms=[_atom(part, self.text) for part in tok.split("|")])


def parse_pattern(text: str, guard: bool = False) -> list[Sequence]:
    """Parse one pattern into alternatives (each a ``Sequence``); raise ``PatternSyntaxError``.

    Context-rule (guard) patterns are only tried at given positions, so they may start with %POS or *.
    """
    if not isinstance(text, str) or not text.strip():
        raise PatternSyntaxError("empty pattern")
    seqs = _Parser(text).parse()
    for seq in [] if guard else seqs:
        first = seq.elements[0]
        if first.group is None and all(a.kind in {"any", "pos", "eos"} for a in first.atoms):
            raise PatternSyntaxError(f"pattern {text!r} must not start with *, %POS or $")
    return seqs


def lexicon_refs(seqs: list[Sequence]) -> set[str]:
    """Names of the ``@lists`` a parsed pattern uses."""
    out: set[str] = set()
    for seq in seqs:
        for el in seq.elements:
            out.update(a.value for a in el.atoms if a.kind == "list")
            if el.group:
                out |= lexicon_refs(el.group)
    return out
