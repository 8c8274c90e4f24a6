"""Ingest section of config.yaml: job leases and when a recording counts as completely written."""

from pydantic import BaseModel, ConfigDict, Field


class IngestConfig(BaseModel):
    model_config = ConfigDict(extra="forbid")
    lease_s: float = Field(600.0, ge=5, le=86400)
    heartbeat_s: float = Field(30.0, gt=0, le=3600)
    stable_s: float = Field(10.0, ge=0, le=3600)
