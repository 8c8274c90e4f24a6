"""Each construct of the pattern language, on a one-item checklist written for the test."""

from __future__ import annotations

from typing import Any

import pytest

from dialogue.checklist import Checklist
from tests.scoring.helpers import score

A, C = "a", "c"


def one_item(rule: Any, kind: str = "stage", lang: str = "any", **item: Any) -> Checklist:
    return Checklist.model_validate(
        {
            "languages": [lang] if lang in ("ru", "kk") else ["ru", "kk"],
            "lexicon": {"neg": ["не", "никогда"], "names": ["айгерім", "ерлан"]},
            "items": [
                {
                    "id": "x",
                    "title": "x",
                    "kind": kind,
                    "criticality": "client",
                    "match": [{lang: [rule]}],
                    **item,
                }
            ],
        }
    )


def hit(rule: Any, *turns: tuple[Any, ...], lang: str = "any", **item: Any) -> bool:
    """Did the (stage) rule match the agent's speech?"""
    result = score(*turns, checklist=one_item(rule, lang=lang, **item))
    return bool(result.items["x"].passed)


@pytest.mark.parametrize("text", ["Я проверю.", "Проверим вместе.", "Сейчас проверяю."])
def test_wildcard_matches_all_forms(text: str) -> None:
    assert hit("провер*", (A, text))


def test_lemmas_join_inflected_forms() -> None:
    assert hit("проверить", (A, "Я проверю."), lang="ru") and hit("проверить", (A, "Проверим."), lang="ru")
    assert hit("заявка", (A, "По вашей заявке всё готово."), lang="ru")
    assert not hit("=заявка", (A, "По вашей заявке всё готово."))


def test_alternatives_groups_and_gaps() -> None:
    rule = "спасибо|благодарю ~2 ожидание|терпение"
    assert hit(rule, (A, "Благодарю вас за терпение."), lang="ru")
    assert not hit(rule, (A, "Спасибо вам большое за долгое ожидание."), lang="ru")  # 3 words between
    group = "(не кладите трубку | оставайтесь на линии)"
    assert hit(group, (A, "Оставайтесь на линии."))
    assert not hit(group, (A, "Не кладите, пожалуйста."))


def test_a_match_crosses_segments_only_of_one_speaker_a_short_gap_apart() -> None:
    """Issue 12: a recogniser cuts one sentence into segments; matching.join_gap_s (1.5 s) joins them."""
    rule = "зарегистрирована под номером #num(4-8)"
    assert hit(rule, (0.0, A, "Ваша заявка зарегистрирована под номером"), (3.5, A, "45 021."))
    assert not hit(rule, (0.0, A, "Ваша заявка зарегистрирована под номером"), (6.0, A, "45 021."))
    assert not hit(
        rule, (0.0, A, "Ваша заявка зарегистрирована под номером"), (3.4, "c", "Да"), (4.0, A, "45021")
    )
    assert not hit("спасибо ~3 ожидание", (0.0, A, "Спасибо."), (9.0, A, "Ожидание закончилось."))


def test_negation_guard() -> None:
    rule = {"match": "сообщите пароль", "not_preceded_by": "@neg", "window": 2}
    assert hit(rule, (A, "Сообщите пароль."))
    assert not hit(rule, (A, "Никогда не сообщите пароль чужим."))


def test_near_and_not_near() -> None:
    rule = {"match": "#num(4-6)", "near": "заявка", "window": 4}
    assert hit(rule, (A, "Номер заявки 4512."), lang="ru")
    assert not hit(rule, (A, "Наш офис на улице Абая, 4512."), lang="ru")
    rule = {"match": "пароль", "not_near": "никому", "window": 3}
    assert not hit(rule, (A, "Пароль никому не говорите."))


def test_near_in_the_speakers_turns_before() -> None:
    """``near_turns``: the ticket announced in one turn, its number dictated after the caller's reply."""
    rule = {"match": "номер ~2 #num(4-6)", "near": "заявка", "near_turns": 2}
    turns = [(A, "Регистрирую заявку."), ("c", "Хорошо, записываю."), (A, "Номер 4512.")]
    assert hit(rule, *turns, lang="ru")
    assert not hit({**rule, "near_turns": 0}, *turns, lang="ru")
    far = [(A, "Регистрирую заявку."), ("c", "Да."), (A, "Ещё минуту."), ("c", "Да."), (A, "Вот.")]
    assert not hit(rule, *far, ("c", "Да."), (A, "Номер 4512."), lang="ru")  # three turns back


