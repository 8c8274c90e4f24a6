"""A throw-away PostgreSQL cluster of the test's own (temp dir, free port) to stop and start at will.

Fault tests must never touch the shared cluster on 5432. initdb/pg_ctl come from
/usr/lib/postgresql/*/bin; as root they run as the ``postgres`` user (PostgreSQL refuses root).
"""

from __future__ import annotations

import glob
import os
import shlex
import shutil
import socket
import subprocess
import tempfile
from pathlib import Path

import pytest


def pg_bin() -> Path | None:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/pg_ctl"))
    return Path(found[-1]).parent if found else None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class PgCluster:
    def __init__(self) -> None:
        bindir = pg_bin()
        if bindir is None:
            raise RuntimeError("no PostgreSQL server binaries in /usr/lib/postgresql/*/bin")
        self.bin = bindir
        self.root = Path(tempfile.mkdtemp(prefix="sapa-pg-"))
        self.data = self.root / "data"
        self.port = _free_port()
        self.as_postgres = os.geteuid() == 0
        if self.as_postgres:
            shutil.chown(self.root, "postgres", "postgres")
        self._run("initdb", "-D", str(self.data), "-A", "trust", "-U", "postgres", "--no-sync", "-E", "UTF8")

    @property
    def url(self) -> str:
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/sapa"

    def start(self) -> None:
        opts = f"-p {self.port} -k {self.root} -c listen_addresses=127.0.0.1 -c fsync=off -c TimeZone=UTC"
        self._run("pg_ctl", "-D", str(self.data), "-o", opts, "-l", str(self.root / "log"), "-w", "start")

    def stop(self, mode: str = "fast") -> None:
        self._run("pg_ctl", "-D", str(self.data), "-m", mode, "-w", "stop")

    def create_database(self) -> None:
        self._run("createdb", "-h", "127.0.0.1", "-p", str(self.port), "-U", "postgres", "sapa")

    def destroy(self) -> None:
        subprocess.run(
            self._cmd("pg_ctl", "-D", str(self.data), "-m", "immediate", "stop"), capture_output=True
        )
        shutil.rmtree(self.root, ignore_errors=True)

    def _cmd(self, tool: str, *args: str) -> list[str]:
        line = [str(self.bin / tool), *args]
        return ["su", "postgres", "-s", "/bin/sh", "-c", shlex.join(line)] if self.as_postgres else line

    def _run(self, tool: str, *args: str) -> None:
        out = subprocess.run(self._cmd(tool, *args), capture_output=True, text=True, cwd=self.root)
        if out.returncode != 0:
            raise RuntimeError(f"{tool} failed: {out.stderr.strip() or out.stdout.strip()}")


def own_cluster() -> PgCluster:
    """Started cluster with an empty database ``sapa``; skips when PostgreSQL is not installed."""
    if pg_bin() is None:
        pytest.skip("PostgreSQL server binaries not installed (SKIPPED LOUDLY)")
    cluster = PgCluster()
    cluster.start()
    cluster.create_database()
    return cluster
