"""Every survey path driven through the real FastAGI server by the socket-level fake Asterisk."""

from __future__ import annotations

import logging
import socket
import threading
import time
from pathlib import Path

import pytest

from ivr.agi.server import AgiServer
from ivr.agi.simulator import Caller, FakeAsterisk, agi_env, simulate_call
from ivr.exceptions import IvrError
from ivr.survey.store import MemorySurveyStore
from tests.ivr.conftest import Call, ivr_config, start_server


def row(store: MemorySurveyStore, call_id: str) -> dict[str, object]:
    rows = [r for r in store.rows.values() if r["call_id"] == call_id]
    assert len(rows) == 1, rows
    return rows[0]


def prompts_played(log_commands: list[str]) -> list[str]:
    """Prompt names of GET DATA / STREAM FILE commands, in order."""
    return [c.split()[2].rsplit("/", 1)[1] for c in log_commands if c.startswith(("GET DATA", "STREAM FILE"))]


@pytest.mark.parametrize("digit", ["1", "2", "3", "4", "5"])
def test_each_digit_is_a_rating(call: Call, memory_store: MemorySurveyStore, digit: str) -> None:
    log = call(f"17.{digit}", [digit, "2"])
    r = row(memory_store, f"17.{digit}")
    assert (r["status"], r["rating"], r["attempts"]) == ("completed", int(digit), 1)
    played = prompts_played(log.commands)
    assert played[:2] == ["intro", f"confirm_{digit}"]
    assert played[-1] == "thanks" and log.hung_up_by_server and log.closed_by_server
    assert ("comment_offer" in played) == (int(digit) <= 2)


@pytest.mark.parametrize("bad", ["0", "6", "7", "8", "9", "*", "#"])
def test_invalid_digit_then_valid(call: Call, memory_store: MemorySurveyStore, bad: str) -> None:
    log = call("18.1", [bad, "4"])
    assert prompts_played(log.commands)[:3] == ["intro", "invalid", "confirm_4"]
    r = row(memory_store, "18.1")
    assert (r["status"], r["rating"], r["attempts"]) == ("completed", 4, 2)


def test_silence_is_retried_then_no_input(call: Call, memory_store: MemorySurveyStore) -> None:
    log = call("19.1", [None, None, None])
    assert prompts_played(log.commands) == ["intro", "no_input", "no_input", "goodbye"]
    assert log.commands[-1] == "HANGUP"
    r = row(memory_store, "19.1")
    assert (r["status"], r["rating"], r["attempts"]) == ("no_input", None, 3)


def test_silence_twice_then_rating(call: Call, memory_store: MemorySurveyStore) -> None:
    call("19.2", [None, None, "5"])
    assert (row(memory_store, "19.2")["status"], row(memory_store, "19.2")["rating"]) == ("completed", 5)


def test_invalid_three_times(call: Call, memory_store: MemorySurveyStore) -> None:
    log = call("19.3", ["0", "9", "*"])
    assert prompts_played(log.commands) == ["intro", "invalid", "invalid", "goodbye"]
    assert row(memory_store, "19.3")["status"] == "invalid"


def test_last_failure_decides_status(call: Call, memory_store: MemorySurveyStore) -> None:
    call("19.4", ["8", "9", None])
    assert row(memory_store, "19.4")["status"] == "no_input"


def test_low_rating_records_a_comment(call: Call, memory_store: MemorySurveyStore) -> None:
    log = call("20.1", ["1", "1"])
    record = log.named("RECORD FILE")
    assert len(record) == 1 and '"#"' in record[0] and " wav " in record[0] and "beep" in record[0]
    r = row(memory_store, "20.1")
    assert r["status"] == "completed" and str(r["comment_path"]).endswith("/comments/20.1.wav")


def test_comment_offer_declined_by_silence(call: Call, memory_store: MemorySurveyStore) -> None:
    log = call("20.2", ["2", None])
    assert not log.named("RECORD FILE")
    assert row(memory_store, "20.2")["comment_path"] is None


# A full low-rating session has 9 commands: GET VARIABLE, ANSWER, GET DATA intro, STREAM FILE confirm,
# GET DATA offer, STREAM FILE comment prompt, RECORD FILE, STREAM FILE thanks, HANGUP.
HANGUP_OUTCOME = {
    1: ("abandoned", None),
    2: ("abandoned", None),
    3: ("abandoned", None),
    4: ("abandoned", 1),
    5: ("abandoned", 1),
    6: ("abandoned", 1),
    7: ("abandoned", 1),
    8: ("completed", 1),
    9: ("completed", 1),
}


