"""Agreement of automatic answers with human labels: per-item accuracy, violation precision/recall/F1.

A "violation" is a label ``false`` (the agent failed the item); null labels (N/A) are skipped.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field


@dataclass
class ItemStats:
    total: int = 0
    correct: int = 0
    tp: int = 0  # violation predicted and labelled
    fp: int = 0
    fn: int = 0

    @property
    def accuracy(self) -> float:
        return self.correct / self.total if self.total else 1.0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass
class EvalReport:
    items: dict[str, ItemStats] = field(default_factory=dict)
    mistakes: list[tuple[str, str, bool | None, bool | None]] = field(default_factory=list)

    def add(self, call_id: str, item_id: str, label: bool | None, predicted: bool | None) -> None:
        if label is None:
            return
        st = self.items.setdefault(item_id, ItemStats())
        st.total += 1
        st.correct += predicted == label
        if label is False and predicted is False:
            st.tp += 1
        elif label is not False and predicted is False:
            st.fp += 1
        elif label is False:
            st.fn += 1
        if predicted != label:
            self.mistakes.append((call_id, item_id, label, predicted))

    @property
    def total(self) -> ItemStats:
        out = ItemStats()
        for st in self.items.values():
            out.total += st.total
            out.correct += st.correct
            out.tp += st.tp
            out.fp += st.fp
            out.fn += st.fn
        return out

    @property
    def macro_f1(self) -> float:
        """Mean violation-F1 over items that have at least one labelled or predicted violation."""
        scored = [st.f1 for st in self.items.values() if st.tp + st.fp + st.fn]
        return sum(scored) / len(scored) if scored else 1.0


def evaluate(pairs: Iterable[tuple[str, dict[str, bool | None], dict[str, bool | None]]]) -> EvalReport:
    """``pairs``: (call_id, labels, predicted answers) per call."""
    report = EvalReport()
    for call_id, labels, predicted in pairs:
        for item_id, label in labels.items():
            report.add(call_id, item_id, label, predicted.get(item_id))
    return report


def format_report(report: EvalReport, calls: int) -> str:
    lines = [f"{'item':<22} {'acc':>6} {'prec':>6} {'rec':>6} {'F1':>6}  (violations: tp fp fn)"]
    for item_id, st in report.items.items():
        lines.append(
            f"{item_id:<22} {st.accuracy:6.3f} {st.precision:6.3f} {st.recall:6.3f} {st.f1:6.3f}"
            f"  ({st.tp} {st.fp} {st.fn})"
        )
    tot = report.total
    lines.append(
        f"{'TOTAL':<22} {tot.accuracy:6.3f} {tot.precision:6.3f} {tot.recall:6.3f} {tot.f1:6.3f}"
        f"  ({tot.tp} {tot.fp} {tot.fn})"
    )
    lines.append(f"calls {calls}  item accuracy {tot.accuracy:.3f}  macro violation-F1 {report.macro_f1:.3f}")
    return "\n".join(lines)


Pair = tuple[str, dict[str, bool | None], dict[str, bool | None]]


def review_variants(pairs: list[Pair], review: set[tuple[str, str]]) -> tuple[EvalReport, EvalReport]:
    """Agreement with the ``review`` answers (call id, item id) left out, and with them counted as fails."""
    excluded = [(c, {k: v for k, v in lab.items() if (c, k) not in review}, pred) for c, lab, pred in pairs]
    as_fails = [
        (c, lab, {k: False if (c, k) in review else v for k, v in pred.items()}) for c, lab, pred in pairs
    ]
    return evaluate(excluded), evaluate(as_fails)


def format_review(pairs: list[Pair], review: set[tuple[str, str]]) -> str:
    excl, fails = review_variants(pairs, review)
    answers = sum(1 for _, lab, _ in pairs for v in lab.values() if v is not None)
    return (
        f"needs review {len(review)} of {answers} answers;"
        f" without them: item accuracy {excl.total.accuracy:.3f}  macro violation-F1 {excl.macro_f1:.3f};"
        f" as fails: item accuracy {fails.total.accuracy:.3f}  macro violation-F1 {fails.macro_f1:.3f}"
    )
