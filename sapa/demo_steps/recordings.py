"""`sapa demo` step: synthesize a few recorded calls (espeak-ng + sox), ingest them like MixMonitor files.

The recordings are named after the demo survey calls, so each transcript joins that call and its rating.
With a Russian Vosk model installed (asr.models.ru) the text is readable; otherwise the Korean test model
from PyPI is used and the words are Korean gibberish — timings, talk/silence/overtalk metrics and the
pipeline are still real.
"""

from __future__ import annotations

from pathlib import Path

from asr.pool import Transcriber, engine_spec
from asr.synth import Turn, synthesize_call
from asr.testmodels import vosk_test_model
from sapa.ingest import IngestSummary, ingest_files
from sapa.wiring import App
from storage.repositories.transcripts import TranscriptRepository, find_call

DEMO_RECORDINGS: dict[str, list[Turn]] = {
    "demo-survey-1": [
        Turn("agent", "Здравствуйте, служба поддержки, меня зовут Айгуль. Чем могу помочь?", 0.3),
        Turn("caller", "Не могу войти в личный кабинет.", 5.2),
        Turn("agent", "Я зарегистрировала заявку. Могу ещё чем-нибудь помочь?", 8.0),
        Turn("caller", "Нет, спасибо.", 12.6),
        Turn("agent", "Оцените, пожалуйста, разговор. До свидания!", 13.8),
    ],
    "demo-survey-3": [
        Turn("agent", "Да, слушаю.", 0.3),
        Turn("caller", "У меня не приходит код из смс.", 1.8),
        Turn("agent", "Короче, продиктуйте код из смс.", 4.6),
        Turn("caller", "Один два три четыре.", 7.4),
        Turn("agent", "Ждите.", 11.5),
    ],
    "demo-survey-4": [
        Turn("agent", "Сәлеметсіз бе, қолдау қызметі.", 0.3),
        Turn("caller", "Сәлеметсіз бе, менің телефоным сегіз жеті жүз бір.", 3.0),
        Turn("agent", "Рақмет, күте тұрыңыз.", 6.0),
        Turn("caller", "Жарайды.", 7.2),
    ],
}


def _model(app: App) -> tuple[str, str]:
    configured = app.settings.asr.models.get("ru")
    if configured and Path(configured).is_dir():
        return configured, f"Russian model {configured}"
    return str(vosk_test_model()), "Korean test model from PyPI (no Russian model installed: see docs/asr.md)"


def transcribe_demo_calls(app: App) -> list[str]:
    """Synthesize, transcribe, score and store the demo recordings; return lines to print."""
    folder = Path(app.settings.asr.recordings_dir) / "demo"  # under recordings_dir: the web UI plays it
    folder.mkdir(parents=True, exist_ok=True)
    files = []
    for call_id, turns in DEMO_RECORDINGS.items():
        path = folder / f"{call_id}.wav"
        if not path.exists():
            synthesize_call(turns, path, language="kk" if call_id == "demo-survey-4" else "ru")
        files.append(path)
    model, which = _model(app)
    config = app.settings.asr
    transcriber = Transcriber(config, engine_spec(config, "vosk", model, "ru"))
    summary = ingest_files(app, files, transcriber, script=app.settings.scoring.default_script)
    return [f"  Vosk with the {which}", *_describe(app, summary)]


def _describe(app: App, summary: IngestSummary) -> list[str]:
    lines = []
    with app.uow() as session:
        for path in summary.done:
            call = find_call(session, Path(path).stem)
            transcript = TranscriptRepository(session).latest_for_call(call.id) if call else None
            if call is None or transcript is None:
                continue
            m = transcript.metrics
            rating = call.survey.rating if call.survey else None
            lines.append(
                f"  {call.external_id:<14} {len(transcript.segments)} segments, talk {m['talk_s']}, "
                f"silence {m['silence_s']} s, overtalk {m['overtalk_s']} s, "
                f"redacted {m['redactions'] or '-'}, survey rating {rating or '-'}"
            )
    if summary.scored:
        lines.append(f"  {summary.scored} transcripts scored with the active script (evaluations stored)")
    lines += [f"  failed: {path}: {error}" for path, error in summary.failed]
    lines += [f"  not scored: {Path(path).name}: {why}" for path, why in summary.not_scored]
    if summary.skipped:
        lines.append(f"  {len(summary.skipped)} recordings already ingested (same content), skipped")
    return lines
