"""Reports in Russian and Kazakh: every layout (agent, team, centre, queue, public) rendered in ru and kk
shows no English text of the reports catalogue — in the page and in its SVG charts — and writes numbers
and dates as the locale does. The same check on an English rendering finds many: the detector works."""

from __future__ import annotations

import re
from typing import Any

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

from reports import i18n
from reports.gaming import Flag
from reports.mail import report_mail_text
from reports.periods import parse_period
from reports.render import render_html
from reports.service import make_report
from sapa.wiring import App
from tests.reports import data
from tests.web.test_i18n import untranslated

NOV = parse_period("2026-11")
LAYOUTS: list[tuple[str, dict[str, Any]]] = [
    ("agent", {}),
    ("team", {}),
    ("centre", {}),
    ("queue", {}),
    ("language", {}),
    ("centre", {"public": True}),
]


def _catalogue(language: str) -> Any:
    with (i18n.LOCALE_DIR / language / "LC_MESSAGES" / "reports.po").open("rb") as fh:
        return read_po(fh)


def _english(language: str) -> list[str]:
    """The msgids a page in ``language`` must not show: all but those translated as themselves (CSAT)."""
    same = {m.id for m in _catalogue(language) if m.id and m.string == m.id}
    with (i18n.LOCALE_DIR / "reports.pot").open("rb") as fh:
        return [m.id for m in read_po(fh) if m.id and isinstance(m.id, str) and m.id not in same]


@pytest.fixture
def reported(sqlite_app: App) -> App:
    with sqlite_app.uow() as session:
        data.load(session)
    return sqlite_app


def _pages(app: App, language: str) -> dict[str, str]:
    cfg = app.settings.reports
    pages = {}
    for by, kw in LAYOUTS:
        report = make_report(app.sessions, cfg, NOV, by, **kw)
        pages[f"{by}{'/public' if kw else ''}"] = render_html(report, cfg, language)
    return pages


@pytest.mark.parametrize("language", ["ru", "kk"])
def test_no_report_shows_an_english_string(reported: App, language: str) -> None:
    pages = _pages(reported, language)
    english = _english(language)
    problems = {name: sorted(untranslated(html, english)) for name, html in pages.items()}
    assert {name: found for name, found in problems.items() if found} == {}
    for html in pages.values():
        assert f'<html lang="{language}">' in html
    agent = pages["agent"]
    assert re.search(r"\d,\d %", agent) and not re.search(r">\d+\.\d %<", agent)  # 87,5 % not 87.5 %
    assert "01.11.2026 – 30.11.2026" in agent  # the period's days as the locale writes dates


def test_the_detector_finds_english_in_an_english_report(reported: App) -> None:
    pages = _pages(reported, "en")
    found = set().union(*(untranslated(html, _english("ru")) for html in pages.values()))
    assert {"Calls handled", "Checklist items", "Survey ratings (count)", "Whole centre"} <= found
    assert "2026-11-01 – 2026-11-30" in pages["agent"] and re.search(r">\d+\.\d %<", pages["agent"])


def test_the_default_language_is_russian(reported: App) -> None:
    cfg = reported.settings.reports
    assert cfg.language == "ru"
    html = render_html(make_report(reported.sessions, cfg, NOV, "centre"), cfg)
    assert '<html lang="ru">' in html and "Сводка по центру — 2026-11" in html


def test_survey_flags_are_written_in_the_report_language() -> None:
    flag = Flag(
        "offers the survey on %(agent)s %% of answered calls (team %(team)s %%)",
        {"agent": "33", "team": "57"},
    )
    assert str(flag) == "offers the survey on 33 % of answered calls (team 57 %)"
    with i18n.language("kk"):
        assert flag.text() == "қабылданған қоңыраулардың 33 % сауалнама ұсынады (команда 57 %)"


def test_report_mail_in_the_recipients_language() -> None:
    assert report_mail_text("daily", "2026-11-22", "team", "d.html", "kk") == (
        "Sapa есебі daily: 2026-11-22, топтау: команда",
        "2026-11-22 кезеңіне арналған Sapa daily есебі тіркелген (d.html).\n",
    )
    subject, _body = report_mail_text("daily", "2026-11-22", "team", "d.html", "ru")
    assert subject == "Отчёт Sapa daily: 2026-11-22, группировка: команда"


def test_every_msgid_is_translated_and_the_template_is_current() -> None:
    """ru and kk translate every msgid; reports.pot holds every string reports/ marks."""
    with (i18n.LOCALE_DIR / "reports.pot").open("rb") as fh:
        msgids = {m.id for m in read_po(fh) if m.id}
    for language in ("ru", "kk"):
        translated = {m.id for m in _catalogue(language) if m.id and m.string}
        assert msgids - translated == set(), language
    root = i18n.LOCALE_DIR.parent.parent
    method_map = [("reports/**.py", "python"), ("reports/templates/**.j2", "jinja2")]
    options = {"reports/templates/**.j2": {"extensions": "jinja2.ext.i18n"}}
    marked = {
        msg[2] if isinstance(msg[2], str) else msg[2][0]
        for msg in extract_from_dir(root, method_map, options, keywords={"_": None, "N_": None})
    }
    assert marked - msgids == set(), "re-extract reports/locale/reports.pot (docs/reports.md) and translate"
