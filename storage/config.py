"""Database section of config.yaml."""

from pydantic import BaseModel, ConfigDict


class DatabaseConfig(BaseModel):
    model_config = ConfigDict(extra="forbid")
    url: str = "sqlite:///var/sapa.db"
    echo: bool = False
