"""Web section of config.yaml (with the QA work queue's sampling rules and agents' acknowledgement), and
what the web application is configured with."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field

from reports.config import ReportsConfig


class SamplingConfig(BaseModel):
    """Which calls go into the QA work queue (`sapa qa sample`, and the scheduler every day)."""

    model_config = ConfigDict(extra="forbid")
    random_per_agent_week: int = Field(3, ge=0)
    seed: int = 17
    critical_failures: bool = True
    max_rating: int = Field(2, ge=0, le=5)
    needs_review: bool = True
    new_agent_days: int = Field(30, ge=0)
    new_agent_calls_week: int = Field(5, ge=0)
    due_days: int = Field(3, ge=1)
    lookback_days: int = Field(7, ge=1)
    run_at: str = "06:30"


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

    default_language: str = Field("ru", pattern="^(ru|kk|en)$")
    dispute_window_days: int = Field(7, ge=0)
    email_agents: bool = False
    sampling: SamplingConfig = SamplingConfig()


@dataclass(frozen=True)
class WebAppConfig:
    """Everything ``create_app`` is configured with, handed over by the composition root (``sapa``):
    the web and reports sections of the settings and the two folders the web reads and writes."""

    web: WebConfig
    reports: ReportsConfig
    recordings_root: Path  # the only folder recordings are served from
    var_dir: Path  # where the generated session secret is kept
    comments_root: Path  # callers' voice comments (ivr.comments_dir), served only from inside it
    # puts a retried job's recording back on the queue (the Celery back end's broker); None: pending jobs
    # in the database are all the embedded back end needs
    requeue_job: Callable[[int], None] | None = None  # called with the job's id
