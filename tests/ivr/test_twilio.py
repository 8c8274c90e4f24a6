"""Twilio path: signed webhooks through the FastAPI router, golden TwiML, results in the database."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from twilio.request_validator import RequestValidator

from ivr.twilio.survey import hangup_twiml
from ivr.twilio.web import router, signature_is_valid
from sapa.wiring import App
from storage.repositories.org import AgentRepository
from storage.repositories.surveys import SurveyRepository

TOKEN = "test-auth-token"
BASE = "https://sapa.example.kz"


@pytest.fixture
def client(app: App, tmp_path: Path) -> TestClient:
    settings = app.settings.model_copy(deep=True)
    settings.ivr.twilio_auth_token, settings.ivr.twilio_public_url = TOKEN, BASE
    settings.ivr.prompts_dir, settings.ivr.custom_prompts_dir = str(tmp_path / "p"), str(tmp_path / "c")
    with app.uow() as session:
        AgentRepository(session).add("1001", "Айгерим", "first-line")
    api = FastAPI()
    api.state.ivr_config, api.state.sessions = settings.ivr, app.sessions
    api.include_router(router)
    return TestClient(api, base_url="http://internal:8000")


def post(client: TestClient, path: str, form: dict[str, str], token: str = TOKEN) -> tuple[int, str]:
    signature = RequestValidator(token).compute_signature(BASE + path, form)  # Twilio's own library
    response = client.post(path, data=form, headers={"X-Twilio-Signature": signature})
    return response.status_code, response.text


def next_path(body: str) -> str:
    """The action URL of the Gather/Record in a TwiML body, as a path with query."""
    url = body.split('action="', 1)[1].split('"', 1)[0].replace("&amp;", "&")
    parts = urlsplit(url)
    assert f"{parts.scheme}://{parts.netloc}" == BASE
    return f"{parts.path}?{parts.query}"


START = "/twilio/survey?agent=1001&queue=support&lang=ru"
CALL = {"CallSid": "CA0001", "From": "+77012345678", "DialCallStatus": "completed"}


def test_signature_checks() -> None:
    form = {"CallSid": "CA1", "Digits": "4", "From": "+7 701"}
    url = BASE + "/twilio/survey/step?rid=1&lang=kk&ev=K9%2CS"
    signed = RequestValidator(TOKEN).compute_signature(url, form)
    assert signature_is_valid(url, form, signed, TOKEN)
    assert not signature_is_valid(url, form | {"Digits": "5"}, signed, TOKEN)
    assert not signature_is_valid(url, form, None, TOKEN) and not signature_is_valid(url, form, "x", "")
    assert not signature_is_valid(url, form, signed, "")


def test_golden_first_twiml(client: TestClient) -> None:
    status, body = post(client, START, CALL)
    assert status == 200
    assert body == (
        '<?xml version="1.0" encoding="UTF-8"?><Response><Gather action="https://sapa.example.kz/twilio/'
        'survey/step?rid=1&amp;lang=ru&amp;ev=" actionOnEmptyResult="true" input="dtmf" method="POST" '
        'numDigits="1" timeout="5"><Say language="ru-RU">Пожалуйста, оцените качество обслуживания по '
        "пятибалльной шкале. Нажмите цифру от одного до пяти: один — очень плохо, пять — отлично.</Say>"
        "</Gather></Response>"
    )


def test_whole_survey_with_comment(client: TestClient, app: App) -> None:
    _, body = post(client, START, CALL)
    _, body = post(client, next_path(body), CALL | {"Digits": "9"})
    assert "Такой оценки нет" in body and "<Gather" in body
    _, body = post(client, next_path(body), CALL | {"Digits": "2"})
    assert "Вы поставили оценку два." in body and "короткий комментарий" in body
    _, body = post(client, next_path(body), CALL | {"Digits": "1"})
    assert body.endswith(
        '<Record action="https://sapa.example.kz/twilio/survey/step?rid=1&amp;lang=ru&amp;'
        'ev=K9%2CK2%2CP%2CK1" finishOnKey="#" maxLength="60" method="POST" playBeep="true" timeout="5" />'
        "</Response>"
    )
    assert parse_qs(urlsplit(next_path(body)).query)["ev"] == ["K9,K2,P,K1"]
    _, body = post(client, next_path(body), CALL | {"RecordingUrl": "https://api.twilio.com/rec/RE1"})
    thanks = '<Say language="ru-RU">Спасибо за вашу оценку. До свидания.</Say>'
    assert body.endswith(thanks + "<Hangup /></Response>")
    with app.uow() as session:
        row = SurveyRepository(session).by_call("CA0001")
        assert row is not None and (row.rating, row.status, row.attempts, row.channel) == (
            2,
            "completed",
            2,
            "twilio",
        )
        assert row.comment_recording_path == "https://api.twilio.com/rec/RE1"


def test_bad_or_missing_signature_is_refused(client: TestClient) -> None:
    assert post(client, START, CALL, token="wrong")[0] == 403
    assert client.post(START, data=CALL).status_code == 403
    _, body = post(client, START, CALL)
    tampered = next_path(body).replace("ev=", "ev=K5")  # the caller cannot forge the survey state
    signed_for_original = RequestValidator(TOKEN).compute_signature(BASE + next_path(body), CALL)
    response = client.post(tampered, data=CALL, headers={"X-Twilio-Signature": signed_for_original})
    assert response.status_code == 403


def test_off_without_token(client: TestClient) -> None:
    client.app.state.ivr_config.twilio_auth_token = ""  # type: ignore[attr-defined]
    assert post(client, START, CALL)[0] == 503


def test_garbage_state_is_400(client: TestClient) -> None:
    assert post(client, "/twilio/survey/step?rid=1&lang=ru&ev=X1", CALL)[0] == 400


@pytest.mark.parametrize(
    ("form", "reason"),
    [
        ({"From": "1001"}, "caller is the rated agent (self-rating)"),
        ({"DialCallStatus": "no-answer"}, "never answered by an agent"),
    ],
)
def test_skipped(client: TestClient, app: App, form: dict[str, str], reason: str) -> None:
    status, body = post(client, START, CALL | form)
    assert status == 200 and body == hangup_twiml()
    with app.uow() as session:
        row = SurveyRepository(session).by_call("CA0001")
        assert row is not None and (row.status, row.skip_reason) == ("skipped", reason)


def test_duplicate_refused_and_finished_survey_kept(client: TestClient, app: App) -> None:
    _, body = post(client, START, CALL)
    post(client, next_path(body), CALL | {"Digits": "4"})  # rated; hangs up before "thanks" ends
    assert post(client, START, CALL)[1] == hangup_twiml()  # second survey refused
    assert post(client, "/twilio/survey/status", CALL | {"CallStatus": "completed"})[0] == 204
    with app.uow() as session:
        row = SurveyRepository(session).by_call("CA0001")
        assert row is not None and (row.rating, row.status) == (4, "completed")  # thanks + hangup sent


def test_status_callback_marks_unfinished_as_abandoned(client: TestClient, app: App) -> None:
    post(client, START, CALL)
    post(client, "/twilio/survey/status", CALL | {"CallStatus": "completed"})
    with app.uow() as session:
        row = SurveyRepository(session).by_call("CA0001")
        assert row is not None and row.status == "abandoned" and row.finished_at is not None


def test_rendered_prompt_is_played_and_served(client: TestClient, tmp_path: Path) -> None:
    wav = tmp_path / "p" / "kk" / "survey" / "intro.wav"
    wav.parent.mkdir(parents=True)
    wav.write_bytes(b"RIFF....WAVE")
    _, body = post(client, START.replace("lang=ru", "lang=kk"), CALL)
    assert "<Play>https://sapa.example.kz/twilio/prompts/kk/survey/intro.wav</Play>" in body
    assert client.get("/twilio/prompts/kk/survey/intro.wav").content == b"RIFF....WAVE"
    assert client.get("/twilio/prompts/kk/survey/..%2F..%2Fsecret.wav").status_code == 404
    assert client.get("/twilio/prompts/de/survey/intro.wav").status_code == 404


def test_survey_set_over_twilio(client: TestClient, app: App) -> None:
    """The queue's survey set (shipped script, queue second-line): CSAT, resolved, two-key NPS."""
    from sqlalchemy import select

    from sapa.bootstrap import load_default_script
    from storage.models import SurveyAnswer

    load_default_script(app)
    call = CALL | {"CallSid": "CA0042"}
    _, body = post(client, "/twilio/survey?agent=1001&queue=second-line&lang=ru", call)
    assert "set=support-first-line%2Fsecond-line%401" in body and 'numDigits="1"' in body
    _, body = post(client, next_path(body), call | {"Digits": "4"})
    assert "Вы поставили оценку четыре." in body and "Ваш вопрос решён?" in body
    _, body = post(client, next_path(body), call | {"Digits": "2"})
    assert 'finishOnKey="#"' in body and 'numDigits="2"' in body and "от нуля до десяти" in body
    _, body = post(client, next_path(body), call | {"Digits": "10"})
    assert "короткий комментарий" in body  # not resolved: the comment is offered
    assert parse_qs(urlsplit(next_path(body)).query)["ev"] == ["K4,P,K2,K10"]
    last = next_path(body)
    _, body = post(client, last, call | {"Digits": ""})
    assert body.endswith("<Hangup /></Response>")
    with app.uow() as session:
        row = SurveyRepository(session).by_call("CA0042")
        assert row is not None and (row.rating, row.status) == (4, "completed")
        answers = session.scalars(select(SurveyAnswer).where(SurveyAnswer.survey_response_id == row.id))
        assert {(a.question_id, a.value) for a in answers} == {("resolved", 0), ("nps", 10)}
    forged = last.replace("second-line%401", "second-line%409")  # signed, yet no such set version
    assert post(client, forged, call | {"Digits": "1"})[0] in (400, 403)
