"""ASR section of config.yaml: engines, models per language, channels, VAD, redaction, ingest."""

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field


class AsrConfig(BaseModel):
    model_config = ConfigDict(extra="forbid")
    engine: Literal["vosk", "whisper", "onnx"] = "vosk"
    engines: dict[str, Literal["vosk", "whisper", "onnx"]] = {}
    language: str = "ru"
    models_dir: str = "var/models"
    models: dict[str, str] = {
        "ru": "var/models/vosk-model-small-ru-0.22",
        "kk": "var/models/vosk-model-small-kz-0.15",
    }
    onnx_models: dict[str, str] = {
        "ru": "var/models/gigaam-v3-ctc",
        "kk": "var/models/gigaam-multilingual-ctc",
    }
    onnx_threads: int = Field(1, ge=0, le=64)
    whisper_model: str = "var/models/whisper-base"
    whisper_device: str = "cpu"
    whisper_compute_type: str = "int8"
    whisper_threads: int = Field(1, ge=0, le=64)
    whisper_no_repeat_ngram_size: int = Field(4, ge=0, le=20)
    whisper_beam_size: int = Field(1, ge=1, le=10)
    hotwords: bool = False  # measured: a hint list can make Whisper recite it and skip speech
    hotwords_limit: int = Field(30, ge=0, le=100)
    left_channel: Literal["caller", "agent"] = "caller"
    workers: int = Field(2, ge=1, le=64)
    vad: bool = True
    vad_aggressiveness: int = Field(2, ge=0, le=3)
    vad_padding_ms: int = Field(300, ge=0, le=2000)
    vad_min_speech_ms: int = Field(120, ge=0, le=2000)
    vad_noise_margin_db: float = Field(6.0, ge=0, le=40)
    silence_peak_dbfs: float = Field(-50.0, le=0)
    recordings_dir: str = "var/recordings"
    watch_interval_s: float = Field(5.0, gt=0)
    max_attempts: int = Field(3, ge=1, le=20)
    redaction_mask: str = "[{kind}]"
    store_unredacted: bool = False
    redact_audio: Literal["beep", "silence", "off"] = "beep"
    keep_original_audio: bool = False