@pytest.mark.parametrize("step", sorted(HANGUP_OUTCOME))
def test_hangup_at_every_step(call: Call, memory_store: MemorySurveyStore, step: int) -> None:
    log = call("21.1", ["1", "1"], hangup_on=step)
    dead_at = log.replies.index("HANGUP")
    assert log.replies[dead_at - 1].startswith("200 result=-1")
    assert log.commands.count("HANGUP") == (1 if step == 9 else 0)
    r = row(memory_store, "21.1")
    assert (r["status"], r["rating"]) == HANGUP_OUTCOME[step]
    # after the -1 the server asks CHANNEL STATUS once (→ 511) and sends no further channel command
    assert len(log.commands) == step + (0 if step == 7 else 1)


def test_disconnect_mid_command_then_server_still_serves(call: Call, memory_store: MemorySurveyStore) -> None:
    call("22.1", ["3"], disconnect_on=3)
    assert row(memory_store, "22.1")["status"] == "abandoned"
    call("22.2", ["3"])
    assert row(memory_store, "22.2")["status"] == "completed"


@pytest.mark.parametrize("option", ["unknown_on", "usage_on"])
@pytest.mark.parametrize("verb", ["ANSWER", "GET DATA", "STREAM FILE"])
def test_510_and_520_replies_end_in_error(
    call: Call, memory_store: MemorySurveyStore, option: str, verb: str
) -> None:
    log = call("23.1", ["4"], **{option: {verb}})
    code = "510" if option == "unknown_on" else "520"
    assert any(r.startswith(code) for r in log.replies)
    assert row(memory_store, "23.1")["status"] == "error" and log.closed_by_server
    assert not log.named("HANGUP")  # the session stops at the error instead of guessing on
    call("23.2", ["4"])  # the next session is unaffected
    assert row(memory_store, "23.2")["status"] == "completed"


@pytest.mark.parametrize("header", [b"hello\n\n", b"\xff\xfe garbage\n\n", b"\n", b"agi_uniqueid 1.1\n\n"])
def test_garbage_header_is_dropped(
    mem_server: AgiServer, memory_store: MemorySurveyStore, header: bytes
) -> None:
    log = FakeAsterisk(mem_server.address, {}, Caller(raw_header=header)).run()
    assert log.commands == [] and log.closed_by_server and memory_store.rows == {}


def test_header_without_uniqueid_gets_no_survey(
    mem_server: AgiServer, memory_store: MemorySurveyStore
) -> None:
    env = agi_env("") | {"agi_uniqueid": ""}
    log = FakeAsterisk(mem_server.address, env, Caller(keys=["4"])).run()
    assert not log.named("ANSWER") and memory_store.rows == {}


def test_silent_connection_times_out(mem_server: AgiServer) -> None:
    started = time.monotonic()
    with socket.create_connection(mem_server.address, timeout=60) as sock:
        sock.sendall(b"agi_network: yes\n")  # never the blank line
        assert sock.recv(100) == b""  # the server hangs up after header_timeout_s (3 s)
    assert time.monotonic() - started > 2.5  # not before header_timeout_s; no upper bound on a busy machine


def test_unknown_route_is_closed(call: Call, memory_store: MemorySurveyStore) -> None:
    log = call("24.1", ["4"], script="nosuch?agent=1001")
    assert log.commands == [] and memory_store.rows == {}


def test_duplicate_call_id_is_refused(
    call: Call, memory_store: MemorySurveyStore, caplog: pytest.LogCaptureFixture
) -> None:
    call("25.1", ["5"])
    second = call("25.1", ["1", "1"])
    assert not second.named("ANSWER") and not second.named("GET DATA")
    assert row(memory_store, "25.1")["rating"] == 5
    assert "refused" in caplog.text


def test_linkedid_names_the_call(call: Call, memory_store: MemorySurveyStore) -> None:
    call("26.2", ["4"], variables={"CHANNEL(linkedid)": "26.1"})
    call("26.3", ["2"], script="survey?agent=1001&linkedid=26.1")  # same call, other leg: refused
    assert row(memory_store, "26.1")["rating"] == 4
    assert all(r["call_id"] != "26.2" for r in memory_store.rows.values())


def test_self_rating_is_skipped(call: Call, memory_store: MemorySurveyStore) -> None:
    log = call("27.1", ["5"], callerid="1001")
    assert not log.named("ANSWER")
    r = row(memory_store, "27.1")
    assert r["status"] == "skipped" and "self-rating" in str(r["skip_reason"]) and r["rating"] is None


@pytest.mark.parametrize("script", ["survey?queue=support", "survey?agent=1001&answered=0"])
def test_not_answered_by_agent_is_skipped(call: Call, memory_store: MemorySurveyStore, script: str) -> None:
    log = call("27.2", ["5"], script=script)
    assert not log.named("ANSWER")
    assert row(memory_store, "27.2")["skip_reason"] == "never answered by an agent"


