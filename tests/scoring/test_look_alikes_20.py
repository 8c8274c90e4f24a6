"""Round 20 of issue 12: classes found by the formerly untuned batches 188-195 (auto-fail false alarms first).
Probe sentences written for this test (not taken from a labelled call), each next to the look-alike that must
keep its answer."""

from __future__ import annotations

from typing import Any

import pytest

from tests.scoring.helpers import answer, answer_a_minute_in, answer_an_exchange_in
from tests.scoring.items import (
    CLARIFY,
    CURSE,
    FILLER,
    HELLO,
    IDENT,
    INFORM,
    MORE,
    RUDE,
    SECRET,
    STAFF,
    THANK,
    TICKET,
)

# one sentence of the agent's, a minute into the call, after the opening in the call's language:
# (item, language, style, sentence, does the item pass)
ONE_LINE = [
    # "идёт" misheard as "идиот" after what goes; the insult still fails
    (CURSE, "ru", "asr", "проверьте когда загрузка идиот на экране есть полоска", True),
    (RUDE, "ru", "asr", "проверьте когда загрузка идиот на экране есть полоска", True),
    (CURSE, "ru", "clean", "Ну вы и идиот.", False),
    # "е-банкинг" run on, a knot in wood, the card game, "есеп шот" misheard; the curses still fail
    (CURSE, "ru", "asr", "через ебанкинг оплата проходит за сутки", True),
    (CURSE, "ru", "asr", "ебаный сайт опять лежит", False),
    (CURSE, "ru", "asr", "пришлите фото сучка на столешнице и трещины рядом", True),
    (CURSE, "ru", "clean", "В наборе две колоды для игры в подкидного дурака.", True),
    (CURSE, "ru", "clean", "Вы что, дурака из меня делаете?", False),
    (CURSE, "kk", "asr", "есек шот бойынша қарызыңыз жоқ", True),
    (CURSE, "kk", "asr", "сен есексің бе", False),
    # what somebody called the caller, reported; not who decides when it is named; "честно говорю: быстрее";
    # the insult and the hurry-up still fail
    (RUDE, "ru", "asr", "то что вас назвали дурой в регистратуре так нельзя я передам", True),
    (RUDE, "ru", "asr", "администратор назвал вас дурой при всех я правильно записываю", True),
    (RUDE, "ru", "clean", "Вы что, дура?", False),
    (RUDE, "ru", "asr", "это решаю не я а отдел возвратов но заявку я передам", True),
    (RUDE, "ru", "asr", "это не я решаю", False),
    (RUDE, "ru", "asr", "честно говорю быстрее будет через приложение", True),
    (RUDE, "ru", "clean", "Говорите быстрее, у меня очередь.", False),
    # a settings field left empty, what a message says (quoted), what the robot tells, an indefinite code;
    # the requests still fail
    (SECRET, "kk", "asr", "құпия сөз жолын бос қалдырыңыз ештеңе жазбаңыз", True),
    (SECRET, "kk", "asr", "құпия сөзіңізді айтыңызшы", False),
    (SECRET, "kk", "asr", "хабарламада санын жіберіңіз деп тұр ма", True),
    (SECRET, "kk", "asr", "робот кодты айтып береді сіз жазып аласыз", True),
    (SECRET, "kk", "asr", "кодты айтып беріңізші", False),
    (SECRET, "ru", "asr", "в сообщении кроме текста код какой то был", True),
    # a Kazakh honorific to the caller is no name
    (STAFF, "kk", "asr", "тусиндим агай казир карайм", True),
    # the booking code asked how it goes or whether at hand, whose name the booking is in, the card's last
    # digits, whether the caller calls from the account's number; not any number to call from
    (IDENT, "kk", "asr", "брондау коды қалай", True),
    (IDENT, "mixed", "asr", "брон коды есть под рукой", True),
    (IDENT, "ru", "asr", "и на чье имя бронь", True),
    (IDENT, "kk", "asr", "картаның соңғы төрт цифрын айтыңыз", True),
    (IDENT, "ru", "asr", "вы сейчас звоните с того же номера", True),
    (IDENT, "ru", "asr", "звоните с любого номера", False),
    # "или какой другой", "что сейчас с ...", not the agent's own look-up; the offer of further help and
    # "your number" asked are no clarifying question
    (CLARIFY, "ru", "asr", "анализ на что на гепатит или какой другой", True),
    (CLARIFY, "ru", "asr", "а что сейчас с трубой ее так и не заменили", True),
    (CLARIFY, "kk", "asr", "тағы бір нәрсе керек пе", False),
    (CLARIFY, "kk", "asr", "басқа сұрағыңыз бар ма", False),
    (CLARIFY, "kk", "asr", "нөміріңіз қандай", False),
    # handing on told in the 1st person
    (INFORM, "ru", "asr", "передаю информацию мастеру участка", True),
    (INFORM, "ru", "asr", "информацию передадут мастеру", False),
    # patience thanked a clause later; the caller's time thanked in Kazakh; no time is no thanks
    (THANK, "ru", "asr", "спасибо вам ольга за то что так спокойно и терпеливо ждали", True),
    (THANK, "kk", "asr", "уақыт бөлгеніңіз үшін рахмет", True),
    (THANK, "kk", "asr", "қазір уақыт жоқ рахмет", False),
    # "проверьте ..., ещё что-нибудь нужно" offers more; the agent checking something else does not
    (MORE, "ru", "asr", "письмо отправила проверьте почту еще что нибудь нужно", True),
    (MORE, "ru", "asr", "я проверю еще что то по заказу", False),
    # the agent's own registering verb with a number; without a number no ticket
    (TICKET, "ru", "asr", "оформляю возврат номер семьдесят один двести", True),
    (TICKET, "ru", "asr", "оформляю возврат на карту деньги придут за десять дней", False),
    # "он типа", "до колодца, короче, это ...", kk "қысқасы"; the noun "такого типа" is no filler
    (FILLER, "ru", "asr", "заявку закрыли он типа уже на паузе", False),
    (FILLER, "ru", "asr", "сеть до колодца короче это уже не наша зона", False),
    (FILLER, "kk", "asr", "қысқасы ертең қайта хабарласыңыз", False),
    (FILLER, "ru", "asr", "номер такого типа не подходит", True),
]  # fmt: skip


