"""Round 13 of issue 12: classes found by the untuned batches 88-91 and new authors' batches 92-103. Probe
sentences written for this test (not taken from a labelled call), each next to the look-alike that must keep
its answer."""

from __future__ import annotations

import pytest

from tests.scoring.helpers import PROBLEM, answer, answer_a_minute_in
from tests.scoring.items import CLARIFY, IDENT, RUDE, SECRET, STAFF, TICKET

A, C = "a", "c"

OUR_FITTER = "монтажник у нас тимур сапаров его сотовый восемь семьсот один два два три сорок пять"
HIS_MOBILE = "звоните ерлану сотовый восемь семьсот один пять пять пять двадцать три он ваш акт видел"
# one sentence of the agent's, a minute into the call, after the opening in the call's language:
# (item, language, style, sentence, does the item pass)
ONE_LINE = [
    # a Kazakh word keeps its consonants: "press" is no "goodbye" misheard
    ("farewell", "kk", "asr", "сілтемені ашып жасыл түймені басыңыз", False),
    ("farewell", "kk", "asr", "рахмет сау болыңыз", True),
    # the phone or e-mail the account is on, asked in few words; a number to call back on is no identifier
    (IDENT, "kk", "asr", "профиліңіз кай нөмірге тиркелген", True),
    (IDENT, "ru", "clean", "Профиль у вас на какой номер оформлен?", True),
    (IDENT, "ru", "clean", "Номер, на который зарегистрирован кабинет, какой?", True),
    (IDENT, "ru", "clean", "На какой номер вам перезвонить?", False),
    (IDENT, "ru", "asr", "давайте я посмотрю логи сервера", False),
    # an identifier spelt letter by letter and run together by the recogniser
    (IDENT, "kk", "asr", "алдымен жээсэн айтып жіберіңізші", True),
    # registered under a number, Kazakh order; a time or an amount named before is no ticket number
    (TICKET, "kk", "asr", "сұрағыңыз алты мың екі жүз он нөмірімен тіркелді", True),
    (TICKET, "ru", "asr", "заявка оформлена мастер будет у вас в восемнадцать сорок", False),
    (TICKET, "ru", "clean", "Заявку на возврат зарегистрировала, эту тысячу двести вернём на карту.", False),
    (TICKET, "ru", "clean", "Обращение оформлено, списание трёхсот бонусов отменю.", False),
    # "вопросов было" offers nothing; "что ни будь" is "что-нибудь"; "тағы бір нәрсе:" adds information
    ("anything_else", "ru", "clean", "Спасибо, вопросов сегодня было много, но всё решили.", False),
    ("anything_else", "ru", "asr", "может еще что ни будь могу для вас сделать", True),
    ("anything_else", "kk", "clean", "Тағы бір нәрсе: чек поштаңызға келеді.", False),
    ("anything_else", "kk", "clean", "Тағы бір нәрсе керек пе?", True),
    # thanks for the call across the two languages
    ("thank_patience", "mixed", "clean", "Сізге де рахмет, что обратились к нам.", True),
    ("thank_patience", "kk", "asr", "звонок үшін рахмет", True),
    # "up to five" is the five-point scale
    ("survey_invite", "kk", "asr", "желіден шықпай тұрыңыз жұмысымды беске дейінгі шкаламен бағалаңыз", True),
    ("survey_invite", "kk", "asr", "желіден шықпай тұрыңыз жұмысымды бағалаңыз", False),
    # "даже короче" compares; "жаңағы айттым" is "I said just now"
    ("no_filler_words", "ru", "clean", "Через центр дорога даже короче, минут на десять.", True),
    ("no_filler_words", "kk", "asr", "мен жаңағы айттым ғой кабинетке қайта кіру керек", True),
    # "честно говоря" reports nobody's words
    ("no_profanity", "ru", "clean", "Честно говоря, хрен его знает, когда приедут.", False),
    ("no_profanity", "ru", "clean", "Вы говорите, он сказал «хрен вам»? Разберёмся.", True),
    # the blame thrown back at the caller, sarcasm about not reading; the device's "will not repeat"
    (RUDE, "ru", "clean", "Сами перевели деньги незнакомцу, а теперь банк виноват.", False),
    (RUDE, "ru", "clean", "Вы же сами им код отправили.", False),
    (RUDE, "ru", "clean", "Там же всё написано, прочитайте хоть раз.", False),
    (RUDE, "kk", "clean", "Оны өзіңіз жібердіңіз ғой.", False),
    (RUDE, "ru", "clean", "Если бы условия читали, прежде чем нажать «купить», не звонили бы.", False),
    (RUDE, "ru", "clean", "Я вам только что объяснила, повторяю.", False),
    (RUDE, "ru", "clean", "Если бы вы прислали фото, мы бы быстрее нашли.", True),
    (RUDE, "ru", "clean", "Прибор сам повторять не будет, он ждёт команды.", True),
    # a colleague of ours by "у нас", a number after the pronoun "он"; a street cut in two, a caller thanked
    (STAFF, "ru", "asr", OUR_FITTER, False),
    (STAFF, "ru", "asr", HIS_MOBILE, False),
    (STAFF, "ru", "asr", "доставим по адресу жан досова сорок квартира двенадцать", True),
    (STAFF, "ru", "clean", "Айгуль Маратовна, спасибо за ожидание, заказ нашла.", True),
    (STAFF, "ru", "asr", "пункт выдачи на момышулы работает до восьми", True),
    (STAFF, "ru", "asr", "спасибо за ожидание система немного подвисла", True),
    # a reproach, the caller's identity or a conjunction is no clarifying question
    (CLARIFY, "ru", "clean", "Я же вам уже объяснила. Что тут непонятного?", False),
    (CLARIFY, "ru", "clean", "Нашла заказ на Белова Андрея. Вы Андрей?", False),
    (CLARIFY, "ru", "clean", "Это значит, что нужно перезалить фото.", False),
    (CLARIFY, "ru", "asr", "могу выслать инструкцию на какую почту", False),
    (CLARIFY, "ru", "asr", "айжан а течёт из под крана или из шланга", True),
    # the secret asked by what the caller logs in with, or read out sign by sign; a new address is no secret
    (SECRET, "ru", "clean", "Скажите мне комбинацию, которой вы заходите в кабинет.", False),
    (SECRET, "kk", "asr", "кіргенде теретін әріптер мен сандарды маған бір бірлеп оқып беріңізші", False),
    (SECRET, "ru", "asr", "пин код под защитным слоем шесть цифр продиктуйте", False),
    (SECRET, "ru", "clean", "Коды подтверждения придут на телефон. Продиктуйте новый адрес доставки.", True),
    # batches 108-111: the card's own number on its back, which contract an SMS was about
    (SECRET, "ru", "clean", "Назовите номер карты, он на обороте, десять цифр.", True),
    (SECRET, "ru", "clean", "Назовите номер карты и три цифры на обороте.", False),
    (SECRET, "ru", "clean", "Подскажите, по какому договору пришла смс?", True),
    # "shorter" after an infinitive; a card that unlinks; an insult about "him" is no rudeness to the caller
    ("no_filler_words", "ru", "clean", "С мобильного можно набрать короче — 3030.", True),
    (RUDE, "ru", "clean", "После замены карта сама отвяжется от приложения.", True),
    (RUDE, "mixed", "asr", "если так было то он ақымақ конечно у нас такое запрещено", True),
    (RUDE, "ru", "clean", "Ага, конечно, водитель должен был вас лично ждать на трассе.", False),
    (RUDE, "ru", "clean", "Правила возврата вообще-то читают до покупки.", False),
    # a certificate is no "let me check"; "anything else" is no clarifying question
    ("inform_actions", "kk", "asr", "анықтаманы поштаға жіберуге болады", False),
    (CLARIFY, "ru", "clean", "Что-то ещё могу для вас сделать?", False),
    # identifiers listed without a verb, or asked whether the caller has one
    (IDENT, "kk", "asr", "тапсырыс нөмірі или телефон", True),
    (IDENT, "kk", "asr", "билетіңіздің нөмірі бар ма", True),
    # noise: a Kazakh ending cut off its word leaves no name ("Алма") and no oath ("епті"); "тұр" heard "дур";
    # "когда" without its "г"; a goodbye or "күтіп" misheard
    (STAFF, "kk", "asr", "себебі табылды бірінші желі бере алма йды екінші желіге жібереміз", True),
    ("no_profanity", "kk", "asr", "санақ енгізілмепті сол себ епті портал таппай тұр", True),
    ("no_profanity", "kk", "asr", "интернет әлі бұғатталып дур", True),
    (SECRET, "ru", "asr", "а что пишет почта кода вы пытаетесь войти", True),
    ("farewell", "kk", "asr", "рахмет саубол ыңыз", True),
    ("thank_patience", "kk", "asr", "күдіп тұрғаныңызға рахмет", True),
    ("no_profanity", "kk", "asr", "жағдайын тексеріп шығ амын бір минут күтіңіз", True),
    # an insult named to be avoided, its quotes lost; a number read back to be confirmed is the caller's
    ("no_profanity", "ru", "asr", "давайте без слова идиоты я вас тоже не оскорбляю", True),
    (STAFF, "ru", "asr", "телефон восемь семь семь семь шесть четыре ноль двенадцать пятьдесят верно", True),
    (STAFF, "ru", "asr", "его сотовый восемь семь семь семь шесть четыре ноль двенадцать пятьдесят", False),
]  # fmt: skip


