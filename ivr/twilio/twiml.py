"""Deterministic TwiML builders (pure): the same input always gives the same bytes (golden tests)."""

from __future__ import annotations

from xml.sax.saxutils import escape, quoteattr

# Twilio <Say> has no Kazakh voice; Kazakh text falls back to the Russian voice (Cyrillic) when no
# rendered audio file can be played instead.
SAY_LANGUAGE = {"ru": "ru-RU", "kk": "ru-RU", "en": "en-US"}


def _attrs(**attrs: str | int | None) -> str:
    return "".join(f" {name}={quoteattr(str(value))}" for name, value in attrs.items() if value is not None)


def say(text: str, language: str) -> str:
    """Text spoken by Twilio.

    >>> say("Спасибо & до свидания", "ru")
    '<Say language="ru-RU">Спасибо &amp; до свидания</Say>'
    """
    return f"<Say{_attrs(language=SAY_LANGUAGE.get(language, 'en-US'))}>{escape(text)}</Say>"


def play(url: str) -> str:
    return f"<Play>{escape(url)}</Play>"


def gather(action: str, timeout_s: float, inner: str) -> str:
    """One DTMF key; Twilio posts to ``action`` also when nothing was pressed (``Digits`` empty)."""
    attrs = _attrs(
        input="dtmf",
        numDigits=1,
        timeout=max(1, round(timeout_s)),
        action=action,
        method="POST",
        actionOnEmptyResult="true",
    )
    return f"<Gather{attrs}>{inner}</Gather>"


def record(action: str, max_s: int) -> str:
    attrs = _attrs(action=action, method="POST", maxLength=max_s, finishOnKey="#", playBeep="true", timeout=5)
    return f"<Record{attrs}/>"


def hangup() -> str:
    return "<Hangup/>"


def response(*verbs: str) -> str:
    """The whole document.

    >>> response(hangup())
    '<?xml version="1.0" encoding="UTF-8"?><Response><Hangup/></Response>'
    """
    return f'<?xml version="1.0" encoding="UTF-8"?><Response>{"".join(verbs)}</Response>'
