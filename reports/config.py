"""Reports section of config.yaml: output folder, targets, schedules, SMTP."""

from pydantic import BaseModel, ConfigDict


class ReportsConfig(BaseModel):
    model_config = ConfigDict(extra="forbid")
    out_dir: str = "var/reports"
    timezone: str = "Asia/Almaty"
