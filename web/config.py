"""Web section of config.yaml, and what the web application is configured with."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field

from reports.config import ReportsConfig


class WebConfig(BaseModel):
    model_config = ConfigDict(extra="forbid")
    host: str = "127.0.0.1"
    port: int = Field(8000, ge=1, le=65535)
    secret_key: str = ""
    secure_cookies: bool = False
    session_max_age_s: int = Field(8 * 3600, ge=60)
    login_max_failures: int = Field(5, ge=1)
    login_window_s: int = Field(300, ge=1)
    page_size: int = Field(50, ge=5, le=500)
    recordings_dir: str = ""
    forwarded_allow_ips: str = ""
    header_timeout_s: float = Field(10.0, gt=0, le=300)
    keep_alive_timeout_s: int = Field(5, ge=1, le=300)
    limit_concurrency: int = Field(200, ge=1, le=100000)
    max_header_bytes: int = Field(16384, ge=1024, le=1048576)


@dataclass(frozen=True)
class WebAppConfig:
    """Everything ``create_app`` is configured with, handed over by the composition root (``sapa``):
    the web and reports sections of the settings and the two folders the web reads and writes."""

    web: WebConfig
    reports: ReportsConfig
    recordings_root: Path  # the only folder recordings are served from
    var_dir: Path  # where the generated session secret is kept
