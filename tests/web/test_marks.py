"""Evidence highlighting splits text into parts (escaped later by the template)."""

from __future__ import annotations

from web.queries.review import build_lines, split_marks
from web.templating import clock


def test_split_marks_case_insensitive_longest_first_and_regex_safe() -> None:
    assert split_marks("Добрый день, ДОБРЫЙ день", ["добрый день"]) == [
        ("Добрый день", True), (", ", False), ("ДОБРЫЙ день", True)]  # fmt: skip
    assert split_marks("a+b (c) a", ["a+b (c)", "a"]) == [("a+b (c)", True), (" ", False), ("a", True)]
    assert split_marks("<script>", []) == [("<script>", False)]
    assert split_marks("text", ["", "  "]) == [("text", False)]


def test_build_lines_marks_only_overlapping_segments_of_the_same_speaker() -> None:
    class Item:
        item_id = "greeting"
        evidence = [{"start": 0.5, "end": 1.0, "speaker": "agent", "match": "здравствуйте"}, "junk"]

    segments = [
        {"speaker": "agent", "start": 0.0, "end": 2.0, "text": "Здравствуйте!"},
        {"speaker": "caller", "start": 0.8, "end": 2.5, "text": "здравствуйте"},
        {"speaker": "agent", "start": 3.0, "end": 4.0, "text": "здравствуйте ещё раз"},
        "not a segment",
    ]
    lines = build_lines(segments, [Item()])  # type: ignore[list-item]
    assert [line.evidence_for for line in lines] == [["greeting"], [], []]
    assert lines[0].parts == [("Здравствуйте", True), ("!", False)]
    assert lines[1].parts == [("здравствуйте", False)]


def test_clock() -> None:
    assert (clock(None), clock(0), clock(72.9), clock(3600)) == ("", "0:00", "1:12", "60:00")
