"""A generated month of a contact centre for `sapa demo`: ~20 agents in 3 teams, 2 queues, a few thousand
calls with transcripts, surveys, automatic evaluations, QA overrides, disputes, feedback, the QA work
queue and agents' acknowledgements — so scorecards, charts, drill-downs and queues look like a real
centre's. Every generated call has ``source = "generated"`` and an external id ``gen-…`` (the web UI
marks them); the real end-to-end demo calls stay as they are. Bulk inserts (Core ``insert`` with lists
of rows, ids assigned here): about 10 s on SQLite. Seeded: the same month every run for the same day.
"""

from __future__ import annotations

import logging
import random
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import func, insert, select
from sqlalchemy.orm import Session

from dialogue.checklist import Checklist
from qa.catalogue import active_document
from reports.periods import zone_info
from sapa.wiring import App
from scoring import recompute
from storage.models import (
    Agent,
    AgentNotice,
    Call,
    Dispute,
    Evaluation,
    Feedback,
    ItemResult,
    QaAssignment,
    Role,
    SurveyResponse,
    Transcript,
    User,
)
from storage.repositories.org import AgentRepository, QueueRepository, UserRepository
from web.workqueue import sample

log = logging.getLogger(__name__)

SOURCE = "generated"
NEW_HIRES = {"3006", "3007"}
RESOLVED = "Проверено по записи."
DAYS = 30
NEW_AGENTS = [  # extension, name, team (besides sapa.demo_data's six)
    ("1004", "Нұрлан Қасымов", "Алматы-1"), ("1005", "Светлана Ли", "Алматы-1"),
    ("1006", "Бауыржан Омаров", "Алматы-1"), ("1007", "Гүлназ Әбдірахманова", "Алматы-1"),
    ("2004", "Тимур Исаев", "Астана-2"), ("2005", "Жанна Қалиева", "Астана-2"),
    ("2006", "Андрей Соколов", "Астана-2"), ("3001", "Әйгерім Төлеуова", "Шымкент-3"),
    ("3002", "Руслан Сейтқали", "Шымкент-3"), ("3003", "Динара Мусина", "Шымкент-3"),
    ("3004", "Ержан Байжанов", "Шымкент-3"), ("3005", "Камила Юсупова", "Шымкент-3"),
    ("3006", "Олжас Нұрғалиев", "Шымкент-3"), ("3007", "Полина Жукова", "Шымкент-3"),
]  # fmt: skip
# username, password, role, team — printed at demo start like the others
CENTRE_USERS: list[tuple[str, str, Role, str | None]] = [
    ("qa2", "demo-qa2-pass", Role.QA, None),
    ("lead2", "demo-lead2-pass", Role.TEAM_LEAD, "Астана-2"),
    ("lead3", "demo-lead3-pass", Role.TEAM_LEAD, "Шымкент-3"),
]
QUEUES = {
    "support": "Первая линия поддержки / Бірінші желі",
    "billing": "Оплата и тарифы / Төлем және тарифтер",
}
AGENT_LINES = {  # checklist item id (default script) -> what the agent says when the item passes
    "greeting": "Здравствуйте, служба поддержки Е-қызмет, меня зовут {name}.",
    "identify_user": "Назовите, пожалуйста, ваш ИИН или логин.",
    "clarify_problem": "Уточните, пожалуйста, на каком шаге появляется ошибка?",
    "register_ticket": "Я зарегистрировал заявку, её номер {ticket}.",
    "inform_actions": "Сейчас проверю, подождите, пожалуйста, минуту.",
    "thank_patience": "Спасибо за ожидание.",
    "anything_else": "Остались ли у вас ещё вопросы?",
    "survey_invite": "Пожалуйста, оставайтесь на линии и оцените мою работу по пятибалльной шкале.",
    "farewell": "Всего доброго, до свидания!",
}
CALLER_LINES = [
    "У меня не получается войти в личный кабинет, пишет неверный пароль.",
    "Не проходит оплата по тарифу, деньги списались дважды.",
    "Как получить справку о несудимости через портал?",
    "Сайт выдаёт ошибку при подписании ЭЦП.",
    "Жеке кабинетке кіре алмай жүрмін, көмектесіңізші.",
    "Хочу сменить тариф на годовой, где это сделать?",
]
OVERRIDE_COMMENTS = [
    "Приветствие было, но тихо — распознавание пропустило.",
    "Номер заявки не назван.",
    "Клиента попросили подождать, пункт выполнен.",
    "Прощание оборвано, не засчитываю.",
]
FEEDBACK = [
    "Хорошо выявили потребность, но назовите номер заявки.",
    "Не забывайте просить оценить работу.",
    "Отличный звонок, спасибо!",
    "Старайтесь не держать клиента в тишине дольше 30 секунд.",
]


