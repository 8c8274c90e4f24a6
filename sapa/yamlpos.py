"""Load YAML and remember where each key stands, so errors can name file, line and column."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from dialogue.yaml_guard import YamlRefused, check_yaml

Position = tuple[int, int]  # 1-based line, column
KeyPath = tuple[str | int, ...]


class YamlSyntaxError(ValueError):
    def __init__(self, path: str, line: int, column: int, problem: str) -> None:
        super().__init__(f"{path}:{line}:{column}: invalid YAML: {problem}")
        self.path, self.line, self.column, self.problem = path, line, column, problem


def _walk(node: yaml.Node, prefix: KeyPath, out: dict[KeyPath, Position]) -> None:
    out.setdefault(prefix, (node.start_mark.line + 1, node.start_mark.column + 1))
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            key = (*prefix, str(key_node.value))
            out[key] = (key_node.start_mark.line + 1, key_node.start_mark.column + 1)
            _walk(value_node, key, out)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            _walk(item, (*prefix, index), out)


def load_yaml(text: str, path: str = "<string>") -> tuple[Any, dict[KeyPath, Position]]:
    """Parse one YAML document; return the data and a map key path → (line, column).

    Aliases, deep nesting and numbers too long to convert are refused with a YamlSyntaxError."""
    try:
        check_yaml(text)
    except YamlRefused as exc:
        raise YamlSyntaxError(path, exc.line, exc.column, exc.problem) from exc
    except yaml.YAMLError:
        pass  # reported with its position below
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
        data = yaml.safe_load(text)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (0, 0)
        raise YamlSyntaxError(path, line, col, str(exc.problem or exc.context)) from exc
    except yaml.YAMLError as exc:
        raise YamlSyntaxError(path, 0, 0, str(exc)) from exc
    except (ValueError, RecursionError) as exc:  # e.g. an integer of more than 4300 digits
        raise YamlSyntaxError(path, 0, 0, f"{exc.__class__.__name__}: {str(exc).splitlines()[0]}") from exc
    positions: dict[KeyPath, Position] = {}
    if node is not None:
        _walk(node, (), positions)
    return data, positions


def load_yaml_file(path: Path) -> tuple[Any, dict[KeyPath, Position]]:
    try:
        text = path.read_bytes().decode("utf-8")
    except UnicodeDecodeError as exc:
        raise YamlSyntaxError(
            str(path), 0, 0, f"not UTF-8 text (byte 0x{exc.object[exc.start]:02x} at offset {exc.start})"
        ) from exc
    except OSError as exc:
        raise YamlSyntaxError(str(path), 0, 0, f"cannot read: {exc.strerror or exc}") from exc
    return load_yaml(text, str(path))


def nearest_position(positions: dict[KeyPath, Position], loc: KeyPath) -> Position | None:
    """Position of ``loc`` or of its closest existing parent."""
    for cut in range(len(loc), -1, -1):
        if loc[:cut] in positions:
            return positions[loc[:cut]]
    return None
