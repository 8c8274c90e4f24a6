"""Settings: defaults < config.yaml < SAPA_* environment < CLI flags.

``SAPA_CONFIG`` points at another config file. Environment keys use one underscore between the
section and the key: ``SAPA_DATABASE_URL`` sets ``database.url``, ``SAPA_IVR_AGI_PORT`` sets
``ivr.agi_port``. Unknown keys and wrong types raise ConfigError naming the key and the file.
"""

from __future__ import annotations

import math
import os
import re
from pathlib import Path
from typing import Any, ClassVar

from pydantic import ValidationError
from pydantic.fields import FieldInfo
from pydantic_settings import BaseSettings, PydanticBaseSettingsSource, SettingsConfigDict, SettingsError

from asr.config import AsrConfig
from ivr.config import IvrConfig
from reports.config import ReportsConfig
from sapa.exceptions import ConfigError
from sapa.ingest_config import IngestConfig
from sapa.jobs_config import JobsConfig
from sapa.yamlpos import KeyPath, Position, YamlSyntaxError, load_yaml_file, nearest_position
from scoring.config import ScoringConfig
from storage.config import DatabaseConfig
from web.config import WebConfig

DEFAULT_CONFIG = Path("config.yaml")


class YamlSource(PydanticBaseSettingsSource):
    """Reads the YAML file that ``load_settings`` already parsed."""

    def __init__(self, settings_cls: type[BaseSettings], data: dict[str, Any]) -> None:
        super().__init__(settings_cls)
        self.data = data

    def get_field_value(self, field: FieldInfo, field_name: str) -> tuple[Any, str, bool]:
        return self.data.get(field_name), field_name, False

    def __call__(self) -> dict[str, Any]:
        return dict(self.data)


class Settings(BaseSettings):
    model_config = SettingsConfigDict(
        env_prefix="SAPA_",
        env_nested_delimiter="_",
        env_nested_max_split=1,
        extra="forbid",
        case_sensitive=False,
    )

    log_level: str = "INFO"
    var_dir: str = "var"
    database: DatabaseConfig = DatabaseConfig()
    ivr: IvrConfig = IvrConfig()
    asr: AsrConfig = AsrConfig()
    ingest: IngestConfig = IngestConfig()
    jobs: JobsConfig = JobsConfig()
    scoring: ScoringConfig = ScoringConfig()
    reports: ReportsConfig = ReportsConfig()
    web: WebConfig = WebConfig()

    _yaml_data: ClassVar[dict[str, Any]] = {}

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        return init_settings, env_settings, YamlSource(settings_cls, cls._yaml_data)


def config_path(explicit: str | Path | None = None) -> Path | None:
    """The config file in use: the flag, else SAPA_CONFIG, else ./config.yaml if it exists."""
    if explicit:
        return Path(explicit)
    if env := os.environ.get("SAPA_CONFIG"):
        return Path(env)
    return DEFAULT_CONFIG if DEFAULT_CONFIG.exists() else None


def _read_yaml(path: Path | None) -> tuple[dict[str, Any], dict[KeyPath, Position]]:
    if path is None:
        return {}, {}
    if not path.is_file():
        raise ConfigError(f"config file {path} does not exist")
    try:
        data, positions = load_yaml_file(path)
    except YamlSyntaxError as exc:
        raise ConfigError(str(exc)) from exc
    if data is None:
        return {}, positions
    if not isinstance(data, dict):
        raise ConfigError(f"{path}:1: the config must be a mapping of sections, got {type(data).__name__}")
    return data, positions


def _describe(exc: ValidationError, path: Path | None, positions: dict[KeyPath, Position]) -> str:
    parts = []
    for err in exc.errors():
        loc = tuple(err["loc"])
        key = ".".join(str(p) for p in loc)
        what = "unknown key" if err["type"] == "extra_forbidden" else err["msg"]
        pos = nearest_position(positions, loc) if loc in positions or loc[:1] in positions else None
        if path is not None and pos is not None:
            parts.append(f"{path}:{pos[0]}: '{key}': {what}")
        else:
            env = "SAPA_" + "_".join(str(p) for p in loc).upper()
            parts.append(f"'{key}' (from {env} or a flag): {what}")
    return "config error: " + "; ".join(parts)


def _refuse_non_finite(
    data: Any, loc: KeyPath, path: Path | None, positions: dict[KeyPath, Position]
) -> None:
    """inf and nan parse as floats (1e999999, .inf, SAPA_..._S=inf) but are no timeout, size or rate."""
    if isinstance(data, dict):
        for key, value in data.items():
            _refuse_non_finite(value, (*loc, str(key)), path, positions)
    elif isinstance(data, list):
        for index, value in enumerate(data):
            _refuse_non_finite(value, (*loc, index), path, positions)
    elif isinstance(data, float) and not math.isfinite(data):
        key = ".".join(str(p) for p in loc)
        pos = positions.get(loc)
        where = f"{path}:{pos[0]}: " if path is not None and pos else ""
        raise ConfigError(f"config error: {where}'{key}': must be a finite number, got {data}")


def load_settings(config: str | Path | None = None, **overrides: Any) -> Settings:
    """Build settings; ``overrides`` are CLI flags as nested dicts (``database={"url": ...}``)."""
    path = config_path(config)
    data, positions = _read_yaml(path)
    Settings._yaml_data = data
    try:
        settings = Settings(**overrides)
        _refuse_non_finite(settings.model_dump(), (), path, positions)
        return settings
    except ValidationError as exc:
        raise ConfigError(_describe(exc, path, positions)) from exc
    except SettingsError as exc:  # e.g. SAPA_IVR_SURVEY=notjson: a nested setting from the environment
        raise ConfigError(
            f"config error: {exc}: a nested setting from the environment must be a JSON object, "
            "e.g. SAPA_IVR_SURVEY='{\"max_attempts\": 2}'"
        ) from exc
    finally:
        Settings._yaml_data = {}


SECRET_KEY_WORDS = ("password", "secret", "token", "api_key", "apikey", "private_key")
MASK = "********"
_URL_PASSWORD = re.compile(r"(?P<head>[a-z][a-z0-9+.-]*://[^:/@\s]*:)(?P<password>[^@\s]+)@", re.IGNORECASE)


def mask_secrets(data: Any, key: str = "") -> Any:
    """A copy of settings data for display: secret values (keys naming a password, secret or token, but not
    ``*_env`` names of variables) become ********, and passwords inside URLs (user:PASSWORD@host) too."""
    if isinstance(data, dict):
        return {k: mask_secrets(v, str(k)) for k, v in data.items()}
    if isinstance(data, list):
        return [mask_secrets(v, key) for v in data]
    if not isinstance(data, str) or not data:
        return data
    lowered = key.lower()
    if any(word in lowered for word in SECRET_KEY_WORDS) and not lowered.endswith("_env"):
        return MASK
    return _URL_PASSWORD.sub(lambda m: f"{m.group('head')}{MASK}@", data)
