"""Normalisation and tokenisation of Russian / Kazakh call text (pure, no I/O).

* case, ё→е, punctuation (kept only as sentence / phrase / quote flags on the following word);
* Kazakh letters folded to their Russian look-alikes (ә→а, қ→к, ң→н, ...) so that ASR output written
  with Russian letters ("кызмет") meets patterns written in Kazakh ("қызмет"); Latin look-alikes
  inside Cyrillic words ("cпасибо" with a Latin c) become Cyrillic;
* numbers spoken in words: see ``scoring.numbers``;
* a light Kazakh suffix stemmer (plural, possessive, case, person and common verb suffixes).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from itertools import compress

LOWER = str.maketrans({"ё": "е", "Ё": "е", "\u0301": None, "\u00ad": None})
FOLD = str.maketrans("әғқңөұүһі", "агкноуухи")
LATIN_LOOKALIKE = str.maketrans("aceopxyk", "асеорхук")
_CYR = re.compile(r"[а-яәғқңөұүһі]")
_LAT = re.compile(r"[a-z]")
TOKEN_RE = re.compile(r"(\w+)(\W*)")
WORD_RE = re.compile(r"\w+")
SENTENCE_END = frozenset(".!?…")
PHRASE_BREAK = frozenset(",;:—–")
QUOTES = frozenset('«»"“”„')


def fold(form: str) -> str:
    """Kazakh letters → Russian look-alikes (lower-case input)."""
    return form.translate(FOLD)


# "SMS" spelt out by letters' names ("эсэмэс", "эсэмэску", "эсемес"): the patterns read "смс" (round 28)
_SMS_SPELT = re.compile(r"^эс[эе]?м[эе]с\w*$")


def clean_form(token: str) -> str:
    """Normalised form of one already lower-cased word token (Latin look-alikes in Cyrillic words, "SMS"
    spelt out)."""
    if _LAT.search(token) and _CYR.search(token):
        return token.translate(LATIN_LOOKALIKE)
    if _SMS_SPELT.match(token):
        return "смс"
    return token


@dataclass(slots=True)
class Tokens:
    """Words of some segments in order with per-word flags (parallel lists)."""

    forms: list[str]
    seg: list[int]  # index of the segment (in the caller's list) each word comes from
    sstart: list[bool]  # first word of a sentence
    send: list[bool]  # last word of a sentence
    pbreak: list[bool]  # punctuation (comma, dash, ...) right before this word
    quoted: list[bool]  # inside «...» or "..."
    qstart: list[bool]  # first word of a sentence that ends with "?"
    ranges: dict[int, tuple[int, int]] = field(default_factory=dict)  # segment → (first word, end)
    # the segment each word was said in; ``seg`` is the matching unit (``join_units``), by default the same
    src: list[int] = field(default_factory=list)


def join_units(toks: Tokens, units: dict[int, int]) -> None:
    """Match consecutive segments as one unit: ``units`` maps a segment to the first segment of its unit.
    Sentence flags stay at the segment bounds (guards keep to the sentence); ``src`` keeps the segments."""
    toks.src = list(toks.seg)
    toks.seg = [units.get(s, s) for s in toks.seg]
    ranges: dict[int, tuple[int, int]] = {}
    for sid, (first, end) in toks.ranges.items():
        unit = units.get(sid, sid)
        lo, hi = ranges.get(unit, (first, end))
        ranges[unit] = (min(lo, first), max(hi, end))
    toks.ranges = ranges


def _quote_state(chars: str, in_quote: bool) -> bool:
    for c in chars:
        if c == "«" or c == "„":
            in_quote = True
        elif c == "»":
            in_quote = False
        elif c in '"“”':
            in_quote = not in_quote
    return in_quote


_LEAD = re.compile(r"^\W*")
_QUOTE_CHARS = re.compile('[«»"“”„]')
_NOT_PLAIN = re.compile(r"[^\w ]|_")


# a case ending written after digits ("10-нан 14-ке дейін", "сағат 11-де", "10-го числа", "5-ти"): part of the
# number, not a word of its own (alone, "нан" looks like pymorphy's rare first name); it becomes a phrase
# break, so that the number still ends there ("10-нан 14-ке" is no number 1014)
_NUM_SUFFIX = re.compile(
    r"(?<=\d)-(?:[нндтлм]?[аеыі]н|[ндт][ыі]ң|[ндт]ың|[гқкғ][аеә]|[ндт][аеә]|[ндт][ыі]|[ндт]ан|[ндт]ен|[мбп]ен"
    r"|[ыі]?н?ш[ыі]|с[ыі]|го|ого|его|ой|ый|ий|ая|ое|ые|ом|ем|му|ти|ми|х|й|я|е|ю|м)(?![\w])"
)


def _lower(text: str) -> str:
    low = text.lower().replace("ё", "е")
    if "\u0301" in low or "\u00ad" in low:
        low = low.translate(LOWER)
    if "-" in low:
        low = _NUM_SUFFIX.sub(",", low)
    return low


def tokenize(texts: list[str], seg_ids: list[int]) -> Tokens:
    """Tokenise segment texts; a segment boundary is also a sentence boundary.

    Fast path: words come from one ``split`` (no punctuation: ASR style) or one ``findall`` per segment;
    the flag lists are allocated once per call and only separators that are not a single space
    (punctuation) are looked at one by one, quotation state only in segments that have quotes.
    """
    forms: list[str] = []
    seg: list[int] = []
    ranges: dict[int, tuple[int, int]] = {}
    punctuated: list[tuple[int, Sequence[str], str]] = []  # (first word, separators, text)
    words: Sequence[str]
    seps: Sequence[str]
    for text, sid in zip(texts, seg_ids, strict=True):
        low = _lower(text)
        if _NOT_PLAIN.search(low):
            pairs = TOKEN_RE.findall(low)
            words, seps = zip(*pairs, strict=True) if pairs else ((), ())
        else:
            words, seps = low.split(), ()
        if words:
            base = len(forms)
            ranges[sid] = (base, base + len(words))
            forms.extend(words)
            seg.extend([sid] * len(words))
            if seps:
                punctuated.append((base, seps, low))
    return _flagged(forms, seg, ranges, punctuated)


def _flagged(
    forms: list[str],
    seg: list[int],
    ranges: dict[int, tuple[int, int]],
    punctuated: list[tuple[int, Sequence[str], str]],
) -> Tokens:
    """The tokens with their flags: segment bounds, then punctuation and quotes of punctuated segments."""
    n = len(forms)
    toks = Tokens(forms, seg, [False] * n, [False] * n, [False] * n, [False] * n, [False] * n, ranges, seg)
    for first, _ in ranges.values():
        toks.sstart[first] = True
    for base, seps, low in punctuated:
        _punctuation(toks, seps, base)
        if _QUOTE_CHARS.search(low):
            _quotes(toks, low, seps, base)
    for _, end in ranges.values():
        toks.send[end - 1] = True
    marked = {base for base, _, low in punctuated if not _ASR_MARKS.isdisjoint(low)}
    for first, end in ranges.values():
        if first not in marked and asr_question(forms[first:end]):
            toks.qstart[first] = True
    return toks


# a question in a recogniser's text, which has no "?": an interrogative opening it (after a discourse word) or
# closing it ("сумма залога какая", "дата выезда какая была"), or "ли" after its first word (round 27)
_QWORDS_RU = frozenset(
    {"что", "как", "какой", "какая", "какое", "какие", "каком", "какую", "каких", "какого", "когда", "где",
     "почему", "зачем", "сколько", "куда", "откуда", "кто", "чем", "чего", "кого", "кому"}
)  # fmt: skip
_LEAD_WORDS = frozenset(
    {"а", "и", "так", "ну", "вот", "хорошо", "ясно", "понял", "поняла", "понятно", "ок", "окей", "угу",
     "скажите"}
)  # fmt: skip
# a longer sentence opening with an interrogative is a statement ("что касается ...") ...
ASR_QUESTION_WORDS = 10
_ASR_MARKS = SENTENCE_END | PHRASE_BREAK  # a segment with these is punctuated: a question there has its "?"
# ... and "when" / "where" open a clause unless the sentence is short ("когда придёт уведомление, вы сможете
# войти" — "а когда это началось")
ASR_CLAUSE_WORDS = 5
_CLAUSE_WORDS = frozenset({"когда", "где", "куда"})
_NOT_QUESTION_AFTER = frozenset(
    {"только", "раз", "правило", "обычно", "всегда", "будто", "бы", "касается", "и", "то", "нибудь", "либо"}
)  # fmt: skip
# prepositions an interrogative may follow at the opening ("на что", "с какого", "в чём")
_Q_PREPOSITIONS = frozenset(
    {"на", "с", "со", "в", "во", "о", "об", "за", "для", "от", "по", "из", "к", "у", "про", "до"}
)  # fmt: skip
_TAIL_WORDS = frozenset(
    {"был", "была", "было", "были", "у", "вас", "это", "там", "есть", "сейчас", "сегодня"}
)  # fmt: skip


def asr_question(words: Sequence[str]) -> bool:
    """Does an unpunctuated sentence read as a question?"""
    n = len(words)
    if n < 2:
        return False
    lead = 1 if words[0] in _LEAD_WORDS and n > 2 else 0
    if n - lead > 2 and words[lead] in _Q_PREPOSITIONS and words[lead + 1] in _QWORDS_RU:
        lead += 1  # "а на что жалуетесь", "в каком приложении" (round 28)
    first, limit = words[lead], ASR_CLAUSE_WORDS if words[lead] in _CLAUSE_WORDS else ASR_QUESTION_WORDS
    because = words[0] == "так" and words[1] == "как"  # "так как до спектакля больше трёх суток, ..."
    if n - lead <= limit and first in _QWORDS_RU and words[lead + 1] not in _NOT_QUESTION_AFTER:
        return not because
    if words[-1] in _QWORDS_RU or (words[-2] in _QWORDS_RU and words[-1] in _TAIL_WORDS):
        return True
    # "есть ли у вас", not a check announced ("проверю, нет ли заявок")
    return "ли" in words[1:3] and words[0] != "нет"


def _punctuation(toks: Tokens, seps: Sequence[str], base: int) -> None:
    """Sentence / phrase flags and question starts from the separators of one segment."""
    n = len(seps)
    first = base
    for i in compress(range(n), map(" ".__ne__, seps)):
        sep = seps[i]
        pos = base + i
        if not SENTENCE_END.isdisjoint(sep):
            toks.send[pos] = True
            if i + 1 < n:
                toks.sstart[pos + 1] = toks.pbreak[pos + 1] = True
            if "?" in sep:
                toks.qstart[first] = True
            first = pos + 1
        elif i + 1 < n and not PHRASE_BREAK.isdisjoint(sep):
            toks.pbreak[pos + 1] = True


def _quotes(toks: Tokens, low: str, seps: Sequence[str], base: int) -> None:
    lead = _LEAD.match(low)
    in_quote = _quote_state(lead.group(0), False) if lead else False
    start = 0  # words from ``start`` on share ``in_quote`` until the next separator with a quote
    for i in [i for i, sep in enumerate(seps) if sep != " " and _QUOTE_CHARS.search(sep)]:
        if in_quote:
            toks.quoted[base + start : base + i + 1] = [True] * (i + 1 - start)
        in_quote, start = _quote_state(seps[i], in_quote), i + 1
    if in_quote:
        toks.quoted[base + start : base + len(seps)] = [True] * (len(seps) - start)


# --- Kazakh stemming --------------------------------------------------------------------------------------
_KK_SUFFIXES = sorted(
    {
        # plural / possessive / person
        "лар",
        "лер",
        "дар",
        "дер",
        "тар",
        "тер",
        "ымыз",
        "имиз",
        "ыныз",
        "иниз",
        "ныз",
        "низ",
        "ым",
        "им",
        "ын",
        "ин",
        "сы",
        "си",
        "мыз",
        "миз",
        "мын",
        "мин",
        "сын",
        "син",
        "сыз",
        "сиз",
        "быз",
        "биз",
        "пыз",
        "пиз",
        "бын",
        "бин",
        "пын",
        "пин",
        # case
        "ды",
        "ди",
        "ты",
        "ти",
        "ны",
        "ни",
        "га",
        "ге",
        "ка",
        "ке",
        "на",
        "не",
        "да",
        "де",
        "та",
        "те",
        "нда",
        "нде",
        "дан",
        "ден",
        "тан",
        "тен",
        "нан",
        "нен",
        "мен",
        "бен",
        "пен",
        "дын",
        "дин",
        "тын",
        "тин",
        "нын",
        "нин",
        "дагы",
        "деги",
        "тагы",
        "теги",
        # verbs: converbs, participles, imperative, tense, request particle
        "ып",
        "ип",
        "ган",
        "ген",
        "кан",
        "кен",
        "атын",
        "етин",
        "йтын",
        "йтин",
        "ады",
        "еди",
        "йды",
        "йди",
        "ынызшы",
        "инизши",
        "шы",
        "ши",
        "сана",
        "сене",
        "саныз",
        "сениз",
        "уга",
        "уге",
    },
    key=len,
    reverse=True,
)
_KK_ONE = ("ы", "и", "а", "е", "у", "п", "м", "н")


def kk_stem(folded: str, rounds: int = 3) -> str:
    """Strip up to ``rounds`` Kazakh suffixes from a folded word, keeping at least 4 letters."""
    word = folded
    for _ in range(rounds):
        for suf in _KK_SUFFIXES:
            if word.endswith(suf) and len(word) - len(suf) >= 4:
                word = word[: -len(suf)]
                break
        else:
            if len(word) >= 6 and word.endswith(_KK_ONE):
                word = word[:-1]
            else:
                break
    return word


# Kazakh person endings of a folded verb or possessive: 1st ("жазамын", "тексеремін", "қарайын") and 2nd
# ("жазасыз", "логиніңіз"); a stem match must not turn "I write" into "you write"
_KK_PERSON = (
    ("мын", "мин", "мыз", "миз", "пын", "пин", "бын", "бин"),
    ("сыз", "сиз", "ныз", "низ"),
    ("йын", "йин", "йык", "йик"),  # "let me / let us" ("қарайын", "сұрайын"): no "I ask" ("сұраймын")
    ("йды", "йди", "ады", "еди"),  # 3rd person present ("алмайды", "береді"): no "do not take" ("алмаңыз")
)


# a comparative ("тезірек" = quicker): a Kazakh form no mishearing turns into a verb with a person ending
# ("тексерейін"); a converb ("тексеріп") may be one misheard, its ending garbled
_KK_NON_FINITE = ("ірек", "ырақ", "ырак", "ирек")


def kk_non_finite(folded: str) -> bool:
    return len(folded) >= 6 and folded.endswith(_KK_NON_FINITE)


def kk_person(folded: str) -> int:
    """1, 2 (3 for "let me", 4 for the 3rd person present) when a folded Kazakh word ends in a person ending
    (before a "-шы" particle), else 0 (no ending we know, or one a recogniser garbled)."""
    if folded.endswith(("шы", "ши")) and len(folded) >= 8:
        folded = folded[:-2]
    for person, ends in enumerate(_KK_PERSON, 1):
        if folded.endswith(ends) and len(folded) >= 6:
            return person
    return 0
