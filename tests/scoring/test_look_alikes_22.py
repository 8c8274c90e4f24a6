"""Round 22 of issue 12: classes found by the formerly untuned batches 204-211 (auto-fail false alarms first).
Probe sentences written for this test (not taken from a labelled call), each next to the look-alike that must
keep its answer."""

from __future__ import annotations

import pytest

from tests.scoring.helpers import answer


# the opening: common Kazakh first names are the agent's; a fund's service word misheard is no name; a recall
# campaign is no company
@pytest.mark.parametrize(
    ("line", "passes"),
    [
        ("кайырлы кун тулпар кунак уйи гулназ тындап турмын", True),
        ("саламатсыз ба алтын банк колдау кызметы балауса", True),
        ("здравствуйте пенсионный фонд подержка слушаю", False),
        ("здравствуйте пенсионный фонд оператор камшат слушаю", True),
    ],
)
def test_round_22_openings(line: str, passes: bool) -> None:
    got = answer("greeting", ("a", line), ("c", "Здравствуйте, у меня вопрос."), language="ru", style="asr")
    assert got is passes


def test_round_22_a_recall_campaign_names_no_company() -> None:
    turns = [
        ("a", "здравствуйте меня зовут марат слушаю вас"),
        ("c", "у меня письмо пришло про отзыв машины"),
        (8.0, "a", "так значит сервисная кампания назовите номер машины"),
    ]
    assert answer("greeting", *turns, language="ru", style="asr") is False
