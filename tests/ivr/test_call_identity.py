"""Issue 11 bugs 1 and 2 through the real path: the rated extension and the language stay on the call.

1. A survey for an extension no agent has (yet) keeps the extension (calls.agent_extension); exports and
   scorecards show it; `sapa agents add` links the earlier calls and ratings to the new agent.
2. The language the caller chose in the IVR (survey ``lang=`` or the script's language menu) becomes
   Call.language, and ingest transcribes that call's recording with that language's model.
"""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select

from asr.pool import Transcriber, engine_spec
from ivr.agi.server import AgiServer
from ivr.agi.simulator import simulate_call
from ivr.survey.store import DbSurveyStore
from reports.assemble import build_report
from reports.config import ReportsConfig
from reports.export import to_csv
from reports.periods import parse_period
from reports.render import render_html
from sapa.cli import main
from sapa.ingest import ingest_files, recordings_in
from sapa.wiring import App
from storage.models import Call, SurveyResponse, Transcript
from storage.repositories.calls import CallRepository
from tests.ivr.conftest import ivr_config, start_server, wait_idle
from tests.ivr.test_script_route import SCRIPT, script_server  # noqa: F401  (fixture)


def _export(app: App, capsys: pytest.CaptureFixture[str]) -> list[dict[str, object]]:
    code = main(["--database-url", app.settings.database.url, "surveys", "export", "--format", "json"])
    out = capsys.readouterr()
    assert code == 0, out.err
    rows: list[dict[str, object]] = json.loads(out.out)
    return rows


def _agent_cards(app: App) -> list[str]:
    """Labels of the agent scorecards of this month; the HTML and CSV exports show every card."""
    cfg = ReportsConfig()
    period = parse_period(datetime.now(ZoneInfo(cfg.timezone)).strftime("%Y-%m"))
    with app.uow() as session:
        report = build_report(session, cfg, period, "agent")
    labels = [card.label for card in report.scorecards]
    html, table = render_html(report, cfg, language="en"), to_csv(report)  # labels as the report holds them
    assert all(label in html for label in labels)
    for card in report.scorecards:
        assert f"{card.info['extension']},{card.info['name']}" in table
    return labels


def test_unregistered_extension_is_kept_shown_and_linked_when_the_agent_is_added(
    db_server: AgiServer, app: App, capsys: pytest.CaptureFixture[str]
) -> None:
    simulate_call(db_server.address, "5100.1", ["4"], script="survey?agent=PJSIP/1003&queue=support")
    simulate_call(db_server.address, "5100.2", ["5"], script="survey?agent=1001&queue=support")
    wait_idle(db_server)
    with app.uow() as session:
        call = CallRepository(session).by_external_id("5100.1")
        assert call is not None and (call.agent_extension, call.agent_id) == ("1003", None)
    rows = {r["call_id"]: r for r in _export(app, capsys)}
    assert (rows["5100.1"]["agent"], rows["5100.1"]["agent_name"], rows["5100.1"]["rating"]) == (
        "1003",
        None,
        4,
    )
    assert rows["5100.1"]["agent_registered"] is False and rows["5100.2"]["agent_registered"] is True
    cards = _agent_cards(app)
    assert "unregistered 1003" in cards and "1001 Айгерим Нурланова" in cards

    code = main(["--database-url", app.settings.database.url, "agents", "add", "1003", "Дана Омарова"])
    out = capsys.readouterr().out
    assert code == 0 and "1 earlier calls of extension 1003" in out
    with app.uow() as session:
        call = CallRepository(session).by_external_id("5100.1")
        assert call is not None and call.agent is not None and call.agent.extension == "1003"
        assert call.team_id is None  # added without a team
        survey = session.scalar(select(SurveyResponse).where(SurveyResponse.call_id == call.id))
        assert survey is not None and survey.agent_id == call.agent_id
    row = {r["call_id"]: r for r in _export(app, capsys)}["5100.1"]
    assert (row["agent"], row["agent_name"], row["agent_registered"]) == ("1003", "Дана Омарова", True)
    cards = _agent_cards(app)
    assert "1003 Дана Омарова" in cards and not any(c.startswith("unregistered") for c in cards)


def _ingest_languages(app: App, tmp_path: Path, names: list[str]) -> dict[str, tuple[str, str]]:
    """Ingest one (unreadable) recording per call; call id -> (language, model folder) ingest chose."""
    models = {lang: tmp_path / f"{lang}-model" for lang in ("ru", "kk")}
    for folder in models.values():
        folder.mkdir(exist_ok=True)
    config = app.settings.asr.model_copy(
        update={
            "workers": 1,
            "max_attempts": 1,
            "language": "ru",
            "models": {k: str(v) for k, v in models.items()},
        }
    )
    recordings = tmp_path / "recordings"
    recordings.mkdir()
    for name in names:  # not audio: ingest fails, but stores which language and model it tried
        (recordings / f"{name}.wav").write_bytes(name.encode() * 100)
    ingest_files(
        app,
        recordings_in(recordings),
        Transcriber(config, engine_spec(config)),
        script="support-first-line",
        transcriber_for=lambda lang: Transcriber(config, engine_spec(config, language=lang)),
    )
    with app.uow() as session:
        rows = session.execute(
            select(Call.external_id, Transcript.language, Transcript.model).join(Transcript)
        )
        return {r[0]: (r[1], Path(r[2]).name) for r in rows}


def test_survey_language_is_the_calls_language_and_ingest_uses_it(sqlite_app: App, tmp_path: Path) -> None:
    sqlite_app.migrate()
    server = start_server(ivr_config(tmp_path), DbSurveyStore(sqlite_app.sessions), sqlite_app.sessions)
    try:
        simulate_call(server.address, "1700000030.1", ["4"], script="survey?agent=1001&lang=kk")
        simulate_call(server.address, "1700000031.1", ["4"], script="survey?agent=1001", language="en")
        wait_idle(server)
    finally:
        server.stop(grace_s=2)
    with sqlite_app.uow() as session:
        calls = {r[0]: r[1] for r in session.execute(select(Call.external_id, Call.language)).all()}
    # lang=kk was the caller's; Asterisk's default "en" was nobody's choice: the call's language stays open
    assert calls == {"1700000030.1": "kk", "1700000031.1": None}
    chosen = _ingest_languages(sqlite_app, tmp_path, ["1700000030.1", "1700000031.1"])
    assert chosen == {"1700000030.1": ("kk", "kk-model"), "1700000031.1": ("ru", "ru-model")}


def test_language_chosen_in_the_ivr_menu_is_the_calls_language(
    script_server: AgiServer,  # noqa: F811
    sqlite_app: App,
    tmp_path: Path,
) -> None:
    simulate_call(script_server.address, "1700000040.1", ["1", "2"], script=SCRIPT)  # 1 = Kazakh
    wait_idle(script_server)
    with sqlite_app.uow() as session:
        call = CallRepository(session).by_external_id("1700000040.1")
        assert call is not None and call.language == "kk" and call.caller_number == "77012345678"
    assert _ingest_languages(sqlite_app, tmp_path, ["1700000040.1"]) == {"1700000040.1": ("kk", "kk-model")}
