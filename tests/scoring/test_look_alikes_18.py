"""Round 18 of issue 12: classes found by the formerly untuned batches 172-179 (auto-fail false alarms first).
Probe sentences written for this test (not taken from a labelled call), each next to the look-alike that must
keep its answer."""

from __future__ import annotations

import pytest

from tests.scoring.helpers import answer
from tests.scoring.items import (
    HELLO,
)


# the opening: an organisation in quotation marks is no agent's name; a brand before the name and the hello;
# an abbreviation spelt letter by letter
@pytest.mark.parametrize(
    ("line", "passes"),
    [
        ("Добрый день, КСК «Самал», слушаю вас.", False),
        ("Добрый день, КСК «Самал», Марина, слушаю вас.", True),
        ("Добрый вечер, «Жулдыз Телеком», Светлана, здравствуйте.", True),
        ("ц о н здравствуйте оператор марина", True),
        ("здравствуйте марина слушаю", False),
        # a split word joined to its own half, not to the brand before it ("доб рый": "добрый")
        ("ветдос доб рый день оператор тимур слушаю вас", True),
    ],
)
def test_round_18_openings(line: str, passes: bool) -> None:
    style = "clean" if line[0].isupper() else "asr"
    got = answer(HELLO, ("a", line), ("c", "Здравствуйте, у меня вопрос."), language="ru", style=style)
    assert got is passes
