"""Normalisation, tokenisation, numbers in words, Kazakh folding and stemming, per-word analysis."""

from __future__ import annotations

import pytest

from scoring import morph
from scoring.numbers import KK_NUMBERS, RU_NUMBERS, compose_number
from scoring.text import clean_form, fold, kk_stem, tokenize


def _digits(text: str) -> str:
    words = []
    for form in tokenize([text], [0]).forms:
        num = morph.info(form).num
        assert num is not None, form
        words.append(num)
    return compose_number(words)


@pytest.mark.parametrize(
    ("spoken", "digits"),
    [
        ("сорок пять двенадцать", "4512"),
        ("пятьдесят две тысячи триста семь", "52307"),
        ("тридцать одна тысяча девятьсот пятьдесят", "31950"),
        ("двадцать девять семьсот три", "29703"),
        ("семь два семь ноль пять восемь четыре", "7270584"),
        ("восемь семьсот семь пятьсот пятьдесят пять тридцать тридцать", "87075553030"),
        ("сто сорок", "140"),
        ("тысяча пять", "1005"),
        ("двенадцать ноль ноль", "1200"),
        ("қырық төрт мың бір жүз он", "44110"),
        ("он бір мың екі жүз жетпіс үш", "11273"),
        ("елу төрт мың алты жүз он тоғыз", "54619"),
        ("тогыз нол уш", "903"),  # Kazakh numbers as a Russian-alphabet ASR writes them
        ("8 701 555 23 14", "87015552314"),
        ("три миллиона сто двенадцать тысяч четыреста пятьдесят", "3112450"),  # a smaller scale adds on
        ("бір миллион сегіз жүз жетпіс екі мың төрт жүз он", "1872410"),
        ("пять тысяч пять тысяч", "50051000"),  # a scale no smaller than the last starts a new number
    ],
)
def test_numbers_in_words(spoken: str, digits: str) -> None:
    assert _digits(spoken) == digits


def test_number_tables_cover_both_languages() -> None:
    assert RU_NUMBERS["девятьсот"] == ("h", 900) and KK_NUMBERS[fold("тоқсан")] == ("d", 90)


def test_fold_and_lookalikes() -> None:
    assert fold("қызмет") == "кызмет" and fold("сәлеметсіз") == "салеметсиз" and fold("ұлы") == "улы"
    assert clean_form("cпасибо") == "спасибо"  # Latin c inside a Cyrillic word
    assert clean_form("ncalayer") == "ncalayer"  # a Latin word stays Latin


def test_kazakh_stems_meet() -> None:
    assert kk_stem(fold("логиніңізді")) == "логин"
    assert kk_stem(fold("тексеріп")) == kk_stem(fold("тексеру"))
    assert kk_stem("бар") == "бар" and kk_stem(fold("өтінішіңіз")) == kk_stem(fold("өтініштер"))


def test_tokenize_flags() -> None:
    toks = tokenize(["Ну, это «хамлю»? Ёлки... Да", "алло"], [3, 7])
    assert toks.forms == ["ну", "это", "хамлю", "елки", "да", "алло"]
    assert toks.seg == [3, 3, 3, 3, 3, 7]
    assert toks.sstart == [True, False, False, True, True, True]
    assert toks.send == [False, False, True, True, True, True]
    assert toks.quoted == [False, False, True, False, False, False]
    assert toks.pbreak == [False, True, False, True, True, False]
    assert toks.qstart == [True, False, False, False, False, False]


def test_case_endings_after_digits_end_the_number() -> None:
    toks = tokenize(["Сағат 10-нан 14-ке дейін, 5-ти минут, 2024-0719, 2-линия"], [0])
    assert toks.forms == ["сағат", "10", "14", "дейін", "5", "минут", "2024", "0719", "2", "линия"]
    assert toks.pbreak[1:3] == [False, True]  # "10" and "14" are two numbers, not 1014


def test_russian_lemmas_cached() -> None:
    info = morph.info("проверю")
    assert "проверить" in info.lemmas and info.pos == "VERB" and morph.info("проверю") is info
    assert morph.info("сагатовне").patronymic_shape
    assert morph.info("ахметжанова").surname_shape and not morph.info("приказов").surname_shape


@pytest.mark.parametrize(
    ("text", "question"),
    [
        ("сумма залога какая", True),  # the interrogative closes it
        ("дата выезда какая была", True),
        ("а когда это началось", True),  # ... or opens it, after a discourse word
        ("есть ли у вас квитанция", True),
        ("что именно не работает", True),
        ("да когда закроют заявку вам придёт письмо и инженер позвонит в приёмную", False),  # a clause
        ("щас проверю нет ли заявок по вашему дому", False),  # a check announced
        ("минуточку сейчас посмотрю были ли уже заявки", False),
        ("как только придёт смс введите код", False),
        ("так как до спектакля больше трёх суток возвращается полная стоимость", False),  # "because"
        ("заявка зарегистрирована номер семь три ноль пять", False),
    ],
)
def test_an_unpunctuated_sentence_read_as_a_question(text: str, question: bool) -> None:
    toks = tokenize([text], [0])
    assert toks.qstart[0] is question


def test_a_punctuated_sentence_asks_only_with_a_question_mark() -> None:
    assert tokenize(["Сумма залога какая."], [0]).qstart[0] is False
    assert tokenize(["Сумма залога какая?"], [0]).qstart[0] is True
