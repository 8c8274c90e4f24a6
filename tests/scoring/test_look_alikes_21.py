"""Round 21 of issue 12: classes found by the formerly untuned batches 196-203 (auto-fail false alarms first).
Probe sentences written for this test (not taken from a labelled call), each next to the look-alike that must
keep its answer."""

from __future__ import annotations

from typing import Any

import pytest

from tests.scoring.helpers import answer, answer_a_minute_in, answer_an_exchange_in
from tests.scoring.items import BYE, CLARIFY, CURSE, FILLER, HELLO, IDENT, SECRET, STAFF, THANK, TICKET

# one sentence of the agent's, a minute into the call, after the opening in the call's language:
# (item, language, style, sentence, does the item pass)
ONE_LINE = [
    # a code that belongs to a thing (a parcel's pickup code, a prescription's, a class's invitation code, the
    # door panel's); the secret from the message and the password still fail
    (SECRET, "ru", "clean", "Продиктуйте, пожалуйста, код выдачи посылки — он пришёл вам в СМС.", True),
    (SECRET, "ru", "clean", "Назовите код рецепта, я найду назначение.", True),
    (SECRET, "kk", "asr", "мұғалім берген шақыру кодын айтыңызшы", True),
    (SECRET, "ru", "asr", "а какой код вы на панели у двери набираете", True),
    (SECRET, "ru", "clean", "Продиктуйте код из СМС, который пришёл для входа.", False),
    (SECRET, "ru", "clean", "Назовите пароль от приложения.", False),
    # "для" misheard before a genitive; a curse cut off on its first syllable
    (CURSE, "ru", "asr", "оформим бля второго сына отдельный пропуск", True),
    (CURSE, "ru", "asr", "бля опять всё зависло", False),
    (CURSE, "ru", "clean", "Да ёб… извините, сорвалось.", False),
    # an insult reported with the pronoun run onto its verb ("он|назвал")
    (CURSE, "ru", "asr", "то что онназвал вас дурой это оскорбление с этим к участковому", True),
    # a colleague's mobile to agree with directly ("договоритесь" is no contract)
    (STAFF, "ru", "asr", "это наш мастер ерлан давайте я вам его сотовый дам договоритесь напрямую"
                         " восемь семь ноль один два три четыре пять шесть семь восемь", False),
    # under noise: a plain word with a letter doubled or a preposition run on is no patronymic, a Kazakh
    # "I understand" no surname, a caller told what to do is addressed; a colleague named still fails
    (STAFF, "ru", "asr", "аартикулы ошибки какие пишет", True),
    (STAFF, "ru", "asr", "трещина прямо науровне глаз водителя", True),
    (STAFF, "kk", "asr", "тусинемин меруерт ханым асықпаңыз", True),
    (STAFF, "ru", "asr", "людмила петровна выберите время сверху", True),
    (STAFF, "ru", "asr", "вам перезвонит наш юрист айжан муратовна", False),
    # the caller's address in Kazakh, not a place's
    (IDENT, "kk", "asr", "мекенжайыңызды айтыңызшы", True),
    (IDENT, "kk", "asr", "қай филиал мекенжайын айтыңыз", False),
    # when it last worked is a clarifying question; "где-нибудь" and data read back to confirm are none
    (CLARIFY, "ru", "asr", "когда вы в последний раз заходили без ошибок", True),
    (CLARIFY, "ru", "asr", "новый пароль запишите где нибудь себе", False),
    (CLARIFY, "ru", "clean", "Вижу заказ: два пакета молока, доставка завтра. Всё верно?", False),
    # thanks for what the caller told is no thanks for the call
    (THANK, "ru", "clean", "Спасибо, записала. Обращение номер 4410.", False),
    (THANK, "ru", "clean", "Спасибо за обращение, номер 4410.", True),
    # a wish for the journey at parting; advice to be careful is no goodbye
    (BYE, "ru", "clean", "Хорошей вам дороги!", True),
    (BYE, "kk", "asr", "балаларға абай болыңыз", False),
    (BYE, "kk", "asr", "жақсы сау болыңыз", True),
    # "короче" after the thanks is a filler; the comparative stays none
    (FILLER, "ru", "asr", "спасибо за ожидание короче заказ уже у курьера", False),
    (FILLER, "ru", "asr", "через приложение ожидание короче", True),
    # the request put into the system with its number
    (TICKET, "ru", "asr", "все внес в систему ваш номер сорок два семнадцать", True),
]  # fmt: skip


@pytest.mark.parametrize(("item", "lang", "style", "line", "passes"), ONE_LINE)
def test_round_21_classes(item: str, lang: str, style: str, line: str, passes: bool) -> None:
    assert answer_a_minute_in(item, lang, style, line) is passes


# the agent's words and the caller's answer, a minute into the call: (item, language, turns, passes)
EXCHANGES: list[tuple[str, str, list[tuple[Any, ...]], bool]] = [
    # an alternative question answered by choosing one of its options; not a statement with "или", nor
    # identifiers offered and answered with digits
    (CLARIFY, "ru", [("a", "счетчик сам мигает или совсем погас"), ("c", "погас совсем")], True),
    (CLARIFY, "kk", [("a", "ақша картадан түсті ме әлде қолма қол төледіңіз"),
                     ("c", "картадан түсті")], True),
    (CLARIFY, "ru", [("a", "оплатить можно в приложении или в кассе"), ("c", "хорошо спасибо")], False),
    (CLARIFY, "ru", [("a", "лицевой счет или телефон"),
                     ("c", "телефон восемь семь ноль один два два три четыре пять пять")], False),
    # a terse agent's flat asked and answered with a number is identification; a neighbour's flat, a delivery
    # address or an address alone (a lift's, a building's) is not
    (IDENT, "ru", [("a", "адрес"), ("c", "абая сорок пять")], False),
    (IDENT, "ru", [("a", "дом квартира"), ("c", "сейфуллина десять квартира три")], True),
    (IDENT, "ru", [("a", "квартира соседа какая"), ("c", "двенадцатая над нами")], False),
    (IDENT, "ru", [("a", "куда доставить адрес"), ("c", "абая сорок пять")], False),
]  # fmt: skip


@pytest.mark.parametrize(("item", "lang", "turns", "passes"), EXCHANGES)
def test_round_21_exchanges(item: str, lang: str, turns: list[tuple[Any, ...]], passes: bool) -> None:
    assert answer_an_exchange_in(item, lang, turns) is passes


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
