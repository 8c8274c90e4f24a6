"""Transcripts and ingest jobs repositories, on SQLite and PostgreSQL (the `app` fixture)."""

from __future__ import annotations

from sapa.wiring import App
from storage.models import Call
from storage.repositories.calls import CallRepository
from storage.repositories.transcripts import TranscriptRepository, find_call

SEGMENTS = [
    {"speaker": "agent", "start": 0.5, "end": 2.0, "text": "здравствуйте", "words": []},
    {"speaker": "caller", "start": 2.5, "end": 4.0, "text": "пароль [SECRET]", "words": []},
]


def test_transcript_saved_with_segments_metrics_and_text(app: App) -> None:
    with app.uow() as session:
        call = CallRepository(session).get_or_create("1700000000.1")
        repo = TranscriptRepository(session)
        repo.save(call, engine="vosk", status="failed", error="silent recording")
        saved = repo.save(call, engine="vosk", model="m", segments=SEGMENTS, metrics={"silence_s": 1.0})
        call_id, saved_id = call.id, saved.id
    with app.uow() as session:
        repo = TranscriptRepository(session)
        latest = repo.latest_for_call(call_id)
        assert latest is not None and latest.id == saved_id
        assert latest.segments == SEGMENTS and latest.metrics == {"silence_s": 1.0}
        assert latest.full_text == "agent: здравствуйте\ncaller: пароль [SECRET]"
        assert latest.redacted and latest.unredacted_segments is None
        assert [t.status for t in repo.for_call(call_id)] == ["failed", "done"]
        assert repo.latest_for_call(call_id, status="failed").error == "silent recording"


def test_find_call_by_external_id_uniqueid_or_linkedid(app: App) -> None:
    with app.uow() as session:
        session.add(Call(external_id="1700000000.5", linkedid="1700000000.4", uniqueid="1700000000.5"))
        session.flush()
        assert find_call(session, "1700000000.5").external_id == "1700000000.5"
        assert find_call(session, "1700000000.4").external_id == "1700000000.5"
        assert find_call(session, "1700000000.6") is None
