"""The layering is a checked contract: `lint-imports` (pyproject [tool.importlinter]) passes, and every
top-level package of the project is inside the contract (a new package cannot sit outside it)."""

from __future__ import annotations

import os
import subprocess
import sys
import tomllib
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
CONFIG = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["importlinter"]


def test_import_contracts_are_kept() -> None:
    lint = Path(sys.executable).with_name("lint-imports")
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    done = subprocess.run(
        [str(lint), "--no-cache"], cwd=REPO, env=env, capture_output=True, text=True, timeout=600
    )
    assert done.returncode == 0, done.stdout[-4000:] + done.stderr[-2000:]
    assert f"{len(CONFIG['contracts'])} kept, 0 broken" in done.stdout


def test_every_package_is_under_contract() -> None:
    packages = {p.parent.name for p in REPO.glob("*/__init__.py")} - {"tests", "bench"}
    assert packages == set(CONFIG["root_packages"])
    layered = {name.strip() for layer in CONFIG["contracts"][0]["layers"] for name in layer.split("|")}
    assert layered == packages
