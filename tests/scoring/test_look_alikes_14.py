"""Round 14 of issue 12: classes found by the untuned batches 104-107 and 112-115 and new authors' batches
116-119 and 124-127. Probe sentences written for this test (not taken from a labelled call), each next to the
look-alike that must keep its answer."""

from __future__ import annotations

import pytest

from tests.scoring.helpers import PROBLEM, answer, answer_a_minute_in
from tests.scoring.items import CLARIFY, IDENT, INFORM, RUDE, SECRET, STAFF

A, C = "a", "c"

# one sentence of the agent's, a minute into the call, after the opening in the call's language:
# (item, language, style, sentence, does the item pass)
ONE_LINE = [
    # an account's ID or a client code identifies the caller, and is no secret
    (IDENT, "ru", "clean", "Продиктуйте ваш ID пользователя, пожалуйста.", True),
    (IDENT, "ru", "asr", "скажите ваш клиентский код из договора", True),
    (IDENT, "kk", "asr", "пайдаланушы айдиіңіз есіңізде ме", True),
    (IDENT, "kk", "asr", "менеджер бәрін айтты", False),
    (SECRET, "ru", "clean", "Назовите ваш клиентский код, он есть в договоре.", True),
    (SECRET, "ru", "clean", "Назовите код, который пришёл вам по СМС.", False),
    # the number the caller logs in with, the phone the app is on, a card's number, the account's phone
    (IDENT, "ru", "clean", "С какого номера вы заходите в кабинет?", True),
    (IDENT, "ru", "clean", "Телефон, на который установлено приложение, подскажите.", True),
    (IDENT, "ru", "clean", "Телефон, привязанный к профилю, назовите.", True),
    (IDENT, "kk", "clean", "Келісімшарт нөмірі қандай?", True),
    (IDENT, "kk", "asr", "профильдің телефонын айтыңызшы", True),
    (IDENT, "kk", "asr", "телефон нөміріңіз", True),
    (IDENT, "kk", "clean", "Өтінім нөмірі қандай болды?", False),
    # unpunctuated questions: "а вы" a few words before the past verb, "насколько", what someone said
    (CLARIFY, "ru", "asr", "а вы после обновления ничего не меняли", True),
    (CLARIFY, "ru", "asr", "насколько дольше стала идти загрузка", True),
    (CLARIFY, "ru", "asr", "а вам в отделении что сказали", True),
    (CLARIFY, "ru", "asr", "вы подписывали договор там всё указано", False),
    # what the account is registered to, an identifier asked with "?", a condition: no clarifying question
    (CLARIFY, "kk", "asr", "профиліңіз қай поштаға тіркелген", False),
    (CLARIFY, "ru", "clean", "На какой телефон оформлен договор?", False),
    (CLARIFY, "ru", "clean", "Номер заказа подскажете?", False),
    (CLARIFY, "ru", "clean", "Если кто-то займёт это время, вы получите уведомление.", False),
    (CLARIFY, "mixed", "asr", "заказ бар а почему отменить хотите", True),
    # rudeness without a rude word: the explanation thrown back in Kazakh, ignorance not our fault, a simple
    # task called too hard, a wish granted with a shrug, rules "for beauty", a weak "argument", the desk not
    # there to explain, others waiting, "next time read"; sincere congratulations are none
    (RUDE, "kk", "clean", "Мен сізге бәрін түсіндірдім ғой.", False),
    (RUDE, "kk", "clean", "Ережені оқымағаныңыз біздің кінәміз емес.", False),
    (RUDE, "ru", "clean", "Видимо, слишком сложная задача — открыть письмо.", False),
    (RUDE, "ru", "clean", "Для тех, кому читать трудно, есть картинки.", False),
    (RUDE, "ru", "clean", "Ну, если вам так хочется, оформлю.", False),
    (RUDE, "ru", "clean", "Инструкцию, видимо, пишут для красоты.", False),
    (RUDE, "ru", "clean", "Ваши слова — так себе аргумент.", False),
    (RUDE, "ru", "asr", "я же говорю нажмите внизу", False),
    (RUDE, "kk", "asr", "карта жабылды дедім ғой", False),
    (RUDE, "ru", "clean", "Мы тут не для того сидим, чтобы каждому кнопки показывать.", False),
    (RUDE, "kk", "clean", "Мені басқа адамдар күтіп тұр.", False),
    (RUDE, "ru", "clean", "В следующий раз читайте внимательнее.", False),
    (RUDE, "ru", "clean", "А чего вы хотели за такие деньги?", False),
    (RUDE, "ru", "clean", "Поздравляю с новосельем!", True),
    (RUDE, "ru", "clean", "Понимаю, давайте я ещё раз покажу, где эта кнопка.", True),
    # a third person insulted is profanity, not rudeness to the caller
    (RUDE, "ru", "clean", "Курьер не берёт трубку, придурок этот, опять.", True),
    # a colleague's surname at a department or on a shift, or handed the matter
    (STAFF, "ru", "asr", "это у нас жумабаева в отделе возвратов смотрит", False),
    (STAFF, "kk", "clean", "Бүгін Сейітова ауысымда, ол қарайды.", False),
    (STAFF, "ru", "asr", "я оформляю заявку и передаю сериковой она разберется", False),
    (STAFF, "ru", "asr", "заявку передаю в отдел возвратов", True),
    # a street before its house number; a Kazakh infinitive before a word shaped like a surname
    (STAFF, "ru", "asr", "запись к технику на сатпаева сто двенадцать завтра", True),
    (STAFF, "kk", "asr", "жаңа кіру тасілін таңдаңыз", True),
    # a phone dictated in parts a comma apart
    (STAFF, "ru", "clean", "Его личный: восемь, семьсот один, двести двадцать, тридцать, сорок.", False),
    (STAFF, "ru", "clean", "Заявка восемь, через сорок минут перезвоним.", True),
    # a code printed on goods is no secret; the password field named after the typing is
    (SECRET, "kk", "clean", "Қаптамадағы жапсырмада код бар ма? Соны айтып жіберіңіз.", True),
    (SECRET, "ru", "clean", "Какой код показывает замок на двери и что он делает?", True),
    (SECRET, "ru", "clean", "Скажите, что вы набираете в поле пароль, я сверю.", False),
    # "дерматолог" is one letter from a curse
    ("no_profanity", "kk", "asr", "дерматологтан анықтама керек", True),
    # a ticket registered with its number announces no check; "I see" is a finding; a duration in Kazakh
    (INFORM, "ru", "clean", "Фиксирую обращение, номер 55 214.", False),
    (INFORM, "ru", "clean", "Фиксирую ваши данные в анкете.", True),
    (INFORM, "kk", "asr", "иә көріп тұрмын аккаунт бар", False),
    (INFORM, "kk", "asr", "түймені үш секунд басып тұрыңыз", False),
    (INFORM, "kk", "asr", "бір секунд қарап жатырмын", True),
    # the call thanked after something else; "do not drop the call" keeps the caller on the line
    ("thank_patience", "ru", "clean", "Спасибо вам за терпение к нашим правилам и за звонок.", True),
    ("survey_invite", "kk", "asr", "қоңырауды тастамаңызшы жұмысымды бестік шкала бойынша бағалаңыз", True),
    # the agent's own "I am listening carefully", an accident's fault as a fact, a driver insulted: not rude
    (RUDE, "kk", "asr", "иә айта беріңіз мұқият тыңдап тұрмын", True),
    (RUDE, "kk", "asr", "мұқият тыңдасаңыз бәрі түсінікті болады", False),
    (RUDE, "ru", "asr", "в марте было дтп по вашей вине выплата прошла", True),
    (RUDE, "ru", "clean", "Вот же идиот, за рулём с телефоном. Расчёт готов.", True),
    # a person written in the caller's own policy; stars to rate a courier with
    (STAFF, "ru", "asr", "у вас в полис вписан сериков ерлан стаж один год", True),
    (STAFF, "kk", "asr", "курьерді қосымшада жұлдыз шамен бағалаңыз", True),
    # the code from the SMS asked, whatever else is named near it
    (SECRET, "ru", "asr", "чтобы увидеть промокоды аккаунта продиктуйте код из смс", False),
    (SECRET, "ru", "clean", "Код на билете показывали распечатанный или с экрана?", True),
]  # fmt: skip


