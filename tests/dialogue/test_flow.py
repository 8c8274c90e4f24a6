"""The pure flow interpreter: every path the caller can take, on the default script and a small one."""

from __future__ import annotations

import pytest

from dialogue import load_script
from dialogue.exceptions import FlowError
from dialogue.flow import (
    CallerHungUp,
    CollectDigits,
    Completed,
    Digits,
    FlowRunner,
    Hangup,
    NoInput,
    PlayPrompt,
    RouteToExtension,
    RouteToQueue,
    SetVariable,
    StartSurvey,
)
from dialogue.schema import ScriptDocument
from tests.dialogue.scripts import GOOD, default_script_text


def default_flow_only() -> ScriptDocument:
    """The shipped script's metadata, prompts and flow (its checklist part may still be in progress)."""
    return load_script(default_script_text(), "support-first-line.yaml")


def tiny() -> FlowRunner:
    return FlowRunner(load_script(GOOD, "tiny.yaml"))


def test_default_script_kk_then_2_routes_to_support_with_variables() -> None:
    runner = FlowRunner(default_flow_only())
    assert runner.start() == PlayPrompt("greeting", language="kk")
    ask = runner.feed(Completed())
    assert ask == CollectDigits("choose_language", 1, 5.0, "kk", "choose_language", 1)
    assert runner.feed(Digits("1")) == SetVariable("language", "kk")
    assert runner.feed(Completed()) == CollectDigits("main_menu", 1, 5.0, "kk", "main_menu", 1)
    assert runner.feed(Digits("2")) == SetVariable("topic", "errors")
    assert runner.feed(Completed()) == PlayPrompt("connecting", language="kk")
    final = runner.feed(Completed())
    assert final == RouteToQueue(
        "support",
        {"SAPA_LANGUAGE": "kk", "SAPA_TOPIC": "errors", "SAPA_SCRIPT": "support-first-line"},
        survey=True,
        after="rating",
    )
    assert runner.finished and runner.result == final
    assert runner.path == [
        "greeting",
        "choose_language",
        "set_kk",
        "main_menu",
        "topic_errors",
        "connect",
        "to_support",
    ]
    assert runner.describe() == (
        "greeting > choose_language(1) > set_kk > main_menu(2) > topic_errors > connect > to_support"
    )


def test_russian_prompts_after_choosing_2() -> None:
    runner = FlowRunner(default_flow_only())
    runner.start()
    runner.feed(Completed())
    runner.feed(Digits("2"))
    menu = runner.feed(Completed())
    assert isinstance(menu, CollectDigits) and menu.language == "ru" and runner.language == "ru"


def test_invalid_digit_retries_then_succeeds() -> None:
    runner = FlowRunner(default_flow_only())
    runner.start()
    runner.feed(Completed())
    assert runner.feed(Digits("7")) == PlayPrompt("invalid_choice", interruptible=True, language="kk")
    again = runner.feed(Completed())
    assert isinstance(again, CollectDigits) and again.prompt_id == "choose_language" and again.attempt == 2
    assert runner.feed(Digits("2")) == SetVariable("language", "ru")
    assert "choose_language(invalid 7, 2) > set_ru" in runner.describe()


def test_no_input_retries_then_falls_back() -> None:
    runner = FlowRunner(default_flow_only())
    runner.start()
    runner.feed(Completed())
    for attempt in (2, 3):
        assert runner.feed(NoInput()) == PlayPrompt("no_input", interruptible=True, language="kk")
        ask = runner.feed(Completed())
        assert isinstance(ask, CollectDigits) and ask.attempt == attempt
    assert runner.feed(NoInput()) == SetVariable("language", "kk")  # on_failure: set_kk
    runner.feed(Completed())
    for _ in range(3):
        action = runner.feed(Digits("5"))
        if isinstance(action, PlayPrompt):
            action = runner.feed(Completed())
    assert action == SetVariable("topic", "operator")  # main_menu's fallback: a consultant anyway
    runner.feed(Completed())
    final = runner.feed(Completed())
    assert isinstance(final, RouteToQueue) and final.variables["SAPA_TOPIC"] == "operator"


def test_attempts_used_up_without_fallback_hang_up() -> None:
    text = GOOD.replace("      on_failure: goodbye\n", "")
    runner = FlowRunner(load_script(text, "tiny.yaml"))
    runner.start()
    runner.feed(Completed())
    assert runner.feed(Digits("4")) == PlayPrompt("again", interruptible=True, language="kk")
    runner.feed(Completed())
    assert runner.feed(Digits("4")) == Hangup("invalid")
    assert runner.finished


def test_caller_hangs_up_mid_menu() -> None:
    runner = FlowRunner(default_flow_only())
    runner.start()
    runner.feed(Completed())
    assert runner.feed(CallerHungUp()) == Hangup("caller_hung_up")
    assert runner.finished and runner.describe() == "greeting > choose_language(hung up)"
    with pytest.raises(FlowError):
        runner.feed(Completed())


def test_collect_digits_survey_and_goodbye_path() -> None:
    runner = tiny()
    runner.start()
    runner.feed(Completed())
    runner.feed(Digits("2"))
    ask = runner.feed(Completed())
    assert ask == CollectDigits("menu", 4, 5.0, "ru", "account", 1)
    assert runner.feed(Digits("12345")) == CollectDigits("menu", 4, 5.0, "ru", "account", 2)  # too long
    assert runner.feed(Digits("4512")) == SetVariable("account", "4512")
    final = runner.feed(Completed())
    assert final == RouteToQueue(
        "support", {"SAPA_LANGUAGE": "ru", "SAPA_ACCOUNT": "acc-4512"}, survey=True, after="rating"
    )
    # after the consultant hangs up, the IVR resumes the same script at the route's `after` node
    after = FlowRunner(runner.document, start="rating", variables={"language": "ru"})
    assert after.start() == StartSurvey(language="ru")
    assert after.feed(Completed()) == PlayPrompt("bye", language="ru")
    assert after.feed(Completed()) == Hangup("flow")


def test_collect_failure_routes_to_extension_and_menu_repeat() -> None:
    runner = tiny()
    runner.start()
    runner.feed(Completed())
    assert runner.feed(Digits("9")) == PlayPrompt("hello", language="kk")  # 9 = hear it again
    runner.feed(Completed())
    runner.feed(Digits("1"))
    runner.feed(Completed())
    assert runner.feed(NoInput()) == CollectDigits("menu", 4, 5.0, "kk", "account", 2)
    final = runner.feed(Digits("1"))  # too short twice → on_failure
    assert final == RouteToExtension("1001", {}, survey=False, after=None)


def test_misuse_is_refused() -> None:
    runner = tiny()
    with pytest.raises(FlowError):
        runner.feed(Completed())
    runner.start()
    with pytest.raises(FlowError):
        runner.start()
    runner.feed(Completed())
    with pytest.raises(FlowError):
        runner.feed(Completed())  # a menu waits for digits
    with pytest.raises(FlowError):
        FlowRunner(runner.document, start="nowhere")


def test_resume_with_unknown_language_uses_the_default() -> None:
    runner = FlowRunner(default_flow_only(), start="rating", variables={"language": "de"})
    assert runner.start() == StartSurvey(language="kk") and runner.variables == {"language": "de"}
    assert runner.feed(Completed()) == Hangup("flow")