@pytest.mark.parametrize(("item", "lang", "style", "line", "passes"), ONE_LINE)
def test_round_20_classes(item: str, lang: str, style: str, line: str, passes: bool) -> None:
    assert answer_a_minute_in(item, lang, style, line) is passes


# the agent's words and the caller's answer, a minute into the call: (item, language, turns, passes)
EXCHANGES: list[tuple[str, str, list[tuple[Any, ...]], bool]] = [
    # a colleague who acts on the matter, written down by the caller with "ага", is staff; the caller's own
    # name read back and confirmed is not
    (STAFF, "ru", [("a", "заявку сейчас проверяет гульнара сериковна из отдела расчетов можете ей позвонить"
                         " добавочный двести три"), ("c", "ага записала гульнара сериковна")], False),
    (STAFF, "ru", [("a", "вижу договор сейтказиева гульнара сериковна"), ("c", "да это я")], True),
    # the contract's number given when the caller asks for the ticket's is no ticket number
    (TICKET, "ru", [("c", "а номер заявки будет"),
                    ("a", "все привязано к номеру договора ка эл 2024 117")], False),
    (TICKET, "ru", [("c", "а номер заявки будет"), ("a", "да записывайте 2024 117")], True),
]  # fmt: skip


@pytest.mark.parametrize(("item", "lang", "turns", "passes"), EXCHANGES)
def test_round_20_exchanges(item: str, lang: str, turns: list[tuple[Any, ...]], passes: bool) -> None:
    assert answer_an_exchange_in(item, lang, turns) is passes


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
