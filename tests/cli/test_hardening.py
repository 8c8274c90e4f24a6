"""Hostile and broken inputs to the `sapa` command: one line on stderr and exit 1, never a traceback;
secrets never printed; CSV cells never run as formulas; invisible user names refused."""

from __future__ import annotations

import csv
import io
import os
import subprocess
import sys
from pathlib import Path

import pytest

from sapa.settings import load_settings
from sapa.wiring import App
from storage import migrate
from storage.repositories.surveys import SurveyRepository

SAPA = [sys.executable, "-m", "sapa.cli"]
REPO = Path(__file__).resolve().parents[2]


def run(args: list[str], cwd: Path, stdin: str = "", **env: str) -> subprocess.CompletedProcess[str]:
    full_env = {k: v for k, v in os.environ.items() if not k.startswith("SAPA_")}
    full_env.setdefault("SAPA_DATABASE_URL", f"sqlite:///{cwd / 'sapa.db'}")
    full_env.update(env)
    return subprocess.run(
        [*SAPA, *args], cwd=cwd, input=stdin, capture_output=True, text=True, env=full_env, timeout=60
    )


def one_line_error(out: subprocess.CompletedProcess[str]) -> str:
    assert out.returncode == 1, out.stderr
    assert "Traceback" not in out.stderr, out.stderr
    lines = out.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: "), out.stderr
    return lines[0]


def billion_laughs() -> str:
    text = 'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n'
    for prev, name in zip("abcdefgh", "bcdefghi", strict=True):
        text += f"{name}: &{name} [{','.join(['*' + prev] * 9)}]\n"
    return text


CONFIGS = {
    "billion-laughs": (billion_laughs().encode(), "aliases"),
    "deep-nesting": (("log_level: " + "[" * 20000 + "]" * 20000 + "\n").encode(), "nested deeper"),
    "huge-number": (("ivr:\n  agi_port: " + "9" * 5000 + "\n").encode(), "digits"),
    "huge-float": (b"ivr:\n  header_timeout_s: 1e999999\n", "header_timeout_s"),
    "not-utf8": ("log_level: INFO  # café\n".encode("latin-1"), "not UTF-8"),
    "bad-timezone": (b"reports:\n  timezone: Mars/Olympus\n", "unknown time zone"),
}


@pytest.mark.parametrize("name", list(CONFIGS))
def test_broken_config_files_give_one_line(tmp_path: Path, name: str) -> None:
    content, expected = CONFIGS[name]
    (tmp_path / "config.yaml").write_bytes(content)
    line = one_line_error(run(["config", "show"], tmp_path))
    assert expected in line


@pytest.mark.parametrize(
    ("env", "expected"),
    [
        ({"SAPA_IVR_SURVEY": "notjson"}, "JSON"),
        ({"SAPA_IVR_AGI_PORT": "9" * 5000}, "ivr.agi_port"),
        ({"SAPA_REPORTS_TIMEZONE": "Nowhere/Land"}, "unknown time zone"),
    ],
)
def test_broken_environment_gives_one_line(tmp_path: Path, env: dict[str, str], expected: str) -> None:
    assert expected in one_line_error(run(["config", "show"], tmp_path, **env))


def test_a_script_alias_bomb_is_refused_with_one_line(tmp_path: Path) -> None:
    script = tmp_path / "bomb.yaml"
    script.write_text("name: bomb\n" + billion_laughs())
    out = run(["script", "validate", str(script)], tmp_path)
    assert out.returncode == 1 and "Traceback" not in out.stderr
    assert "aliases" in out.stderr and len(out.stderr.strip().splitlines()) <= 2, out.stderr


def test_config_show_masks_every_secret(tmp_path: Path) -> None:
    out = run(
        ["config", "show"],
        tmp_path,
        SAPA_DATABASE_URL="postgresql+psycopg://sapa:Db-Pa55word@db.example:5432/sapa",
        SAPA_IVR_TWILIO_AUTH_TOKEN="twilio-token-123",
        SAPA_WEB_SECRET_KEY="web-secret-456",
    )
    assert out.returncode == 0, out.stderr
    for secret in ("Db-Pa55word", "twilio-token-123", "web-secret-456"):
        assert secret not in out.stdout + out.stderr
    assert "postgresql+psycopg://sapa:********@db.example:5432/sapa" in out.stdout
    assert "password_env: SAPA_SMTP_PASSWORD" in out.stdout  # the variable's name is not a secret


def test_survey_csv_export_neutralises_spreadsheet_formulas(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'sapa.db'}"
    migrate.upgrade(url)
    app = App(load_settings(REPO / "config.yaml", database={"url": url}, var_dir=str(tmp_path)))
    hostile = ['=HYPERLINK("http://evil","x")', "+1+1", "-2+3", "@SUM(A1)", "\tcmd", "\rcmd", "plain"]
    with app.uow() as session:
        for index, queue in enumerate(hostile):
            SurveyRepository(session).begin(f"1700000900.{index}", queue=queue)
    app.close()
    env = {k: v for k, v in os.environ.items() if not k.startswith("SAPA_")}
    out = subprocess.run(
        [*SAPA, "surveys", "export", "--format", "csv"],
        cwd=tmp_path,
        capture_output=True,
        env={**env, "SAPA_DATABASE_URL": url},
        timeout=60,
    )  # bytes: a CR inside a cell must reach the reader as it was written
    assert out.returncode == 0, out.stderr
    rows = list(csv.DictReader(io.StringIO(out.stdout.decode("utf-8"), newline="")))
    queues = sorted(row["queue"] for row in rows)
    assert queues == sorted(["'" + q for q in hostile[:-1]] + ["plain"])


@pytest.mark.parametrize("name", ["", "   ", "\u200b", "\u200b\u200c\ufeff", "ad\u200bmin", "\u00a0"])
def test_invisible_user_names_are_refused(tmp_path: Path, name: str) -> None:
    assert run(["init"], tmp_path).returncode == 0
    out = run(["users", "add", name, "--role", "qa", "--password-stdin"], tmp_path, stdin="S3cure-pass-1\n")
    assert "user name" in one_line_error(out)
    listed = run(["users", "list"], tmp_path)
    assert listed.returncode == 0 and listed.stdout.strip() == ""
