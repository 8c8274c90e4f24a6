"""Survey sets in the script YAML: validation with file:line:column, as for the rest of the script."""

from __future__ import annotations

import pytest

from dialogue import ScriptValidationError, default_script_path, load_script

SHIPPED = default_script_path().read_text(encoding="utf-8")


def _with_sets(sets_yaml: str) -> str:
    head, _sep, tail = SHIPPED.partition("\nsurveys:\n")
    rest = tail[tail.index("\n# === consultant checklist") :]
    return head + "\nsurveys:\n" + sets_yaml + rest


def _errors(text: str) -> str:
    with pytest.raises(ScriptValidationError) as exc:
        load_script(text, "s.yaml")
    return str(exc.value)


def test_shipped_set() -> None:
    doc = load_script(SHIPPED)
    s = doc.surveys["second-line"]
    assert [q.kind for q in s.questions] == ["csat", "resolved", "nps"]
    assert s.serves("second-line", "ru") and not s.serves("support", "ru")


def test_unknown_prompt_and_missing_prompts_are_located() -> None:
    text = _with_sets(
        "  a:\n    queues: [q1]\n    questions:\n"
        "      - {id: r, kind: resolved, prompt: nope, invalid_prompt: q_resolved_invalid,"
        " no_input_prompt: q_resolved_no_input}\n"
        "      - {id: n, kind: nps, prompt: q_nps}\n"
    )
    line = text[: text.index("{id: n, kind: nps")].count("\n") + 1
    assert f"s.yaml:{line}:" in _errors(text)
    assert "a nps question needs prompt, invalid_prompt and no_input_prompt" in _errors(text)


def test_unknown_prompt_reported_with_its_line() -> None:
    text = _with_sets(
        "  a:\n    queues: [q1]\n    questions:\n"
        "      - id: r\n        kind: resolved\n        prompt: nope\n"
        "        invalid_prompt: q_resolved_invalid\n        no_input_prompt: q_resolved_no_input\n"
    )
    line = text[: text.index("prompt: nope")].count("\n") + 1
    assert f"s.yaml:{line}:9: unknown prompt 'nope' referenced" in _errors(text)


def test_queue_in_two_sets_duplicate_ids_and_two_csat() -> None:
    q = "      - {id: c, kind: csat}\n"
    text = _with_sets(
        f"  a:\n    queues: [q1]\n    questions:\n{q}"
        f"  b:\n    queues: [q1]\n    languages: [ru]\n    questions:\n{q}{q}"
    )
    errors = _errors(text)
    assert "question ids must be unique within a set" in errors
    text = _with_sets(
        f"  a:\n    queues: [q1]\n    questions:\n{q}  b:\n    queues: [q1]\n    questions:\n{q}"
    )
    assert "queue 'q1' (kk) is already surveyed by set 'a'" in _errors(text)
    text = _with_sets(f"  a:\n    queues: [q1]\n    languages: [en]\n    questions:\n{q}")
    assert "the script has no en texts" in _errors(text)
