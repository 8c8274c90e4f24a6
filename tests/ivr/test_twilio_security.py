"""Twilio webhooks seen by an attacker: a signed survey state is bound to its own call."""

from __future__ import annotations

import logging

import pytest
from fastapi.testclient import TestClient
from twilio.request_validator import RequestValidator

from ivr.twilio.survey import hangup_twiml
from ivr.twilio.web import signature_is_valid
from sapa.wiring import App
from storage.repositories.surveys import SurveyRepository
from tests.ivr.test_twilio import BASE, CALL, START, TOKEN, client, next_path, post

__all__ = ["client"]  # the fixture, shared with test_twilio


def test_state_of_one_call_cannot_rate_another(client: TestClient, app: App) -> None:
    other = CALL | {"CallSid": "CA0002"}
    post(client, START, CALL)
    _, second = post(client, START, other)
    status, _ = post(client, next_path(second), CALL | {"Digits": "1"})  # call 1 replays call 2's state
    assert status == 403
    with app.uow() as session:
        row = SurveyRepository(session).by_call("CA0002")
        assert row is not None and row.rating is None
    assert post(client, next_path(second), other | {"Digits": "5"})[0] == 200  # its own call still works
    with app.uow() as session:
        row = SurveyRepository(session).by_call("CA0002")
        assert row is not None and row.rating == 5


def test_state_of_a_missing_survey_is_refused(client: TestClient) -> None:
    assert post(client, "/twilio/survey/step?rid=999&lang=ru&ev=", CALL | {"Digits": "3"})[0] == 403


def test_non_ascii_signature_is_refused_not_a_crash(client: TestClient) -> None:
    assert not signature_is_valid("https://x/twilio/survey", {"CallSid": "CA1"}, "é" * 28, "token")
    headers = {"X-Twilio-Signature": "é".encode()}
    assert client.post(START, data=CALL, headers=headers).status_code == 403


def test_out_of_range_survey_id_is_a_bad_state(client: TestClient) -> None:
    assert post(client, f"/twilio/survey/step?rid={2**31}&lang=ru&ev=", CALL | {"Digits": "3"})[0] == 400


@pytest.mark.parametrize(
    ("public_url", "signed_base"),
    [
        (BASE, BASE + ":443"),  # Twilio signed with the default port, Sapa knows the URL without it
        (BASE + ":443", BASE),  # and the other way round
        (BASE, BASE),
    ],
)
def test_url_signed_with_or_without_the_default_port_is_accepted(
    client: TestClient, public_url: str, signed_base: str
) -> None:
    """Issue 11 bug 5: Twilio signs either form of the URL; its own validator accepts both."""
    client.app.state.ivr_config.twilio_public_url = public_url  # type: ignore[attr-defined]
    signature = RequestValidator(TOKEN).compute_signature(signed_base + START, CALL)
    response = client.post(START, data=CALL, headers={"X-Twilio-Signature": signature})
    assert response.status_code == 200 and "<Gather" in response.text
    wrong_port = RequestValidator(TOKEN).compute_signature(BASE + ":8443" + START, CALL)
    assert client.post(START, data=CALL, headers={"X-Twilio-Signature": wrong_port}).status_code == 403


@pytest.mark.parametrize(
    "events",
    [
        "P",  # a prompt finished where the survey waits for a key
        "K4,P,P",  # the survey is over (rated, confirmed, thanked): no step can follow
        "K9,K9,K9,P",  # three invalid keys ended it with the goodbye prompt
        "R",  # a recording before any question
    ],
)
def test_signed_but_impossible_state_hangs_up_cleanly(
    client: TestClient, app: App, caplog: pytest.LogCaptureFixture, events: str
) -> None:
    """Issue 14: a validly signed action URL whose survey state cannot happen is a 400 with a TwiML
    hang-up and one log line, never a 500, and stores nothing."""
    post(client, START, CALL)
    with caplog.at_level(logging.WARNING, logger="ivr.twilio"):
        status, body = post(client, f"/twilio/survey/step?rid=1&lang=ru&ev={events}", CALL | {"Digits": "5"})
    assert (status, body) == (400, hangup_twiml())
    lines = [r for r in caplog.records if r.name.startswith("ivr.twilio")]
    assert len(lines) == 1 and "CA0001" in lines[0].getMessage()
    with app.uow() as session:
        row = SurveyRepository(session).by_call("CA0001")
        assert row is not None and row.rating is None and row.finished_at is None


def test_several_digits_replay_as_the_machine_saw_them(client: TestClient, app: App) -> None:
    """``Digits=45`` is an invalid key live; the URL must not turn it into a valid 4 on the next step."""
    _, body = post(client, START, CALL)
    _, body = post(client, next_path(body), CALL | {"Digits": "45"})
    assert "Такой оценки нет" in body and "ev=K%23" in body
    _, body = post(client, next_path(body), CALL | {"Digits": "3"})
    assert "Вы поставили оценку три." in body
    with app.uow() as session:
        row = SurveyRepository(session).by_call("CA0001")
        assert row is not None and (row.rating, row.attempts) == (3, 2)


def test_twilio_language_is_the_calls_language(client: TestClient, app: App) -> None:
    """Issue 11 bug 2 on the Twilio path: lang= of the webhook URL is the call's language."""
    post(client, START.replace("lang=ru", "lang=kk"), CALL)
    post(client, START.replace("&lang=ru", ""), CALL | {"CallSid": "CA0002"})
    with app.uow() as session:
        one, two = (SurveyRepository(session).by_call(sid) for sid in ("CA0001", "CA0002"))
        assert one is not None and (one.language, one.call.language) == ("kk", "kk")
        assert two is not None and (two.language, two.call.language) == ("ru", None)  # default, not chosen


def test_uploaded_file_or_repeated_keys_are_refused_not_a_crash(client: TestClient) -> None:
    signature = RequestValidator(TOKEN).compute_signature(BASE + START, CALL)
    files = {"Digits": ("x.txt", b"5")}
    response = client.post(START, data=CALL, files=files, headers={"X-Twilio-Signature": signature})
    assert response.status_code == 403
    repeated = [*CALL.items(), ("From", "+77019999999")]
    signed = RequestValidator(TOKEN).compute_signature(BASE + START, dict(CALL))  # one From only
    body = "&".join(f"{k}={v}" for k, v in repeated).replace("+", "%2B")
    headers = {"X-Twilio-Signature": signed, "Content-Type": "application/x-www-form-urlencoded"}
    assert client.post(START, content=body, headers=headers).status_code == 403
