"""Schema + validation: good scripts load; every broken one names file:line:col and what is wrong."""

from __future__ import annotations

import pytest

from dialogue import ScriptValidationError, default_script_path, load_script, load_script_file
from dialogue.schema import MenuNode, RouteNode
from tests.dialogue.scripts import GOOD, at, default_script_text, edit

SRC = "scripts/tiny.yaml"


def errors_of(text: str) -> list[tuple[str, int, int, str]]:
    with pytest.raises(ScriptValidationError) as caught:
        load_script(text, SRC)
    return caught.value.errors


def only_error(text: str) -> tuple[int, int, str]:
    errors = errors_of(text)
    assert len(errors) == 1, errors
    source, line, column, message = errors[0]
    assert source == SRC
    return line, column, message


def test_good_script_loads_with_typed_nodes() -> None:
    doc = load_script(GOOD, SRC)
    assert doc.name == "tiny" and doc.languages == ["kk", "ru"] and doc.default_language == "kk"
    menu = doc.flow.nodes["choose"]
    assert isinstance(menu, MenuNode) and menu.options == {"1": "set_kk", "2": "set_ru", "9": "hello"}
    route = doc.flow.nodes["to_operator"]
    assert isinstance(route, RouteNode) and route.extension == "1001" and route.queue is None
    assert doc.prompts["bye"]["ru"] == "До свидания"


def test_unknown_node_referenced() -> None:
    text = edit("      next: account\n    set_ru", "      next: acount\n    set_ru")
    line, column, message = only_error(text)
    assert (line, column) == at(text, "next: acount")
    assert "unknown node 'acount' referenced" in message


def test_unknown_start_node() -> None:
    text = edit("start: hello", "start: helo")
    line, column, message = only_error(text)
    assert (line, column) == at(text, "start: helo") and "unknown node 'helo'" in message


def test_menu_option_without_target() -> None:
    text = edit("        2: set_ru\n", "        2:\n")
    errors = errors_of(text)
    assert (SRC, *at(text, "2:\n"), "menu option '2' has no target node") in errors
    # set_ru is now unreachable, which is reported too, at its own key
    assert any(e[1:3] == at(text, "set_ru:") and "unreachable" in e[3] for e in errors)


def test_unreachable_node() -> None:
    text = edit("checklist:\n", "    orphan:\n      type: hangup\nchecklist:\n")
    line, column, message = only_error(text)
    assert (line, column) == at(text, "orphan:")
    assert message == "node 'orphan' is unreachable from start node 'hello'"


def test_loop_without_exit() -> None:
    loop = "    ping:\n      type: play\n      prompt: hello\n      next: pong\n"
    loop += "    pong:\n      type: set\n      variable: x\n      value: 1\n      next: ping\n"
    text = edit("checklist:\n", loop + "checklist:\n")
    text = edit("        9: hello\n", "        9: ping\n", text)
    line, column, message = only_error(text)
    assert (line, column) == at(text, "ping:")
    assert message.startswith("loop without exit: ping → pong → ping")


def test_menu_repeat_loop_is_not_an_error() -> None:
    """hello → choose → (9) hello loops, but the menu can still hang up after its attempts."""
    load_script(GOOD, SRC)


def test_duplicate_yaml_key() -> None:
    text = edit(
        "      prompt: hello\n      next: choose",
        "      prompt: hello\n      prompt: bye\n      next: choose",
    )
    line, column, message = only_error(text)
    assert (line, column) == at(text, "prompt: bye")
    assert message == f"duplicate key 'prompt' (first at line {at(text, 'prompt: hello')[0]})"


def test_missing_language_text() -> None:
    text = edit("    ru: До свидания\n", "")
    line, column, message = only_error(text)
    assert (line, column) == at(text, "bye:")
    assert message == "prompt 'bye' has no ru text (missing language text)"


def test_unknown_prompt_referenced() -> None:
    text = edit("      prompt: bye", "      prompt: ciao")
    line, column, message = only_error(text)
    assert (line, column) == at(text, "prompt: ciao") and "unknown prompt 'ciao'" in message


def test_wrong_type_points_at_the_key() -> None:
    text = edit("      attempts: 2\n      invalid", "      attempts: lots\n      invalid")
    line, column, message = only_error(text)
    assert (line, column) == at(text, "attempts: lots")
    assert message.startswith("flow.nodes.choose.menu.attempts: Input should be a valid integer")
    assert "(got 'lots')" in message


def test_missing_and_unknown_fields() -> None:
    text = edit("      type: play\n      prompt: hello\n", "      type: play\n      promt: hello\n")
    errors = errors_of(text)
    messages = {e[3]: e[1:3] for e in errors}
    assert messages["flow.nodes.hello.play: missing field 'prompt'"] == at(text, "hello:\n      type")
    assert messages["flow.nodes.hello.play: unknown field 'promt'"] == at(text, "promt:")


