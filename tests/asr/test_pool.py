"""Engine/model choice from config and flags, and failures inside workers (no model is loaded here)."""

from __future__ import annotations

from pathlib import Path

import pytest

from asr.config import AsrConfig
from asr.exceptions import ModelNotFound
from asr.pool import Transcriber, engine_spec
from asr.synth import Spoken


def test_engine_and_model_per_language(tmp_path: Path) -> None:
    for name in ("ru", "kk", "whisper"):
        (tmp_path / name).mkdir()
    config = AsrConfig(
        models={"ru": str(tmp_path / "ru"), "kk": str(tmp_path / "kk")},
        whisper_model=str(tmp_path / "whisper"),
        engines={"kk": "whisper"},
    )
    ru = engine_spec(config)
    assert (ru.engine, ru.model, ru.language) == ("vosk", str(tmp_path / "ru"), "ru")
    kk = engine_spec(config, language="kk")
    assert (kk.engine, kk.model, kk.whisper_no_repeat_ngram_size) == ("whisper", str(tmp_path / "whisper"), 4)
    forced = engine_spec(config, "vosk", None, "kk")
    assert (forced.engine, forced.model) == ("vosk", str(tmp_path / "kk"))
    with pytest.raises(ModelNotFound, match=r"asr\.models\.en"):
        engine_spec(config, language="en")
    with pytest.raises(ModelNotFound, match="does not exist"):
        engine_spec(config, model=str(tmp_path / "nothing"))


@pytest.mark.parametrize("workers", [1, 2])
def test_a_folder_that_is_not_a_model_fails_each_file_not_the_batch(
    workers: int, stereo_call: tuple[Path, list[Spoken]], tmp_path: Path
) -> None:
    config = AsrConfig(workers=workers)
    transcriber = Transcriber(config, engine_spec(config, "vosk", str(tmp_path), "ru"))
    results = list(transcriber.run([stereo_call[0], stereo_call[0]]))
    assert [r.status for r in results] == ["failed", "failed"]
    assert all(f"no Vosk model at {tmp_path}" in (r.error or "") for r in results)
