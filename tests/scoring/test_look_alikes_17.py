"""Round 17 of issue 12: classes found by the formerly untuned batches 156-171 (auto-fail false alarms first).
Probe sentences written for this test (not taken from a labelled call), each next to the look-alike that must
keep its answer."""

from __future__ import annotations

from typing import Any

import pytest

from tests.scoring.helpers import answer_a_minute_in, answer_an_exchange_in
from tests.scoring.items import CLARIFY, CURSE, IDENT, MORE, RUDE, SECRET, STAFF, SURVEY, THANK, TICKET

# one sentence of the agent's, a minute into the call, after the opening in the call's language:
# (item, language, style, sentence, does the item pass)
ONE_LINE = [
    # a code that does not come, looked up by the agent, one that belongs to a certificate; "tell me when",
    # "don't read it to me"; the requests next to them still fail
    (SECRET, "ru", "asr", "скажите код вообще не приходит или приходит поздно", True),
    (SECRET, "ru", "clean", "Сейчас проверю, каким кодом вы подтверждали покупку.", True),
    (SECRET, "ru", "clean", "Придумайте новый пароль сами. Скажите, когда зайдёте.", True),
    (SECRET, "ru", "asr", "код подарочного сертификата продиктуйте он на обороте", True),
    (SECRET, "ru", "clean", "Пароль мне не читайте, просто скажите, есть ли там заглавные буквы.", True),
    (SECRET, "ru", "asr", "продиктуйте код который пришел в смс", False),
    (SECRET, "kk", "asr", "жеке кабинетке киретин купия созинизди айтыныз", False),
    (SECRET, "ru", "asr", "в форме есть поле пароль продиктуйте ваш пароль я впишу", False),
    (SECRET, "ru", "clean", "Профиль в порядке, никто его не трогал. Назовите ваш пароль, я зайду.", False),
    # "бля" for "для" or inside a word cut on the line, a word read out from a paper, an insult denied
    (CURSE, "ru", "asr", "ща гляну нет ли ду бля по заявке", True),
    (CURSE, "ru", "asr", "сейчас бля вас все переоформлю", True),
    (CURSE, "ru", "clean", "Учитель в комментарии написал «бестолочь», я вижу эту запись.", True),
    (CURSE, "ru", "clean", "Вы совсем не дура, такое со всеми бывает.", True),
    (RUDE, "ru", "clean", "Вы совсем не дура, такое со всеми бывает.", True),
    (CURSE, "ru", "asr", "бля опять система висит", False),
    (CURSE, "ru", "asr", "ну бля вы что", False),
    # the caller's own cabinet after "мне ... личного", "пол года"; the agent's own messenger still fails
    (STAFF, "ru", "clean", "Назовите мне пароль от личного кабинета.", True),
    (STAFF, "ru", "asr", "через пол года нотариус выдаст свидетельство", True),
    (STAFF, "ru", "asr", "пишите мне на личный ватсап", False),
    # a language switched to is no reproach
    (RUDE, "ru", "asr", "да конечно можно по русски скажите ваш иин", True),
    (RUDE, "ru", "asr", "я вам по русски говорю", False),
    # a one-to-five scale in other words, the line kept in reversed order, kk "түтікті қоймай"; not a
    # closing time
    (SURVEY, "ru", "asr", "не отключайтесь пожалуйста будет опрос оцените меня от единички до пятерки", True),
    (SURVEY, "ru", "asr", "на линии останьтесь пожалуйста система попросит оценку от одного до пяти", True),
    (SURVEY, "ru", "clean", "Не кладите трубку — сейчас оценка по пятибалке.", True),
    (SURVEY, "kk", "asr", "түтікті қоймай тұрыңыз бірден беске дейін бағалаңыз", True),
    (SURVEY, "kk", "clean", "Желіде қалыңыз, бестен бірге дейін бағалап кетіңіз.", True),
    # (round 18: a closing time after "stay on the line" is no scale, examples.unless)
    (SURVEY, "kk", "asr", "желіде қалыңыз біз сағат беске дейін жұмыс істейміз", False),  # fixed in round 18
    (SURVEY, "ru", "asr", "оставайтесь на линии я проверю", False),
    # thanks for what the caller endured; not a request to endure more
    (THANK, "ru", "asr", "спасибо что терпели пока я искала", True),
    (THANK, "ru", "clean", "Спасибо, что не отключились, пока я проверяла.", True),
    (THANK, "ru", "clean", "Спасибо вам, что были так терпеливы.", True),
    (THANK, "kk", "asr", "шыдап отырғаныңыз үшін рахмет", True),
    (THANK, "kk", "asr", "сізге рахмет терпение үшін", True),
    (THANK, "ru", "asr", "спасибо потерпите еще минуту", False),
    # something more offered to be done for the caller, kk "another question" garbled
    (MORE, "ru", "asr", "по договору или по счетам что нибудь уточнить для вас", True),
    (MORE, "kk", "asr", "тагы бир сураныз бар ма", True),
    # (round 18: "let me ask one more" is the agent's own question, examples.unless)
    (MORE, "kk", "asr", "тағы бір сұрайын", False),  # fixed in round 18
]  # fmt: skip


@pytest.mark.parametrize(("item", "lang", "style", "line", "passes"), ONE_LINE)
def test_round_17_classes(item: str, lang: str, style: str, line: str, passes: bool) -> None:
    assert answer_a_minute_in(item, lang, style, line) is passes


# the agent's words and the caller's answer, a minute into the call: (item, language, turns, passes)
EXCHANGES: list[tuple[str, str, list[tuple[Any, ...]], bool]] = [
    # a yes/no question about what the caller did, unpunctuated, answered yes, no or with the verb
    (CLARIFY, "ru", [("a", "а вы приложение переустанавливали"), ("c", "нет не переустанавливал")], True),
    (CLARIFY, "ru", [("a", "вы с другого телефона заходили"), ("c", "заходил с планшета")], True),
    (CLARIFY, "ru", [("a", "вы оплатили все хорошо"), ("c", "ну ладно")], False),
    # the account's number asked in any words and answered with digits; not a number to send something to
    (IDENT, "ru", [("a", "телефон к которому приложение относится какой"),
                   ("c", "восемь семьсот семь один два три сорок пять шестьдесят семь")], True),
    (IDENT, "kk", [("a", "жеке нөміріңіз керек"),
                   ("c", "тоғыз бір нөл төрт он екі бес нөл нөл жеті сегіз бір")], True),
    (IDENT, "ru", [("a", "оставьте номер телефона на него придет подтверждение"),
                   ("c", "восемь семьсот семь один два три сорок пять шестьдесят семь")], False),
    (IDENT, "ru", [("a", "продиктуйте номер для обратной связи"),
                   ("c", "восемь семьсот семь один два три сорок пять шестьдесят семь")], False),
    # a ticket number read out in parts, the caller acknowledging in between
    (TICKET, "ru", [("a", "заявку оформила записывайте номер сорок два"), ("c", "да"),
                    ("a", "семьдесят один пятнадцать")], True),
    (TICKET, "ru", [("a", "заявку оформлю позже номер придет в смс"), ("c", "да"),
                    ("a", "примерно через пять минут")], False),
]  # fmt: skip


@pytest.mark.parametrize(("item", "lang", "turns", "passes"), EXCHANGES)
def test_round_17_exchanges(item: str, lang: str, turns: list[tuple[Any, ...]], passes: bool) -> None:
    assert answer_an_exchange_in(item, lang, turns) is passes
