"""Interface languages (gettext catalogues in web/locale, compiled from .po when no fresh .mo exists),
the request's language and locale-aware formatting of dates and numbers (Babel)."""

from __future__ import annotations

import gettext as _gettext
import logging
from contextvars import ContextVar
from datetime import datetime
from functools import cache
from pathlib import Path
from zoneinfo import ZoneInfo

from babel.dates import format_date, format_datetime
from babel.numbers import format_decimal
from jinja2 import Environment

from reports.i18n import load_catalogue

log = logging.getLogger(__name__)

LOCALE_DIR = Path(__file__).resolve().parent / "locale"
DOMAIN = "messages"
LANGUAGES = {"ru": "Русский", "kk": "Қазақша", "en": "English"}
DEFAULT_LANGUAGE = "ru"

_language: ContextVar[str] = ContextVar("sapa_language", default=DEFAULT_LANGUAGE)


def N_(message: str) -> str:
    """Marks a string for extraction; it is translated where it is shown."""
    return message


@cache
def translations(language: str) -> _gettext.NullTranslations:
    """The web UI's catalogue of ``language`` (loaded like the reports' one)."""
    return load_catalogue(LOCALE_DIR, language, DOMAIN)


def normalise(language: str | None) -> str | None:
    """'ru-RU' / 'RU' -> 'ru'; None for a language the interface does not have."""
    if not language:
        return None
    code = language.strip().lower().replace("_", "-").split("-")[0]
    return code if code in LANGUAGES else None


def set_language(language: str) -> None:
    _language.set(normalise(language) or DEFAULT_LANGUAGE)


def current_language() -> str:
    return _language.get()


def gettext(message: str) -> str:
    if not message:  # "" would return the catalogue's header
        return message
    return translations(current_language()).gettext(message)


def translate_error(message: str, params: dict[str, object]) -> str:
    """A WebError's msgid in the current language; parameters that are themselves msgids (a role, a
    field name) are translated too, the rest (ids, user input) shown as given."""
    text = gettext(message)
    if not params:
        return text
    shown = {k: gettext(v) if isinstance(v, str) else v for k, v in params.items()}
    try:
        return text % shown
    except (KeyError, ValueError, TypeError):  # a broken translation must not hide the error
        return message % params


def ngettext(singular: str, plural: str, n: int) -> str:
    return translations(current_language()).ngettext(singular, plural, n)


def _(message: str, **params: object) -> str:
    """Translate in the current language; ``params`` fill %(name)s placeholders."""
    text = gettext(message)
    return text % params if params else text


def format_when(value: datetime | None, tz: str) -> str:
    """A stored UTC time in the centre's zone, as the reader's locale writes it (en: ISO-like)."""
    if value is None:
        return ""
    local = value.astimezone(ZoneInfo(tz))
    language = current_language()
    if language == "en":
        return local.strftime("%Y-%m-%d %H:%M")
    return format_datetime(local, "dd.MM.yyyy HH:mm", tzinfo=ZoneInfo(tz), locale=language)


def format_day(value: datetime | None, tz: str) -> str:
    if value is None:
        return ""
    return format_date(value.astimezone(ZoneInfo(tz)), "medium", locale=current_language())


def format_number(value: float | int | None, digits: int = 1) -> str:
    """87.5 -> '87,5' in ru/kk, '87.5' in en (grouping as the locale groups thousands)."""
    if value is None:
        return ""
    pattern = "#,##0" + ("." + "0" * digits if digits else "")
    return format_decimal(value, format=pattern, locale=current_language())


def install(env: Environment) -> None:
    """Jinja2's i18n extension with gettext bound to the request's language."""
    env.add_extension("jinja2.ext.i18n")
    env.install_gettext_callables(gettext, ngettext, newstyle=True)  # type: ignore[attr-defined]
    env.globals.update(languages=LANGUAGES, current_language=current_language)
