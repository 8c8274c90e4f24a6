"""Recordings: range requests, only files inside the recordings folder, role checks."""

from __future__ import annotations

from pathlib import Path

import pytest

from sapa.wiring import App
from storage.models import Call
from tests.web.audio_util import make_wav
from tests.web.seed import Seeded


@pytest.fixture
def root(web_app: App) -> Path:
    return Path(web_app.settings.web.recordings_dir)


def _set_path(web_app: App, call_id: int, path: str | None) -> None:
    with web_app.uow() as session:
        session.get(Call, call_id).recording_path = path


def test_full_and_range_requests(client_for, web_app: App, seeded: Seeded, root: Path) -> None:
    wav = make_wav(root / "2026" / "call1.wav")
    data = wav.read_bytes()
    call_id = seeded.calls["c-1001-0"]
    _set_path(web_app, call_id, "2026/call1.wav")
    client = client_for("agent1")
    full = client.get(f"/calls/{call_id}/audio")
    assert full.status_code == 200 and full.content == data
    assert full.headers["content-type"] == "audio/wav" and full.headers["accept-ranges"] == "bytes"
    part = client.get(f"/calls/{call_id}/audio", headers={"Range": "bytes=100-199"})
    assert part.status_code == 206 and part.content == data[100:200]
    assert part.headers["content-range"] == f"bytes 100-199/{len(data)}"
    tail = client.get(f"/calls/{call_id}/audio", headers={"Range": f"bytes={len(data) - 10}-"})
    assert tail.status_code == 206 and tail.content == data[-10:]
    bad = client.get(f"/calls/{call_id}/audio", headers={"Range": f"bytes={len(data) + 5}-"})
    assert bad.status_code == 416
    assert 'id="player"' in client.get(f"/calls/{call_id}").text


@pytest.mark.parametrize("kind", ["dotdot", "absolute", "symlink", "missing", "none"])
def test_paths_outside_the_recordings_folder_are_refused(
    kind: str, client_for, web_app: App, seeded: Seeded, root: Path, tmp_path: Path
) -> None:
    secret = tmp_path / "secret.wav"
    secret.write_bytes(b"RIFF-not-yours")
    path = {
        "dotdot": "../secret.wav",
        "absolute": str(secret),
        "symlink": "link.wav",
        "missing": "nothing-here.wav",
        "none": None,
    }[kind]
    if kind == "symlink":
        (root / "link.wav").symlink_to(secret)
    call_id = seeded.calls["c-1001-0"]
    _set_path(web_app, call_id, path)
    r = client_for("qa").get(f"/calls/{call_id}/audio")
    assert r.status_code == (404 if kind in ("missing", "none") else 403)
    assert b"RIFF-not-yours" not in r.content


def test_absolute_path_inside_the_folder_is_served(
    client_for, web_app: App, seeded: Seeded, root: Path
) -> None:
    wav = make_wav(root / "abs.wav", 0.5)
    _set_path(web_app, seeded.calls["c-1002-0"], str(wav))
    assert client_for("lead").get(f"/calls/{seeded.calls['c-1002-0']}/audio").content == wav.read_bytes()
    assert client_for("agent1").get(f"/calls/{seeded.calls['c-1002-0']}/audio").status_code == 403


def test_path_relative_to_working_directory_inside_the_folder(
    client_for, web_app: App, seeded: Seeded, root: Path
) -> None:
    wav = make_wav(root / "ingested" / "a.wav", 0.3)  # `sapa ingest recordings/ingested` stores it like this
    _set_path(web_app, seeded.calls["c-1001-0"], "recordings/ingested/a.wav")  # the cwd is root's parent
    assert client_for("qa").get(f"/calls/{seeded.calls['c-1001-0']}/audio").content == wav.read_bytes()
    _set_path(web_app, seeded.calls["c-1001-0"], "recordings/../var/web_secret.key")
    assert client_for("qa").get(f"/calls/{seeded.calls['c-1001-0']}/audio").status_code == 403
