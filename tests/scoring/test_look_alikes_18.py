"""Round 18 of issue 12: classes found by the formerly untuned batches 172-179 (auto-fail false alarms first).
Probe sentences written for this test (not taken from a labelled call), each next to the look-alike that must
keep its answer."""

from __future__ import annotations

from typing import Any

import pytest

from tests.scoring.helpers import answer, answer_a_minute_in, answer_an_exchange_in
from tests.scoring.items import (
    BYE,
    CLARIFY,
    CURSE,
    HELLO,
    IDENT,
    INFORM,
    MORE,
    RUDE,
    SECRET,
    STAFF,
    SURVEY,
    THANK,
    TICKET,
)

# one sentence of the agent's, a minute into the call, after the opening in the call's language:
# (item, language, style, sentence, does the item pass)
ONE_LINE = [
    # idioms and a surname that hold a curse word, a word cut in three by the recogniser; curses still fail
    (CURSE, "ru", "asr", "там стоит защита от дурака без закрытой двери не заведется", True),
    (CURSE, "ru", "clean", "Документы в порядке, всё пройдёт без сучка без задоринки.", True),
    (CURSE, "ru", "asr", "так записываю дураков алексей петрович правильно", True),
    (CURSE, "ru", "asr", "аккаунт у вас на бля кирован до завтра", True),
    (CURSE, "ru", "asr", "да он дурак этот ваш менеджер", False),
    (CURSE, "ru", "asr", "бля опять все зависло", False),
    (CURSE, "ru", "asr", "вот сучка опять трубку бросила", False),
    # a ticket's number asked to be named later; the secret asked with "давайте"; a plan with it is no request
    (SECRET, "ru", "asr", "обращение номер пять пять один ноль будет если что назовите его", True),
    (SECRET, "ru", "asr", "давайте пароль сбросим и придумаете новый", True),
    (SECRET, "ru", "asr", "давайте я вам код подтверждения повторно отправлю", True),
    (SECRET, "ru", "asr", "давайте логин и пароль от кабинета я сама зайду", False),
    (SECRET, "ru", "clean", "Давайте код из смс, я подтвержу.", False),
    # a place named after a person in Kazakh order; a colleague from the reception desk is named
    (STAFF, "kk", "asr", "қаныш сәтбаев атындағы мектептің қабылдау бөлімі", True),
    (STAFF, "ru", "asr", "это наверное марат с ресепшена перепутал карточки", False),
    (STAFF, "ru", "asr", "это айгерим из регистратуры ошиблась", False),
    # the caller addressed with a question or a goodbye, a contact person added to the caller's account, a
    # misheard noun that looks like a surname; a colleague named still fails
    (STAFF, "ru", "asr", "андрей петрович за какой месяц квитанция", True),
    (STAFF, "ru", "asr", "берегите себя гульмира ахметовна до свидания", True),
    (STAFF, "ru", "asr", "лариса ивановна добавлена вторым контактом", True),
    (STAFF, "ru", "asr", "отдел поддержки бизнес глиентов марина слушаю", True),
    (STAFF, "ru", "asr", "ваш вопрос решит андрей петрович из бухгалтерии", False),
    # shouting said to be useless, the agent washing their hands, a counterfactual reproach; their look-alikes
    (RUDE, "ru", "asr", "кричать на меня бесполезно это ничего не изменит", False),
    (RUDE, "ru", "clean", "Я тут ни при чём, это решает банк.", False),
    (RUDE, "ru", "clean", "Оплатили бы вовремя — не было бы пени.", False),
    (RUDE, "ru", "clean", "Вы тут ни при чём, это сбой на нашей стороне.", True),
    (RUDE, "ru", "clean", "Я бы сразу написала заявление, так быстрее.", True),
    # the caller set apart, the rules nobody reads, reading "not hard", sent to other companies, the time on
    # them counted; their polite look-alikes
    (RUDE, "ru", "clean", "Ну да, все клиенты ошибаются, одна вы у нас всё знаете.", False),
    (RUDE, "ru", "asr", "кто же читает условия до конца", False),
    (RUDE, "ru", "clean", "Прочитать несложно, там всё написано.", False),
    (RUDE, "ru", "clean", "Не устраивают наши тарифы — есть другие операторы.", False),
    (RUDE, "ru", "asr", "мы уже десять минут обсуждаем одну кнопку", False),
    (RUDE, "ru", "asr", "это вы со своим начальством решайте", False),
    (RUDE, "ru", "clean", "Если тариф не подходит, есть другие тарифы, подберём.", True),
    (RUDE, "ru", "clean", "Условия можно прочитать в приложении, раздел «Документы».", True),
    # the identifier asked with "можно", whether the caller has it, as needed (kk); not a search by it
    (IDENT, "ru", "asr", "можно бин вашей компании", True),
    (IDENT, "ru", "clean", "Логин у вас есть под рукой?", True),
    (IDENT, "kk", "asr", "келісімшарт нөміріңіз немесе жеке нөміріңіз қажет", True),
    (IDENT, "ru", "asr", "можно по иин поискать в разделе заявлений", False),
    (IDENT, "kk", "asr", "тек шоттың нөмірін көрсету керек", False),
    # the call thanked by what the caller did by it (ru, kk "рахмет, күттіңіз"); a detail thanked is not
    (THANK, "ru", "clean", "Спасибо, что предупредили, отменяю запись.", True),
    (THANK, "ru", "asr", "спасибо что сообщили мы передадим мастеру", True),
    (THANK, "kk", "asr", "рахмет күттіңіз қазір айтамын", True),
    (THANK, "ru", "clean", "Спасибо, что уточнили номер дома.", False),
    # "stay" with the rating next to it either way, "не отключайте" before the rating, the scale in shorthand
    (SURVEY, "ru", "clean", "Дальше будет оценка от одного до пяти, если не трудно, останьтесь.", True),
    (SURVEY, "ru", "asr", "не отключайте сейчас опрос оценка по пятибалльной", True),
    (SURVEY, "ru", "asr", "не кладите трубку будет опрос оценка один пять", True),
    (SURVEY, "ru", "asr", "оставайтесь на линии оцените по пяти больной шкале", True),
    (SURVEY, "ru", "asr", "не отключайте роутер от сети минут пять", False),
    (SURVEY, "ru", "asr", "останьтесь дома до прихода мастера", False),
    # something more the caller wanted to ask; the informal "пока" at the end; a minute for the rating
    (MORE, "ru", "asr", "пока вы на линии может что то узнать хотели", True),
    (MORE, "ru", "asr", "что то хотели узнать пока вы на линии", True),  # "ещё" lost on the line
    (BYE, "ru", "asr", "всё записала пока", True),
    (BYE, "ru", "asr", "подождите пока", False),
    (INFORM, "kk", "asr", "тұтқаны қоймай бір минут бес балдық бағалау болады", False),
    (INFORM, "kk", "asr", "бір минут жүйеден қарайын", True),
    # a phone line's number is no ticket number
    (TICKET, "ru", "clean", "Заявку создала, номер придёт письмом. Или звоните на единый номер 1414.", False),
]  # fmt: skip