@pytest.mark.parametrize(("item", "lang", "style", "line", "passes"), ONE_LINE)
def test_round_14_classes(item: str, lang: str, style: str, line: str, passes: bool) -> None:
    assert answer_a_minute_in(item, lang, style, line) is passes


@pytest.mark.parametrize(
    ("hello", "greets"),
    [
        # a listed first name that is also a Russian word, before "чем помочь"; a place asked about in the
        # second turn is no organisation
        ("Добрый день, автомойки «Таза Көлік», Дана, чем помочь?", True),
        ("сәлеметсіз бе дана тыңдап тұрмын", False),
    ],
)
def test_greeting_in_other_words(hello: str, greets: bool) -> None:
    second = (A, "здравствуйте қай терминал қай аялдамада")
    assert answer("greeting", (A, hello), PROBLEM, second, (A, "Назовите номер договора.")) is greets


@pytest.mark.parametrize(
    ("dictated", "read_back", "staff"),
    [
        # the caller's contract number (letters and five digits) before the read-back: the caller's family
        ("Договор КД-41 207.", "Вижу, Омарова Жанна, младшая группа.", True),
        # a name and patronymic after "вижу" address the caller
        ("Не помню, он дома.", "Вижу, Жанна Сериковна, долг погашен.", True),
        ("Не помню, он дома.", "Это к Омаровой Жанне Сериковне из бухгалтерии.", False),
    ],
)
def test_the_callers_family_read_back(dictated: str, read_back: str, staff: bool) -> None:
    turns = [(A, "Добрый день, детский сад «Балапан», Мадина."), (C, "Не вижу оплату за март.")]
    asked = (A, "Номер договора подскажите?"), (C, dictated), (A, "Минуту."), (C, "Жду.")
    assert answer(STAFF, *turns, *asked, (A, read_back)) is staff
