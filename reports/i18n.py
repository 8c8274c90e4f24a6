"""Reports in Russian, Kazakh or English: the ``reports`` gettext catalogue (reports/locale, Babel, compiled
from .po in memory when no fresh .mo exists) and numbers and dates as the report's locale writes them.

The language is set around one rendering (``with language("kk"): ...``); outside it, it is English, so
CSV/XLSX exports and log lines keep their plain machine-readable numbers.
"""

from __future__ import annotations

import gettext as _gettext
import logging
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import date, datetime
from functools import cache
from io import BytesIO
from pathlib import Path

from babel.dates import format_date, format_datetime
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.numbers import format_decimal
from babel.support import Translations

log = logging.getLogger(__name__)

LOCALE_DIR = Path(__file__).resolve().parent / "locale"
DOMAIN = "reports"
LANGUAGES = ("ru", "kk", "en")
DEFAULT_LANGUAGE = "ru"

_language: ContextVar[str] = ContextVar("sapa_report_language", default="en")


def N_(message: str) -> str:
    """Marks a string for extraction; it is translated where it is shown."""
    return message


@cache
def translations(language: str) -> _gettext.NullTranslations:
    """The reports' catalogue of ``language``."""
    return load_catalogue(LOCALE_DIR, language, DOMAIN)


def load_catalogue(locale_dir: Path, language: str, domain: str) -> _gettext.NullTranslations:
    """A Babel catalogue (reports' and the web's): its .mo when newer than the .po, else the .po compiled
    in memory, so a fresh clone needs no build step."""
    folder = locale_dir / language / "LC_MESSAGES"
    po, mo = folder / f"{domain}.po", folder / f"{domain}.mo"
    if mo.is_file() and (not po.is_file() or mo.stat().st_mtime >= po.stat().st_mtime):
        with mo.open("rb") as fh:
            return Translations(fh, domain=domain)
    if not po.is_file():
        return _gettext.NullTranslations()
    with po.open("rb") as fh:
        catalog = read_po(fh, locale=language, domain=domain)
    buffer = BytesIO()
    write_mo(buffer, catalog)
    buffer.seek(0)
    log.debug("compiled %s in memory (%d messages)", po, len(catalog))
    return Translations(buffer, domain=domain)


def normalise(value: str | None) -> str:
    """'ru-RU' / 'KK' -> 'ru' / 'kk'; the default (Russian) for anything else."""
    code = (value or "").strip().lower().replace("_", "-").split("-")[0]
    return code if code in LANGUAGES else DEFAULT_LANGUAGE


@contextmanager
def language(value: str | None) -> Iterator[str]:
    """Render in ``value`` (normalised) inside the block; the previous language afterwards."""
    token = _language.set(normalise(value))
    try:
        yield _language.get()
    finally:
        _language.reset(token)


def current() -> str:
    return _language.get()


def gettext(message: str) -> str:
    if not message:  # "" would return the catalogue's header
        return message
    return translations(current()).gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    return translations(current()).ngettext(singular, plural, n)


def _(message: str, **params: object) -> str:
    """Translate in the current language; ``params`` fill %(name)s placeholders."""
    text = gettext(message)
    return text % params if params else text


def number(value: float | int, decimals: int) -> str:
    """87.5 -> '87,5' in ru/kk (thousands grouped); English keeps the plain '87.5' of the exports."""
    if current() == "en":
        return f"{value:.{decimals}f}" if decimals else f"{round(value):d}"
    pattern = "#,##0" + ("." + "0" * decimals if decimals else "")
    return format_decimal(value, format=pattern, locale=current())


def day(value: date) -> str:
    """A date: ISO in English, dd.MM.yyyy in ru/kk (as the web UI writes dates)."""
    if current() == "en":
        return value.isoformat()
    return format_date(value, "dd.MM.yyyy", locale=current())


def moment(value: datetime) -> str:
    """A local time: 'YYYY-MM-DD HH:MM' in English, 'dd.MM.yyyy HH:mm' in ru/kk."""
    if current() == "en":
        return value.strftime("%Y-%m-%d %H:%M")
    return format_datetime(value, "dd.MM.yyyy HH:mm", tzinfo=value.tzinfo, locale=current())
