"""Calibration results: each QA specialist against the reference (automatic) scorer, item agreement."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, Float, and_, case, cast, func, select
from sqlalchemy.orm import Session

from storage.models import CalibrationAnswer, CalibrationCall, Evaluation, ItemResult, User


@dataclass
class RaterRow:
    username: str
    answers: int
    agree_auto_pct: float | None
    mean_abs_deviation: float | None  # score points vs the automatic score of the same items


@dataclass
class ItemRow:
    item_id: str
    answers: int
    human_agreement_pct: float | None  # pairwise agreement between QA specialists
    auto_agreement_pct: float | None  # share of human answers equal to the automatic answer


def _joined() -> tuple[ColumnElement[bool], ColumnElement[bool]]:
    a = CalibrationAnswer
    return (
        and_(Evaluation.call_id == a.call_id, Evaluation.is_current.is_(True), Evaluation.kind == "auto"),
        and_(ItemResult.evaluation_id == Evaluation.id, ItemResult.item_id == a.item_id),
    )


def _pct(num: ColumnElement[Any], den: ColumnElement[Any]) -> ColumnElement[Any]:
    return 100.0 * cast(num, Float) / func.nullif(den, 0)


def rater_rows(session: Session, session_id: int) -> list[RaterRow]:
    a = CalibrationAnswer
    on_eval, on_item = _joined()
    same = case((a.passed.is_not_distinct_from(ItemResult.auto_passed), 1), else_=0)
    w_human = func.sum(case((a.passed.is_(True), ItemResult.weight), else_=0.0))
    n_human = func.sum(case((a.passed.is_not(None), ItemResult.weight), else_=0.0))
    w_auto = func.sum(case((ItemResult.auto_passed.is_(True), ItemResult.weight), else_=0.0))
    n_auto = func.sum(case((ItemResult.auto_passed.is_not(None), ItemResult.weight), else_=0.0))
    per_call = (
        select(
            a.user_id.label("user_id"),
            func.count().label("n"),
            func.sum(same).label("same"),
            (_pct(w_human, n_human) - _pct(w_auto, n_auto)).label("dev"),
        )
        .join(Evaluation, on_eval)
        .join(ItemResult, on_item)
        .where(a.session_id == session_id)
        .group_by(a.user_id, a.call_id)
        .subquery()
    )
    stmt = (
        select(
            User.username,
            func.sum(per_call.c.n),
            _pct(func.sum(per_call.c.same), func.sum(per_call.c.n)),
            func.avg(func.abs(per_call.c.dev)),
        )
        .join(User, User.id == per_call.c.user_id)
        .group_by(User.username)
        .order_by(User.username)
    )
    return [RaterRow(u, int(n), _round(p), _round(d)) for u, n, p, d in session.execute(stmt)]


def _auto_agreement(session: Session, session_id: int) -> dict[str, tuple[int, float | None]]:
    """item -> (human answers, % of them equal to the automatic answer)."""
    a = CalibrationAnswer
    on_eval, on_item = _joined()
    same = case((a.passed.is_not_distinct_from(ItemResult.auto_passed), 1), else_=0)
    stmt = (
        select(a.item_id, func.count(), _pct(func.sum(same), func.count()))
        .join(Evaluation, on_eval)
        .join(ItemResult, on_item)
        .where(a.session_id == session_id)
        .group_by(a.item_id)
    )
    return {item: (int(n), _round(p)) for item, n, p in session.execute(stmt)}


def _pairwise_agreement(session: Session, session_id: int) -> dict[str, float | None]:
    """item -> % of pairs of QA specialists giving the same answer on the same call (counts from SQL)."""
    a = CalibrationAnswer
    stmt = (
        select(a.item_id, a.call_id, func.count())
        .where(a.session_id == session_id)
        .group_by(a.item_id, a.call_id, a.passed)
    )
    per_call: dict[tuple[str, int], list[int]] = {}
    for item, call_id, n in session.execute(stmt):
        per_call.setdefault((item, call_id), []).append(int(n))
    pairs: dict[str, list[int]] = {}
    for (item, _call), counts in per_call.items():
        agg = pairs.setdefault(item, [0, 0])
        agg[0] += sum(c * (c - 1) // 2 for c in counts)
        agg[1] += sum(counts) * (sum(counts) - 1) // 2
    return {item: _round(100.0 * same / total) if total else None for item, (same, total) in pairs.items()}


def item_rows(session: Session, session_id: int) -> list[ItemRow]:
    auto = _auto_agreement(session, session_id)
    human = _pairwise_agreement(session, session_id)
    return [
        ItemRow(item, auto.get(item, (0, None))[0], human.get(item), auto.get(item, (0, None))[1])
        for item in sorted(set(auto) | set(human))
    ]


def _round(value: object) -> float | None:
    return None if value is None else round(float(value), 1)  # type: ignore[arg-type]


def calls_of(session: Session, session_id: int) -> list[int]:
    return list(
        session.scalars(
            select(CalibrationCall.call_id)
            .where(CalibrationCall.session_id == session_id)
            .order_by(CalibrationCall.id)
        )
    )


def answered_calls(session: Session, session_id: int, user_id: int) -> set[int]:
    return set(
        session.scalars(
            select(CalibrationAnswer.call_id)
            .where(CalibrationAnswer.session_id == session_id, CalibrationAnswer.user_id == user_id)
            .distinct()
        )
    )