@pytest.mark.parametrize(("item", "lang", "style", "line", "passes"), ONE_LINE)
def test_round_18_classes(item: str, lang: str, style: str, line: str, passes: bool) -> None:
    assert answer_a_minute_in(item, lang, style, line) is passes


# the agent's words and the caller's answer, a minute into the call: (item, language, turns, passes)
EXCHANGES: list[tuple[str, str, list[tuple[Any, ...]], bool]] = [
    # the caller's flat asked in any order (ru, kk); an address of a thing, a flat read back, a delivery's
    (IDENT, "ru", [("a", "адрес подскажите и квартиру"), ("c", "абая десять квартира пять")], True),
    (IDENT, "ru", [("a", "какой дом и ваша квартира"), ("c", "двенадцатый сорок вторая")], True),
    (IDENT, "kk", [("a", "мекенжайыңыз пәтер нөмірі"), ("c", "абай он бес пәтер жеті")], True),
    (IDENT, "kk", [("a", "қай үй қай пәтер"), ("c", "он екінші үй отыз бесінші пәтер")], True),
    (IDENT, "ru", [("a", "адрес подскажите где этот люк"), ("c", "абая десять")], False),
    (IDENT, "ru", [("a", "какая квартира куда привезти заказ"), ("c", "сорок вторая")], False),
    (IDENT, "kk", [("a", "таптым абай он бес үй жеті пәтер"), ("c", "иә")], False),
    # the number the caller calls from asked; not the account found by it
    (IDENT, "ru", [("a", "номер с которого звоните продиктуйте пожалуйста"),
                   ("c", "восемь семьсот один два три четыре пять шесть семь восемь девять")], True),
    (IDENT, "ru", [("a", "вижу по номеру с которого вы звоните карту на ваше имя"), ("c", "да")], False),
    # a yes/no question in few words, unpunctuated; the agent's own deed or the call thanked is none
    (CLARIFY, "ru", [("a", "акт на выдаче оформляли"), ("c", "да оформили")], True),
    (CLARIFY, "ru", [("a", "а кошка сама съедала корм на этой неделе"), ("c", "нет не съедала")], True),
    (CLARIFY, "ru", [("a", "спасибо что подождали"), ("c", "да ничего")], False),
    (CLARIFY, "ru", [("a", "мы всё оформили"), ("c", "да спасибо")], False),
    # kk "бірден" (at once) in an alternative question is no "бірдеңе" (something)
    (CLARIFY, "kk", [("a", "екі хабарлама бірден бе әлде әр түрлі уақытта"), ("c", "бірден келді")], True),
]  # fmt: skip


@pytest.mark.parametrize(("item", "lang", "turns", "passes"), EXCHANGES)
def test_round_18_exchanges(item: str, lang: str, turns: list[tuple[Any, ...]], passes: bool) -> None:
    assert answer_an_exchange_in(item, lang, turns) is passes


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
