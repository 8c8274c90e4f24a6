"""Scoring section of config.yaml."""

from pydantic import BaseModel, ConfigDict


class ScoringConfig(BaseModel):
    model_config = ConfigDict(extra="forbid")
    default_script: str = "support-first-line"
