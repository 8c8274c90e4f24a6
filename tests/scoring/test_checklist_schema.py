"""Checklist schema and pattern syntax: errors point at the offending YAML key."""

from __future__ import annotations

import copy
from typing import Any

import pytest
from pydantic import ValidationError

from dialogue import ScriptValidationError, default_script_path, load_script
from dialogue.checklist import Checklist
from scoring.patterns import PatternSyntaxError, lexicon_refs, parse_pattern

BASE: dict[str, Any] = {
    "lexicon": {"please": ["пожалуйста", "пожалуй*"]},
    "items": [
        {
            "id": "hello",
            "title": "Greets",
            "kind": "stage",
            "criticality": "client",
            "weight": 5,
            "match": [{"ru": ["здравствуйте"], "kk": ["сәлеметсіз"]}],
        },
        {
            "id": "no_x",
            "title": "No X",
            "kind": "forbidden",
            "criticality": "regulator",
            "match": [{"any": [{"match": "блин", "not_preceded_by": "@please"}]}],
        },
    ],
    "timing_checks": [
        {"id": "silence", "kind": "agent_silence", "limit_s": 60, "explained_by": "hello"},
    ],
}


def _errors(data: dict[str, Any]) -> list[tuple[tuple[Any, ...], str]]:
    with pytest.raises(ValidationError) as info:
        Checklist.model_validate(data)
    return [(e["loc"], e["msg"]) for e in info.value.errors()]


def test_valid_checklist() -> None:
    checklist = Checklist.model_validate(BASE)
    assert [i.id for i in checklist.items] == ["hello", "no_x"]
    assert checklist.scoring.pass_mark == 80 and checklist.scoring.auto_fail_criticality == ["regulator"]


def test_duplicate_item_id_points_at_the_second_id() -> None:
    data = copy.deepcopy(BASE)
    data["items"][1]["id"] = "hello"
    [(loc, msg)] = _errors(data)
    assert loc == ("items", 1, "id") and "duplicate item id 'hello'" in msg


def test_bad_pattern_points_at_the_pattern() -> None:
    data = copy.deepcopy(BASE)
    data["items"][0]["match"][0]["ru"] = ["здравствуйте ~3"]
    [(loc, msg)] = _errors(data)
    assert loc[:5] == ("items", 0, "match", 0, "ru") and "ends with a gap" in msg


def test_bad_regex_and_unknown_class_and_lexicon() -> None:
    data = copy.deepcopy(BASE)
    data["items"][0]["match"][0]["ru"] = ["/[a-/"]
    data["items"][0]["match"][0]["kk"] = ["#nobody"]
    data["items"][1]["match"][0]["any"] = ["@missing"]
    msgs = " | ".join(m for _, m in _errors(data))
    assert (
        "bad regular expression" in msgs
        and "unknown class" in msgs
        and "unknown lexicon list @missing" in msgs
    )


def test_weight_must_be_a_number() -> None:
    data = copy.deepcopy(BASE)
    data["items"][0]["weight"] = "heavy"
    [(loc, msg)] = _errors(data)
    assert loc == ("items", 0, "weight") and "number" in msg


def test_missing_language_text() -> None:
    data = copy.deepcopy(BASE)
    del data["items"][0]["match"][0]["kk"]
    [(loc, msg)] = _errors(data)
    assert loc == ("items", 0, "match", 0) and "no kk patterns" in msg


def test_timing_check_must_name_a_known_item() -> None:
    data = copy.deepcopy(BASE)
    data["timing_checks"][0]["explained_by"] = "nothing"
    [(loc, msg)] = _errors(data)
    assert loc == ("timing_checks", 0, "explained_by") and "unknown item" in msg


def test_script_loader_reports_file_line_and_column() -> None:
    text = default_script_path().read_text(encoding="utf-8")
    broken = text.replace("weight: 8\n", "weight: eight\n", 1)
    with pytest.raises(ScriptValidationError) as info:
        load_script(broken, "support.yaml")
    [(source, line, _col, message)] = info.value.errors
    assert source == "support.yaml" and "weight" in message
    assert broken.splitlines()[line - 1].strip().startswith("weight: eight")


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("", "empty pattern"),
        ("(a b", "missing ')'"),
        ("a b)", "unbalanced"),
        ("~2 a", "must stand between"),
        ("a ~99 b", "larger than"),
        ("* a", "must not start"),
        ("%FOO a", "unknown part of speech"),
        ("a | ", "empty alternative"),
        ("a,b", "bad word"),
    ],
)
def test_pattern_syntax_errors(text: str, problem: str) -> None:
    with pytest.raises(PatternSyntaxError) as info:
        parse_pattern(text)
    assert problem in str(info.value)


def test_pattern_structure() -> None:
    [seq] = parse_pattern("спасибо|благодарю ~3 =ожидание #num(4-6) @lst провер* звонок~")
    kinds = [[a.kind for a in el.atoms] for el in seq.elements]
    assert kinds == [["word", "word"], ["exact"], ["num"], ["list"], ["wild"], ["fuzzy"]]
    assert seq.gaps == [3, 0, 0, 0, 0]
    assert seq.elements[2].atoms[0].low == 4 and seq.elements[2].atoms[0].high == 6
    alts = parse_pattern("(не кладите трубку | оставайтесь на линии) ^ в общем-то")
    assert len(alts) == 1 and len(alts[0].elements[0].group or []) == 2
    assert [a.value for a in alts[0].elements[2].atoms] == ["в"] and len(alts[0].elements) == 5
    assert lexicon_refs(parse_pattern("(@a x | @b) @c")) == {"a", "b", "c"}
    assert len(parse_pattern("a b | c")) == 2
