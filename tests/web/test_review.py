"""Call review: escaping, evidence marks, overrides with audit, feedback, disputes."""

from __future__ import annotations

from sqlalchemy import select

from sapa.wiring import App
from storage.models import AuditEntry, Dispute, Evaluation, Feedback, ItemResult, Transcript
from tests.web.conftest import csrf_of
from tests.web.seed import Seeded
from tests.web.test_calls import ids as ids_of

XSS = '<script>alert("x")</script><img src=x onerror=alert(1)>'


def test_transcript_and_comments_are_escaped(client_for, web_app: App, seeded: Seeded) -> None:
    call_id = seeded.calls["c-1001-0"]
    with web_app.uow() as session:
        tr = session.scalar(select(Transcript).where(Transcript.call_id == call_id))
        tr.segments = [{"speaker": "agent", "start": 0.0, "end": 1.0, "text": f"Здравствуйте {XSS}"}]
        session.add(Feedback(call_id=call_id, text=f"feedback {XSS}"))
    qa = client_for("qa")
    token = csrf_of(qa.get("/calls").text)
    qa.post(
        f"/calls/{call_id}/items/{seeded.items['c-1001-0/greeting']}/override",
        data={"answer": "no", "comment": f"comment {XSS}", "csrf_token": token},
    )
    page = qa.get(f"/calls/{call_id}").text
    assert "<script>alert" not in page and "<img src=x" not in page
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;" in page
    assert page.count("&lt;img src=x onerror=alert(1)&gt;") >= 3  # transcript, feedback, override comment
    assert page.count("<script") == 1  # only the vendored app.js


def test_evidence_is_highlighted_in_the_transcript(client_for, seeded: Seeded) -> None:
    page = client_for("qa").get(f"/calls/{seeded.calls['c-1001-0']}").text
    assert "<mark>Здравствуйте</mark>" in page and "<mark>всего доброго</mark>" in page
    assert 'title="evidence for greeting"' in page
    assert 'data-seek="3.2"' in page


def test_override_keeps_auto_answer_recomputes_and_audits(client_for, web_app: App, seeded: Seeded) -> None:
    call_id, item_id = seeded.calls["c-1001-0"], seeded.items["c-1001-0/greeting"]
    qa = client_for("qa")
    token = csrf_of(qa.get("/calls").text)
    assert (
        qa.post(
            f"/calls/{call_id}/items/{item_id}/override",
            data={"answer": "no", "comment": "", "csrf_token": token},
        ).status_code
        == 400
    )
    r = qa.post(
        f"/calls/{call_id}/items/{item_id}/override",
        data={"answer": "no", "comment": "name not given", "csrf_token": token},
        follow_redirects=False,
    )
    assert r.status_code == 303
    with web_app.uow() as session:
        item = session.get(ItemResult, item_id)
        assert (item.passed, item.auto_passed, item.overridden) == (False, True, True)
        assert item.override_comment == "name not given"
        evaluation = session.get(Evaluation, item.evaluation_id)
        assert evaluation.score < 100.0
        audit = session.scalars(select(AuditEntry).where(AuditEntry.entity_id == str(item_id))).all()
        assert any(a.actor == "qa" and "override" in a.action for a in audit)
    page = qa.get(f"/calls/{call_id}").text
    assert "name not given" in page and "badge over" in page
    assert "name not given" in qa.get("/audit").text


def test_override_of_another_calls_item_is_404(client_for, seeded: Seeded) -> None:
    qa = client_for("qa")
    token = csrf_of(qa.get("/calls").text)
    r = qa.post(
        f"/calls/{seeded.calls['c-1001-0']}/items/{seeded.items['c-2001-0/greeting']}/override",
        data={"answer": "no", "comment": "x", "csrf_token": token},
    )
    assert r.status_code == 404


