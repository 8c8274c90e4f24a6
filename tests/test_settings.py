"""Settings precedence and one-line errors naming key and file."""

from __future__ import annotations

from pathlib import Path

import pytest
from pydantic import BaseModel

from sapa.exceptions import ConfigError
from sapa.settings import Settings, load_settings
from sapa.yamlpos import load_yaml

REPO = Path(__file__).resolve().parent.parent


def test_precedence_defaults_file_env_flags(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    cfg = tmp_path / "c.yaml"
    cfg.write_text("database:\n  url: sqlite:///file.db\n  echo: true\nivr:\n  agi_port: 4600\n")
    monkeypatch.chdir(tmp_path)
    s = load_settings(cfg)
    assert (s.database.url, s.database.echo, s.ivr.agi_port) == ("sqlite:///file.db", True, 4600)
    assert s.ivr.survey.max_attempts == 3  # default
    monkeypatch.setenv("SAPA_DATABASE_URL", "sqlite:///env.db")
    monkeypatch.setenv("SAPA_IVR_AGI_PORT", "4700")
    s = load_settings(cfg)
    assert (s.database.url, s.database.echo, s.ivr.agi_port) == ("sqlite:///env.db", True, 4700)
    s = load_settings(cfg, database={"url": "sqlite:///flag.db"})
    assert (s.database.url, s.database.echo) == ("sqlite:///flag.db", True)


def test_sapa_config_env_points_at_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    cfg = tmp_path / "other.yaml"
    cfg.write_text("web:\n  port: 9001\n")
    monkeypatch.setenv("SAPA_CONFIG", str(cfg))
    assert load_settings().web.port == 9001


def test_unknown_key_names_key_file_and_line(tmp_path: Path) -> None:
    cfg = tmp_path / "c.yaml"
    cfg.write_text("database:\n  url: sqlite:///x.db\n  colour: red\n")
    with pytest.raises(ConfigError) as err:
        load_settings(cfg)
    assert str(err.value) == f"config error: {cfg}:3: 'database.colour': unknown key"


def test_wrong_type_names_key(tmp_path: Path) -> None:
    cfg = tmp_path / "c.yaml"
    cfg.write_text("ivr:\n  survey:\n    max_attempts: many\n")
    with pytest.raises(
        ConfigError, match=r"c.yaml:3: 'ivr.survey.max_attempts': Input should be a valid integer"
    ):
        load_settings(cfg)


def test_wrong_env_type_names_variable(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("SAPA_WEB_PORT", "eighty")
    with pytest.raises(ConfigError, match="SAPA_WEB_PORT"):
        load_settings()


def test_yaml_syntax_error_has_line(tmp_path: Path) -> None:
    cfg = tmp_path / "c.yaml"
    cfg.write_text("database:\n  url: [unclosed\n")
    with pytest.raises(ConfigError, match=r"c.yaml:\d+:\d+: invalid YAML"):
        load_settings(cfg)


def _leaf_paths(model: type[BaseModel], prefix: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    out = []
    for name, field in model.model_fields.items():
        ann = field.annotation
        if isinstance(ann, type) and issubclass(ann, BaseModel):
            out += _leaf_paths(ann, (*prefix, name))
        else:
            out.append((*prefix, name))
    return out


def test_shipped_config_is_valid_complete_commented_and_matches_packaged_default() -> None:
    text = (REPO / "config.yaml").read_text()
    assert text == (REPO / "sapa" / "default_config.yaml").read_text()
    load_settings(REPO / "config.yaml")
    _, positions = load_yaml(text, "config.yaml")
    lines = text.splitlines()
    for path in _leaf_paths(Settings):
        assert path in positions, f"config.yaml lacks key {'.'.join(path)}"
        line = positions[path][0]
        assert lines[line - 2].strip().startswith("#"), f"config.yaml key {'.'.join(path)} has no comment"
