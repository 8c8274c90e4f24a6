"""Follow-ups are created outside the call path: by the scheduler's periodic job and `sapa followups`."""

from __future__ import annotations

import pytest
from apscheduler.schedulers.background import BackgroundScheduler
from sqlalchemy import func, select

from sapa import cli
from sapa.report_schedule import _followups_job, add_followups_job
from sapa.wiring import App
from storage.models import FollowUp, Role, User, utcnow
from storage.repositories.org import AgentRepository
from storage.repositories.surveys import SurveyRepository


@pytest.fixture
def rated_low(app: App) -> App:
    with app.uow() as session:
        AgentRepository(session).add("1001", "Айгүл", "Alpha")
        session.add(User(username="lead-a", password_hash="x", role=Role.TEAM_LEAD, team_id=_team(session)))
        repo = SurveyRepository(session)
        low = repo.begin("call-low", agent_extension="1001", queue="support")
        repo.finish(low.id, "completed", rating=1, attempts=1, finished_at=utcnow())
        happy = repo.begin("call-ok", agent_extension="1001", queue="support")
        repo.finish(happy.id, "completed", rating=5, attempts=1)
        running = repo.begin("call-running", agent_extension="1001", queue="support")
        repo.record(running.id, 1, 1)  # still in progress (status error, not finished): not yet
    return app


def _team(session: object) -> int:
    from storage.models import Team

    return int(session.scalar(select(Team.id).where(Team.name == "Alpha")))  # type: ignore[attr-defined]


def _count(app: App) -> int:
    with app.uow() as session:
        return int(session.scalar(select(func.count()).select_from(FollowUp)) or 0)


def test_scheduler_job_creates_follow_ups_periodically(rated_low: App) -> None:
    scheduler = BackgroundScheduler()
    add_followups_job(scheduler, rated_low)
    job = scheduler.get_job("followups:sync")
    assert job is not None and job.trigger.interval.total_seconds() == 600  # sync_interval_min: 10
    _followups_job(rated_low)
    _followups_job(rated_low)
    assert _count(rated_low) == 1
    with rated_low.uow() as session:
        f = session.scalar(select(FollowUp))
        lead = session.scalar(select(User.id).where(User.username == "lead-a"))
        assert f is not None and (f.reason, f.rating, f.owner_user_id) == ("low_rating", 1, lead)


def test_cli_sync_and_list(rated_low: App, capsys: pytest.CaptureFixture[str]) -> None:
    url = str(rated_low.settings.database.url)
    assert cli.main(["--database-url", url, "followups", "sync"]) == 0
    assert "1 new follow-up(s)" in capsys.readouterr().out
    assert cli.main(["--database-url", url, "followups", "sync"]) == 0
    assert "0 new follow-up(s)" in capsys.readouterr().out
    assert cli.main(["--database-url", url, "followups", "list"]) == 0
    out = capsys.readouterr().out
    assert "call-low" in out and "lead-a" in out and "call-ok" not in out and "call-running" not in out


def test_new_follow_ups_are_mailed_once_per_team(rated_low: App, monkeypatch: pytest.MonkeyPatch) -> None:
    import sapa.followups as followups
    from reports.exceptions import ReportsError

    sent: list[tuple[list[str], str, str]] = []
    rated_low.settings.reports.followups.email_to = {"Alpha": ["lead-a@example.kz"]}
    monkeypatch.setattr(
        followups, "send_message", lambda _smtp, to, subject, body: sent.append((to, subject, body))
    )
    result = followups.sync(rated_low)
    assert result.emailed == 1 and sent[0][0] == ["lead-a@example.kz"] and "call call-low" in sent[0][2]
    assert followups.sync(rated_low).emailed == 0 and len(sent) == 1  # marked e-mailed: not again

    def down(*_args: object) -> None:
        raise ReportsError("cannot e-mail: connection refused")

    with rated_low.uow() as session:
        session.execute(FollowUp.__table__.update().values(emailed_at=None))
    monkeypatch.setattr(followups, "send_message", down)
    assert followups.sync(rated_low).errors == ["cannot e-mail: connection refused"]
    with rated_low.uow() as session:
        assert session.scalar(select(FollowUp.emailed_at)) is None  # retried on the next sync
