"""Round 11 of issue 12: classes found by new authors' batches 56-67. Probe sentences written for this test
(not taken from a labelled call), each next to the look-alike that must keep its answer."""

from __future__ import annotations

import pytest

from tests.scoring.helpers import HELLO, PROBLEM, answer, opening

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


@pytest.mark.parametrize(
    ("lang", "line", "rude"),
    [
        # an abusive word about someone who did something elsewhere is profanity, not rudeness to the caller
        ("ru", "Вижу, идиот какой-то опять не ту дату поставил, сейчас исправлю.", False),
        ("ru", "Вы идиот какой-то, я же объяснила.", True),
        ("kk", "Қоймадағылар тағы шатастырыпты, ақымақтар.", False),
        ("kk", "Мына ақымақ тағы хабарласып тұр.", True),
        # a brand in Russian letters that sounds like an insult ("Турак", a company) insults nobody
        ("ru", "здравствуйте вы позвонили в турак сервис меня зовут алия", False),
        ("ru", "Вы уже больше месяца ждёте, понимаю.", False),
        ("ru", "Вы же взрослый человек, сами разберитесь.", True),
        ("ru", "Продление пойдёт по новой цене, если не будет акций.", False),
        ("ru", "Вот растяпы на складе, сколько раз им говорили. Извините.", False),
        ("ru", "Сколько раз вам можно объяснять?", True),
        ("kk", "Мен сізге үшінші рет түсіндіріп тұрмын.", True),
    ],
)
def test_an_insult_about_a_third_party_and_other_look_alikes_of_reproach(
    lang: str, line: str, rude: bool
) -> None:
    hello, problem = opening(lang)
    assert answer("no_rudeness", hello, problem, (A, line), language=lang) is (not rude)


@pytest.mark.parametrize(
    ("lang", "line", "invited"),
    [
        ("ru", "Не сбрасывайте, пожалуйста, дальше будет оценка от одного до пяти. До свидания.", True),
        ("kk", "Тұтқаны қоймаңыз, қызметімізді бес балдық шкаламен бағалаңыз. Сау болыңыз.", True),
        ("ru", "Оцените нас от одного до пяти в приложении. До свидания.", False),
    ],
)
def test_staying_on_the_line_in_other_words(lang: str, line: str, invited: bool) -> None:
    hello, problem = opening(lang)
    assert answer("survey_invite", hello, problem, (A, line), language=lang) is invited


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
    ("line", "informs"),
    [
        ("Процедура идёт минут двадцать, заключение в тот же день.", False),
        ("Скидок сейчас, к сожалению, нет.", False),
        ("Одну минут, смотрю расписание.", True),
        ("Сейчас отправляю вам ссылку.", True),
    ],
)
def test_a_duration_or_a_dative_is_no_announcement_of_a_check(line: str, informs: bool) -> None:
    assert answer("inform_actions", HELLO, PROBLEM, (A, line)) is informs


@pytest.mark.parametrize(
    ("lang", "line", "asks"),
    [
        ("ru", "Машине сколько лет?", True),
        ("ru", "Там, где вы покупали, чек не давали.", False),
        ("kk", "Қай бөлімшеге жібердіңіз?", True),
        # "қайтару" (a refund) is one word, not "қай" + "тару"
        ("kk", "Сосын қайтару өтінішін толтырасыз.", False),
    ],
)
def test_a_question_word_after_one_word_asks_about_the_problem(lang: str, line: str, asks: bool) -> None:
    hello, problem = opening(lang)
    assert answer("clarify_problem", hello, problem, (A, line), language=lang) is asks


@pytest.mark.parametrize(
    ("line", "greets"),
    [
        # a brand of unknown words between the hello and the name that ends the turn
        ("здравствуйте алтын дәрі руслан", True),
        ("Здравствуйте, Айгерим.", False),
        # a short form of a name that is also a word, after the role
        ("Добрый день, центр занятости, оператор Света.", True),
    ],
)
def test_greeting_names_the_brand_and_the_agent_in_few_words(line: str, greets: bool) -> None:
    assert answer("greeting", (A, line), PROBLEM) is greets


@pytest.mark.parametrize(
    ("lang", "line", "invited"),
    [
        # a rating asked by SMS after the call keeps nobody on the line, however like an invitation it reads
        ("ru", "Вам придёт SMS, там поставьте оценку по пятибалльной шкале. Всего доброго.", False),
        ("kk", "Кейін хабарлама келеді, сонда бес балдық жүйемен бағалаңыз. Сау болыңыз.", False),
        # ... and staying on the line to rate, with no scale at all, is half of it
        ("ru", "Тогда прошу остаться на связи и оценить нашу консультацию. Всего доброго.", False),
        ("kk", "Өтінемін, желіде қалып, қызметімізді бағалаңыз. Сау болыңыз.", False),
        # the digits of a number dictated are no scale; "бізді" (us) is no "бестік" misheard
        ("kk", "Өтінім нөмірі сегіз бір төрт бес. Желіде қалыңыз, бізді бағалаңыз. Сау болыңыз.", False),
        ("kk", "Желіде қалыңыз, бізді бірден беске дейін бағалаңыз. Сау болыңыз.", True),
    ],
)
def test_an_invitation_missing_a_part_is_not_made_whole_by_likeness(
    lang: str, line: str, invited: bool
) -> None:
    hello, problem = opening(lang)
    assert answer("survey_invite", hello, problem, (60.0, A, line), language=lang) is invited


