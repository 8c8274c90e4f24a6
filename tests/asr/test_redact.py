"""PII redaction: IIN/BIN checksum, Luhn cards, phones, codes dictated in digits or ru/kk words."""

from __future__ import annotations

import pytest

from asr.numbers import GroupBuilder
from asr.redact import Redactor, find_spans, iin_ok, luhn_ok

RU, KK = Redactor(), Redactor(language="kk")


def test_iin_checksum() -> None:
    # 9*1 + 1*4 + 1*6 + 3*7 + 1*10 + 2*11 = 72; 72 mod 11 = 6
    assert iin_ok("900101300126")
    assert not iin_ok("900101300127")
    # first weighted sum is 10 → second weights 3..11,1,2 give 1
    assert iin_ok("000000000101") and not iin_ok("000000000100")
    assert not iin_ok("90010130012") and not iin_ok("9001013001266")


def test_luhn() -> None:
    assert luhn_ok("4111111111111111") and luhn_ok("5500000000000004")
    assert not luhn_ok("4111111111111112")
    assert not luhn_ok("0000000000000000") and not luhn_ok("411111111111")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("мой ИИН 900101300126, проверьте", "мой ИИН [IIN], проверьте"),
        ("мой ИИН 900101300127", "мой ИИН 900101300127"),
        ("карта 4111 1111 1111 1111.", "карта [CARD]."),
        ("карта 4111 1111 1111 1112", "карта 4111 1111 1111 1112"),
        ("звоните +7 (701) 123-45-67 вечером", "звоните [PHONE] вечером"),
        ("номер 87011234567", "номер [PHONE]"),
        ("мой телефон 8 701 123 45 67", "мой телефон [PHONE]"),
        ("восемь семьсот один сто двадцать три сорок пять шестьдесят семь", "[PHONE]"),
        ("телефон двадцать два тридцать три сорок", "телефон [PHONE]"),
        ("мой телефон 8, 71112345", "мой телефон [PHONE]"),  # a digit lost by the recogniser
        ("my phone number is 8, 711234567.", "my phone number is [PHONE]."),
    ],
)
def test_written_and_spoken_ru(text: str, expected: str) -> None:
    assert RU.redact_text(text)[0] == expected


def test_spoken_kazakh_phone_uses_zhuz_as_multiplier() -> None:
    text = "нөмірім сегіз жеті жүз бір жүз жиырма үш қырық бес алпыс жеті"
    assert KK.redact_text(text) == ("нөмірім [PHONE]", ["PHONE"])


@pytest.mark.parametrize(
    ("redactor", "text", "expected"),
    [
        (RU, "пароль один два три четыре", "пароль [SECRET]"),
        (RU, "мой пароль: 4719.", "мой пароль: [SECRET]."),
        (RU, "код из смс ноль ноль семь пять", "код из смс [SECRET]"),
        (RU, "пин-код двадцать пять сорок", "пин-код [SECRET]"),
        (KK, "құпия сөзім бір екі үш төрт", "құпия сөзім [SECRET]"),
        (KK, "кодты айтыңыз жеті сегіз тоғыз нөл", "кодты айтыңыз [SECRET]"),
    ],
)
def test_dictated_secrets(redactor: Redactor, text: str, expected: str) -> None:
    assert redactor.redact_text(text)[0] == expected


@pytest.mark.parametrize(
    "text",
    [
        "заявка номер 123456 зарегистрирована",
        "с вас сто двадцать три тенге",
        "он сказал два слова",
        "перезвоню через пять минут",
        "код ошибки не помню",
    ],
)
def test_ordinary_numbers_stay(text: str) -> None:
    assert RU.redact_text(text) == (text, [])


def test_secret_asked_by_agent_answered_by_caller_next_turn() -> None:
    words = [
        {"word": w, "start": 3.0 + i * 0.5, "end": 3.4 + i * 0.5, "conf": c}
        for i, (w, c) in enumerate(
            [("пять", 0.9), ("шесть", 0.7), ("семь", 0.8), ("восемь", 0.95), ("да", 1.0)]
        )
    ]
    segments = [
        {"speaker": "agent", "start": 0.0, "end": 2.0, "text": "продиктуйте код из смс"},
        {"speaker": "caller", "start": 3.0, "end": 5.4, "text": "пять шесть семь восемь да", "words": words},
        {"speaker": "caller", "start": 40.0, "end": 41.0, "text": "пять шесть"},
    ]
    redacted, counts = RU.redact_segments(segments)
    assert redacted[1]["text"] == "[SECRET] да"
    assert redacted[1]["words"][0] == {"word": "[SECRET]", "start": 3.0, "end": 4.9, "conf": 0.7}
    assert [w["word"] for w in redacted[1]["words"]] == ["[SECRET]", "да"]
    assert redacted[2]["text"] == "пять шесть"  # 35 s later: no longer an answer to "код"
    assert counts == {"SECRET": 1}
    assert segments[1]["text"] == "пять шесть семь восемь да"  # input untouched


def test_mask_comes_from_config() -> None:
    assert Redactor(mask="***").redact_text("пароль 1234") == ("пароль ***", ["SECRET"])
    assert Redactor(mask="<{kind} removed>").redact_text("87011234567")[0] == "<PHONE removed>"


def test_spans_and_number_groups() -> None:
    assert find_spans(["восемь", "701", "сто", "двадцать", "три", "45", "67"]) == [(0, 6, "PHONE")]
    builder = GroupBuilder()
    assert builder.push(200, "двести") and builder.push(40, "сорок") and builder.push(5, "пять")
    assert builder.value == 245 and not builder.push(3, "три")
