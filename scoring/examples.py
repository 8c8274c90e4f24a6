"""Example-based matching (pure): an agent sentence matches an item by similarity to its ``examples``.

Similarity is the cosine of character n-gram TF-IDF vectors (3-grams inside words padded with spaces, on
folded lower-case text): tolerant to morphology, misspellings and Kazakh/Russian letter folding, and it needs
no model. IDF comes from all examples of the checklist. A sentence matches when its best similarity to a
positive example reaches the item's threshold and beats its best similarity to a ``not:`` example by
``MARGIN``; a sentence shorter than ``MIN_WORDS`` words is compared only with an item that has an example that
short (one word shares too few n-grams to be judged: "әрине" is no sarcasm); a sentence a little below the
threshold (within ``NEAR``; ``NOISY_NEAR`` in a garbled call) is a near miss that makes the answer uncertain
(needs review). Dialogue act and
position are features: ``act: question`` keeps only questions (a "?" or a question word / particle),
``closing: true`` only the closing part of the agent's speech.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from scoring.text import fold

N = 3
MARGIN = 0.05
NEAR = 0.06
NOISY_NEAR = 0.12  # the near-miss band in a garbled call (``confidence.garbled_call``): similarity drops
MIN_WORDS = 2  # a one-word sentence ("әрине", "конечно") is compared only with an item that has one
CLOSING_SHARE = 0.6  # the closing part: after this share of the agent's speech time ...
CLOSING_LAST_S = 90.0  # ... or within this many seconds of its end
OPENING_S = 20.0  # never in the agent's first segment or first 20 s
_WORD = re.compile(r"\w+")
# question words and particles (folded): ru "ли", kk "ма/ме/ба/бе/па/пе", interrogatives of both languages
_QWORDS = frozenset(
    [
        "ли", "ма", "ме", "ба", "бе", "па", "пе", "что", "как", "какой", "какая", "какое", "какие", "каком",
        "какую", "когда", "где", "почему", "зачем", "сколько", "куда", "откуда", "кто", "чем", "чего",
        "разве", "неужели", "кандай", "кашан", "кайда", "неге", "канша", "ким", "кай", "калай", "неше",
    ]
)  # fmt: skip


# a shorter sentence shares too few n-grams to be like an example by more than chance ("не нужно"); a Kazakh
# question is short ("оқымайсыз ба?", 12)
MIN_CHARS = 10


def grams(text: str) -> Counter[str]:
    out: Counter[str] = Counter()
    for word in _WORD.findall(fold(text.lower().replace("ё", "е"))):
        padded = f" {word} "
        out.update(padded[i : i + N] for i in range(len(padded) - N + 1))
    return out


def is_question(text: str, qmark: bool) -> bool:
    if qmark or "?" in text:
        return True
    return any(w in _QWORDS for w in _WORD.findall(fold(text.lower())))


Postings = dict[str, list[tuple[int, float]]]  # n-gram → (example, weight) of one item's examples


def postings(vectors: list[dict[str, float]]) -> Postings:
    out: Postings = {}
    for n, vec in enumerate(vectors):
        for g, w in vec.items():
            out.setdefault(g, []).append((n, w))
    return out


def best_cosine(vec: dict[str, float], post: Postings, size: int) -> float:
    """Largest cosine of ``vec`` with the examples behind ``post`` (inverted index: shared n-grams only)."""
    if not size:
        return 0.0
    sums = [0.0] * size
    for g, x in vec.items():
        for n, w in post.get(g, ()):
            sums[n] += x * w
    return max(sums)


@dataclass
class ExampleIndex:
    """Positive and negative example vectors of every item (built once per checklist)."""

    idf: dict[str, float] = field(default_factory=dict)
    items: dict[str, tuple[list[dict[str, float]], list[dict[str, float]], Any]] = field(default_factory=dict)
    post: dict[str, tuple[Postings, int, Postings, int]] = field(default_factory=dict)
    unseen_idf: float = 1.0
    min_words: dict[str, int] = field(default_factory=dict)  # item → fewest words a compared sentence has

    @classmethod
    def build(cls, checklist: Any) -> ExampleIndex:
        index = cls()
        specs = [(item.id, item.examples) for item in checklist.items if item.examples is not None]
        docs = [grams(t) for _, ex in specs for t in ex.positives() + ex.negatives()]
        df: Counter[str] = Counter(g for d in docs for g in d)
        total = len(docs) + 1
        index.idf = {g: math.log(total / (1 + n)) + 1.0 for g, n in df.items()}
        index.unseen_idf = max(index.idf.values(), default=1.0)  # an n-gram no example has
        for item_id, ex in specs:
            pos = [index.vector(t) for t in ex.positives()]
            neg = [index.vector(t) for t in ex.negatives()]
            index.items[item_id] = (pos, neg, ex)
            index.post[item_id] = (postings(pos), len(pos), postings(neg), len(neg))
            shortest = min((len(_WORD.findall(t)) for t in ex.positives()), default=1)
            index.min_words[item_id] = min(MIN_WORDS, shortest)
        return index

    def vector(self, text: str) -> dict[str, float]:
        g = grams(text)
        idf, default = self.idf, self.unseen_idf
        vec = {k: (1 + math.log(v)) * idf.get(k, default) for k, v in g.items()} if g else {}
        norm = math.sqrt(sum(x * x for x in vec.values())) or 1.0
        return {k: x / norm for k, x in vec.items()}


def cosine(a: dict[str, float], b: dict[str, float]) -> float:
    if len(a) > len(b):
        a, b = b, a
    return sum(x * b.get(k, 0.0) for k, x in a.items())


@dataclass
class Verdict:
    similarity: float  # best similarity to a positive example (0 when nothing was compared)
    negative: float  # best similarity of that sentence to a "not:" example
    index: int = -1  # candidate sentence of the best similarity


def best(
    index: ExampleIndex,
    item_id: str,
    sentences: list[str],
    vectors: dict[str, dict[str, float]] | None = None,
) -> Verdict:
    """The candidate sentence most similar to the item's positive examples (``vectors``: a per-call cache of
    sentence vectors)."""
    pos, npos, neg, nneg = index.post[item_id]
    cache = {} if vectors is None else vectors
    out = Verdict(0.0, 0.0)
    fewest = index.min_words.get(item_id, 1)
    for i, text in enumerate(sentences):
        if fewest > 1 and len(_WORD.findall(text)) < fewest:
            continue
        vec = cache.get(text)
        if vec is None:
            vec = cache[text] = index.vector(text)
        sim = best_cosine(vec, pos, npos)
        if sim > out.similarity:
            out = Verdict(sim, best_cosine(vec, neg, nneg), i)
    return out


def matches(v: Verdict, threshold: float) -> bool:
    return v.similarity >= threshold and v.similarity >= v.negative + MARGIN


def near_miss(v: Verdict, threshold: float, near: float = NEAR) -> bool:
    return not matches(v, threshold) and v.similarity >= threshold - near and v.similarity > v.negative