def test_feedback_reaches_agent_and_lead(client_for, seeded: Seeded) -> None:
    call_id = seeded.calls["c-1001-0"]
    qa = client_for("qa")
    qa.post(
        f"/calls/{call_id}/feedback",
        data={"text": "Назовите своё имя в приветствии", "csrf_token": csrf_of(qa.get("/calls").text)},
    )
    for who in ("agent1", "lead"):
        assert "Назовите своё имя в приветствии" in client_for(who).get(f"/calls/{call_id}").text


def test_dispute_accepted_flips_answer(client_for, web_app: App, seeded: Seeded) -> None:
    call_id, item_id = seeded.calls["c-1001-1"], seeded.items["c-1001-1/greeting"]
    agent = client_for("agent1")
    page = agent.get(f"/calls/{call_id}").text
    assert "/dispute" in page and "/override" not in page
    r = agent.post(
        f"/calls/{call_id}/items/{item_id}/dispute",
        data={"comment": "I said hello at 0:01", "csrf_token": csrf_of(page)},
    )
    assert r.status_code == 200  # redirected back to the call
    with web_app.uow() as session:
        dispute = session.scalar(select(Dispute))
        assert dispute.status == "open"
        dispute_id = dispute.id
    qa = client_for("qa")
    listing = qa.get("/disputes").text
    assert "I said hello at 0:01" in listing
    qa.post(
        f"/disputes/{dispute_id}/resolve",
        data={"status": "accepted", "answer": "keep", "comment": "ok", "csrf_token": csrf_of(listing)},
    )
    with web_app.uow() as session:
        assert session.get(Dispute, dispute_id).status == "accepted"
        item = session.get(ItemResult, item_id)
        assert (item.passed, item.auto_passed) == (True, False)
    r = qa.post(
        f"/disputes/{dispute_id}/resolve", data={"status": "rejected", "csrf_token": csrf_of(listing)}
    )
    assert r.status_code == 400  # already resolved
    assert "accepted" in agent.get("/disputes?status=all").text


def test_dispute_partially_accepted_with_chosen_answer(client_for, web_app: App, seeded: Seeded) -> None:
    call_id, item_id = seeded.calls["c-1001-1"], seeded.items["c-1001-1/greeting"]
    agent = client_for("agent1")
    agent.post(
        f"/calls/{call_id}/items/{item_id}/dispute",
        data={"comment": "partly", "csrf_token": csrf_of(agent.get("/calls").text)},
    )
    qa = client_for("qa")
    with web_app.uow() as session:
        dispute_id = session.scalar(select(Dispute.id))
    qa.post(
        f"/disputes/{dispute_id}/resolve",
        data={
            "status": "partially_accepted",
            "answer": "na",
            "comment": "n/a here",
            "csrf_token": csrf_of(qa.get("/calls").text),
        },
    )
    with web_app.uow() as session:
        assert session.get(ItemResult, item_id).passed is None
        assert session.get(Dispute, dispute_id).status == "partially_accepted"


def test_needs_review_item_is_shown_and_filtered(client_for, web_app: App, seeded: Seeded) -> None:
    """Issue 12: an answer below the confidence threshold shows as "needs review" and the calls list filters
    such calls; a QA override settles it (the badge goes)."""
    call_id, item_id = seeded.calls["c-1001-0"], seeded.items["c-1001-0/greeting"]
    qa = client_for("qa")
    assert "badge review" not in qa.get(f"/calls/{call_id}").text
    assert call_id not in ids_of(qa.get("/calls?review=1").text)
    with web_app.uow() as session:
        item = session.get(ItemResult, item_id)
        item.needs_review, item.confidence = True, 0.42
    page = qa.get(f"/calls/{call_id}").text
    assert "badge review" in page and "confidence 0.42" in page
    assert ids_of(qa.get("/calls?review=1").text) == [call_id]
    token = csrf_of(qa.get("/calls").text)
    qa.post(
        f"/calls/{call_id}/items/{item_id}/override",
        data={"answer": "yes", "comment": "greeting heard on the recording", "csrf_token": token},
    )
    assert "badge review" not in qa.get(f"/calls/{call_id}").text
    assert ids_of(qa.get("/calls?review=1").text) == []
