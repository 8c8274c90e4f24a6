"""Twilio webhooks seen by an attacker: a signed survey state is bound to its own call."""

from __future__ import annotations

from fastapi.testclient import TestClient

from ivr.twilio.signature import signature_is_valid
from sapa.wiring import App
from storage.repositories.surveys import SurveyRepository
from tests.ivr.test_twilio import CALL, START, client, next_path, post

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
