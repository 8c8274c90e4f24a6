"""A small, hand-countable data set for report tests (expected values are worked out in test_metrics.py).

Times are local Asia/Almaty (UTC+5) wall-clock times, converted to UTC when stored. November 2026 holds
c1-c5 and c8 (c8 starts 00:10 local on 1 Nov = 31 Oct UTC); c6 starts 00:30 local on 1 Dec (30 Nov UTC) and
belongs to December; c7 is the October (previous period) call.
"""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from typing import Any

from sqlalchemy.orm import Session

from storage.models import Agent, Call, Evaluation, ItemResult, Queue, SurveyResponse, Team

ALMATY = timezone(timedelta(hours=5))


def local(*args: int) -> datetime:
    return datetime(*args, tzinfo=ALMATY)  # type: ignore[misc]


def timings(at: float, ct: float, si: float, cl: float) -> dict[str, float]:
    return {"agent_talk_s": at, "caller_talk_s": ct, "total_silence_s": si, "call_length_s": cl}


def _evaluation(
    call: Call, score: float, passed: bool, crit: int, items: dict[str, bool | None], **kw: Any
) -> Evaluation:
    ev = Evaluation(call_id=call.id, score=score, passed=passed, critical_failures=crit, **kw)
    ev.items = [ItemResult(item_id=k, passed=v, auto_passed=v) for k, v in items.items()]
    return ev


ALL_OK = {"greeting": True, "farewell": True, "no_profanity": True}


def load(session: Session, *, agent_name: str = "Айгүл Серікова") -> dict[str, Any]:
    alpha, beta = Team(name="Alpha"), Team(name="Beta")
    support, billing = Queue(name="support"), Queue(name="billing")
    a1 = Agent(extension="1001", name=agent_name, team=alpha)
    a2 = Agent(extension="1002", name="Данияр Ахметов", team=alpha)
    a3 = Agent(extension="2001", name="Ерлан Жумабаев", team=beta)
    session.add_all([alpha, beta, support, billing, a1, a2, a3])
    session.flush()

    def call(ext: str, agent: Agent, queue: Queue, lang: str, start: datetime, dur: float | None) -> Call:
        c = Call(
            external_id=ext,
            agent_id=agent.id,
            team_id=agent.team_id,
            queue_id=queue.id,
            language=lang,
            started_at=start,
            duration_s=dur,
        )
        session.add(c)
        session.flush()
        return c

    c1 = call("c1", a1, support, "ru", local(2026, 11, 3, 10, 0), 300)
    c2 = call("c2", a1, support, "kk", local(2026, 11, 10, 12, 0), 1000)
    c3 = call("c3", a2, billing, "ru", local(2026, 11, 15, 9, 0), 600)
    c4 = call("c4", a3, support, "ru", local(2026, 11, 20, 23, 30), 200)
    c5 = call("c5", a3, support, "ru", local(2026, 11, 30, 23, 30), 200)
    c6 = call("c6", a1, support, "ru", local(2026, 12, 1, 0, 30), 100)
    c7 = call("c7", a1, support, "ru", local(2026, 10, 15, 11, 0), 400)
    c8 = call("c8", a2, billing, "ru", local(2026, 11, 1, 0, 10), None)

    def survey(c: Call, status: str, rating: int | None) -> SurveyResponse:
        return SurveyResponse(call_id=c.id, agent_id=c.agent_id, status=status, rating=rating)

    session.add_all(
        [
            survey(c1, "completed", 5),
            survey(c2, "completed", 3),
            survey(c3, "no_input", None),
            survey(c4, "skipped", None),
            survey(c5, "completed", 4),
            survey(c6, "completed", 1),
            survey(c7, "completed", 2),
            survey(c8, "abandoned", 1),
        ]
    )
    session.add_all(
        [
            _evaluation(c1, 10, False, 3, {"greeting": False}, is_current=False),  # superseded auto run
            _evaluation(c1, 90, True, 0, ALL_OK, timings=timings(120, 100, 80, 300)),
            _evaluation(
                c2,
                60,
                False,
                1,
                {"greeting": False, "farewell": True, "no_profanity": False},
                timings=timings(500, 300, 200, 1000),
            ),
            _evaluation(
                c3, 50, False, 2, {"greeting": False, "farewell": False}, timings=timings(9, 9, 9, 9)
            ),
            _evaluation(
                c3, 80, True, 0, {"greeting": True, "farewell": None, "no_profanity": True}, kind="human"
            ),  # the human evaluation wins over the current auto one
            _evaluation(c5, 100, True, 0, ALL_OK, timings=timings(50, 100, 20, 200)),
            _evaluation(c6, 0, False, 5, {"greeting": False}),
            _evaluation(c7, 40, False, 0, ALL_OK),
        ]
    )
    session.flush()
    return {"agents": [a1, a2, a3], "teams": [alpha, beta], "calls": [c1, c2, c3, c4, c5, c6, c7, c8]}
