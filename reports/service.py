"""Write a report file (HTML, CSV or XLSX): the one entry point for the CLI, the scheduler and the demo."""

from __future__ import annotations

import logging
import os
import tempfile
from pathlib import Path

from sqlalchemy.orm import Session, sessionmaker

from reports.assemble import build_report
from reports.build import Report
from reports.config import ReportsConfig
from reports.exceptions import ReportsError
from reports.export import to_csv, write_xlsx
from reports.periods import Period
from reports.render import render_html

log = logging.getLogger(__name__)
FORMATS = ("html", "csv", "xlsx")


def make_report(
    sessions: sessionmaker[Session],
    cfg: ReportsConfig,
    period: Period,
    by: str,
    *,
    agent: str | None = None,
    team: str | None = None,
    public: bool = False,
    language: str | None = None,
) -> Report:
    with sessions() as session:
        return build_report(
            session, cfg, period, by, agent=agent, team=team, public=public, language=language
        )


def write_report(
    report: Report, cfg: ReportsConfig, fmt: str, out: Path, *, language: str | None = None
) -> Path:
    """Write atomically (temporary file + rename) so a reader never sees half a report. HTML is written in
    ``language`` (default: reports.language); CSV and XLSX keep English column names for machines."""
    if fmt not in FORMATS:
        raise ReportsError(f"unknown format {fmt!r}; one of {', '.join(FORMATS)}")
    out = Path(out)
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp_name = tempfile.mkstemp(prefix=".report-", suffix=f".{fmt}", dir=out.parent)
        os.close(fd)
        tmp = Path(tmp_name)
        tmp.chmod(0o644)  # mkstemp makes 0600; reports are meant to be read by others
        if fmt == "html":
            tmp.write_text(render_html(report, cfg, language), encoding="utf-8")
        elif fmt == "csv":
            tmp.write_text(to_csv(report), encoding="utf-8-sig")  # BOM: Excel opens Cyrillic correctly
        else:
            write_xlsx(report, tmp)
        tmp.replace(out)
    except OSError as exc:
        raise ReportsError(f"cannot write report {out}: {exc.strerror or exc}") from exc
    log.info("report written to %s", out)
    return out


def default_name(period: Period, by: str, fmt: str, *, public: bool = False, prefix: str = "") -> str:
    kind = "public" if public else by
    return f"{prefix}{period.label}-{kind}.{fmt}"
