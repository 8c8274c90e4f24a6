"""The `sapa` command as a user runs it: real subprocesses, exit codes, one-line errors."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
SAPA = [sys.executable, "-m", "sapa.cli"]


def run(
    args: list[str], cwd: Path, stdin: str = "", env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    full_env = {k: v for k, v in os.environ.items() if not k.startswith("SAPA_")}
    full_env.update(env or {})
    return subprocess.run(
        [*SAPA, *args], cwd=cwd, input=stdin, capture_output=True, text=True, env=full_env, timeout=1200
    )


def test_help_lists_commands(tmp_path: Path) -> None:
    out = run(["--help"], tmp_path)
    assert out.returncode == 0
    for command in ("init", "demo", "serve", "db", "config", "users", "agents"):
        assert command in out.stdout


def test_init_users_agents_flow(tmp_path: Path) -> None:
    out = run(["init"], tmp_path)
    assert out.returncode == 0, out.stderr
    assert (tmp_path / "config.yaml").exists() and (tmp_path / "var" / "sapa.db").exists()
    assert run(["agents", "add", "1001", "Айгүл Серікова", "--team", "Алматы-1"], tmp_path).returncode == 0
    listed = run(["agents", "list"], tmp_path)
    assert "1001\tАйгүл Серікова\tАлматы-1" in listed.stdout
    added = run(
        ["users", "add", "aigul", "--role", "agent", "--agent", "1001", "--password-stdin"],
        tmp_path,
        stdin="correct-horse-battery\n",
    )
    assert added.returncode == 0, added.stderr
    assert "aigul\tagent" in run(["users", "list"], tmp_path).stdout
    dup = run(["agents", "add", "1001", "Other"], tmp_path)
    assert dup.returncode == 1 and dup.stderr.strip() == "error: agent with extension 1001 already exists"


def test_password_never_accepted_on_argv(tmp_path: Path) -> None:
    run(["init"], tmp_path)
    out = run(["users", "add", "bob", "--role", "qa", "--password", "hunter2hunter2"], tmp_path)
    assert out.returncode != 0 and "No such option" in out.stderr


@pytest.mark.parametrize(
    ("config", "expected"),
    [
        ("database:\n  url: sqlite:///x.db\n  pool: 5\n", "config.yaml:3: 'database.pool': unknown key"),
        ("ivr:\n  agi_port: many\n", "config.yaml:2: 'ivr.agi_port': Input should be a valid integer"),
        ("database:\n  url: postgresql+psycopg://nobody@127.0.0.1:1/none\n", "database unreachable at"),
        ("database:\n  url: notadb://x\n", "cannot use database URL"),
    ],
)
def test_bad_config_gives_one_line_error(tmp_path: Path, config: str, expected: str) -> None:
    (tmp_path / "config.yaml").write_text(config)
    out = run(["db", "upgrade"], tmp_path)
    assert out.returncode == 1
    assert expected in out.stderr
    assert "Traceback" not in out.stderr
    assert len([line for line in out.stderr.splitlines() if line.startswith("error:")]) == 1


def test_config_show_reflects_env(tmp_path: Path) -> None:
    out = run(["config", "show"], tmp_path, env={"SAPA_WEB_PORT": "9123"})
    assert out.returncode == 0 and "port: 9123" in out.stdout


def test_demo_no_serve_loads_demo_data(tmp_path: Path) -> None:
    out = run(["demo", "--no-serve"], tmp_path, env={"SAPA_DATABASE_URL": f"sqlite:///{tmp_path}/demo.db"})
    assert out.returncode == 0, out.stderr
    assert "login admin" in out.stdout
    agents = run(["--database-url", f"sqlite:///{tmp_path}/demo.db", "agents", "list"], tmp_path)
    assert len(agents.stdout.strip().splitlines()) >= 6


def test_bad_parameter_is_one_line_usage_error_not_traceback(tmp_path: Path) -> None:
    out = run(["users", "add", "bob", "--role", "superuser"], tmp_path)
    assert out.returncode == 2
    assert "Traceback" not in out.stderr and "superuser" in out.stderr


def test_unknown_command_exit_code(tmp_path: Path) -> None:
    out = run(["no-such-command"], tmp_path)
    assert out.returncode == 2 and "Traceback" not in out.stderr
