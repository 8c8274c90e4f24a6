"""E-mail a written report through the configured SMTP server."""

from __future__ import annotations

import logging
import mimetypes
import os
import smtplib
import ssl
from email.message import EmailMessage
from pathlib import Path

from reports import i18n
from reports.config import SmtpConfig
from reports.definitions import GROUPINGS
from reports.exceptions import ReportsError
from reports.i18n import _

log = logging.getLogger(__name__)


def build_message(
    smtp: SmtpConfig, to: list[str], subject: str, body: str, attachment: Path | None = None
) -> EmailMessage:
    msg = EmailMessage()
    msg["From"] = smtp.from_addr
    msg["To"] = ", ".join(to)
    msg["Subject"] = subject
    msg.set_content(body)
    if attachment is not None:
        ctype = mimetypes.guess_type(attachment.name)[0] or "application/octet-stream"
        maintype, subtype = ctype.split("/", 1)
        msg.add_attachment(
            attachment.read_bytes(), maintype=maintype, subtype=subtype, filename=attachment.name
        )
    return msg


def report_mail_text(schedule: str, period: str, by: str, filename: str, language: str) -> tuple[str, str]:
    """Subject and body of a scheduled report's e-mail in the recipients' ``language``."""
    with i18n.language(language):
        grouping = _(GROUPINGS.get(by, by))
        subject = _(
            "Sapa report %(schedule)s: %(period)s by %(by)s", schedule=schedule, period=period, by=grouping
        )
        body = _(
            "The %(schedule)s Sapa report for %(period)s is attached (%(file)s).",
            schedule=schedule,
            period=period,
            file=filename,
        )
    return subject, body + "\n"


def _deliver(smtp: SmtpConfig, to: list[str], msg: EmailMessage, what: str) -> None:
    """One SMTP session for ``msg``; an empty host or any SMTP or network failure is a ReportsError."""
    if not smtp.host:
        raise ReportsError(f"reports.smtp.host is empty: cannot e-mail {what}")
    try:
        with smtplib.SMTP(smtp.host, smtp.port, timeout=smtp.timeout_s) as client:
            if smtp.starttls:
                client.starttls(context=ssl.create_default_context())
            if smtp.username:
                client.login(smtp.username, os.environ.get(smtp.password_env, ""))
            client.send_message(msg)
    except (OSError, smtplib.SMTPException) as exc:
        raise ReportsError(
            f"cannot e-mail {what} to {', '.join(to)} via {smtp.host}:{smtp.port}: {exc}"
        ) from exc


def send_report(smtp: SmtpConfig, to: list[str], subject: str, body: str, attachment: Path) -> None:
    """Send one message with the report attached."""
    _deliver(smtp, to, build_message(smtp, to, subject, body, attachment), "reports")
    log.info("report %s e-mailed to %s", attachment.name, ", ".join(to))


def send_message(smtp: SmtpConfig, to: list[str], subject: str, body: str) -> None:
    """Send one plain-text message (notices, follow-ups)."""
    _deliver(smtp, to, build_message(smtp, to, subject, body), "a message")
    log.info("mail %r sent to %s", subject, ", ".join(to))
