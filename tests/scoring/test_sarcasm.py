"""Rudeness without a rude word (issue 12): sarcasm and reproach recognised by their construction.

Probe sentences written for this test (not taken from a labelled call), each with an innocent look-alike."""

from __future__ import annotations

import pytest

from tests.scoring.helpers import answer, score

A, C = "a", "c"
GREET = (A, "Здравствуйте, служба поддержки, оператор Асель.")


def rude(text: str) -> bool:
    ans = score(GREET, (C, "У меня не получается."), (A, text)).items["no_rudeness"]
    return ans.passed is False and not ans.needs_review


@pytest.mark.parametrize(
    "text",
    [
        "Конечно, к чему смотреть на экран, легче сразу звонить нам.",
        "Ну да, зачем сохранять документы, проще всё заново набрать.",
        "Вы просто волшебник, теперь вход закрыт на сутки.",
        "Поздравляю, опять не тот пароль ввели.",
        "Следовало проверить адрес до оплаты, а не после.",
        "Әрине, хабарламаны оқудың қажеті жоқ, бізге қоңырау шалу оңай ғой.",
    ],
)
def test_sarcasm_and_reproach_without_rude_words_fail(text: str) -> None:
    assert rude(text)


@pytest.mark.parametrize(
    "text",
    [
        "Конечно, сейчас проверю ваш договор.",
        "Разумеется, это можно сделать через приложение.",
        "Поздравляю с покупкой, карта уже активна.",
        "Вы молодец, что сохранили квитанцию.",
        "Надо было указать индекс, давайте я добавлю его сейчас.",
        "Мастер приедет завтра, он настоящий профессионал.",
        "Әрине, қазір тексеріп көремін.",
    ],
)
def test_innocent_look_alikes_pass(text: str) -> None:
    assert not rude(text)


def test_a_one_word_sentence_is_not_compared_with_longer_examples() -> None:
    # "әрине" (of course) opens a sarcastic example, but one word carries no sarcasm
    assert answer("no_rudeness", ("a", "Әрине."), ("a", "Сіздің өтінішіңіз тіркелді.")) is True
    assert answer("no_rudeness", ("a", "Әрине, бәріне біз кінәліміз.")) is False


def test_a_refusal_or_reassurance_is_no_offer_and_no_sarcasm() -> None:
    assert answer("anything_else", ("a", "К сожалению, больше ничем помочь не могу.")) is False
    assert answer("no_rudeness", ("a", "Больше ничего делать не нужно, всё уже готово.")) is True


@pytest.mark.parametrize(
    ("line", "rude"),
    [
        ("Я вам уже второй раз объясняю.", True),  # an ordinal count of the explanations
        ("Договор надо было читать, когда подписывали.", True),  # what the caller should have been doing
        ("А перезагрузить роутер в голову не пришло?", True),
        ("Сами же номер набирали, банк тут при чём?", True),
        ("Сами, наверное, кабель задели.", True),
        ("Вам нужно было только подтвердить код, давайте сделаем это сейчас.", False),
        ("Вы можете сами проверить это в приложении.", False),
        ("Это тут ни при чём, сбой на стороне банка.", False),
        ("Я объясню ещё раз, второй раз будет проще.", False),
    ],
)
def test_blame_and_reproach_without_a_rude_word(line: str, rude: bool) -> None:
    assert answer("no_rudeness", ("a", line)) is (not rude)


@pytest.mark.parametrize(
    "text",
    [
        # the caller measured against everybody else; the duty pushed back; a counterfactual of the caller's
        # past conduct; "with the first time it doesn't get through"; "look properly"; kk "should have"
        "У всех клиентов оплата проходит, а у вас опять что-то не так.",
        "Вы все так говорите, а потом оказывается, что сами нажали.",
        "Следить за сроком действия карты — ваша обязанность, а не наша.",
        "Если бы вы открывали наши письма, вы бы давно всё знали.",
        "Если бы почаще проверяли кабинет, проблем бы не было.",
        "Объясняю ещё раз, раз с первого раза не понятно.",
        "Смотрите внимательнее, кнопка прямо под полем.",
        "Шартты алдын ала оқу керек еді.",
        "Жақсылап оқысаңыз, бәрі жазылған.",
        "Бәріңіз солай дейсіз.",
    ],
)
def test_reproach_by_construction_fails(text: str) -> None:
    assert rude(text)


@pytest.mark.parametrize(
    "text",
    [
        "Это у всех пользователей или только у вас?",
        "Если бы вы прислали скриншот, мы бы быстрее нашли причину.",
        "Если бы у вас была подпись, можно было бы подать онлайн.",
        "С первого раза не получилось войти?",
        "Смотрите внимательно на экран, сейчас появится кнопка.",
        "Перевод нужен на казахский или русский язык.",
        "Қай бөлімшеге жеткізу керек еді?",
        "Біз сізге ертерек хабарласуымыз керек еді, кешіріңіз.",
    ],
)
def test_reproach_look_alikes_pass(text: str) -> None:
    assert not rude(text)


@pytest.mark.parametrize(
    ("text", "is_rude"),
    [
        ("Хорошо, повторю медленно, по пунктам.", True),
        ("Постарайтесь в этот раз запомнить, куда нажимать.", True),
        ("Ережені оқу керек қой.", True),
        ("Мына ақымақ қайтадан хабарласып отыр.", True),
        ("Ой, мына ақымақ жүйе тағы қатып қалды.", False),  # the system, not the caller (profanity's job)
        ("Я повторю номер заявки: сорок два.", False),
        ("Маған тексеру керек қой, бір минут.", False),
    ],
)
def test_talking_down_and_kazakh_reproach(text: str, is_rude: bool) -> None:
    assert rude(text) is is_rude


@pytest.mark.parametrize(
    "text",
    [
        "Откуда мне знать, что у вас там в приказе.",
        "Мен қайдан білейін, өзіңіздің бұйрығыңыз ғой.",
        "Вы сами должны знать свои сроки.",
        "Үш рет түсіндірдім ғой.",
    ],
)
def test_dismissal_how_would_i_know(text: str) -> None:
    assert rude(text)


@pytest.mark.parametrize(
    "text",
    [
        "Я не говорю, что вы виноваты, ошибка на нашей стороне.",
        "Әрине, сіз кінәлі емессіз, ақаулықты тіркедім.",
        "Жаңарту таңертең көрінуі керек еді, бірақ түспеген.",  # it was supposed to appear: no reproach
    ],
)
def test_blame_denied_and_a_thing_that_should_have_happened_pass(text: str) -> None:
    assert not rude(text)
