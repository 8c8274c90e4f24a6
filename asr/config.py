"""ASR section of config.yaml: engines, models per language, channels, redaction."""

from pydantic import BaseModel, ConfigDict, Field


class AsrConfig(BaseModel):
    model_config = ConfigDict(extra="forbid")
    engine: str = "vosk"
    models: dict[str, str] = {
        "ru": "var/models/vosk-model-small-ru-0.22",
        "kk": "var/models/vosk-model-small-kz-0.15",
    }
    whisper_model: str = "var/models/whisper-base"
    left_channel: str = "caller"
    workers: int = Field(2, ge=1, le=64)
    vad: bool = True
    recordings_dir: str = "var/recordings"
    max_attempts: int = Field(3, ge=1, le=20)
    redaction_mask: str = "[{kind}]"
    store_unredacted: bool = False
