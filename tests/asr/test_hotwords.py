"""Bug 2 (issue 13): recognition biased with the active script's vocabulary where the engine supports it."""

from __future__ import annotations

from pathlib import Path

import pytest

from asr.config import AsrConfig
from asr.engines import WhisperEngine, speech_holes
from asr.pipeline import engine_for
from asr.pool import Transcriber, engine_spec
from asr.synth import Turn, festival_available, synthesize_call
from asr.vocabulary import texts_in, vocabulary
from dialogue.loader import default_script_path, load_script_file
from sapa.bootstrap import load_default_data
from sapa.commands.asr import script_vocabulary
from sapa.wiring import App

DOCUMENT = {
    "checklist": {
        "lexicon": {"names": ["айгуль", "бауыржан"], "hello": ["здравствуйте", "сәлеметсіз бе"]},
        "items": [
            {"id": "ask_iin", "title": "Назовите ИИН", "patterns": ["назов* ИИН", "продиктуйте ИИН"]},
            {"id": "rate", "title": "Оценка по пятибалльной шкале", "patterns": ["пятибалльной"]},
        ],
    }
}


def test_vocabulary_puts_abbreviations_first_and_skips_stems_names_and_short_words() -> None:
    words = vocabulary(DOCUMENT)
    assert words[0] == "ИИН"
    assert {"пятибалльной", "продиктуйте", "здравствуйте"} <= set(words)
    assert "айгуль" not in words and "назов" not in words and "по" not in words
    assert "сәлеметсіз" not in words and "сәлеметсіз" in vocabulary(DOCUMENT, language="kk")
    assert len(vocabulary(DOCUMENT, limit=2)) == 2
    assert list(texts_in(["a", {"names": ["x"], "t": "b"}])) == ["a", "b"]


def test_the_shipped_script_gives_its_domain_words() -> None:
    words = vocabulary(load_script_file(default_script_path()).model_dump())
    assert "ИИН" in words and 10 <= len(words) <= 30


def test_ingest_takes_the_active_scripts_vocabulary_into_the_engine(
    sqlite_app: App, whisper_model: Path
) -> None:
    sqlite_app.migrate()
    load_default_data(sqlite_app)
    words = script_vocabulary(sqlite_app, "support-first-line", "ru")
    assert "ИИН" in words
    config = AsrConfig(workers=1, hotwords=True, hotwords_limit=5)
    spec = engine_spec(config, "whisper", str(whisper_model), "ru", words)
    assert spec.hotwords == tuple(words[:5])
    engine = engine_for(spec)
    assert isinstance(engine, WhisperEngine) and engine.hotwords and "ИИН" in engine.hotwords
    off = engine_spec(AsrConfig(), "whisper", str(whisper_model), "ru", words)  # off by default
    assert off.hotwords == ()


@pytest.mark.slow
@pytest.mark.skipif(not festival_available("ru"), reason="Festival + festvox-ru missing")
def test_hints_never_cost_a_turn(whisper_model: Path, tmp_path: Path) -> None:
    """A decoder prompt can make Whisper jump over speech; with the script's hints every turn is heard."""
    turns = [
        Turn("agent", "Назовите, пожалуйста, ваш ИИН.", 1.0),
        Turn("caller", "Восемьсот девяносто, сейчас посмотрю.", 4.5),
        Turn("agent", "Оцените, пожалуйста, качество обслуживания по пятибалльной шкале.", 8.0),
        Turn("agent", "Продиктуйте одноразовый код из смс.", 14.5),
    ]
    path = tmp_path / "1700000200.1.wav"
    spoken = synthesize_call(turns, path, voice="festival", telephone=True)
    words = vocabulary(load_script_file(default_script_path()).model_dump())
    config = AsrConfig(workers=1, hotwords=True)
    result = next(
        Transcriber(config, engine_spec(config, "whisper", str(whisper_model), "ru", words)).run([path])
    )
    assert result.doc is not None, result.error
    heard = [w for s in result.doc["segments"] for w in s["words"]]
    for turn in spoken:
        inside = [w for w in heard if turn.start - 0.5 <= w["start"] <= turn.end + 0.5]
        assert inside, (turn, [(w["start"], w["word"]) for w in heard])


def test_forbidden_items_and_other_languages_give_no_hints() -> None:
    """A hint towards a filler or a rude word makes the recogniser hear it: a false violation."""
    document = {
        "checklist": {
            "items": [
                {"id": "rate", "kind": "stage", "patterns": {"ru": ["пятибалльной"], "kk": ["бағалаңыз"]}},
                {"id": "no_filler", "kind": "forbidden", "patterns": {"ru": ["короче", "типа"]}},
            ]
        }
    }
    assert vocabulary(document) == ["пятибалльной"]
    assert vocabulary(document, language="kk") == ["бағалаңыз"]
    shipped = vocabulary(load_script_file(default_script_path()).model_dump())
    assert "короче" not in shipped and "бойынша" not in shipped


def test_the_whisper_beam_size_setting_reaches_the_engine(whisper_model: Path) -> None:
    spec = engine_spec(AsrConfig(whisper_beam_size=3), "whisper", str(whisper_model), "ru")
    engine = engine_for(spec)
    assert isinstance(engine, WhisperEngine) and engine.beam_size == 3
    assert engine_for(engine_spec(AsrConfig(), "whisper", str(whisper_model), "ru")).beam_size == 1


def test_stretches_of_speech_left_without_words_are_found() -> None:
    """Where the hints made Whisper jump over speech: holes of 1.5 s+ inside a VAD region, at its start,
    between words or at its end; the pauses between regions are no holes."""
    rate = 100
    regions = [0, 500, 1200]  # two regions: 0-5 s and 5-12 s of the speech stream
    words = [(0.2, 0.8), (1.0, 4.9), (5.1, 6.0), (6.2, 7.0)]
    assert speech_holes(words, regions, rate) == [(7.0, 12.0)]  # the last turn of the second region lost
    assert speech_holes([(2.0, 4.9)], [0, 500], rate) == [(0.0, 2.0)]
    assert speech_holes([(0.5, 1.0), (3.0, 4.8)], [0, 500], rate) == [(1.0, 3.0)]
    assert speech_holes([(0.1, 4.0)], [0, 500], rate) == []  # 1.0 s at the end: a pause, not a lost turn