@dataclass
class Profile:
    """How an agent works: base skill, trend over the month, how callers rate him, his call volume."""

    skill: float
    trend: float
    rating_bias: float
    per_day: int


def _profiles(agents: list[Agent], rng: random.Random) -> dict[int, Profile]:
    out = {}
    for agent in agents:
        out[agent.id] = Profile(
            skill=rng.uniform(0.6, 0.95),
            trend=rng.choice([-0.15, -0.05, 0.0, 0.05, 0.1, 0.2]),
            rating_bias=rng.uniform(-0.8, 0.6),
            per_day=rng.randint(3, 7),
        )
    return out


def _org(session: Session) -> list[Agent]:
    agents = AgentRepository(session)
    for extension, name, team in NEW_AGENTS:
        if agents.by_extension(extension) is None:
            agents.add(extension, name, team)
    users = UserRepository(session)
    for username, password, role, lead_of in CENTRE_USERS:
        if users.by_username(username) is None:
            users.add(username, password, role, team=lead_of)
    for name, title in QUEUES.items():
        QueueRepository(session).get_or_create(name, title)
    return list(session.scalars(select(Agent).where(Agent.active.is_(True)).order_by(Agent.extension)))


def _next_id(session: Session, model: Any) -> int:
    return int(session.scalar(select(func.max(model.id))) or 0) + 1


class _Ids:
    def __init__(self, session: Session) -> None:
        self.next = {
            m: _next_id(session, m) for m in (Call, Transcript, Evaluation, ItemResult, SurveyResponse)
        }

    def take(self, model: Any) -> int:
        value = self.next[model]
        self.next[model] = value + 1
        return value


def _call_times(start: datetime, tz: str, profile: Profile, rng: random.Random) -> Iterable[datetime]:
    zone = zone_info(tz)
    for day in range(DAYS):
        date = (start + timedelta(days=day)).astimezone(zone)
        if date.weekday() >= 5 and rng.random() < 0.7:
            continue
        for _ in range(max(0, profile.per_day + rng.randint(-2, 2))):
            local = date.replace(
                hour=rng.randint(9, 18), minute=rng.randint(0, 59), second=rng.randint(0, 59)
            )
            yield local.astimezone(UTC)


def _segments(answers: dict[str, bool | None], name: str, rng: random.Random) -> list[dict[str, Any]]:
    t, out = 0.0, []
    lines: list[tuple[str, str]] = []
    for item_id, passed in answers.items():
        key = item_id if item_id in AGENT_LINES else None
        if key and passed:
            lines.append(
                ("agent", AGENT_LINES[key].format(name=name.split()[0], ticket=rng.randint(10000, 99999)))
            )
        if key == "greeting":
            lines.append(("caller", rng.choice(CALLER_LINES)))
    if not any(s == "caller" for s, _ in lines):
        lines.insert(0, ("caller", rng.choice(CALLER_LINES)))
    for speaker, line in lines:
        length = 1.0 + len(line) / 14
        out.append({"speaker": speaker, "start": round(t, 2), "end": round(t + length, 2), "text": line})
        t += length + rng.uniform(0.3, 6.0)
    return out


