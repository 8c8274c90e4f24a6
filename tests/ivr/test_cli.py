"""`sapa agi`, `sapa prompts build`, `sapa surveys export` as a user runs them."""

from __future__ import annotations

import csv
import io
import json
import os
import signal
import socket
import subprocess
import sys
import time
import wave
from pathlib import Path

import pytest

from ivr.agi.simulator import simulate_call
from ivr.prompts import SURVEY_PROMPTS
from sapa.cli import main
from sapa.wiring import App
from storage.repositories.org import AgentRepository
from storage.repositories.surveys import SurveyRepository

SAPA = [sys.executable, "-m", "sapa.cli"]


def sapa(args: list[str], cwd: Path, db: str, **kwargs: object) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("SAPA_")}
    return subprocess.run(
        [*SAPA, "--database-url", db, *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        env=env,
        timeout=1200,
        **kwargs,
    )  # type: ignore[call-overload]


def cli(args: list[str], db: str, capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    """In-process run (fast); the subprocess tests below cover the real entry point."""
    code = main(["--database-url", db, *args])
    out = capsys.readouterr()
    return code, out.out, out.err


def seed(app: App) -> None:
    with app.uow() as session:
        AgentRepository(session).add("1001", "Айгерим", "first-line")
        repo = SurveyRepository(session)
        done = repo.begin("4000.1", agent_extension="1001", queue="support", language="kk")
        repo.record(done.id, 4, 1)
        repo.finish(done.id, "completed")
        repo.finish(repo.begin("4000.2", agent_extension="1001", queue="support").id, "no_input", attempts=3)


def test_export_json_and_csv(
    sqlite_app: App, sqlite_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    seed(sqlite_app)
    code, stdout, stderr = cli(["surveys", "export", "--format", "json"], sqlite_url, capsys)
    assert code == 0, stderr
    rows = json.loads(stdout)
    assert [
        (r["call_id"], r["agent"], r["queue"], r["rating"], r["status"], r["attempts"], r["language"])
        for r in rows
    ] == [
        ("4000.1", "1001", "support", 4, "completed", 1, "kk"),
        ("4000.2", "1001", "support", None, "no_input", 3, "ru"),
    ]
    assert rows[0]["started_at"].endswith("+00:00") and rows[0]["finished_at"]
    target = tmp_path / "s.csv"
    code, stdout, _ = cli(["surveys", "export", "-f", "csv", "-o", str(target)], sqlite_url, capsys)
    assert code == 0 and "2 survey responses" in stdout
    table = list(csv.DictReader(io.StringIO(target.read_text(encoding="utf-8"))))
    assert [(r["call_id"], r["rating"], r["status"]) for r in table] == [
        ("4000.1", "4", "completed"),
        ("4000.2", "", "no_input"),
    ]


def test_export_window_and_bad_input(
    sqlite_app: App, sqlite_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    seed(sqlite_app)
    code, stdout, _ = cli(["surveys", "export", "--since", "2999-01-01"], sqlite_url, capsys)
    assert code == 0 and json.loads(stdout) == []
    code, stdout, _ = cli(["surveys", "export", "--since", "2000-01-01T00:00+05:00"], sqlite_url, capsys)
    assert len(json.loads(stdout)) == 2
    code, _, stderr = cli(["surveys", "export", "--until", "yesterday"], sqlite_url, capsys)
    assert code == 1 and stderr.strip() == "error: not a date or ISO datetime: 'yesterday'"
    code, _, stderr = cli(["surveys", "export", "--format", "xml"], sqlite_url, capsys)
    assert code == 1 and "unknown export format 'xml'" in stderr


def test_prompts_build_renders_8khz_mono_wav(sqlite_url: str, tmp_path: Path) -> None:
    out = sapa(["prompts", "build", "--no-scripts"], tmp_path, sqlite_url)
    assert out.returncode == 0, out.stderr
    assert f"{len(SURVEY_PROMPTS) * 3} prompts rendered" in out.stdout
    with wave.open(str(tmp_path / "var/prompts/kk/survey/intro.wav")) as wav:
        assert (wav.getframerate(), wav.getnchannels(), wav.getsampwidth()) == (8000, 1, 2)
        assert wav.getnframes() > 8000  # more than a second of speech
    again = sapa(["prompts", "build", "--no-scripts"], tmp_path, sqlite_url)
    assert "0 prompts rendered" in again.stdout


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_agi_command_serves_and_stops_on_sigterm(sqlite_app: App, sqlite_url: str, tmp_path: Path) -> None:
    seed(sqlite_app)
    port = _free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("SAPA_")}
    proc = subprocess.Popen(
        [*SAPA, "--database-url", sqlite_url, "agi", "--port", str(port)],
        cwd=tmp_path,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )
    try:
        assert proc.stdout is not None
        assert f"agi://127.0.0.1:{port}/" in proc.stdout.readline()
        log = simulate_call(("127.0.0.1", port), "4000.3", ["5"])
        assert log.commands[-1] == "HANGUP"
    finally:
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(timeout=300) == 0
    assert proc.stderr is not None
    err = proc.stderr.read()  # no prompts were built: said at start, naming files and the command
    assert "prompt files are missing" in err and "ru/survey/intro" in err and "sapa prompts build" in err
    time.sleep(0.1)
    with sqlite_app.uow() as session:
        row = SurveyRepository(session).by_call("4000.3")
        assert row is not None and (row.rating, row.status) == (5, "completed")


def test_agi_start_check_names_only_the_missing_prompts(sqlite_app: App, tmp_path: Path) -> None:
    """Issue 16 item 5: `sapa agi` lists missing prompt files; a recording or a rendered file counts."""
    from ivr.prompt_build import survey_texts
    from ivr.prompts import LANGUAGES
    from sapa.commands.ivr import missing_prompts_report

    sqlite_app.migrate()
    prompts = Path(sqlite_app.settings.ivr.prompts_dir)
    for text in survey_texts(LANGUAGES):
        if (text.language, text.name) != ("kk", "thanks"):
            target = prompts / text.language / text.namespace / f"{text.name}.wav"
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(b"RIFF")
    report = missing_prompts_report(sqlite_app)
    assert len(report) == 2 and "1 of 36 prompt files are missing" in report[0]
    assert report[0].endswith(": kk/survey/thanks") and "sapa prompts build" in report[1]
    custom = Path(sqlite_app.settings.ivr.custom_prompts_dir) / "kk" / "survey" / "thanks.gsm"
    custom.parent.mkdir(parents=True)
    custom.write_bytes(b"x")  # a recorded prompt is as good as a rendered one
    assert missing_prompts_report(sqlite_app) == []
