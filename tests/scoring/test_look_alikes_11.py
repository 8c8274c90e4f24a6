"""Round 11 of issue 12: classes found by new authors' batches 56-67. Probe sentences written for this test
(not taken from a labelled call), each next to the look-alike that must keep its answer."""

from __future__ import annotations

import pytest

from tests.scoring.helpers import HELLO, PROBLEM, answer, answer_a_minute_in, opening
from tests.scoring.items import RUDE, SECRET, SURVEY

A, C = "a", "c"


@pytest.mark.parametrize(
    ("openings", "clean"),
    [
        # most answers opened with "ну" are a habit, whatever follows it ...
        (["Ну давайте проверим.", "Ну адрес у вас верный.", "Ну заявка уже в работе."], False),
        (["Ну давайте проверим.", "Ну адрес у вас верный.", "Заявка уже в работе."], True),
        # ... two are speech, and a "ну" inside a sentence is judged by its own rule
        (["Ну что ж, давайте проверим.", "Хорошо, ну адрес верный.", "Заявка уже в работе."], True),
    ],
)
def test_a_habit_of_opening_turns_with_nu_is_a_filler(openings: list[str], clean: bool) -> None:
    turns = [t for line in openings for t in ((C, "Понятно."), (A, line))]
    assert answer("no_filler_words", HELLO, PROBLEM, *turns) is clean


# one sentence of the agent's, a minute into the call (the closing part, where a survey invitation is looked
# for), after the opening in the call's language: (item, language, style, sentence, does the item pass)
ONE_LINE = [
    # an abusive word about someone who did something elsewhere is profanity, not rudeness to the caller
    (RUDE, "ru", "clean", "Вижу, идиот какой-то опять не ту дату поставил, сейчас исправлю.", True),
    (RUDE, "ru", "clean", "Вы идиот какой-то, я же объяснила.", False),
    (RUDE, "kk", "clean", "Қоймадағылар тағы шатастырыпты, ақымақтар.", True),
    (RUDE, "kk", "clean", "Мына ақымақ тағы хабарласып тұр.", False),
    # a brand in Russian letters that sounds like an insult ("Турак", a company) insults nobody
    (RUDE, "ru", "asr", "здравствуйте вы позвонили в турак сервис меня зовут алия", True),
    # reproach and its look-alikes; ironic blame
    (RUDE, "ru", "clean", "Вы уже больше месяца ждёте, понимаю.", True),
    (RUDE, "ru", "clean", "Вы же взрослый человек, сами разберитесь.", False),
    (RUDE, "ru", "clean", "Продление пойдёт по новой цене, если не будет акций.", True),
    (RUDE, "ru", "clean", "Вот растяпы на складе, сколько раз им говорили. Извините.", True),
    (RUDE, "ru", "clean", "Сколько раз вам можно объяснять?", False),
    (RUDE, "kk", "clean", "Мен сізге үшінші рет түсіндіріп тұрмын.", False),
    (RUDE, "kk", "clean", "Ақау кепілдік мерзімінде екінші рет қайталанып тұр.", True),
    (RUDE, "ru", "clean", "Ну конечно, банк виноват, что вы всё вложили в одну бумагу.", False),
    (RUDE, "ru", "clean", "Конечно, мы виноваты, извините за задержку.", True),
    ("no_profanity", "ru", "clean", "Этот гребаный релиз опять всё сломал.", False),
    # staying on the line in other words
    (SURVEY, "ru", "clean", "Не сбрасывайте, пожалуйста, дальше будет оценка от одного до пяти.", True),
    (SURVEY, "kk", "clean", "Тұтқаны қоймаңыз, қызметімізді бес балдық шкаламен бағалаңыз.", True),
    (SURVEY, "ru", "clean", "Оцените нас от одного до пяти в приложении. До свидания.", False),
    # a rating asked by SMS keeps nobody on the line, however like an invitation it reads ...
    (SURVEY, "ru", "clean", "Вам придёт SMS, там поставьте оценку по пятибалльной шкале.", False),
    (SURVEY, "kk", "clean", "Кейін хабарлама келеді, сонда бес балдық жүйемен бағалаңыз.", False),
    # ... and staying on the line to rate, with no scale at all, is half of it
    (SURVEY, "ru", "clean", "Тогда прошу остаться на связи и оценить нашу консультацию.", False),
    (SURVEY, "kk", "clean", "Өтінемін, желіде қалып, қызметімізді бағалаңыз. Сау болыңыз.", False),
    # ... while a scale misheard in one word still makes the sentence like an invitation
    (SURVEY, "ru", "asr", "оставайтесь пожалуйста на линии и оцените работу попятибалльной жкале", True),
    # the digits of a number dictated are no scale; "бізді" (us) is no "бестік", "бөлек" no "балдық" misheard
    (SURVEY, "kk", "clean", "Өтінім нөмірі сегіз бір төрт бес. Желіде қалыңыз, бізді бағалаңыз.", False),
    (SURVEY, "kk", "clean", "Желіде қалыңыз, бізді бірден беске дейін бағалаңыз. Сау болыңыз.", True),
    (SURVEY, "kk", "clean", "Трубканы қоймаңыз, жұмысымды бағалаңыз. Бөлек ештеңе керек емес.", False),
    # a duration or a dative is no announcement of a check
    ("inform_actions", "ru", "clean", "Процедура идёт минут двадцать, заключение в тот же день.", False),
    ("inform_actions", "ru", "clean", "Скидок сейчас, к сожалению, нет.", False),
    ("inform_actions", "ru", "clean", "Одну минут, смотрю расписание.", True),
    ("inform_actions", "ru", "clean", "Сейчас отправляю вам ссылку.", True),
    # a question word after one word, "қай", a count of tries, an alternative ask about the problem ...
    ("clarify_problem", "ru", "clean", "Машине сколько лет?", True),
    ("clarify_problem", "ru", "clean", "Там, где вы покупали, чек не давали.", False),
    ("clarify_problem", "kk", "clean", "Қай бөлімшеге жібердіңіз?", True),
    # ("қайтару", a refund, is one word, not "қай" + "тару")
    ("clarify_problem", "kk", "clean", "Сосын қайтару өтінішін толтырасыз.", False),
    ("clarify_problem", "ru", "asr", "рахмет сколько раз уже пытались войти", True),
    ("clarify_problem", "ru", "asr", "а счётчик ставил ваш мастер или сторонний", True),
    # ... an identity question does not
    ("clarify_problem", "ru", "asr", "Уточните, пожалуйста, из какой вы организации?", False),
    # a phone to call back on identifies nobody
    ("identify_user", "ru", "clean", "Назовите номер телефона, на который зарегистрирован кабинет.", True),
    ("identify_user", "ru", "clean", "Продиктуйте номер телефона для связи, специалист перезвонит.", False),
    ("identify_user", "ru", "clean", "Продиктуйте номер для обратной связи.", False),
    # "типа" after a personal pronoun or before a verb is a filler, after "того же" the noun
    ("no_filler_words", "ru", "clean", "У вас типа старая прошивка стоит.", False),
    ("no_filler_words", "ru", "clean", "Платёж типа есть в банке, а у нас нет.", False),
    ("no_filler_words", "ru", "clean", "Номер того же типа оставляем?", True),
    # a pick-up code said to the pharmacist, not to the agent; what the caller types, asked
    (SECRET, "kk", "clean", "Тапсырысты алғанда кодты тек кассадағы фармацевтке айтасыз.", True),
    (SECRET, "ru", "clean", "А что вы при входе набираете? Продиктуйте мне, я сама зайду и проверю.", False),
    (SECRET, "kk", "clean", "Кірерде теретін сөзіңізді маған айтып жіберіңізші.", False),
    (SECRET, "kk", "clean", "Логиннен кейін жұлдызшалар тұрған жолға не тересіз, айтыңызшы.", False),
]  # fmt: skip


