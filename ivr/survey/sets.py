"""Which questions a call's survey asks: the survey set of the active dialogue scripts for its queue.

A set (``surveys:`` in a script, see dialogue/surveys.py) serves the queues it lists and, optionally,
only some languages; ``*`` serves every queue no set names. Sets are read from the active version of
every script per call (a new activation applies to the next call) and parsed once per version. Anything
unexpected (no database, a broken row) falls back to the default survey: one CSAT question with the
built-in prompts, so a caller is never left without the rating.
"""

from __future__ import annotations

import logging
import re
import threading
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Protocol

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from dialogue import ScriptDocument, load_script
from dialogue.surveys import ANY_QUEUE
from ivr.exceptions import IvrError
from ivr.survey.machine import DEFAULT_QUESTIONS, Question
from storage.db import unit_of_work
from storage.models import DialogueScript, ScriptVersion

log = logging.getLogger(__name__)
_KEY = re.compile(r"^([a-z0-9][a-z0-9_-]{0,99})/([A-Za-z_][A-Za-z0-9_-]{0,63})@([0-9]{1,9})$")


@dataclass(frozen=True)
class SurveyPlan:
    """The questions of one call's survey; ``key`` names the set (``script/set@version``, "" = default)."""

    key: str = ""
    questions: tuple[Question, ...] = DEFAULT_QUESTIONS
    texts: Mapping[str, Mapping[str, str]] = field(default_factory=dict)  # prompt id -> lang -> text


DEFAULT_PLAN = SurveyPlan()


class SurveyPlans(Protocol):
    def for_call(self, queue: str, language: str) -> SurveyPlan: ...

    def by_key(self, key: str) -> SurveyPlan:
        """The plan a ``key`` names (Twilio replays it); IvrError when there is no such set."""


class DefaultPlans:
    """No database: every call gets the default survey."""

    def for_call(self, queue: str, language: str) -> SurveyPlan:
        return DEFAULT_PLAN

    def by_key(self, key: str) -> SurveyPlan:
        if key:
            raise IvrError(f"no survey set {key!r}")
        return DEFAULT_PLAN


def plan_of(doc: ScriptDocument, set_id: str, version: int) -> SurveyPlan:
    questions = []
    for q in doc.surveys[set_id].questions:
        if q.prompt is None:  # a csat question with the built-in prompts
            questions.append(Question(q.id, q.kind))
            continue
        assert q.invalid_prompt is not None and q.no_input_prompt is not None
        questions.append(Question(q.id, q.kind, q.prompt, q.invalid_prompt, q.no_input_prompt, doc.name))
    texts: dict[str, dict[str, str]] = {
        pid: {str(lang): text for lang, text in doc.prompts[pid].items()}
        for q in questions
        if q.namespace
        for pid in _prompts(q)
    }
    return SurveyPlan(f"{doc.name}/{set_id}@{version}", tuple(questions), texts)


def _prompts(q: Question) -> tuple[str, str, str]:
    return q.prompt, q.invalid_prompt, q.no_input_prompt


class ActiveSurveySets:
    """Survey sets of the active script versions in the database."""

    def __init__(self, sessions: sessionmaker[Session]) -> None:
        self.sessions = sessions
        self._cache: dict[tuple[str, str], ScriptDocument] = {}
        self._lock = threading.Lock()

    def for_call(self, queue: str, language: str) -> SurveyPlan:
        try:
            return self._find(queue, language)
        except Exception:  # the survey must run whatever happened to the scripts
            log.exception("survey sets unreadable; queue %r gets the default survey", queue)
            return DEFAULT_PLAN

    def by_key(self, key: str) -> SurveyPlan:
        if not key:
            return DEFAULT_PLAN
        match = _KEY.match(key)
        if match is None:
            raise IvrError(f"bad survey set key {key!r}")
        name, set_id, version = match.group(1), match.group(2), int(match.group(3))
        with unit_of_work(self.sessions) as session:
            row = session.execute(
                select(ScriptVersion.content, ScriptVersion.content_hash)
                .join(DialogueScript, DialogueScript.id == ScriptVersion.script_id)
                .where(DialogueScript.name == name, ScriptVersion.version == version)
            ).first()
        if row is None:
            raise IvrError(f"no survey set {key!r}")
        doc = self._document(name, version, row.content_hash, row.content)
        if set_id not in doc.surveys:
            raise IvrError(f"no survey set {key!r}")
        return plan_of(doc, set_id, version)

    def _find(self, queue: str, language: str) -> SurveyPlan:
        with unit_of_work(self.sessions) as session:
            rows = session.execute(
                select(
                    DialogueScript.name, ScriptVersion.version, ScriptVersion.content_hash, ScriptVersion.id
                )
                .join(ScriptVersion, ScriptVersion.id == DialogueScript.active_version_id)
                .order_by(DialogueScript.name)
            ).all()
            docs = [
                (self._cached(name, digest) or self._load(session, name, version, digest, vid), version)
                for name, version, digest, vid in rows
            ]
        for wanted in (queue, ANY_QUEUE):
            for doc, version in docs:
                if language not in doc.languages:
                    continue
                for set_id, survey in doc.surveys.items():
                    if survey.serves(wanted, language):
                        return plan_of(doc, set_id, version)
        return DEFAULT_PLAN

    def _cached(self, name: str, digest: str) -> ScriptDocument | None:
        with self._lock:
            return self._cache.get((name, digest))

    def _load(self, session: Session, name: str, version: int, digest: str, vid: int) -> ScriptDocument:
        content = session.scalar(select(ScriptVersion.content).where(ScriptVersion.id == vid)) or ""
        return self._document(name, version, digest, content)

    def _document(self, name: str, version: int, digest: str, content: str) -> ScriptDocument:
        with self._lock:
            doc = self._cache.get((name, digest))
        if doc is None:
            doc = load_script(content, f"{name} v{version}")
            with self._lock:
                self._cache[(name, digest)] = doc
        return doc
