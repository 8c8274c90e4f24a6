"""Build small transcripts for scoring tests: turns are (speaker, text) or (start, speaker, text)."""

from __future__ import annotations

from functools import cache
from typing import Any

from dialogue import default_script_path, load_script_file
from dialogue.checklist import Checklist
from scoring import ScoreResult, TranscriptDoc, score_transcript

SPEAKERS = {"a": "agent", "c": "caller", "u": "unknown"}
Turn = tuple[str, str]
# the opening the look-alike probes share (tests/scoring/test_look_alikes_9.py, _10.py)
HELLO: Turn = ("a", "Добрый день, служба поддержки, оператор Мадина.")
HELLO_KK: Turn = ("a", "Сәлеметсіз бе, қолдау қызметі, менің атым Мадина.")
PROBLEM: Turn = ("c", "Не могу войти в приложение, код не приходит.")
PROBLEM_KK: Turn = ("c", "Қосымшаға кіре алмай жатырмын.")


def opening(lang: str) -> tuple[Turn, Turn]:
    """The agent's hello and the caller's problem in the call's language (Kazakh for "kk")."""
    return (HELLO_KK, PROBLEM_KK) if lang == "kk" else (HELLO, PROBLEM)


def doc(
    *turns: tuple[Any, ...], language: str = "ru", style: str = "clean", call_id: str = "t-1"
) -> TranscriptDoc:
    segs, t = [], 0.5
    for turn in turns:
        if isinstance(turn[0], (int, float)):
            t, turn = float(turn[0]), turn[1:]
        speaker, text = turn
        dur = round(0.6 + 0.33 * len(text.split()), 2)
        segs.append({"speaker": SPEAKERS[speaker], "start": t, "end": round(t + dur, 2), "text": text})
        t = round(t + dur + 0.7, 2)
    return TranscriptDoc.model_validate(
        {"call_id": call_id, "language": language, "style": style, "segments": segs}
    )


@cache
def default_checklist() -> Checklist:
    checklist = load_script_file(default_script_path()).checklist
    assert checklist is not None
    return checklist


def score(*turns: tuple[Any, ...], checklist: Checklist | None = None, **kw: Any) -> ScoreResult:
    return score_transcript(doc(*turns, **kw), checklist or default_checklist(), script="t")


def answer(item: str, *turns: tuple[Any, ...], **kw: Any) -> bool | None:
    """The default checklist's answer for one item on a call made of ``turns``."""
    return score(*turns, **kw).items[item].passed


def answer_an_exchange_in(item: str, lang: str, turns: list[tuple[Any, ...]]) -> bool | None:
    """The answer for an ASR-style exchange a minute into the call ((speaker, text) turns 6 s apart), after
    the opening in the call's language."""
    hello, problem = opening(lang)
    timed = [(60.0 + 6.0 * i, speaker, text) for i, (speaker, text) in enumerate(turns)]
    return answer(item, hello, problem, *timed, language=lang, style="asr")


def answer_a_minute_in(item: str, lang: str, style: str, line: str) -> bool | None:
    """The answer for one agent sentence a minute into the call, after the opening in the call's language."""
    hello, problem = opening(lang)
    return answer(item, hello, problem, (60.0, "a", line), language=lang, style=style)