@pytest.mark.parametrize(("item", "lang", "style", "line", "passes"), ONE_LINE)
def test_round_11_classes(item: str, lang: str, style: str, line: str, passes: bool) -> None:
    assert answer_a_minute_in(item, lang, style, line) is passes


@pytest.mark.parametrize(
    ("turns", "greets"),
    [
        # a brand of unknown words between the hello and the name that ends the turn
        ([(A, "здравствуйте алтын дәрі руслан"), PROBLEM], True),
        ([(A, "Здравствуйте, Айгерим."), PROBLEM], False),
        # a short form of a name that is also a word, after the role
        ([(A, "Добрый день, центр занятости, оператор Света."), PROBLEM], True),
        # the name the caller gave, said back by the agent, is not the agent's own
        (
            [
                (A, "Добрый день, служба поддержки, слушаю вас."),
                (C, "Мой логин Аскар восемьдесят."),
                (A, "Спасибо, Аскар, сейчас посмотрю."),
            ],
            False,
        ),
        # a greeting split in two, the line the caller reached as the service
        ([(A, "Добрый день!"), (A, "ФитЛайф, линия для клиентов, меня зовут Мадина.")], True),
    ],
)
def test_greeting_names_the_brand_and_the_agent_in_few_words(
    turns: list[tuple[str, str]], greets: bool
) -> None:
    assert answer("greeting", *turns) is greets


@pytest.mark.parametrize(
    ("caller", "agent", "asks"),
    [
        # "you are right" after the caller named the code is agreement, not "tell it"
        ("Кодсыз есік ашылмайды ғой.", "Дұрыс айтасыз.", False),
        ("Менің құпия сөзім есімде.", "Иә, айтыңыз.", True),
    ],
)
def test_agreement_is_not_a_request_for_the_secret(caller: str, agent: str, asks: bool) -> None:
    hello, problem = opening("kk")
    turns = (hello, problem, (C, caller), (A, agent))
    assert answer("no_password_request", *turns, language="kk") is (not asks)


@pytest.mark.parametrize(
    ("caller", "asks"),
    [
        # the code the caller has just read out as a promo code is that code, asked again ...
        ("Ввожу промокод, пишет: промокод уже использован.", False),
        # ... any other code is still a secret asked
        ("Ввожу код, пишет: неверный код.", True),
    ],
)
def test_a_code_asked_right_after_the_caller_read_a_promo_code(caller: str, asks: bool) -> None:
    turns = (HELLO, PROBLEM, (C, caller), (A, "Продиктуйте, пожалуйста, код ещё раз, я проверю."))
    assert answer("no_password_request", *turns) is (not asks)
