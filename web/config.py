"""Web section of config.yaml."""

from pydantic import BaseModel, ConfigDict, Field


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
