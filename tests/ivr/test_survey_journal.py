"""The survey journal on a real database: replay is idempotent, torn tails and bad steps do not block."""

from __future__ import annotations

import json
from pathlib import Path

from ivr.survey.identity import SurveyIdentity
from ivr.survey.store import Outcome
from ivr.survey.writer import RESTART_REASON, JournaledSurveyStore
from sapa.wiring import App
from storage.repositories.surveys import SurveyRepository

GENEROUS_S = 120.0


def identity(call_id: str) -> SurveyIdentity:
    return SurveyIdentity(call_id, call_id, "", "1001", "support", "ru", "77012345678")


def rows(app: App) -> dict[str, tuple[object, ...]]:
    with app.uow() as session:
        return {
            r["call_id"]: (
                r["rating"],
                r["status"],
                r["attempts"],
                r["finished_at"] is not None,
                r["skip_reason"],
            )
            for r in SurveyRepository(session).export()
        }


def open_store(app: App, folder: Path) -> JournaledSurveyStore:
    return JournaledSurveyStore(app.sessions, folder, close_wait_s=GENEROUS_S)


def test_replaying_the_whole_journal_changes_nothing(app: App, tmp_path: Path) -> None:
    folder = tmp_path / "journal"
    store = open_store(app, folder)
    token = store.begin(identity("80.1"))
    assert token is not None and store.begin(identity("80.1")) is None  # one survey per call
    store.record(token, 4, 2)
    store.finish(token, Outcome("completed", rating=4, attempts=2))
    store.close()
    first = rows(app)
    assert first == {"80.1": (4, "completed", 2, True, None)}
    (folder / "applied").write_text("0\n")  # as if the process died between commit and checkpoint
    (folder / "journal.jsonl").open("ab").write(b'{"seq": 99, "op": "rec')  # and mid-write
    again = open_store(app, folder)
    assert again.sync(GENEROUS_S)
    assert again.begin(identity("80.1")) is None  # the journal remembers the call
    again.close()
    assert rows(app) == first


def test_a_step_the_database_refuses_is_set_aside(app: App, tmp_path: Path) -> None:
    store = open_store(app, tmp_path / "journal")
    bad = store.begin(identity("81.1"))
    good = store.begin(identity("81.2"))
    assert bad is not None and good is not None
    store.record(bad, 7, 1)  # out of range: the repository refuses it
    store.finish(good, Outcome("completed", rating=5, attempts=1))
    store.finish(bad, Outcome("invalid", attempts=1))
    store.close()
    assert rows(app) == {"81.1": (None, "invalid", 1, True, None), "81.2": (5, "completed", 1, True, None)}
    (rejected,) = (tmp_path / "journal" / "rejected.jsonl").read_text().splitlines()
    assert json.loads(rejected)["rating"] == 7 and "rating must be 1-5" in json.loads(rejected)["error"]


def test_a_session_cut_by_a_crash_is_closed_at_start(app: App, tmp_path: Path) -> None:
    store = open_store(app, tmp_path / "journal")
    token = store.begin(identity("82.1"))
    assert token is not None
    store.record(token, 3, 1)  # ... and the process dies before finish
    store.close()
    assert rows(app)["82.1"][3] is False  # left open by the crash
    restarted = open_store(app, tmp_path / "journal")
    assert restarted.sync(GENEROUS_S)
    restarted.close()
    assert rows(app) == {"82.1": (3, "error", 1, True, RESTART_REASON)}