def generate(app: App, now: datetime | None = None, seed: int = 2026) -> dict[str, int]:
    """Write the month; returns what was written. Does nothing if generated calls exist already."""
    now = now or datetime.now(UTC)
    rng = random.Random(seed)
    tz = app.settings.reports.timezone
    with app.uow() as session:
        existing = session.scalar(select(func.count(Call.id)).where(Call.source == SOURCE)) or 0
        if existing:
            return {"calls": 0, "existing": existing}
        agents = _org(session)
        version, doc = active_document(session, app.settings.scoring.default_script)
        checklist = doc.checklist
        queues = [q.id for q in QueueRepository(session).list() if q.name in QUEUES]
        qa_ids = list(session.scalars(select(User.id).where(User.role == Role.QA, User.active.is_(True))))
        start = (now - timedelta(days=DAYS)).replace(hour=0, minute=0, second=0, microsecond=0)
        rows = _rows(
            session, agents, _profiles(agents, rng), checklist, version.id, queues, start, now, tz, rng
        )
        long_ago, recent = now - timedelta(days=400), now - timedelta(days=12)
        for agent in agents:  # hired long ago, but for two new agents (the sampling's new-agent rule)
            agent.created_at = recent if agent.extension in NEW_HIRES else long_ago
        counts = _insert(session, rows)
        counts["agents"], counts["teams"] = len(agents), len({a.team_id for a in agents})
        counts |= _qa_work(session, app, rows, qa_ids, now, rng)
    return counts


def _rows(
    session: Session,
    agents: list[Agent],
    profiles: dict[int, Profile],
    checklist: Checklist,
    version_id: int,
    queues: list[int],
    start: datetime,
    now: datetime,
    tz: str,
    rng: random.Random,
) -> dict[Any, list[dict[str, Any]]]:
    ids = _Ids(session)
    rows: dict[Any, list[dict[str, Any]]] = {
        m: [] for m in (Call, Transcript, Evaluation, ItemResult, SurveyResponse)
    }
    items = checklist.items
    for agent in agents:
        profile = profiles[agent.id]
        for started in _call_times(start, tz, profile, rng):
            if started >= now:
                continue
            progress = (started - start) / timedelta(days=DAYS)
            skill = min(0.99, max(0.3, profile.skill + profile.trend * progress))
            call_id = ids.take(Call)
            duration = rng.uniform(60, 540) * (1.6 if rng.random() < 0.05 else 1.0)
            language = rng.choices(["ru", "kk", "mixed"], [0.7, 0.25, 0.05])[0]
            rows[Call].append({
                "id": call_id, "external_id": f"gen-{call_id:06d}", "source": SOURCE, "direction": "inbound",
                "caller_number": f"+7701{rng.randint(1000000, 9999999)}", "agent_id": agent.id,
                "team_id": agent.team_id, "queue_id": rng.choice(queues), "language": language,
                "started_at": started, "answered_at": started + timedelta(seconds=rng.uniform(3, 40)),
                "ended_at": started + timedelta(seconds=duration), "duration_s": round(duration, 1),
                "hangup_by": rng.choice(["agent", "caller"]), "created_at": started,
            })  # fmt: skip
            answers: dict[str, bool | None] = {}
            for item in items:
                hard = 0.5 if item.criticality == "regulator" else 1.0
                p = 1 - (1 - skill) * hard if item.kind == "forbidden" else skill
                answers[item.id] = rng.random() < (0.995 if item.kind == "forbidden" else p)
            score, passed, critical = recompute(answers, checklist)
            segments = _segments(answers, agent.name, rng)
            rows[Transcript].append({
                "id": ids.take(Transcript), "call_id": call_id, "engine": "generated", "model": "",
                "language": "ru" if language == "mixed" else language, "status": "done", "segments": segments,
                "metrics": {}, "full_text": " ".join(s["text"] for s in segments), "redacted": True,
                "created_at": started,
            })  # fmt: skip
            eval_id = ids.take(Evaluation)
            rows[Evaluation].append({
                "id": eval_id, "call_id": call_id, "script_version_id": version_id, "kind": "auto",
                "is_current": True, "score": score, "passed": passed, "critical_failures": len(critical),
                "timings": {}, "created_at": started + timedelta(minutes=5),
            })  # fmt: skip
            for item in items:
                ok = answers[item.id]
                rows[ItemResult].append({
                    "id": ids.take(ItemResult), "evaluation_id": eval_id, "item_id": item.id, "passed": ok,
                    "auto_passed": ok, "weight": item.weight, "criticality": item.criticality,
                    "evidence": [], "reason": "" if ok else "не найдено в расшифровке", "overridden": False,
                })  # fmt: skip
            if rng.random() < 0.62:
                mood = 4.2 + profile.rating_bias + (score - 80) / 25 + rng.gauss(0, 0.8)
                rows[SurveyResponse].append({
                    "id": ids.take(SurveyResponse), "call_id": call_id, "agent_id": agent.id,
                    "queue_id": rows[Call][-1]["queue_id"], "channel": "demo",
                    "rating": int(min(5, max(1, round(mood)))),
                    "status": "completed", "attempts": 1, "language": rows[Transcript][-1]["language"],
                    "started_at": started + timedelta(seconds=duration), "created_at": started,
                    "finished_at": started + timedelta(seconds=duration + 9),
                })  # fmt: skip
            elif rng.random() < 0.5:
                rows[SurveyResponse].append({
                    "id": ids.take(SurveyResponse), "call_id": call_id, "agent_id": agent.id,
                    "queue_id": rows[Call][-1]["queue_id"], "channel": "demo", "rating": None,
                    "status": rng.choice(["no_input", "abandoned"]), "attempts": 3, "language": "ru",
                    "started_at": started + timedelta(seconds=duration), "created_at": started,
                })  # fmt: skip
    return rows