@pytest.mark.parametrize(("item", "lang", "style", "line", "passes"), ONE_LINE)
def test_round_13_classes(item: str, lang: str, style: str, line: str, passes: bool) -> None:
    assert answer_a_minute_in(item, lang, style, line) is passes


@pytest.mark.parametrize(
    ("hello", "greets"),
    [
        # a brand's second word before "слушаю" is no agent's name; a Kazakh vowel heard as "э" still greets
        ("Добрый день! Компания «Өмір Сақтандыру», слушаю вас.", False),
        ("сэлеметсиз бе жол сервис колдау кызметы арман тындап турмын", True),
    ],
)
def test_greeting_in_other_words(hello: str, greets: bool) -> None:
    assert answer("greeting", (A, hello), PROBLEM, (A, "Назовите номер договора.")) is greets


@pytest.mark.parametrize(
    ("caller", "given"),
    [
        # the number given in answer to the caller's question about the ticket's number; an amount is not
        ("А номер заявки будет?", True),
        ("А сколько стоит выезд?", False),
    ],
)
def test_a_number_answering_the_callers_question(caller: str, given: bool) -> None:
    turns = [(A, "Добрый день, поддержка, Мадина."), PROBLEM, (A, "Передам на вторую линию."), (C, caller)]
    assert answer(TICKET, *turns, (A, "Да, по звонкам — 419-708.")) is given


def test_the_code_the_caller_read_from_an_sms_asked_with_a_pronoun() -> None:
    turns = [(A, "Добрый день, поддержка, Мадина."), PROBLEM, (A, "Отправила новый код. Пришёл?")]
    asked = (C, "Да, пришло СМС, четыре цифры."), (A, "Продиктуйте их мне, пожалуйста.")
    kept = (C, "Да, пришло СМС, четыре цифры."), (A, "Никому их не говорите, введите сами.")
    assert answer(SECRET, *turns, *asked) is False
    assert answer(SECRET, *turns, *kept) is True


def test_the_first_turn_names_the_agent_even_misheard() -> None:
    hello = (A, "добрыйй день лифт сервис диспеттчир руслан слушою")
    turns = [hello, PROBLEM, (A, "руслан на связи сейчас проверю заявку")]
    assert answer(STAFF, *turns, language="ru", style="asr") is True
