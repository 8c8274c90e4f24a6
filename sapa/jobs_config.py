"""Jobs section of config.yaml: which back end runs ingest jobs (embedded pool or Celery) and its broker."""

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field


class JobsConfig(BaseModel):
    model_config = ConfigDict(extra="forbid")
    backend: Literal["embedded", "celery"] = "embedded"
    broker_url: str = "redis://127.0.0.1:6379/0"
    queue_prefix: str = Field("sapa.", max_length=64)
    visibility_timeout_s: float = Field(7200.0, ge=10, le=7 * 86400)
    max_retries: int = Field(8, ge=0, le=100)
    retry_backoff_s: float = Field(5.0, gt=0, le=3600)
    retry_backoff_max_s: float = Field(600.0, gt=0, le=86400)
    short_recording_s: float = Field(120.0, ge=0, le=86400)  # queued ahead of longer ones (0: plain FIFO)
