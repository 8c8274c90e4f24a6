"""Refuse YAML that would blow up when loaded: aliases (billion laughs), deep nesting, huge documents.

Checked on the parser's event stream before any node is built, so the check itself costs time linear in
the text and no recursion: a 360-byte alias bomb fails at once with one line instead of holding a worker.
Aliases (``*name``) are refused outright: scripts and config.yaml are edited by people, and a repeated
block is clearer written out than referenced.
"""

from __future__ import annotations

from typing import Any

import yaml

MAX_DEPTH = 64
MAX_BYTES = 2_000_000


class YamlRefused(ValueError):
    def __init__(self, line: int, column: int, problem: str) -> None:
        super().__init__(f"{line}:{column}: {problem}")
        self.line, self.column, self.problem = line, column, problem


def check_yaml(text: str, loader: Any = yaml.SafeLoader, max_depth: int = MAX_DEPTH) -> None:
    """Raise YamlRefused (line, column, problem) for an alias, nesting deeper than ``max_depth`` or a
    document over MAX_BYTES; syntax errors are left to the real load (yaml.YAMLError)."""
    if len(text) > MAX_BYTES:
        raise YamlRefused(1, 1, f"document larger than {MAX_BYTES} characters")
    depth = 0
    for event in yaml.parse(text, Loader=loader):
        mark = event.start_mark
        line, column = (mark.line + 1, mark.column + 1) if mark is not None else (0, 0)
        if isinstance(event, yaml.AliasEvent):
            raise YamlRefused(line, column, f"YAML aliases (*{event.anchor}) are not allowed; write it out")
        if isinstance(event, yaml.CollectionStartEvent):
            depth += 1
            if depth > max_depth:
                raise YamlRefused(line, column, f"nested deeper than {max_depth} levels")
        elif isinstance(event, yaml.CollectionEndEvent):
            depth -= 1
