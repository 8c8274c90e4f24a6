"""Round 12 of issue 12: classes found by new authors' batches 72-87. Probe sentences written for this test
(not taken from a labelled call), each next to the look-alike that must keep its answer."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from dialogue.checklist import Position
from tests.scoring.helpers import HELLO, PROBLEM, answer, answer_a_minute_in
from tests.scoring.items import RUDE, SECRET, STAFF, TICKET

A, C = "a", "c"

# one sentence of the agent's, a minute into the call, after the opening in the call's language:
# (item, language, style, sentence, does the item pass)
ONE_LINE = [
    # the caller's "it did it by itself" mocked back; the agent's own "я сама взяла и ..." is no mockery
    (RUDE, "ru", "clean", "Ну да, трубы сами взяли и потекли, так обычно и бывает.", False),
    (RUDE, "ru", "clean", "Я сама взяла и перепроверила ваш платёж, всё в порядке.", True),
    (RUDE, "ru", "clean", "Ага, конечно, само сломалось. Бывает.", False),
    (RUDE, "ru", "clean", "Конечно, само обновится через час, ничего делать не нужно.", True),
    # a ticket number is followed by a word that starts like a unit ("жылу" heat, "метролог"), not by a unit
    (TICKET, "kk", "asr", "өтінім тіркелді нөмірі он екі мың жүз жылу желісінің шебері келеді", True),
    (TICKET, "ru", "asr", "заявка оформлена номер четыре тысячи сто метролог приедет завтра", True),
    (TICKET, "ru", "clean", "Заявка оформлена, мастер приедет через 2025 метров отсюда.", False),
    # a conclusion stated after "Значит," is literal; a discourse word after it is a filler
    ("no_filler_words", "ru", "clean", "По базе заявки не было. Значит, приезжала другая служба.", True),
    ("no_filler_words", "ru", "clean", "Значит, смотрите, тут всё просто.", False),
    # "короче" is "shorter" after what is shorter, a filler before a clause or after "там"
    ("no_filler_words", "ru", "clean", "Для карт других банков срок короче, обычно три дня.", True),
    ("no_filler_words", "ru", "clean", "Можно сделать запись короче: оставим только полчаса.", True),
    ("no_filler_words", "ru", "asr", "я проверил ваш заказ короче он ещё на складе", False),
    ("no_filler_words", "mixed", "asr", "күткеніңізге рахмет короче картаңыз бұғатталған", False),
    # the account's e-mail, or the identifier asked without a verb, identifies the caller
    ("identify_user", "ru", "clean", "Назовите почту, на которую оформлен личный кабинет.", True),
    ("identify_user", "ru", "clean", "Для начала номер полиса, пожалуйста, или ИИН.", True),
    ("identify_user", "ru", "clean", "Запишите номер обращения, пожалуйста.", False),
    ("identify_user", "kk", "clean", "Аккаунтқа тіркелген поштаңызды айтып жіберіңізші.", True),
    ("identify_user", "ru", "clean", "Ссылка придёт на почту, указанную в личном кабинете.", False),
    # an alternative with the caller in its second half, a Kazakh "what did they ask"
    ("clarify_problem", "ru", "asr", "деньги должны были прийти на карту или вы выбирали наличные", True),
    ("clarify_problem", "kk", "clean", "Ол адам сізден тағы не сұрады?", True),
    ("clarify_problem", "ru", "asr", "не пускайте детей к лифту пока идёт ремонт", False),
    # an insult about a worker elsewhere and what they did is profanity, not rudeness to the caller
    (RUDE, "ru", "clean", "Курьер опять перепутал адрес, дурак, извините за выражение.", True),
    (RUDE, "ru", "clean", "Дурак, я же вам объясняла.", False),
    (RUDE, "kk", "clean", "Кешіріңіз, әлгі ақымақ жүргізуші жолда адасып кетіпті.", True),
    # the company's general line or the caller's own number on file is no staff contact
    (STAFF, "kk", "clean", "Жеке нөмірін бере алмаймын, жалпы нөміріміз 8 7172 700 100.", True),
    (STAFF, "ru", "asr", "перезвоним на номер тот что в карточке восемь семь ноль один три три пять", True),
    (STAFF, "ru", "clean", "Это наш курьер Ерлан, его номер 8 701 555 12 34.", False),
    # a code a device shows is nobody's secret
    (SECRET, "ru", "asr", "а на экране инвертора какие коды высвечиваются перед перезагрузкой", True),
    # what the caller types after the login, asked to be dictated, in the next sentence or a turn later
    (SECRET, "ru", "clean", "А что вы вводите после номера телефона? Продиктуйте, я сверю.", False),
    (SECRET, "ru", "asr", "вы по почте заходите да а потом что вводите продиктуйте мне", False),
    (SECRET, "ru", "clean", "Продиктуйте номер телефона, а потом что вводите в поле адреса.", True),
    # the agent opening the caller's account from the admin side asks for nothing
    (SECRET, "ru", "clean", "Минутку, сейчас зайду под вашим учеником и посмотрю расписание.", True),
    (SECRET, "ru", "clean", "Назовите мне комбинацию для входа, я зайду под вами и посмотрю.", False),
    (SECRET, "kk", "clean", "Айтыңызшы, ол кабинетке кіргенде не тереді, мен салыстырайын.", False),
    (SECRET, "kk", "clean", "Кабинетке кіргенде кодты ешкімге айтпаңыз, тек өзіңіз тересіз.", True),
]  # fmt: skip


@pytest.mark.parametrize(("item", "lang", "style", "line", "passes"), ONE_LINE)
def test_round_12_classes(item: str, lang: str, style: str, line: str, passes: bool) -> None:
    assert answer_a_minute_in(item, lang, style, line) is passes


def _call_with_offer_at(offer_at: float) -> list[tuple[object, ...]]:
    """A four-minute call: an offer of further questions at ``offer_at`` s, then the caller's next problem."""
    return [
        HELLO,
        PROBLEM,
        (30.0, A, "Проверяю, одну минуту. Код отправлен повторно, войдите сейчас."),
        (offer_at, A, "Получилось? Есть ли у вас ещё вопросы?"),
        (offer_at + 5, C, "Да, ещё не приходит счёт на почту, и карта не привязывается."),
        (offer_at + 12, A, "Смотрю счёт, минутку. Счёт отправлен на почту, проверьте папку спам."),
        (200.0, C, "Пришёл. А карта?"),
        (210.0, A, "Карту привяжите в разделе оплата, кнопка добавить карту."),
        (225.0, C, "Сделал, спасибо."),
        (232.0, A, "Оставайтесь на линии и оцените мою работу от одного до пяти. До свидания."),
    ]


@pytest.mark.parametrize(
    ("hello", "greets"),
    [
        # a name after "с вами", a clinic network in Kazakh; no name, a web account's e-mail is no service
        ("Добрый вечер! Поддержка «Ойын Әлемі», с вами Дана. Слушаю.", True),
        ("Добрый вечер! Поддержка. Оператор с вами свяжется.", False),
        ("Сәлеметсіз бе! «Ақ Тұяқ» ветеринарлық клиникалар желісі, менің есімім Нұрлан.", True),
    ],
)
def test_greeting_in_other_words(hello: str, greets: bool) -> None:
    assert answer("greeting", (A, hello), PROBLEM, (A, "Назовите почту от личного кабинета.")) is greets


@pytest.mark.parametrize(("offer_at", "offered"), [(60.0, False), (185.0, True)])
def test_an_offer_of_more_questions_counts_in_the_closing_part_only(offer_at: float, offered: bool) -> None:
    assert answer("anything_else", *_call_with_offer_at(offer_at)) is offered


def test_a_closing_share_is_given_with_the_end_not_the_start() -> None:
    assert Position(last_s=45, after_share=0.7).after_share == 0.7
    with pytest.raises(ValidationError, match="after_share"):
        Position(first_s=20, after_share=0.7)