def test_agent_param_may_be_the_member_interface(call: Call, memory_store: MemorySurveyStore) -> None:
    call("28.2", ["4"], script="survey?agent=Local/1003@from-queue/n&queue=support", callerid="1003")
    assert row(memory_store, "28.2")["skip_reason"] == "caller is the rated agent (self-rating)"


def test_agent_from_member_interface(call: Call, memory_store: MemorySurveyStore) -> None:
    log = call("28.1", ["4"], script="survey", variables={"MEMBERINTERFACE": "PJSIP/1002"}, callerid="1002")
    assert 'GET VARIABLE "MEMBERINTERFACE"' in log.commands
    assert row(memory_store, "28.1")["status"] == "skipped"  # 1002 calling himself: the variable was used


@pytest.mark.parametrize(
    ("language", "script", "expected"),
    [
        ("kk", "survey?agent=1001", "/kk/"),
        ("en", "survey?agent=1001", "/ru/"),  # Asterisk's default channel language: not a choice
        ("en", "survey?agent=1001&lang=en", "/en/"),
        ("de", "survey?agent=1001", "/ru/"),
        ("ru", "survey?agent=1001&lang=kk", "/kk/"),
        ("kk", "survey?agent=1001&lang=", "/kk/"),  # lang=${SAPA_LANGUAGE} with the variable unset
    ],
)
def test_prompt_language(call: Call, language: str, script: str, expected: str) -> None:
    log = call("29.1", ["4"], language=language, script=script)
    media = [c for c in log.commands if c.startswith(("GET DATA", "STREAM FILE"))]
    assert media and all(expected in c for c in media)


@pytest.mark.parametrize(("trust", "expected"), [(False, "/kk/"), (True, "/en/")])
def test_default_language_unless_channel_language_en_is_trusted(
    tmp_path: Path, trust: bool, expected: str
) -> None:
    """ivr.survey.default_language applies to Asterisk's default channel language ``en`` unless
    ivr.survey.trust_channel_language says en was set on purpose (issue 16, item 4)."""
    config = ivr_config(tmp_path)
    survey = {"default_language": "kk", "trust_channel_language": trust}
    config.survey = config.survey.model_copy(update=survey)
    server = start_server(config, MemorySurveyStore())
    try:
        log = simulate_call(server.address, "29.2", ["4"], language="en")
    finally:
        server.stop(grace_s=2)
    media = [c for c in log.commands if c.startswith(("GET DATA", "STREAM FILE"))]
    assert media and all(expected in c for c in media)


def test_custom_recording_overrides_prompt(tmp_path: Path, call: Call) -> None:
    custom = tmp_path / "prompts-custom" / "ru" / "survey" / "intro.gsm"
    custom.parent.mkdir(parents=True)
    custom.write_bytes(b"x")
    log = call("30.1", ["4"])
    assert log.named("GET DATA")[0].split()[2] == str(custom.with_suffix(""))
    assert "prompts-custom" not in log.named("STREAM FILE")[0]


def test_graceful_stop_lets_the_call_finish(tmp_path: Path) -> None:
    store = MemorySurveyStore()
    server = start_server(ivr_config(tmp_path), store)

    class SlowCaller(FakeAsterisk):
        def reply(self, verb: str, args: list[str]) -> str:
            time.sleep(0.1)
            return super().reply(verb, args)

    fake = SlowCaller(server.address, agi_env("31.1"), Caller(keys=["4"]))
    worker = threading.Thread(target=fake.run)
    worker.start()
    while server.active == 0:
        time.sleep(0.01)
    server.stop(grace_s=5)
    worker.join()
    assert row(store, "31.1")["status"] == "completed"
    with pytest.raises(OSError):
        simulate_call(server.address, "31.2", ["4"])


def test_port_in_use_is_a_clear_error(mem_server: AgiServer) -> None:
    host, port = mem_server.address
    with pytest.raises(IvrError, match=f"cannot listen on 127.0.0.1:{port}: Address already in use"):
        AgiServer(mem_server.routes, host, port).start()


def test_missing_prompt_is_logged_with_its_file_at_call_time(
    call: Call, memory_store: MemorySurveyStore, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """Issue 16 item 5: Asterisk cannot play a prompt that was never built; the log names the file."""
    with caplog.at_level(logging.WARNING):
        call("31.1", ["4"], check_files=True)
    intro = tmp_path / "prompts" / "ru" / "survey" / "intro"
    assert row(memory_store, "31.1")["status"] == "error"
    messages = [r.getMessage() for r in caplog.records]
    assert any(f"prompt file missing: {intro}.wav" in m and "sapa prompts build" in m for m in messages)
    assert any(f"GET DATA failed (result=-1): cannot play {intro}" in m for m in messages), messages