def test_unknown_node_type_and_bad_dtmf_key() -> None:
    text = edit("      type: hangup", "      type: hang_up")
    text = edit("        9: hello", "        x: hello", text)
    errors = errors_of(text)
    assert len(errors) == 2
    assert errors[0][1:3] == at(text, "options:") and "menu keys must be one of 0-9 * #" in errors[0][3]
    assert errors[1][1:3] == at(text, "goodbye:\n") and "hang_up" in errors[1][3]


def test_route_needs_queue_or_extension_and_after_a_survey() -> None:
    text = edit("      extension: 1001\n", "      queue: support\n      extension: 1001\n")
    line, column, message = only_error(text)
    assert (line, column) == at(text, "to_operator:") and "exactly one of queue or extension" in message
    text = edit("      after: rating", "      after: goodbye")
    errors = errors_of(text)
    assert (
        SRC,
        *at(text, "after: goodbye"),
        "'after' must name a survey node, 'goodbye' is not one",
    ) in errors


def test_bad_language_and_yaml_syntax() -> None:
    text = edit("languages: [kk, ru]", "languages: [kk, de]")
    line, column, message = only_error(text)
    assert (line, column) == at(text, "de]") and message.startswith("languages.1: Input should be 'ru', 'kk'")
    line, column, message = only_error(edit("  start: hello", "  start: [hello"))
    assert line > 0 and message.startswith("invalid YAML")
    assert only_error("- just\n- a list\n")[2].startswith("a script must be a YAML mapping")


def test_errors_print_one_per_line_in_document_order() -> None:
    text = edit("start: hello", "start: helo", edit("    ru: До свидания\n", ""))
    with pytest.raises(ScriptValidationError) as caught:
        load_script(text, SRC)
    lines = str(caught.value).splitlines()
    assert len(lines) == 2
    assert lines[0].startswith(f"{SRC}:{at(text, 'bye:')[0]}:") and "missing language text" in lines[0]
    assert lines[1].startswith(f"{SRC}:{at(text, 'start: helo')[0]}:3: unknown node")


REFERENCE_IDS = [
    "greeting",
    "identify_user",
    "clarify_problem",
    "register_ticket",
    "inform_actions",
    "thank_patience",
    "anything_else",
    "survey_invite",
    "farewell",
    "no_filler_words",
    "no_profanity",
    "no_rudeness",
    "no_password_request",
    "no_staff_disclosure",
]


def test_default_script_flow_and_metadata() -> None:
    doc = load_script(default_script_text(), "support-first-line.yaml")
    assert doc.name == "support-first-line" and doc.languages == ["kk", "ru"]
    assert all(set(texts) >= {"kk", "ru"} for texts in doc.prompts.values())
    main = doc.flow.nodes["main_menu"]
    assert isinstance(main, MenuNode) and set(main.options) == {"1", "2", "3", "0"}
    route = doc.flow.nodes["to_support"]
    assert isinstance(route, RouteNode) and route.queue == "support" and route.after == "rating"


def test_default_script_validates_with_the_reference_checklist() -> None:
    doc = load_script_file(default_script_path())
    ids = [item.id for item in doc.checklist.items]
    assert len(ids) == 14 and set(ids) == set(REFERENCE_IDS)


def test_checklist_duplicate_item_id() -> None:
    text = edit("    - id: no_password_request", "    - id: greeting")
    line, column, message = only_error(text)
    assert (line, column) == at(text, "id: greeting", 2)
    assert message == "checklist.items.1.id: duplicate item id 'greeting'"


def test_checklist_bad_regex() -> None:
    text = edit('["/^парол.*/"]', '["/^парол(.*/"]')
    line, column, message = only_error(text)
    assert (line, column) == at(text, '"/^парол(')
    assert "bad regular expression" in message
    assert message.startswith("checklist.items.1.match.0.ru.0")


def test_checklist_missing_language_text() -> None:
    text = edit('          kk: ["құпия сөз*"]\n', "")
    line, column, message = only_error(text)
    assert (line, column) == at(text, 'ru: ["/^парол')
    assert "has no kk patterns" in message


def test_checklist_weight_not_a_number() -> None:
    text = edit("      weight: 2\n", "      weight: heavy\n")
    line, column, message = only_error(text)
    assert (line, column) == at(text, "weight: heavy")
    assert (
        message.startswith("checklist.items.0.weight: Input should be a valid number")
        and "'heavy'" in message
    )


def test_columns_count_characters_after_cyrillic_text() -> None:
    text = edit(
        "    ru: Здравствуйте\n", "    ru: Здравствуйте\n  hi: {kk: Сәлем, kk: Сәлеметсіз бе, ru: Привет}\n"
    )
    line, column, message = only_error(text)
    assert (line, column) == at(text, "kk: Сәлеметсіз", 2) and column == 19
    assert message.startswith("duplicate key 'kk'")
