"""`sapa demo` step: synthesize a few recorded calls, ingest them like MixMonitor files.

The Russian calls are spoken by Festival (festvox-ru) through a telephone chain (300-3400 Hz, 8 kHz µ-law,
line noise), the Kazakh one by espeak-ng (no Festival voice). The recordings are named after the demo survey
calls, so each transcript joins that call and its rating. Each language is transcribed with the best model
the machine has: the configured one (asr.models / asr.engines) if installed, else faster-whisper base from
the PyPI test packages — so the call page shows Russian words — and only without those the Korean Vosk test
model (timings real, words not).
"""

from __future__ import annotations

import logging
from pathlib import Path

from asr.config import AsrConfig
from asr.exceptions import AsrError
from asr.pipeline import EngineSpec
from asr.pool import Transcriber, engine_spec
from asr.synth import Turn, festival_available, synthesize_call
from asr.testmodels import vosk_test_model, whisper_test_model
from sapa.commands.asr import script_vocabulary
from sapa.ingest import IngestSummary, ingest_files
from sapa.wiring import App
from storage.repositories.transcripts import TranscriptRepository, find_call

log = logging.getLogger(__name__)
TEST_MODEL_CACHE = "var/models/.pypi-test-models"  # whisper base joined from its two PyPI halves

DEMO_RECORDINGS: dict[str, tuple[str, list[Turn]]] = {
    "demo-survey-1": (
        "ru",
        [
            Turn("agent", "Здравствуйте, служба поддержки, меня зовут Айгуль. Чем могу помочь?", 0.8),
            Turn("caller", "Не могу войти в личный кабинет.", 7.4),
            Turn("agent", "Я зарегистрировала заявку. Могу ещё чем-нибудь помочь?", 10.6),
            Turn("caller", "Нет, спасибо.", 16.2),
            Turn("agent", "Оцените, пожалуйста, разговор. До свидания!", 17.6),
        ],
    ),
    "demo-survey-3": (
        "ru",
        [
            Turn("agent", "Да, слушаю.", 0.8),
            Turn("caller", "У меня не приходит код из смс.", 2.6),
            Turn("agent", "Короче, продиктуйте код из смс.", 5.9),
            Turn("caller", "Один два три четыре.", 9.0),
            Turn("agent", "Ждите.", 13.0),
        ],
    ),
    "demo-survey-4": (
        "kk",
        [
            Turn("agent", "Сәлеметсіз бе, қолдау қызметі.", 0.8),
            Turn("caller", "Сәлеметсіз бе, менің телефоным сегіз жеті жүз бір.", 3.5),
            Turn("agent", "Рақмет, күте тұрыңыз.", 6.5),
            Turn("caller", "Жарайды.", 7.7),
        ],
    ),
}


def best_spec(config: AsrConfig, language: str, hotwords: list[str]) -> tuple[EngineSpec, str]:
    """The configured engine/model for ``language`` if installed, else the best PyPI test model."""
    try:
        spec = engine_spec(config, language=language, hotwords=hotwords)
        return spec, f"{spec.engine} with the configured {language} model {spec.model}"
    except AsrError as exc:
        log.info("no configured %s model (%s); using a test model from PyPI", language, exc)
    try:
        model = whisper_test_model(TEST_MODEL_CACHE)
        spec = engine_spec(config, "whisper", str(model), language, hotwords)
        return spec, f"faster-whisper base (PyPI test model) for {language}: no {language} model installed"
    except AsrError as exc:
        log.info("no faster-whisper test model (%s); falling back to the Korean Vosk model", exc)
    spec = engine_spec(config, "vosk", str(vosk_test_model()), language)
    return spec, f"Korean Vosk test model for {language} (words are not {language}): see docs/asr.md"


def _synthesize(folder: Path) -> list[Path]:
    files = []
    for call_id, (language, turns) in DEMO_RECORDINGS.items():
        path = folder / f"{call_id}.wav"
        if not path.exists():
            festival = language == "ru" and festival_available(language)
            synthesize_call(
                turns, path, language=language, voice="festival" if festival else "espeak", telephone=True
            )
        files.append(path)
    return files


def transcribe_demo_calls(app: App) -> list[str]:
    """Synthesize, transcribe, score and store the demo recordings; return lines to print."""
    folder = Path(app.settings.asr.recordings_dir) / "demo"  # under recordings_dir: the web UI plays it
    folder.mkdir(parents=True, exist_ok=True)
    files = _synthesize(folder)
    config = app.settings.asr.model_copy(update={"workers": 1})
    script = app.settings.scoring.default_script
    languages = sorted({lang for lang, _ in DEMO_RECORDINGS.values()})
    chosen = {
        lang: best_spec(config, lang, script_vocabulary(app, script, lang) if config.hotwords else [])
        for lang in languages
    }
    transcribers = {lang: Transcriber(config, spec) for lang, (spec, _) in chosen.items()}
    summary = ingest_files(
        app,
        files,
        transcribers["ru"],
        script=script,
        transcriber_for=lambda lang: (
            transcribers.get(lang) or Transcriber(config, best_spec(config, lang, [])[0])
        ),
    )
    voice = (
        "Festival (festvox-ru)"
        if festival_available("ru")
        else "espeak-ng (no Festival: apt-get install festival festvox-ru)"
    )
    return [
        f"  Russian calls spoken by {voice} through a telephone line (8 kHz µ-law)",
        *(f"  {why}" for _, why in chosen.values()),
        *_describe(app, summary),
    ]


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
