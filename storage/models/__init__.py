"""SQLAlchemy 2 typed models. Import from here: ``from storage.models import Call``."""

from storage.models.audit import AuditEntry, ReportRun
from storage.models.base import Base, utcnow
from storage.models.calls import (
    JOB_KINDS,
    JOB_STATUSES,
    SURVEY_STATUSES,
    Call,
    IngestJob,
    SurveyResponse,
    Transcript,
)
from storage.models.followups import ANSWER_KINDS, FOLLOW_UP_STATUSES, FollowUp, SurveyAnswer
from storage.models.org import Agent, Queue, Role, Team, User
from storage.models.qa import (
    CalibrationAnswer,
    CalibrationCall,
    CalibrationSession,
    Dispute,
    Evaluation,
    Feedback,
    ItemResult,
)
from storage.models.queue import SAMPLE_REASONS, AgentNotice, QaAssignment
from storage.models.scripts import DialogueScript, ScriptVersion

__all__ = [
    "ANSWER_KINDS",
    "FOLLOW_UP_STATUSES",
    "JOB_KINDS",
    "JOB_STATUSES",
    "SAMPLE_REASONS",
    "SURVEY_STATUSES",
    "Agent",
    "AgentNotice",
    "AuditEntry",
    "Base",
    "CalibrationAnswer",
    "CalibrationCall",
    "CalibrationSession",
    "Call",
    "DialogueScript",
    "Dispute",
    "Evaluation",
    "Feedback",
    "FollowUp",
    "IngestJob",
    "ItemResult",
    "QaAssignment",
    "Queue",
    "ReportRun",
    "Role",
    "ScriptVersion",
    "SurveyAnswer",
    "SurveyResponse",
    "Team",
    "Transcript",
    "User",
    "utcnow",
]