def _insert(session: Session, rows: dict[Any, list[dict[str, Any]]]) -> dict[str, int]:
    for model in (Call, Transcript, Evaluation, ItemResult, SurveyResponse):
        for chunk in range(0, len(rows[model]), 5000):
            session.execute(insert(model), rows[model][chunk : chunk + 5000])
    return {"calls": len(rows[Call]), "surveys": len(rows[SurveyResponse]), "answers": len(rows[ItemResult])}


def _qa_work(
    session: Session,
    app: App,
    rows: dict[Any, list[dict[str, Any]]],
    qa_ids: list[int],
    now: datetime,
    rng: random.Random,
) -> dict[str, int]:
    """Sample the QA queue week by week; reviews done for all but the latest run (some with overrides),
    agents' notices (most acknowledged), feedback and disputes."""
    cfg = app.settings.web.sampling
    for back in (21, 14, 7, 0):
        sample(session, cfg, now - timedelta(days=back))
    calls = {c["id"]: c for c in rows[Call]}
    evaluation_of = {e["call_id"]: e["id"] for e in rows[Evaluation]}
    items_of: dict[int, list[ItemResult]] = {}
    done = overrides = disputes = feedback = 0
    assignments = list(session.scalars(select(QaAssignment).where(QaAssignment.status == "open")))
    linked = select(User.agent_id, User.id).where(User.agent_id.is_not(None))
    agent_users = {agent_id: uid for agent_id, uid in session.execute(linked)}
    for a in assignments:
        call = calls.get(a.call_id)
        if call is None or a.due_at > now or rng.random() < 0.02:
            continue  # the latest run's calls are still to do (and a few overdue ones)
        reviewed = (call["started_at"] + timedelta(days=rng.randint(1, 3))).replace(
            hour=rng.randint(4, 12), minute=rng.randint(0, 59)
        )  # a working day in Almaty (UTC+5)
        if a.call_id not in items_of:
            ev = session.scalar(select(Evaluation).where(Evaluation.call_id == a.call_id))
            items_of[a.call_id] = list(ev.items) if ev else []
        outcome = "confirmed"
        if rng.random() < 0.3 and items_of[a.call_id]:
            row = rng.choice(items_of[a.call_id])
            row.passed, row.overridden = (not row.passed) if row.passed is not None else True, True
            row.override_comment, row.override_user_id, row.override_at = (
                rng.choice(OVERRIDE_COMMENTS),
                a.assignee_user_id,
                reviewed,
            )
            ev = row.evaluation
            ev.score, ev.passed, critical = recompute(items_of[a.call_id], _checklist_of(session, app))
            ev.critical_failures = len(critical)
            outcome, overrides = "overridden", overrides + 1
        a.status, a.outcome, a.completed_at, a.created_at = (
            "done",
            outcome,
            reviewed,
            call["started_at"] + timedelta(hours=12),
        )
        done += 1
        notice = AgentNotice(agent_id=call["agent_id"], call_id=a.call_id, kind="evaluation",
                             evaluation_id=evaluation_of.get(a.call_id),
                             author_user_id=a.assignee_user_id, created_at=reviewed)  # fmt: skip
        if rng.random() < 0.8:
            notice.acknowledged_at = reviewed + timedelta(hours=rng.uniform(1, 30))
            notice.acknowledged_by_user_id = agent_users.get(call["agent_id"])
        session.add(notice)
        if rng.random() < 0.35:
            fb = Feedback(call_id=a.call_id, author_user_id=a.assignee_user_id, agent_id=call["agent_id"],
                          text=rng.choice(FEEDBACK), created_at=reviewed)  # fmt: skip
            session.add(fb)
            feedback += 1
        if outcome == "overridden" and rng.random() < 0.25:
            target = next(i for i in items_of[a.call_id] if i.overridden)
            status = rng.choice(["open", "accepted", "rejected", "partially_accepted"])
            session.add(Dispute(item_result_id=target.id, raised_by_user_id=agent_users.get(call["agent_id"]),
                                comment="Я выполнил этот пункт, послушайте запись.", status=status,
                                created_at=reviewed + timedelta(hours=5),
                                resolved_by_user_id=None if status == "open" else a.assignee_user_id,
                                resolved_at=None if status == "open" else reviewed + timedelta(days=1),
                                resolution_comment=None if status == "open" else RESOLVED))  # fmt: skip
            disputes += 1
    session.flush()
    open_left = session.scalar(select(func.count(QaAssignment.id)).where(QaAssignment.status == "open")) or 0
    return {
        "reviews": done,
        "overrides": overrides,
        "disputes": disputes,
        "feedback": feedback,
        "queue": open_left,
    }


_CHECKLIST: dict[int, Checklist] = {}


def _checklist_of(session: Session, app: App) -> Checklist:
    version, doc = active_document(session, app.settings.scoring.default_script)
    return _CHECKLIST.setdefault(version.id, doc.checklist)


def centre_lines(app: App) -> list[str]:
    """`sapa demo` step: generate the month (once) and say what is there."""
    counts = generate(app)
    if counts.get("existing"):
        return [f"  {counts['existing']} generated calls already in the database (source = '{SOURCE}')"]
    logins = [f"  {r.value:<10} login {u:<8} password {p}" for u, p, r, _ in CENTRE_USERS]
    return [
        f"  GENERATED DATA: {counts['calls']} calls of the last {DAYS} days, {counts['agents']} agents in"
        f" {counts['teams']} teams, {len(QUEUES)} queues (external ids gen-…, source '{SOURCE}')",
        f"  {counts['surveys']} surveys, {counts['answers']} checklist answers,"
        f" {counts['reviews']} QA reviews ({counts['overrides']} with overrides),"
        f" {counts['feedback']} feedback notes, {counts['disputes']} disputes;"
        f" {counts['queue']} calls waiting in the QA work queue",
        *logins,
    ]
