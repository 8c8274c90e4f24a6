"""Follow-ups of unhappy callers: created from surveys through the database, shown and closed on the web
with role scoping (a lead sees only his team's), the voice comment served only from comments_dir."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select

from sapa.followups import sync
from sapa.wiring import App
from storage.models import AuditEntry, Call, FollowUp, SurveyAnswer, SurveyResponse, User
from tests.web.conftest import csrf_of
from tests.web.seed import Seeded


def _survey(app: App, call_id: int, rating: int | None, status: str = "completed", **kw: object) -> int:
    with app.uow() as session:
        call = session.get(Call, call_id)
        assert call is not None
        response = SurveyResponse(
            call_id=call.id, agent_id=call.agent_id, rating=rating, status=status, attempts=1, **kw
        )
        session.add(response)
        session.flush()
        from storage.models import utcnow

        response.finished_at = utcnow()
        return response.id


@pytest.fixture
def unhappy(web_app: App, seeded: Seeded) -> dict[str, int]:
    """north: c-1001-1 rated 1 with a voice comment; south: c-2001-1 rated 5 but "not resolved";
    c-1002-1 rated 3 (no follow-up); c-1002-2 rated 2 and hung up (abandoned: still a follow-up)."""
    comments = Path(web_app.settings.ivr.comments_dir).resolve()
    comments.mkdir(parents=True)
    (comments / "c-1001-1.wav").write_bytes(b"RIFF-comment")
    _survey(web_app, seeded.calls["c-1001-1"], 1, comment_recording_path=str(comments / "c-1001-1.wav"))
    south = _survey(web_app, seeded.calls["c-2001-1"], 5)
    with web_app.uow() as session:
        session.add(
            SurveyAnswer(
                survey_response_id=south,
                call_id=seeded.calls["c-2001-1"],
                question_id="resolved",
                kind="resolved",
                value=0,
            )
        )
    _survey(web_app, seeded.calls["c-1002-1"], 3)
    _survey(web_app, seeded.calls["c-1002-2"], 2, status="abandoned")
    created = sync(web_app).created
    with web_app.uow() as session:
        rows = session.scalars(select(FollowUp).where(FollowUp.id.in_(created)))
        return {session.get(Call, f.call_id).external_id: f.id for f in rows}  # type: ignore[union-attr]


def test_sync_creates_one_follow_up_per_unhappy_call_for_the_team_lead(
    web_app: App, unhappy: dict[str, int]
) -> None:
    assert set(unhappy) == {"c-1001-1", "c-2001-1", "c-1002-2"}
    with web_app.uow() as session:
        lead = session.scalar(select(User).where(User.username == "lead"))
        got = {f.call.external_id: f for f in session.scalars(select(FollowUp))}
        assert got["c-1001-1"].reason == "low_rating" and got["c-1001-1"].owner_user_id == lead.id
        assert got["c-1001-1"].team_id == lead.team_id and got["c-1001-1"].status == "open"
        assert got["c-2001-1"].reason == "not_resolved" and got["c-2001-1"].owner_user_id is None  # no lead
        assert got["c-1002-2"].rating == 2
    assert sync(web_app).created == []  # idempotent: one per call


def test_threshold_and_not_resolved_switch_come_from_config(web_app: App, seeded: Seeded) -> None:
    _survey(web_app, seeded.calls["c-1001-1"], 2)
    web_app.settings.reports.followups.max_rating = 1
    assert sync(web_app).created == []
    web_app.settings.reports.followups.max_rating = 2
    assert len(sync(web_app).created) == 1


def test_lead_sees_and_closes_only_his_team(client_for, web_app: App, unhappy: dict[str, int]) -> None:
    lead = client_for("lead")
    page = lead.get("/followups")
    assert page.status_code == 200
    assert "c-1001-1" in page.text and "c-1002-2" in page.text and "c-2001-1" not in page.text
    assert 'href="/calls/' in page.text and f"/followups/{unhappy['c-1001-1']}/comment" in page.text
    token = csrf_of(page.text)
    other = unhappy["c-2001-1"]
    assert lead.get(f"/followups/{other}/comment").status_code == 404
    r = lead.post(
        f"/followups/{other}/close", data={"note": "x", "csrf_token": token}, follow_redirects=False
    )
    assert r.status_code == 404
    own = unhappy["c-1001-1"]
    r = lead.post(f"/followups/{own}/close", data={"note": " ", "csrf_token": token}, follow_redirects=False)
    assert r.status_code == 400
    r = lead.post(f"/followups/{own}/close", data={"note": "called back"}, follow_redirects=False)
    assert r.status_code == 403  # no CSRF token
    r = lead.post(
        f"/followups/{own}/close",
        data={"note": "called back, fixed", "csrf_token": token},
        follow_redirects=False,
    )
    assert r.status_code == 303
    with web_app.uow() as session:
        f = session.get(FollowUp, own)
        assert f is not None and (f.status, f.note) == ("closed", "called back, fixed")
        assert f.closed_by_user_id == session.scalar(select(User.id).where(User.username == "lead"))
        audit = session.scalar(select(AuditEntry).where(AuditEntry.action == "followup_close"))
        assert audit is not None and audit.entity_id == str(own) and audit.actor == "lead"
        assert session.get(FollowUp, other).status == "open"  # type: ignore[union-attr]
    assert "c-1001-1" not in lead.get("/followups").text  # closed: off the open list
    assert "called back, fixed" in lead.get("/followups?status=closed").text


def test_qa_reads_all_but_does_not_close_and_agents_are_refused(client_for, unhappy: dict[str, int]) -> None:
    qa = client_for("qa")
    page = qa.get("/followups")
    assert all(ext in page.text for ext in unhappy) and '<button type="submit">Close' not in page.text
    r = qa.post(
        f"/followups/{unhappy['c-2001-1']}/close",
        data={"note": "x", "csrf_token": csrf_of(page.text)},
        follow_redirects=False,
    )
    assert r.status_code == 403
    admin = client_for("admin")
    r = admin.post(
        f"/followups/{unhappy['c-2001-1']}/close",
        data={"note": "admin closed", "csrf_token": csrf_of(admin.get("/followups").text)},
        follow_redirects=False,
    )
    assert r.status_code == 303
    agent = client_for("agent1")
    assert agent.get("/followups", follow_redirects=False).status_code == 403
    assert agent.get(f"/followups/{unhappy['c-1001-1']}/comment", follow_redirects=False).status_code == 403


def test_voice_comment_is_served_only_from_the_comments_folder(
    client_for, web_app: App, unhappy: dict[str, int], tmp_path: Path
) -> None:
    lead = client_for("lead")
    own = unhappy["c-1001-1"]
    r = lead.get(f"/followups/{own}/comment")
    assert r.status_code == 200 and r.content == b"RIFF-comment" and r.headers["content-type"] == "audio/wav"
    outside = tmp_path / "secret.wav"
    outside.write_bytes(b"secret")
    with web_app.uow() as session:
        survey = session.scalar(
            select(SurveyResponse)
            .join(FollowUp, FollowUp.call_id == SurveyResponse.call_id)
            .where(FollowUp.id == own)
        )
        assert survey is not None
        survey.comment_recording_path = str(outside)
    r = lead.get(f"/followups/{own}/comment")
    assert r.status_code == 403 and b"secret" not in r.content
