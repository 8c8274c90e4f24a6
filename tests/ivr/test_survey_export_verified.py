"""Issue 14: a rating for a call id Asterisk never had is flagged (export `verified`, reports' count).

Real path: ratings arrive over the FastAGI socket (the fake Asterisk of ivr.agi.simulator) into the
database; the real call's MixMonitor file goes through `sapa ingest` (ingest_files); then `sapa surveys
export` and the report builder read the flag. The made-up call has no recording and stays unverified.
"""

from __future__ import annotations

import json
import time
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from asr.pool import Transcriber, engine_spec
from ivr.agi.simulator import simulate_call
from ivr.survey.store import DbSurveyStore
from reports.assemble import build_report
from reports.config import ReportsConfig
from reports.export import to_csv
from reports.periods import parse_period
from sapa.cli import main
from sapa.ingest import ingest_files, recordings_in
from sapa.wiring import App
from storage.models import utcnow
from storage.repositories.surveys import SurveyRepository
from tests.ivr.conftest import ivr_config, start_server, wait_idle

REAL, FORGED = "1700000050.1", "1700000051.1"
GRACE_H = 0.0005  # 1.8 s: the grace period is over after the sleep below (waits, never asserts a time)


def _survey(app: App, tmp_path: Path) -> None:
    app.migrate()
    server = start_server(ivr_config(tmp_path), DbSurveyStore(app.sessions), app.sessions)
    try:
        for uniqueid in (REAL, FORGED):  # the forged one: an allowed peer posting a made-up call id
            simulate_call(server.address, uniqueid, ["5"], script="survey?agent=1001&queue=support")
        wait_idle(server)
    finally:
        server.stop(grace_s=2)


def _ingest_recording(app: App, tmp_path: Path) -> None:
    """Asterisk's MixMonitor file of the real call, through `sapa ingest` (not audio: the transcription
    fails, which is fine here: the file reached Sapa and is tied to the call by its uniqueid)."""
    model = tmp_path / "ru-model"
    model.mkdir()
    config = app.settings.asr.model_copy(
        update={"workers": 1, "max_attempts": 1, "language": "ru", "models": {"ru": str(model)}}
    )
    recordings = tmp_path / "recordings"
    recordings.mkdir()
    (recordings / f"{REAL}-in.wav").write_bytes(b"RIFF" * 200)
    ingest_files(app, recordings_in(recordings), Transcriber(config, engine_spec(config)), script="x")


def _export(app: App, capsys: pytest.CaptureFixture[str]) -> dict[str, object]:
    code = main(["--database-url", app.settings.database.url, "surveys", "export", "-f", "json"])
    out = capsys.readouterr()
    assert code == 0, out.err
    return {str(r["call_id"]): r["verified"] for r in json.loads(out.out)}


def _centre_unverified(app: App, hours: float) -> tuple[object, object, str]:
    cfg = ReportsConfig(unverified_after_hours=hours)
    period = parse_period(datetime.now(ZoneInfo(cfg.timezone)).strftime("%Y-%m"))
    with app.uow() as session:
        report = build_report(session, cfg, period, "centre")
    return report.total.value("ratings_unverified"), report.total.value("survey_completed"), to_csv(report)


def test_made_up_call_id_is_flagged_and_a_recorded_call_is_not(
    app: App, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    _survey(app, tmp_path)
    _ingest_recording(app, tmp_path)
    # within reports.unverified_after_hours (default 24) a call without a recording is only pending
    assert _export(app, capsys) == {REAL: "true", FORGED: "pending"}
    assert _centre_unverified(app, 24.0)[:2] == (0, 2)

    time.sleep(GRACE_H * 3600 + 0.5)
    monkeypatch.setenv("SAPA_REPORTS_UNVERIFIED_AFTER_HOURS", str(GRACE_H))
    assert _export(app, capsys) == {REAL: "true", FORGED: "false"}
    unverified, completed, table = _centre_unverified(app, GRACE_H)
    # counted separately, never dropped: both ratings are still in CSAT
    assert (unverified, completed) == (1, 2)
    assert "ratings_unverified" in table.splitlines()[0]


def test_signed_twilio_survey_needs_no_recording_and_an_old_agi_one_does(app: App) -> None:
    """Grace period over: a Twilio rating (signed webhook) is verified without a recording."""
    app.migrate()
    with app.uow() as session:
        repo = SurveyRepository(session)
        for call_id, channel in (("CA" + "0" * 32, "twilio"), ("1700000060.1", "asterisk")):
            row = repo.begin(call_id, channel=channel, agent_extension="1001")
            repo.record(row.id, 4, 1)
            repo.finish(row.id, "completed")
    later = utcnow() + timedelta(hours=25)
    with app.uow() as session:
        rows = SurveyRepository(session).export(now=later)
    assert {r["channel"]: r["verified"] for r in rows} == {"twilio": "true", "asterisk": "false"}
