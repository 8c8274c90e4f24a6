"""YAML text → ScriptDocument; every problem is reported with file, line and column."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from dialogue.exceptions import ErrorLocation, ScriptValidationError
from dialogue.graph import flow_problems
from dialogue.schema import ScriptDocument
from dialogue.yaml_guard import YamlRefused, check_yaml

_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
KeyPath = tuple[str | int, ...]
Position = tuple[int, int]  # 1-based line, column

SCRIPTS_DIR = Path(__file__).resolve().parent / "scripts"
DEFAULT_SCRIPT = "support-first-line"


def default_script_path() -> Path:
    """Path of the default script shipped with Sapa."""
    return SCRIPTS_DIR / f"{DEFAULT_SCRIPT}.yaml"


def load_script(text: str, source: str = "<string>") -> ScriptDocument:
    """Parse and validate one script; raise ScriptValidationError listing every problem."""
    data, positions, errors = parse_yaml(text, source)
    if not isinstance(data, dict):
        raise ScriptValidationError([*errors, (source, 1, 1, "a script must be a YAML mapping (name: ...)")])
    try:
        doc = ScriptDocument.model_validate(data, context={"languages": data.get("languages")})
    except ValidationError as exc:
        errors += [_pydantic_error(error, positions, source) for error in exc.errors()]
    else:
        errors += [_located(loc, message, positions, source) for loc, message in flow_problems(doc)]
    if errors:
        raise ScriptValidationError(errors)
    return doc


def load_script_file(path: Path) -> ScriptDocument:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ScriptValidationError([(str(path), 0, 0, f"cannot read: {exc}")]) from exc
    return load_script(text, str(path))


def parse_yaml(text: str, source: str) -> tuple[Any, dict[KeyPath, Position], list[ErrorLocation]]:
    """One pass of the YAML parser (libyaml when present): the data, key path → (line, column), and an
    error for every duplicate key (YAML itself would silently keep the last one). Aliases and deep nesting
    are refused before anything is built (dialogue/yaml_guard.py)."""
    try:
        check_yaml(text, _Loader)
    except YamlRefused as exc:
        raise ScriptValidationError([(source, exc.line, exc.column, f"invalid YAML: {exc.problem}")]) from exc
    except yaml.YAMLError:
        pass  # reported with its position by the load below
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        data = loader.construct_document(node) if node is not None else None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, column = (mark.line + 1, mark.column + 1) if mark else (0, 0)
        problem = exc.problem or exc.context
        raise ScriptValidationError([(source, line, column, f"invalid YAML: {problem}")]) from exc
    except yaml.YAMLError as exc:
        raise ScriptValidationError([(source, 0, 0, f"invalid YAML: {exc}")]) from exc
    except (ValueError, RecursionError) as exc:  # e.g. an integer of more than 4300 digits
        problem = f"invalid YAML: {exc.__class__.__name__}: {str(exc).splitlines()[0]}"
        raise ScriptValidationError([(source, 0, 0, problem)]) from exc
    finally:
        loader.dispose()
    positions: dict[KeyPath, Position] = {}
    errors: list[ErrorLocation] = []
    if node is not None:
        _walk(node, (), positions, errors, source)
    return data, positions, errors


def _walk(
    node: yaml.Node, prefix: KeyPath, out: dict[KeyPath, Position], errors: list[ErrorLocation], source: str
) -> None:
    out.setdefault(prefix, (node.start_mark.line + 1, node.start_mark.column + 1))
    if isinstance(node, yaml.MappingNode):
        seen: dict[str, int] = {}
        for key_node, value_node in node.value:
            key, mark = str(key_node.value), key_node.start_mark
            if key in seen:
                message = f"duplicate key {key!r} (first at line {seen[key]})"
                errors.append((source, mark.line + 1, mark.column + 1, message))
                continue
            seen[key] = mark.line + 1
            out[(*prefix, key)] = (mark.line + 1, mark.column + 1)
            _walk(value_node, (*prefix, key), out, errors, source)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            _walk(item, (*prefix, index), out, errors, source)


def resolve(positions: dict[KeyPath, Position], loc: tuple[Any, ...]) -> tuple[KeyPath, Position]:
    """Follow ``loc`` through the YAML keys, skipping parts that are not keys (pydantic's union tags,
    ``[key]`` markers); return the deepest existing key path and its position."""
    path: KeyPath = ()
    for part in loc:
        candidate = (*path, part if isinstance(part, int) else str(part))
        if candidate in positions:
            path = candidate
    return path, positions.get(path, (1, 1))


def _where(loc: tuple[Any, ...]) -> str:
    return ".".join(str(part) for part in loc if not str(part).startswith(("function-", "[")))


def _pydantic_error(error: Any, positions: dict[KeyPath, Position], source: str) -> ErrorLocation:
    loc = tuple(error["loc"])
    _, (line, column) = resolve(positions, loc)
    message = str(error["msg"]).removeprefix("Value error, ")
    if error["type"] in ("missing", "extra_forbidden"):
        kind = "missing" if error["type"] == "missing" else "unknown"
        loc, message = loc[:-1], f"{kind} field {loc[-1]!r}"
    elif isinstance(error.get("input"), str | int | float) and error["type"] != "value_error":
        message += f" (got {error['input']!r})"
    where = _where(loc)
    return source, line, column, f"{where}: {message}" if where else message


def _located(loc: KeyPath, message: str, positions: dict[KeyPath, Position], source: str) -> ErrorLocation:
    _, (line, column) = resolve(positions, loc)
    return source, line, column, message
