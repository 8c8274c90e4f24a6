"""IVR section of config.yaml: FastAGI server, survey and prompts."""

from pydantic import BaseModel, ConfigDict, Field


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
    prompts_dir: str = "var/prompts"
    custom_prompts_dir: str = "var/prompts-custom"
    comments_dir: str = "var/survey-comments"
    twilio_auth_token: str = ""
    twilio_public_url: str = ""
    survey: SurveyConfig = SurveyConfig()
