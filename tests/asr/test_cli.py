"""`sapa transcribe / ingest / listen` as a user runs them: subprocesses, exit codes, one-line errors."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from asr.synth import Turn, synthesize_call
from tests.asr.cli_in_process import Run, in_process, one_error

SAPA = [sys.executable, "-m", "sapa.cli"]


def run(args: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("SAPA_")}
    env["SAPA_DATABASE_URL"] = f"sqlite:///{cwd / 'sapa.db'}"
    return subprocess.run([*SAPA, *args], cwd=cwd, capture_output=True, text=True, env=env, timeout=1800)


def error_line(out: subprocess.CompletedProcess[str]) -> str:
    lines = [line for line in out.stderr.splitlines() if line.startswith("error: ")]
    assert out.returncode == 1 and len(lines) == 1, out.stderr
    return lines[0]


@pytest.fixture
def sapa(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> Run:
    """Run `sapa ARGS` in this process (fast); returns (exit code, stdout, stderr)."""
    return in_process(tmp_path, monkeypatch, capsys)


@pytest.mark.slow
def test_transcribe_json_and_out(sapa, vosk_model: Path, tmp_path: Path) -> None:
    call = tmp_path / "1700000000.42.wav"
    synthesize_call(
        [Turn("agent", "Здравствуйте, служба поддержки.", 0.3), Turn("caller", "Добрый день.", 1.5)], call
    )
    bad = tmp_path / "broken.wav"
    bad.write_bytes(b"RIFF....WAVEfmt garbage")
    out = run(["transcribe", str(call), str(bad), "--json", "-m", str(vosk_model), "-w", "1"], tmp_path)
    assert error_line(out) == "error: 1 of 2 recordings failed (reasons above)"
    good, failed = json.loads(out.stdout)
    assert good["call_id"] == "1700000000.42" and {s["speaker"] for s in good["segments"]} == {
        "agent",
        "caller",
    }
    assert good["metrics"]["overtalk_s"] > 0
    assert failed["status"] == "failed" and "broken.wav" in failed["error"]
    code, stdout, _ = sapa("transcribe", str(call), "--out", "json", "-m", str(vosk_model), "-w", "1")
    assert code == 0 and stdout.startswith("wrote json/1700000000.42.json")
    assert json.loads((tmp_path / "json" / "1700000000.42.json").read_text())["segments"] == good["segments"]


def test_user_errors_are_one_line(sapa, tmp_path: Path, vosk_model: Path) -> None:
    audio = tmp_path / "a.wav"
    audio.write_bytes(b"")
    assert one_error(sapa("transcribe", str(audio), "--json", "--out", "x")) == (
        "error: use either --json or --out, not both"
    )
    assert "unknown engine 'foo'" in one_error(sapa("transcribe", str(audio), "--engine", "foo"))
    missing_model = one_error(sapa("transcribe", str(audio)))
    assert "no vosk model for language ru" in missing_model and "sapa models install" in missing_model
    assert "vosk-model-small-ru-0.22 does not exist" in missing_model
    assert "does not exist" in one_error(sapa("ingest", str(tmp_path / "nowhere")))
    empty = sapa("transcribe", str(audio), "-m", str(vosk_model))
    assert "empty file (0 bytes)" in empty[2] and one_error(empty).startswith("error: 1 of 1")


def test_listen_without_audio_device_is_a_clear_error(sapa) -> None:
    import sounddevice

    try:
        sounddevice.query_devices(kind="input")
        pytest.skip("this machine has an audio input device")
    except sounddevice.PortAudioError:
        pass
    line = one_error(sapa("listen"))
    assert line.startswith("error: no audio input: cannot open the default input device")
    assert "input device 7" in one_error(sapa("listen", "--device", "7"))


def test_ingest_reports_and_retries_a_bad_recording(sapa, tmp_path: Path, vosk_model: Path) -> None:
    assert sapa("init")[0] == 0
    folder = tmp_path / "recordings"
    folder.mkdir()
    (folder / "1700000020.5.wav").write_bytes(b"RIFF" + bytes(100))
    written = time.time() - 60  # finished writing a minute ago (ingest.stable_s)
    os.utime(folder / "1700000020.5.wav", (written, written))
    first = sapa("ingest", str(folder), "-m", str(vosk_model), "-w", "1")
    assert "ingested 0, failed 1, skipped 0" in first[1]
    assert one_error(first) == "error: 1 recordings failed (retried on the next run, at most 3 attempts)"
    for _ in range(2):
        assert sapa("ingest", str(folder), "-m", str(vosk_model), "-w", "1")[0] == 1
    code, out, _ = sapa("ingest", str(folder), "-m", str(vosk_model), "-w", "1")
    assert code == 0 and "ingested 0, failed 0, skipped 1" in out