def test_a_scale_misheard_in_one_word_still_makes_the_sentence_like_an_invitation() -> None:
    # (a minute into the call: the closing part, where the likeness of an invitation is looked for)
    line = (60.0, A, "оставайтесь пожалуйста на линии и оцените работу попятибалльной жкале до свиданья")
    assert answer("survey_invite", HELLO, PROBLEM, line, style="asr") is True


@pytest.mark.parametrize(
    ("line", "identifies"),
    [
        ("Назовите номер телефона, на который зарегистрирован кабинет.", True),
        ("Продиктуйте номер телефона для связи, специалист перезвонит.", False),
        ("Продиктуйте номер для обратной связи.", False),
    ],
)
def test_a_phone_to_call_back_on_identifies_nobody(line: str, identifies: bool) -> None:
    assert answer("identify_user", HELLO, PROBLEM, (A, line)) is identifies


@pytest.mark.parametrize(
    ("line", "clean"),
    [
        ("У вас типа старая прошивка стоит.", False),
        ("Платёж типа есть в банке, а у нас нет.", False),
        ("Номер того же типа оставляем?", True),
    ],
)
def test_tipa_after_a_pronoun_or_before_a_verb_is_a_filler(line: str, clean: bool) -> None:
    assert answer("no_filler_words", HELLO, PROBLEM, (A, line)) is clean


@pytest.mark.parametrize(
    ("lang", "line", "asks"),
    [
        # a pick-up code said to the pharmacist at the counter, not to the agent
        ("kk", "Тапсырысты алғанда кодты тек кассадағы фармацевтке айтасыз.", False),
        # what the caller types asked, the agent to log in herself
        ("ru", "А что вы при входе набираете? Продиктуйте мне, я сама зайду и проверю.", True),
        ("kk", "Кірерде теретін сөзіңізді маған айтып жіберіңізші.", True),
    ],
)
def test_a_secret_handed_over_elsewhere_or_asked_to_log_in(lang: str, line: str, asks: bool) -> None:
    hello, problem = opening(lang)
    assert answer("no_password_request", hello, problem, (A, line), language=lang) is (not asks)


@pytest.mark.parametrize(
    ("turns", "greets"),
    [
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
def test_greeting_own_name_and_the_line(turns: list[tuple[str, str]], greets: bool) -> None:
    assert answer("greeting", *turns) is greets


@pytest.mark.parametrize(
    ("lang", "line", "asks"),
    [
        ("ru", "Уточните, пожалуйста, из какой вы организации?", False),
        ("ru", "рахмет сколько раз уже пытались войти", True),
        ("ru", "а счётчик ставил ваш мастер или сторонний", True),
    ],
)
def test_clarifying_question_by_count_or_alternative(lang: str, line: str, asks: bool) -> None:
    hello, problem = opening(lang)
    assert answer("clarify_problem", hello, problem, (A, line), language=lang, style="asr") is asks


def test_the_field_after_the_login_asked_in_kazakh_is_the_secret() -> None:
    hello, problem = opening("kk")
    line = (A, "Логиннен кейін жұлдызшалар тұрған жолға не тересіз, айтыңызшы.")
    assert answer("no_password_request", hello, problem, line, language="kk") is False


@pytest.mark.parametrize(
    ("item", "line", "clean"),
    [
        ("no_profanity", "Этот гребаный релиз опять всё сломал.", False),
        ("no_rudeness", "Ну конечно, банк виноват, что вы всё вложили в одну бумагу.", False),
        ("no_rudeness", "Конечно, мы виноваты, извините за задержку.", True),
        ("no_rudeness", "Ақау кепілдік мерзімінде екінші рет қайталанып тұр.", True),
    ],
)
def test_vulgar_word_and_ironic_blame(item: str, line: str, clean: bool) -> None:
    assert answer(item, HELLO, PROBLEM, (A, line)) is clean


def test_a_kazakh_word_of_five_letters_is_no_scale_word_missing_a_letter() -> None:
    hello, problem = opening("kk")
    line = (60.0, A, "Трубканы қоймаңыз, жұмысымды бағалаңыз. Бөлек ештеңе керек емес. Сау болыңыз.")
    assert answer("survey_invite", hello, problem, line, language="kk") is False


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
