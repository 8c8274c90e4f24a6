"""Is a survey rating corroborated by the PBX? SQL expressions, no per-call Python.

FastAGI has no credentials: a peer the allow-list lets in (or a compromised one) can post a survey for a
call id Asterisk never had. Everything that arrives over the AGI port (the survey itself, its ``ended=``
that fills ``calls.hangup_by``, the script route's call row, the ``h`` extension's report) can be made up
by that same peer, so none of it counts. What counts is what Asterisk writes *outside* the AGI port: the
MixMonitor recording ``<uniqueid>-in.wav`` / ``-out.wav`` in the recordings folder, which `sapa ingest`
reads from the file system and ties to the call by uniqueid (docs/asterisk/extensions_sapa.conf §3).

Evidence for a call: a recording path or hash on the call (set by ingest) or a transcript of it (indexed
columns only: no scan of ingest_jobs, whose call_id has no index).
A Twilio survey needs none: its webhooks are signed with the account's auth token (web verifies them).
A rating is ``true`` (verified) with evidence; ``pending`` while its survey started less than the grace
period ago (ingest may not have run yet); ``false`` (unverified) after that.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import case, exists, or_
from sqlalchemy.sql.elements import ColumnElement

from storage.models import Call, SurveyResponse, Transcript

VERIFIED, UNVERIFIED, PENDING = "true", "false", "pending"


def call_has_evidence() -> ColumnElement[bool]:
    """True when the PBX's recording of the call (correlated to ``Call``) reached Sapa."""
    return or_(
        Call.recording_sha256.is_not(None),
        Call.recording_path.is_not(None),
        exists().where(Transcript.call_id == Call.id),
    )


def corroborated() -> ColumnElement[bool]:
    """The survey response (joined to its ``Call``) came signed (Twilio) or its call has evidence."""
    return or_(SurveyResponse.channel == "twilio", call_has_evidence())


def verification(now: datetime, after_hours: float) -> ColumnElement[Any]:
    """'true' | 'pending' | 'false' for the survey response joined to its ``Call``."""
    cutoff = now - timedelta(hours=after_hours)
    return case(
        (corroborated(), VERIFIED),
        (SurveyResponse.started_at > cutoff, PENDING),
        else_=UNVERIFIED,
    )


def unverified(now: datetime, after_hours: float) -> ColumnElement[bool]:
    """True for a response whose grace period is over and whose call has no evidence."""
    cutoff = now - timedelta(hours=after_hours)
    return (SurveyResponse.started_at <= cutoff) & ~corroborated()
