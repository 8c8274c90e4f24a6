"""Reports section of config.yaml: output folder, time zone, targets, timings keys, schedules, SMTP."""

from __future__ import annotations

from typing import Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

Direction = Literal["higher", "lower", "range"]
PeriodKind = Literal["day", "week", "month", "quarter", "year"]
Grouping = Literal["agent", "team", "queue", "language", "centre"]
OutputFormat = Literal["html", "csv", "xlsx"]
Language = Literal["ru", "kk", "en"]


class Target(BaseModel):
    """A target value and the direction that counts as good (§14: maximise, minimise, keep in range)."""

    model_config = ConfigDict(extra="forbid")
    value: float
    direction: Direction = "higher"
    upper: float | None = None

    @model_validator(mode="after")
    def _range_needs_upper(self) -> Target:
        if self.direction == "range" and (self.upper is None or self.upper < self.value):
            raise ValueError("direction 'range' needs 'upper' >= 'value'")
        return self

    def met(self, actual: float | None) -> bool | None:
        """True/False, or None when there is no value to judge."""
        if actual is None:
            return None
        if self.direction == "higher":
            return actual >= self.value
        if self.direction == "lower":
            return actual <= self.value
        return self.value <= actual <= (self.upper if self.upper is not None else self.value)


def _default_targets() -> dict[str, Target]:
    return {
        "csat_pct": Target(value=80, direction="higher"),
        "rating_mean": Target(value=4.5, direction="higher"),
        "response_rate_pct": Target(value=50, direction="higher"),
        "qa_score_mean": Target(value=85, direction="higher"),
        "qa_pass_pct": Target(value=90, direction="higher"),
        "critical_calls_pct": Target(value=2, direction="lower"),
        "long_calls_pct": Target(value=5, direction="lower"),
        "handle_time_mean_s": Target(value=600, direction="lower"),
        "agent_talk_pct": Target(value=40, direction="range", upper=60),
        "silence_pct": Target(value=15, direction="lower"),
        "item_compliance_pct": Target(value=90, direction="higher"),
    }


class TimingsKeys(BaseModel):
    """Names of the numbers (seconds) read from evaluations.timings JSON for talk share and silence."""

    model_config = ConfigDict(extra="forbid")
    agent_talk: str = "agent_talk_s"
    caller_talk: str = "caller_talk_s"
    silence: str = "total_silence_s"
    call_length: str = "call_length_s"


class Schedule(BaseModel):
    """One scheduled report: which period, grouping and format; runs at `at` local time."""

    model_config = ConfigDict(extra="forbid")
    enabled: bool = True
    period: PeriodKind = "day"
    by: Grouping = "team"
    format: OutputFormat = "html"
    at: str = Field(default="07:00", pattern=r"^([01]\d|2[0-3]):[0-5]\d$")
    public: bool = False
    email_to: list[str] = Field(default_factory=list)
    language: Language | None = None  # the recipients' language; None: reports.language


def _default_schedules() -> dict[str, Schedule]:
    return {
        "daily": Schedule(period="day", by="team", at="07:00"),
        "weekly": Schedule(period="week", by="agent", at="07:30"),
        "monthly": Schedule(period="month", by="centre", at="08:00"),
    }


class SmtpConfig(BaseModel):
    model_config = ConfigDict(extra="forbid")
    host: str = ""
    port: int = 25
    starttls: bool = False
    username: str = ""
    password_env: str = "SAPA_SMTP_PASSWORD"
    from_addr: str = "sapa@localhost"
    timeout_s: float = 30.0


class SurveyGamingConfig(BaseModel):
    """When an agent's survey numbers are flagged on the team lead's scorecard (reports/gaming.py)."""

    model_config = ConfigDict(extra="forbid")
    min_calls: int = Field(default=8, ge=1)
    offer_gap_pp: float = Field(default=20.0, ge=0, le=100)
    caller_ended_gap_pp: float = Field(default=20.0, ge=0, le=100)
    rating_gap_pp: float = Field(default=25.0, ge=0, le=100)
    max_calls_listed: int = Field(default=20, ge=1, le=500)


class FollowUpsConfig(BaseModel):
    """When an unhappy caller gets a follow-up for the team lead (sapa/followups.py)."""

    model_config = ConfigDict(extra="forbid")
    max_rating: int = Field(default=2, ge=0, le=5)
    on_not_resolved: bool = True
    sync_interval_min: int = Field(default=10, ge=1, le=1440)
    email_to: dict[str, list[str]] = Field(default_factory=dict)


class ReportsConfig(BaseModel):
    model_config = ConfigDict(extra="forbid")
    out_dir: str = "var/reports"
    timezone: str = "Asia/Almaty"
    language: Language = "ru"  # HTML reports and their e-mails (a schedule may name its recipients' own)
    long_call_s: float = 900.0
    trend_periods: int = Field(default=6, ge=2, le=24)
    link_base: str = ""
    public_min_calls: int = Field(default=5, ge=1)
    # Hours after a survey until a rating with no PBX recording is unverified (storage/survey_evidence)
    unverified_after_hours: float = Field(default=24.0, gt=0, le=24 * 366)
    survey_gaming: SurveyGamingConfig = SurveyGamingConfig()
    timings_keys: TimingsKeys = TimingsKeys()
    targets: dict[str, Target] = Field(default_factory=_default_targets)
    scheduler_enabled: bool = True
    misfire_grace_s: int = Field(default=3600, ge=1)
    schedules: dict[str, Schedule] = Field(default_factory=_default_schedules)
    smtp: SmtpConfig = SmtpConfig()
    followups: FollowUpsConfig = FollowUpsConfig()

    @field_validator("timezone")
    @classmethod
    def _known_zone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError) as exc:
            raise ValueError(f"unknown time zone {value!r} (an IANA name such as Asia/Almaty)") from exc
        return value
