"""The ``#name`` and ``#surname`` classes: listed first names in Russian case forms, Kazakh surnames."""

from __future__ import annotations

import pytest

from dialogue.checklist import Checklist
from scoring import matcher as matcher_mod
from scoring import morph, names, score_transcript
from tests.scoring.helpers import answer, doc, score

NAMES = [
    *("бауыржан", "ержан", "айгерім", "асель", "данияр", "дана"),
    *("роза", "динара", "канат", "серік", "сергей"),
]
NOT_NAMES = ["рахмет", "касымова"]


def _checklist() -> Checklist:
    items = [
        {"id": cls, "title": cls, "kind": "stage", "criticality": "client", "match": [{"any": [f"#{cls}"]}]}
        for cls in ("name", "surname")
    ]
    lexicon = {"names": NAMES, "not_names": NOT_NAMES}
    return Checklist.model_validate({"languages": ["ru", "kk"], "lexicon": lexicon, "items": items})


CHECKLIST = _checklist()


def is_class(cls: str, word: str) -> bool:
    """Does the agent's one-word utterance ``word`` match ``#cls``?"""
    return bool(score(("a", word), checklist=CHECKLIST).items[cls].passed)


@pytest.mark.parametrize(
    "word",
    [
        "Бауыржан", "Бауыржану", "Бауыржана", "Бауыржаном", "Бауыржане",  # pymorphy: verbs, adjectives
        "Ержану", "Ержаном", "Айгерим", "Айгерім", "Айгеріму", "Асель", "Асели", "Аселью",
        "Данияром", "Данияру", "Серікке", "Сергею", "Дане", "Тимуру",
    ],
)  # fmt: skip
def test_first_names_in_every_case_form(word: str) -> None:
    assert is_class("name", word)


@pytest.mark.parametrize(
    "word",
    [
        "даны", "розы", "розу", "дани", "динары", "каната",  # Russian words that decline like names
        "проверю", "минуту", "поддержку", "жанару", "рахмет", "спасибо", "ержа",
        "нан", "лайн",  # pymorphy's name parses in the plural ("of the Nanas"): nobody is named
    ],
)  # fmt: skip
def test_common_words_are_not_names(word: str) -> None:
    assert not is_class("name", word)


def test_case_bases_restore_the_nominative() -> None:
    assert {"бауыржан", "асель", "дана", "сергей", "мария"} <= (
        names.case_bases("бауыржану")
        | names.case_bases("асели")
        | names.case_bases("дане")
        | names.case_bases("сергею")
        | names.case_bases("марией")
    )
    assert names.case_bases("ану") == set()  # too short to strip


@pytest.mark.parametrize(
    "word",
    [
        "Касымов", "Касымову", "Иванова", "Мусин", "Петренко",  # pymorphy knows and tags them Surn
        "Серікова", "Серікбаева", "Нұрланов", "Тоқтарова", "Сейітов",  # Kazakh letters: folded shape
        "Сериков", "Ахметову", "Ержанова",  # a listed first name + -ов/-ев (pymorphy: "of the Seriks")
    ],
)  # fmt: skip
def test_surnames_known_tagged_and_with_kazakh_letters(word: str) -> None:
    assert is_class("surname", word)


@pytest.mark.parametrize(
    "word",
    ["ким", "бек", "пен", "тексеру", "готов", "часов", "домов", "канатов", "Ержан", "Касымова", "спасибо"],
)
def test_words_that_are_not_surnames(word: str) -> None:
    # Kazakh "ким/бек/пен/тексеру" are tagged Surn by pymorphy; listed names and not_names never count
    assert not is_class("surname", word)


def test_name_in_a_case_form_next_to_staff_is_a_disclosure() -> None:
    turns = [("a", "Это к Бауыржану из бухгалтерии, он на месте до шести.")]
    assert answer("no_staff_disclosure", *turns) is False
    assert answer("no_staff_disclosure", ("a", "Это в бухгалтерию, они на месте до шести.")) is True


def test_kazakh_surname_with_a_name_is_a_disclosure() -> None:
    assert answer("no_staff_disclosure", ("a", "Вам перезвонит Айгерім Серікова, она всё объяснит.")) is False
    assert answer("no_staff_disclosure", ("a", "Вам перезвонит Касымов Ержан из отдела.")) is False


def test_prefilter_stays_sound_for_the_new_name_forms(monkeypatch: pytest.MonkeyPatch) -> None:
    d = doc(
        ("a", "Добрый день, оператор Асель. Это к Бауыржану, передам Серіковой."),
        ("c", "Спасибо, Аселью довольна, жанару не надо."),
        ("a", "Касымову и Ержану я передам, ким бек пен тексеру."),
    )
    results = []
    for on in (True, False):
        monkeypatch.setattr(matcher_mod, "PREFILTER", on)
        results.append(score_transcript(d, CHECKLIST, script="t").to_dict())
    assert results[0] == results[1]
    assert results[0]["items"]["name"]["passed"] and results[0]["items"]["surname"]["passed"]


def test_dictionary_words_with_a_patronymic_ending_are_no_patronymics() -> None:
    # "-ичной", "-овной" end feminine patronymics in the genitive, and adjectives too
    for word in ("основной", "условной", "первичной", "частичной"):
        assert not morph.info(word).patronymic_shape, word
    for word in ("ивановной", "кузьминичной", "асхатовичем", "серикулы"):
        assert morph.info(word).patronymic_shape, word
    line = "Я зарегистрирую обращение, чтобы отдел проверил дату первичной сдачи."
    assert answer("no_staff_disclosure", ("a", line)) is True
    assert answer("no_staff_disclosure", ("a", "Это к Гульнаре Ивановной из отдела кадров.")) is False


def test_a_case_ending_after_digits_is_no_word() -> None:
    # "10-нан 14-ке дейін": Kazakh case endings written after the digits are not names ("нан"), and the two
    # numbers stay apart (no number 1014)
    line = "Ертең сағат 10-нан 14-ке дейін, курьер алдын ала позвонит."
    assert answer("no_staff_disclosure", ("a", line)) is True
