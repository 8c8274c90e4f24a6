"""Survey sets through the real FastAGI server, the socket-level fake Asterisk and the database: the
shipped script's `second-line` set (CSAT, resolved 1/2, NPS 0-10 with up to two keys)."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from ivr.agi.server import AgiServer
from ivr.agi.simulator import CallLog, simulate_call
from sapa.bootstrap import load_default_script
from sapa.wiring import App
from storage.models import SurveyAnswer, SurveyResponse
from storage.repositories.surveys import SurveyRepository
from tests.ivr.conftest import wait_idle
from tests.ivr.test_survey_socket import prompts_played

SET_QUEUE = "survey?agent=1001&queue=second-line"


@pytest.fixture
def sets_server(db_server: AgiServer, app: App) -> AgiServer:
    load_default_script(app)  # active support-first-line with its `second-line` set
    return db_server


def run(server: AgiServer, uniqueid: str, keys: list[str | None], **options: object) -> CallLog:
    log = simulate_call(server.address, uniqueid, keys, script=SET_QUEUE, **options)  # type: ignore[arg-type]
    wait_idle(server)
    return log


def stored(app: App, uniqueid: str) -> tuple[SurveyResponse, dict[str, tuple[str, int]]]:
    with app.uow() as session:
        row = SurveyRepository(session).by_call(uniqueid)
        assert row is not None
        answers = session.scalars(select(SurveyAnswer).where(SurveyAnswer.survey_response_id == row.id))
        session.expunge(row)
        return row, {a.question_id: (a.kind, a.value) for a in answers}


def test_three_questions_with_two_key_nps(sets_server: AgiServer, app: App) -> None:
    log = run(sets_server, "30.1", ["4", "2", "10", None])
    assert prompts_played(log.commands) == [
        "intro",
        "confirm_4",
        "q_resolved",
        "q_nps",
        "comment_offer",
        "thanks",
    ]  # not resolved -> the voice comment is offered although the rating is 4
    nps = [c for c in log.commands if "/q_nps" in c]
    assert nps[0].startswith("GET DATA") and nps[0].endswith(" 2")  # two keys at most
    assert "/support-first-line/q_resolved" in log.named("GET DATA")[1]  # the script's own prompt audio
    row, answers = stored(app, "30.1")
    assert (row.status, row.rating, row.attempts) == ("completed", 4, 1)
    assert answers == {"resolved": ("resolved", 0), "nps": ("nps", 10)}


@pytest.mark.parametrize(("key", "value"), [("9", 9), ("0", 0), ("07", 7)])
def test_nps_single_key_ended_by_hash_or_timeout(
    sets_server: AgiServer, app: App, key: str, value: int
) -> None:
    # GET DATA answers "9" when the caller pressed 9 then # (or waited): one key is a whole answer
    run(sets_server, f"31.{key}", ["5", "1", key])
    assert stored(app, f"31.{key}")[1]["nps"] == ("nps", value)


def test_invalid_then_no_input_on_the_second_question(sets_server: AgiServer, app: App) -> None:
    log = run(sets_server, "32.1", ["5", "7", None, "1", "#", "11", "8"])
    assert prompts_played(log.commands) == [
        "intro",
        "confirm_5",
        "q_resolved",
        "q_resolved_invalid",
        "q_resolved_no_input",
        "q_nps",
        "q_nps_invalid",
        "q_nps_invalid",
        "thanks",
    ]
    row, answers = stored(app, "32.1")
    assert (row.status, row.rating) == ("completed", 5)
    assert answers == {"resolved": ("resolved", 1), "nps": ("nps", 8)}  # "#" and "11" were no answer


def test_second_question_unanswered_moves_on(sets_server: AgiServer, app: App) -> None:
    log = run(sets_server, "33.1", ["5", None, None, None, "6"])
    played = prompts_played(log.commands)
    assert played[2:6] == ["q_resolved", "q_resolved_no_input", "q_resolved_no_input", "q_nps"]
    row, answers = stored(app, "33.1")
    assert (row.status, row.rating) == ("completed", 5) and answers == {"nps": ("nps", 6)}


def test_hang_up_mid_set_keeps_the_answers_given(sets_server: AgiServer, app: App) -> None:
    full = run(sets_server, "34.0", ["3", "1", "9"])
    at_nps = next(n for n, c in enumerate(full.commands, 1) if "/q_nps" in c)
    run(sets_server, "34.1", ["3", "1", "9"], hangup_on=at_nps)
    row, answers = stored(app, "34.1")
    assert (row.status, row.rating) == ("abandoned", 3)
    assert answers == {"resolved": ("resolved", 1)}


def test_other_queues_keep_the_single_rating(sets_server: AgiServer, app: App) -> None:
    log = simulate_call(sets_server.address, "35.1", ["4"], script="survey?agent=1001&queue=support")
    wait_idle(sets_server)
    assert prompts_played(log.commands) == ["intro", "confirm_4", "thanks"]
    row, answers = stored(app, "35.1")
    assert (row.status, row.rating, answers) == ("completed", 4, {})


def test_export_includes_the_set_answers(sets_server: AgiServer, app: App, tmp_path) -> None:
    from ivr.survey.export import render

    run(sets_server, "36.1", ["2", "2", "3", None])
    with app.uow() as session:
        rows = {r["call_id"]: r for r in SurveyRepository(session).export()}
    row = rows["36.1"]
    assert (row["rating"], row["resolved"], row["nps"], row["answers"]) == (
        2,
        "no",
        3,
        {"resolved": 0, "nps": 3},
    )
    csv_text = render(list(rows.values()), "csv")
    header, line = csv_text.splitlines()[:2]
    assert header.endswith(",resolved,nps,answers") and line.endswith(",no,3,resolved=0;nps=3")
    assert '"answers": {\n      "resolved": 0,\n      "nps": 3\n    }' in render([row], "json")