def test_followed_by_and_part_of_speech() -> None:
    rule = {"match": "=типа", "not_preceded_by": "%ADJ|%PRON", "window": 1}
    assert hit(rule, (A, "Там типа ошибка."))
    assert not hit(rule, (A, "Отчёт какого типа?"))


def test_sentence_start_and_anchors() -> None:
    assert hit({"match": "=ну", "sentence_start": False}, (A, "Это, ну, сложно."))
    assert not hit({"match": "=ну", "sentence_start": False}, (A, "Ну что ж, давайте."))
    assert hit("^ ну", (A, "Ну что ж, давайте."))
    assert hit("?", (A, "А ошибка какая?"))
    assert not hit("?", (A, "Ошибка понятна."))


def test_position_first_and_last_seconds_of_agent_speech() -> None:
    turns = [(A, "Здравствуйте."), (60.0, A, "Всё."), (90.0, A, "До свидания.")]
    assert hit("здравствуйте", *turns, position={"first_s": 20})
    assert not hit("до свидания", *turns, position={"first_s": 20})
    assert hit("до свидания", *turns, position={"last_s": 10})
    assert not hit("здравствуйте", *turns, position={"last_s": 10})


def test_per_language_lists_kazakh_stems_and_folding() -> None:
    assert hit("логин", (A, "Логиніңізді айтыңыз."), lang="kk")
    assert hit("қызмет", (A, "колдау кызмети"), lang="kk")  # ASR wrote Kazakh with Russian letters
    assert not hit("логин", (A, "Логиніңізді айтыңыз."), lang="ru")  # no Kazakh stemming for ru words


def test_fuzzy_words_tolerate_misheard_words() -> None:
    assert hit("пятибалльной~", (A, "по пятибальной шкале"))
    # without `~` stage items tolerate ASR spellings (tests/scoring/test_noise.py); forbidden items only the
    # same sound key ("пятибальной"), never a letter lost
    forbidden = one_item("пятибалльной", kind="forbidden")
    assert score((A, "по пятибальной шкале"), checklist=forbidden).items["x"].passed is False
    assert score((A, "по пятибаьной шкале"), checklist=forbidden).items["x"].passed is True


def test_numbers_and_name_classes() -> None:
    assert hit("номер #num(5-5)", (A, "номер сорок одна тысяча двести"))
    assert not hit("номер #num(5-5)", (A, "номер сорок"))
    assert hit("#name", (A, "Позвоните Ерлану."))  # lexicon names, Kazakh/Russian case endings
    assert hit("#patronymic", (A, "Гульмира Сагатовна"))
    assert hit("/^долб.*/", (A, "долбаный сервер"))


def test_only_agent_speech_and_quotes() -> None:
    assert not hit("блин", (C, "Блин!"))
    forbidden = one_item({"match": "хамлю"}, kind="forbidden")
    quoted = score((A, "Вы говорите, я «хамлю»?"), checklist=forbidden).items["x"]
    assert quoted.passed is True and "quotation" in quoted.reason
    plain = score((A, "Да, я хамлю."), checklist=forbidden).items["x"]
    assert plain.passed is False and plain.evidence[0]["match"] == "хамлю"


def test_unless_caller_said_ignores_echoes() -> None:
    rule = {"match": "#name #patronymic", "unless_caller_said": True}
    forbidden = one_item(rule, kind="forbidden")
    echo = score((C, "Я Айгерім Маратовна."), (A, "Айгерім Маратовна, спасибо."), checklist=forbidden)
    assert echo.items["x"].passed is True
    new = score((C, "Кому звонить?"), (A, "Айгерім Маратовне."), checklist=forbidden)
    assert new.items["x"].passed is False


def test_not_applicable_rules() -> None:
    result = score((A, "Здравствуйте."), checklist=one_item("здравствуйте", applies_when={"min_call_s": 60}))
    assert result.items["x"].passed is None and "shorter" in result.items["x"].reason
    only_if = {"caller_said": ["пароль"]}
    assert score((A, "Привет."), checklist=one_item("привет", applies_when=only_if)).items["x"].passed is None
    asked = score((C, "Забыл пароль."), (A, "Привет."), checklist=one_item("привет", applies_when=only_if))
    assert asked.items["x"].passed is True
