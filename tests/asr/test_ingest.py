"""`sapa ingest` internals on SQLite: call ids from file names, bounded retries, idempotency, survey link."""

from __future__ import annotations

import os
import shutil
import time
from pathlib import Path

import pytest
from sqlalchemy import func, select

from asr.pool import Transcriber, engine_spec
from asr.synth import Turn, synthesize_call
from sapa.bootstrap import load_default_data
from sapa.ingest import call_key, ingest_files, recordings_in, watch
from sapa.wiring import App
from storage.models import Call, IngestJob, Transcript
from storage.repositories.calls import CallRepository
from storage.repositories.evaluations import EvaluationRepository
from storage.repositories.surveys import SurveyRepository
from storage.repositories.transcripts import TranscriptRepository

SCRIPT = "support-first-line"


@pytest.mark.parametrize(
    ("name", "key"),
    [
        ("1700000000.42.wav", "1700000000.42"),
        ("in-7172-87011234567-20231120-101010-1700000000.42.wav", "1700000000.42"),
        ("q-support-1700000123.7.gsm", "1700000123.7"),
        ("CA1234abcd.mp3", "CA1234abcd"),
    ],
)
def test_call_key_from_mixmonitor_file_name(name: str, key: str) -> None:
    assert call_key(f"/rec/{name}") == key


def _transcriber(app: App, vosk_model: Path, **overrides: object) -> Transcriber:
    config = app.settings.asr.model_copy(update={"workers": 1, **overrides})
    return Transcriber(config, engine_spec(config, "vosk", str(vosk_model), "ru"))


def test_failed_recordings_are_retried_a_bounded_number_of_times(
    sqlite_app: App, tmp_path: Path, vosk_model: Path
) -> None:
    folder = tmp_path / "recordings"
    folder.mkdir()
    (folder / "1700000001.1.wav").write_bytes(os.urandom(3000))
    (folder / "notes.txt").write_text("not a recording")
    transcriber = _transcriber(sqlite_app, vosk_model, max_attempts=2)
    runs = [ingest_files(sqlite_app, recordings_in(folder), transcriber, script=SCRIPT) for _ in range(3)]
    assert [(len(r.failed), len(r.skipped), len(r.done)) for r in runs] == [(1, 0, 0), (1, 0, 0), (0, 1, 0)]
    assert "corrupt" in runs[0].failed[0][1]
    with sqlite_app.uow() as session:
        job = session.scalars(select(IngestJob)).one()
        assert (job.status, job.attempts) == ("failed", 2) and "corrupt" in (job.error or "")
        call = session.scalars(select(Call)).one()
        assert call.external_id == "1700000001.1" and job.call_id == call.id
        failed = session.scalars(select(Transcript)).one()  # stored once, when attempts ran out
        assert failed.status == "failed" and "corrupt" in (failed.error or "") and failed.segments == []


@pytest.mark.slow
def test_ingest_links_the_survey_call_scores_and_never_ingests_twice(
    sqlite_app: App, tmp_path: Path, vosk_model: Path
) -> None:
    load_default_data(sqlite_app)
    with sqlite_app.uow() as session:
        SurveyRepository(session).begin("1700000002.7", queue="support")
    folder = tmp_path / "recordings"
    folder.mkdir()
    name = folder / "in-7172-87011234567-20231120-101010-1700000002.7.wav"
    synthesize_call(
        [Turn("agent", "Здравствуйте, служба поддержки.", 0.3), Turn("caller", "Добрый день.", 2.8)], name
    )
    shutil.copyfile(name, folder / "resent-duplicate.wav")
    transcriber = _transcriber(sqlite_app, vosk_model)
    first = ingest_files(sqlite_app, recordings_in(folder), transcriber, script=SCRIPT)
    assert (len(first.done), len(first.skipped), first.failed) == (1, 1, [])  # same content twice: once
    assert (first.scored, first.not_scored) == (1, [])
    second = ingest_files(sqlite_app, recordings_in(folder), transcriber, script=SCRIPT)
    assert (second.done, len(second.skipped)) == ([], 2)
    with sqlite_app.uow() as session:
        assert session.scalar(select(func.count(Transcript.id))) == 1
        call = session.scalars(select(Call)).one()  # the survey's call, not a new one
        assert call.external_id == "1700000002.7" and call.survey is not None
        assert call.recording_path is not None and call.recording_path.endswith("1700000002.7.wav")
        transcript = TranscriptRepository(session).latest_for_call(call.id)
        assert transcript is not None and {s["speaker"] for s in transcript.segments} == {"agent", "caller"}
        assert transcript.metrics["talk_s"]["agent"] > 0 and transcript.unredacted_segments is None
        evaluation = EvaluationRepository(session).current_for_call(call.id)
        assert evaluation is not None and evaluation.kind == "auto"
        assert evaluation.transcript_id == transcript.id
        assert {item.item_id for item in evaluation.items} >= {"greeting", "farewell"}


def test_watch_ingests_a_file_once_its_size_is_stable(
    sqlite_app: App, tmp_path: Path, vosk_model: Path
) -> None:
    folder = tmp_path / "watched"
    folder.mkdir()
    (folder / "1700000003.1.wav").write_bytes(b"")  # an empty file is still failed, after it stopped growing
    old = time.time() - 60  # unchanged for longer than ingest.stable_s
    os.utime(folder / "1700000003.1.wav", (old, old))
    summaries = []
    transcriber = _transcriber(sqlite_app, vosk_model, max_attempts=1)
    watch(
        sqlite_app, folder, transcriber, script=SCRIPT, interval_s=0.01, cycles=3, on_summary=summaries.append
    )
    assert len(summaries) == 1 and "empty file" in summaries[0].failed[0][1]


def test_each_call_is_transcribed_in_the_language_the_ivr_stored(sqlite_app: App, tmp_path: Path) -> None:
    for name in ("ru-model", "kk-model"):
        (tmp_path / name).mkdir()
    config = sqlite_app.settings.asr.model_copy(
        update={
            "workers": 1,
            "max_attempts": 1,
            "models": {"ru": str(tmp_path / "ru-model"), "kk": str(tmp_path / "kk-model")},
        }
    )
    with sqlite_app.uow() as session:
        CallRepository(session).get_or_create("1700000010.1", language="kk")
    folder = tmp_path / "recordings"
    folder.mkdir()
    for name in ("1700000010.1.wav", "1700000011.1.wav"):
        (folder / name).write_bytes(name.encode() * 100)  # not audio; different content
    summary = ingest_files(
        sqlite_app,
        recordings_in(folder),
        Transcriber(config, engine_spec(config)),
        script=SCRIPT,
        transcriber_for=lambda lang: Transcriber(config, engine_spec(config, language=lang)),
    )
    assert len(summary.failed) == 2
    with sqlite_app.uow() as session:
        rows = session.execute(select(Call.external_id, Transcript.language).join(Transcript)).all()
        assert dict(rows) == {"1700000010.1": "kk", "1700000011.1": "ru"}
