"""The survey state machine on its own (pure): transitions and final states."""

from __future__ import annotations

import pytest

from ivr.config import SurveyConfig
from ivr.prompts import LANGUAGES, SURVEY_PROMPTS
from ivr.survey.machine import (
    Collect,
    Finish,
    HungUp,
    Key,
    Play,
    Played,
    Record,
    Recorded,
    Silence,
    State,
    Status,
    SurveyMachine,
)


def test_happy_path_with_comment() -> None:
    m = SurveyMachine(SurveyConfig(comment_threshold=2))
    assert m.start() == Collect("intro", 5.0)
    assert m.feed(Key("2")) == Play("confirm_2")
    assert m.feed(Played()) == Collect("comment_offer", 5.0)
    assert m.feed(Key("1")) == Record("comment_record", 60)
    assert m.feed(Recorded("/c/1.wav")) == Play("thanks")
    assert m.feed(Played()) == Finish(Status.COMPLETED)
    assert (m.rating, m.attempts, m.comment_path, m.state) == (2, 1, "/c/1.wav", State.DONE)


def test_threshold_zero_never_offers_a_comment() -> None:
    m = SurveyMachine(SurveyConfig(comment_threshold=0))
    m.start()
    m.feed(Key("1"))
    assert m.feed(Played()) == Play("thanks")


def test_single_attempt_config() -> None:
    m = SurveyMachine(SurveyConfig(max_attempts=1))
    m.start()
    assert m.feed(Silence()) == Play("goodbye")
    assert m.feed(Played()) == Finish(Status.NO_INPUT)


def test_multi_digit_key_is_invalid() -> None:
    m = SurveyMachine(SurveyConfig())
    m.start()
    assert m.feed(Key("45")) == Collect("invalid", 5.0)


@pytest.mark.parametrize(
    ("events", "status", "rating"),
    [
        ([], Status.ABANDONED, None),
        ([Key("5")], Status.ABANDONED, 5),
        ([Key("5"), Played()], Status.COMPLETED, 5),  # hung up during "thanks"
        ([Key("x"), Key("x"), Key("x")], Status.INVALID, None),  # hung up during "goodbye"
        ([Key("1"), Played(), Key("1")], Status.ABANDONED, 1),  # hung up while recording
    ],
)
def test_hangup_keeps_what_was_decided(events: list[object], status: Status, rating: int | None) -> None:
    m = SurveyMachine(SurveyConfig())
    m.start()
    for event in events:
        m.feed(event)  # type: ignore[arg-type]
    assert m.feed(HungUp()) == Finish(status)
    assert m.rating == rating


def test_no_events_after_the_end() -> None:
    m = SurveyMachine(SurveyConfig())
    m.start()
    m.feed(HungUp())
    with pytest.raises(RuntimeError):
        m.feed(Key("1"))


def test_every_prompt_exists_in_every_language() -> None:
    used = {"intro", "invalid", "no_input", "comment_offer", "comment_record", "thanks", "goodbye"}
    used |= {f"confirm_{n}" for n in range(1, 6)}
    assert set(SURVEY_PROMPTS) == used
    assert all(set(texts) == set(LANGUAGES) and all(texts.values()) for texts in SURVEY_PROMPTS.values())


def test_prompts_put_no_pressure_on_the_caller() -> None:
    """004 §3.2: nobody may push the client towards a rating; the prompts never name the consultant."""
    words = ("оператор", "консультант", "маман", "operator", "consultant", "agent", "агент")
    for texts in SURVEY_PROMPTS.values():
        for text in texts.values():
            assert not any(word in text.lower() for word in words), text
    for lang in LANGUAGES:  # the scale is explained at both ends, not only the top
        intro = SURVEY_PROMPTS["intro"][lang].lower()
        assert intro.count("—") == 2 or intro.count(" is ") == 2, intro
