"""Cross-reference checks of a parsed script: unknown nodes/prompts, unreachable nodes, loops, texts.

Each problem is ``(location, message)``; the location is a key path into the YAML document, which the
loader turns into file:line:column.
"""

from __future__ import annotations

from collections.abc import Iterator

from dialogue.schema import (
    CollectNode,
    HangupNode,
    MenuNode,
    Node,
    PlayNode,
    RouteNode,
    ScriptDocument,
    SetNode,
    SurveyNode,
)
from dialogue.surveys import survey_problems

Location = tuple[str | int, ...]
Problem = tuple[Location, str]


def node_targets(node: Node) -> Iterator[tuple[Location, str]]:
    """(location inside the node, target node name) for every reference to another node."""
    if isinstance(node, MenuNode):
        for key, target in node.options.items():
            if target:
                yield ("options", key), target
    if isinstance(node, PlayNode | SetNode | CollectNode | SurveyNode) and node.next:
        yield ("next",), node.next
    if isinstance(node, MenuNode | CollectNode) and node.on_failure:
        yield ("on_failure",), node.on_failure
    if isinstance(node, RouteNode) and node.after:
        yield ("after",), node.after


def node_prompts(node: Node) -> Iterator[tuple[str, str]]:
    """(field, prompt id) for every prompt a node plays."""
    for field in ("prompt", "invalid_prompt", "no_input_prompt"):
        value = getattr(node, field, None)
        if value:
            yield field, value


def is_exit(node: Node) -> bool:
    """A node where the script can end: a route, a hang-up, a final survey, or a menu/collect whose
    used-up attempts hang up because it has no ``on_failure``."""
    if isinstance(node, RouteNode | HangupNode):
        return True
    if isinstance(node, SurveyNode):
        return node.next is None
    if isinstance(node, MenuNode | CollectNode):
        return node.on_failure is None
    return False


def flow_problems(doc: ScriptDocument) -> list[Problem]:
    """Every cross-reference problem of ``doc`` in document order."""
    problems: list[Problem] = []
    problems += _prompt_text_problems(doc)
    problems += _reference_problems(doc)
    problems += survey_problems(doc)
    if doc.flow.start in doc.flow.nodes:
        problems += _reachability_problems(doc)
    return problems


def _prompt_text_problems(doc: ScriptDocument) -> list[Problem]:
    problems: list[Problem] = []
    for prompt_id, texts in doc.prompts.items():
        for language in doc.languages:
            if not (texts.get(language) or "").strip():
                message = f"prompt {prompt_id!r} has no {language} text (missing language text)"
                problems.append((("prompts", prompt_id), message))
    return problems


def _reference_problems(doc: ScriptDocument) -> list[Problem]:
    nodes = doc.flow.nodes
    problems: list[Problem] = []
    if doc.flow.start not in nodes:
        problems.append((("flow", "start"), f"unknown node {doc.flow.start!r} referenced as start"))
    for name, node in nodes.items():
        base: Location = ("flow", "nodes", name)
        if isinstance(node, MenuNode):
            for key, target in node.options.items():
                if not target:
                    problems.append(((*base, "options", key), f"menu option {key!r} has no target node"))
        for where, target in node_targets(node):
            if target not in nodes:
                problems.append(((*base, *where), f"unknown node {target!r} referenced"))
            elif isinstance(node, RouteNode) and not isinstance(nodes[target], SurveyNode):
                problems.append(((*base, *where), f"'after' must name a survey node, {target!r} is not one"))
        for field, prompt_id in node_prompts(node):
            if prompt_id not in doc.prompts:
                problems.append(((*base, field), f"unknown prompt {prompt_id!r} referenced"))
    return problems


def _edges(doc: ScriptDocument) -> dict[str, list[str]]:
    nodes = doc.flow.nodes
    return {name: [t for _, t in node_targets(node) if t in nodes] for name, node in nodes.items()}


def _reachable(start: str, edges: dict[str, list[str]]) -> set[str]:
    seen, todo = {start}, [start]
    while todo:
        for target in edges[todo.pop()]:
            if target not in seen:
                seen.add(target)
                todo.append(target)
    return seen


def _reachability_problems(doc: ScriptDocument) -> list[Problem]:
    nodes, edges = doc.flow.nodes, _edges(doc)
    reachable = _reachable(doc.flow.start, edges)
    problems: list[Problem] = [
        (("flow", "nodes", name), f"node {name!r} is unreachable from start node {doc.flow.start!r}")
        for name in nodes
        if name not in reachable
    ]
    can_exit = {name for name in nodes if is_exit(nodes[name])}
    changed = True
    while changed:
        grown = {name for name in nodes if name not in can_exit and set(edges[name]) & can_exit}
        can_exit |= grown
        changed = bool(grown)
    reported: set[frozenset[str]] = set()
    for name in nodes:
        if name in reachable and name not in can_exit:
            cycle = _cycle_from(name, edges)
            if cycle and frozenset(cycle) not in reported:
                reported.add(frozenset(cycle))
                first = min(cycle, key=list(nodes).index)
                loop = " → ".join([*cycle, cycle[0]])
                problems.append(
                    (("flow", "nodes", first), f"loop without exit: {loop} never reaches a route or hang-up")
                )
    return problems


def _cycle_from(name: str, edges: dict[str, list[str]]) -> list[str]:
    """Follow first edges from ``name`` until a node repeats; return that cycle (empty at a dead end,
    which only an unknown reference — reported already — can cause)."""
    path: list[str] = []
    current = name
    while current not in path:
        path.append(current)
        if not edges[current]:
            return []
        current = edges[current][0]
    return path[path.index(current) :]
