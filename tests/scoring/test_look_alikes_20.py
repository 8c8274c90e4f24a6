"""Round 20 of issue 12: classes found by the formerly untuned batches 188-195 (auto-fail false alarms first).
Probe sentences written for this test (not taken from a labelled call), each next to the look-alike that must
keep its answer."""

from __future__ import annotations

import pytest

from tests.scoring.helpers import answer
from tests.scoring.items import (
    HELLO,
)


# the opening: the agent's name after "на линии" or before "на связи" (an unknown word between "служба
# поддержки" and "слушаю" stays the agent's name: a brand there cannot be told from a rare first name)
@pytest.mark.parametrize(
    ("line", "passes"),
    [
        ("Доброго дня! Поддержка «Алма Маркет», на линии Дана.", True),
        ("здравствуйте шипа мед айгерим на связи", True),
        ("Здравствуйте, служба поддержки, Бексұлтан, слушаю вас.", True),
    ],
)
def test_round_20_openings(line: str, passes: bool) -> None:
    style = "clean" if line[0].isupper() else "asr"
    got = answer(HELLO, ("a", line), ("c", "Здравствуйте, у меня вопрос."), language="ru", style=style)
    assert got is passes
