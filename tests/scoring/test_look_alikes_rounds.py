"""The look-alike probes of rounds 11 onwards (``tests/scoring/probes/round_N.yaml``), validated as data and
run through the default checklist: each sentence or exchange keeps the answer its round gave it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.scoring.helpers import (
    PROBLEM,
    PROBLEM_KK,
    answer,
    answer_a_minute_in,
    answer_an_exchange_in,
    default_checklist,
)

PROBES = Path(__file__).parent / "probes"
LANGS, STYLES, SPEAKERS = {"ru", "kk", "mixed"}, {"clean", "asr"}, {"a", "c", "u"}


def _rounds() -> list[tuple[str, dict[str, Any]]]:
    files = sorted(PROBES.glob("round_*.yaml"), key=lambda p: int(p.stem.split("_")[1]))
    return [(p.stem, yaml.safe_load(p.read_text(encoding="utf-8"))) for p in files]


def _cases(table: str) -> list[Any]:
    out = []
    for name, data in _rounds():
        n = 0
        for group in data.get(table, []):
            for case in group["cases"]:
                n += 1
                out.append(pytest.param(case, id=f"{name}-{n}"))
    return out


ONE_LINE, EXCHANGES, OPENINGS = _cases("one_line"), _cases("exchanges"), _cases("openings")


def test_the_probe_tables_are_valid_data() -> None:
    items = {it.id for it in default_checklist().items}
    rounds = _rounds()
    assert len(rounds) >= 15
    for name, data in rounds:
        assert set(data) <= {"one_line", "exchanges", "openings"}, name
        for group in data.get("one_line", []):
            assert group["why"] and group["cases"], name
            for item, lang, style, line, passes in group["cases"]:
                assert item in items and lang in LANGS and style in STYLES, (name, line)
                assert isinstance(line, str) and line.strip() and isinstance(passes, bool), (name, line)
        for group in data.get("openings", []):
            assert group["why"] and group["cases"], name
            for lang, style, line, passes in group["cases"]:
                assert lang in LANGS and style in STYLES and isinstance(passes, bool), (name, line)
        for group in data.get("exchanges", []):
            assert group["why"] and group["cases"], name
            for case in group["cases"]:
                assert set(case) == {"item", "lang", "turns", "passes"}, name
                assert case["item"] in items and case["lang"] in LANGS and isinstance(case["passes"], bool)
                turns = case["turns"]
                assert all(len(t) == 2 and t[0] in SPEAKERS and isinstance(t[1], str) for t in turns), name


@pytest.mark.parametrize("case", ONE_LINE)
def test_one_agent_sentence_a_minute_in(case: list[Any]) -> None:
    item, lang, style, line, passes = case
    assert answer_a_minute_in(item, lang, style, line) is passes


@pytest.mark.parametrize("case", EXCHANGES)
def test_an_exchange_a_minute_in(case: dict[str, Any]) -> None:
    turns = [tuple(t) for t in case["turns"]]
    assert answer_an_exchange_in(case["item"], case["lang"], turns) is case["passes"]


@pytest.mark.parametrize("case", OPENINGS)
def test_the_greeting_in_the_agents_first_turn(case: list[Any]) -> None:
    lang, style, line, passes = case
    caller = ("c", PROBLEM_KK[1] if lang == "kk" else PROBLEM[1])
    assert answer("greeting", ("a", line), caller, language=lang, style=style) is passes
