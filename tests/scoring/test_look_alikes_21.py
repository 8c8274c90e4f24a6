"""Round 21 of issue 12: classes found by the formerly untuned batches 196-203 (auto-fail false alarms first).
Probe sentences written for this test (not taken from a labelled call), each next to the look-alike that must
keep its answer."""

from __future__ import annotations

import pytest

from tests.scoring.helpers import answer
from tests.scoring.items import HELLO


# the opening: a brand's second word after a first name ("Арай Девелопмент") names the organisation, not the
# agent; the short Kazakh hello greets
@pytest.mark.parametrize(
    ("line", "passes"),
    [
        ("салем арай девелопмент ерболат тындап турмын", True),
        ("добрый день компания арай девелопмент слушаю вас", False),
        ("алем фитнес здравствуйте слушаю вас", False),
        ("Здравствуйте, «Алем Фитнес», меня зовут Дана.", True),
        ("здравствуйте служба поддержки слушаю вас", False),
    ],
)
def test_round_21_openings(line: str, passes: bool) -> None:
    style = "clean" if line[0].isupper() else "asr"
    got = answer(HELLO, ("a", line), ("c", "Здравствуйте, у меня вопрос."), language="ru", style=style)
    assert got is passes
