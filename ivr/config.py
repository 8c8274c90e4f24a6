"""IVR section of config.yaml: FastAGI server, survey and prompts."""

import ipaddress

from pydantic import BaseModel, ConfigDict, Field, field_validator


class SurveyConfig(BaseModel):
    model_config = ConfigDict(extra="forbid")
    digit_timeout_s: float = Field(5.0, gt=0, le=60)
    max_attempts: int = Field(3, ge=1, le=10)
    comment_threshold: int = Field(2, ge=0, le=5)
    comment_max_s: int = Field(60, ge=5, le=600)
    default_language: str = "ru"
    trust_channel_language: bool = False


class IvrConfig(BaseModel):
    model_config = ConfigDict(extra="forbid")
    agi_host: str = "127.0.0.1"
    agi_port: int = Field(4573, ge=1, le=65535)
    header_timeout_s: float = Field(5.0, gt=0)
    reply_timeout_s: float = Field(300.0, gt=0)
    max_sessions: int = Field(1000, ge=1)
    agi_allow: list[str] = Field(default_factory=lambda: ["127.0.0.0/8", "::1"])
    max_sessions_per_peer: int = Field(1000, ge=1)
    max_pending_headers: int = Field(64, ge=1)
    max_pending_per_peer: int = Field(16, ge=1)
    journal_dir: str = "var/survey-journal"
    prompts_dir: str = "var/prompts"
    custom_prompts_dir: str = "var/prompts-custom"
    comments_dir: str = "var/survey-comments"
    twilio_auth_token: str = ""
    twilio_public_url: str = ""
    survey: SurveyConfig = SurveyConfig()

    @field_validator("agi_allow")
    @classmethod
    def _networks(cls, value: list[str]) -> list[str]:
        for entry in value:
            try:
                ipaddress.ip_network(entry.strip(), strict=False)
            except ValueError as exc:
                raise ValueError(f"{entry!r} is not an IP address or CIDR") from exc
        return value
