"""Whisper output made fit for scoring: commas inside digit runs, sentences cut between two segments."""

from __future__ import annotations

from typing import Any

import numpy as np

from asr.engines import RawSegment
from asr.pipeline import to_call_segments
from asr.postprocess import join_cut_sentences, join_digit_groups
from asr.vad import TimeMap


def words(*spoken: str, conf: float = 0.9) -> list[dict[str, Any]]:
    return [{"word": w, "start": i * 0.5, "end": i * 0.5 + 0.4, "conf": conf} for i, w in enumerate(spoken)]


def spelled(ws: list[dict[str, Any]]) -> list[str]:
    return [w["word"] for w in ws]


def test_a_thousands_group_joins_its_number_and_keeps_its_times() -> None:
    joined = join_digit_groups(words("номер", "24", ",717,", "все."))
    assert spelled(joined) == ["номер", "24717,", "все."]
    assert joined[1]["start"] == 0.5 and joined[1]["end"] == 1.4
    assert spelled(join_digit_groups(words("номер", "12", ",880"))) == ["номер", "12880"]


def test_dictated_digits_lose_whispers_commas_and_stay_separate_words() -> None:
    heard = words("сотовый", "8", ",7", ",7", ",5", ",5", ",9", ",6", ",1,")
    assert spelled(join_digit_groups(heard)) == ["сотовый", "8", "7", "7", "5", "5", "9", "6", "1,"]


def test_words_without_digit_commas_are_untouched() -> None:
    plain = words("да,", "пять", ",", "15,", "минут")
    assert join_digit_groups(plain) == plain
    assert spelled(join_digit_groups(words("вот", ",717"))) == ["вот", ",717"]  # no number before it


def segment(text: str, start: float, end: float, speaker: str = "agent") -> dict[str, Any]:
    return {"speaker": speaker, "start": start, "end": end, "text": text, "words": words(*text.split())}


def test_a_sentence_cut_between_two_segments_is_joined() -> None:
    cut = [
        segment("Подскажите, пожалуйста, название вашего", 20.3, 24.8),
        segment("госоргана и ваш логин.", 24.8, 26.4),
        segment("Спасибо.", 26.5, 27.0),
    ]
    joined = join_cut_sentences(cut)
    assert [s["text"] for s in joined] == [
        "Подскажите, пожалуйста, название вашего госоргана и ваш логин.",
        "Спасибо.",
    ]
    assert joined[0]["start"] == 20.3 and joined[0]["end"] == 26.4
    assert len(joined[0]["words"]) == 8


def test_finished_sentences_pauses_and_the_other_speaker_keep_segments_apart() -> None:
    apart = [
        segment("Одну минуту.", 1.0, 2.0),
        segment("Я проверяю", 2.0, 3.0),  # after a full stop
        segment("в системе", 5.0, 6.0),  # after a 2 s pause
        segment("да", 6.1, 6.5, speaker="caller"),
    ]
    assert join_cut_sentences(apart) == apart


def test_whisper_segments_through_the_pipeline_map_and_join() -> None:
    timemap = TimeMap.identity(30.0)
    raw = [RawSegment("название вашего", words("название", "вашего")), RawSegment("логин.", words("логин."))]
    for r, shift in zip(raw, (10.0, 11.0), strict=True):
        for w in r.words:
            w["start"], w["end"] = w["start"] + shift, w["end"] + shift
    mapped = [s for r in raw for s in to_call_segments(r, timemap, "agent")]
    assert len(mapped) == 2
    assert [s["text"] for s in join_cut_sentences(mapped)] == ["название вашего логин."]
    assert np.isclose(join_cut_sentences(mapped)[0]["end"], 11.4)
