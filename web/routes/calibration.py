"""Calibration sessions: QA specialists score the same calls blind; results compare them and the scorer."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from sqlalchemy import delete, select
from sqlalchemy.orm import Session
from starlette.responses import RedirectResponse, Response

from storage.models import (
    CalibrationAnswer,
    CalibrationCall,
    CalibrationSession,
    Call,
    Evaluation,
    Role,
    Transcript,
    User,
)
from storage.repositories.audit import AuditRepository
from web.deps import DbSession, QaUser
from web.exceptions import BadRequest, Forbidden, PageNotFound
from web.i18n import N_
from web.queries.calibration import answered_calls, calls_of, item_rows, rater_rows
from web.queries.checklists import titles_for_version
from web.queries.review import build_lines, current_evaluation
from web.services import parse_answer
from web.templating import render, request_language

router = APIRouter()


@router.get("/calibration")
def sessions_page(request: Request, user: QaUser, session: DbSession) -> Response:
    rows = list(session.scalars(select(CalibrationSession).order_by(CalibrationSession.id.desc()).limit(100)))
    return render(request, "calibration_list.html", user, sessions=rows)


def _pick_calls(session: Session, external_ids: str, latest: int) -> list[int]:
    ids = [x.strip() for x in external_ids.replace("\n", ",").split(",") if x.strip()]
    if ids:
        found = dict(
            session.execute(select(Call.external_id, Call.id).where(Call.external_id.in_(ids))).all()
        )
        missing = [x for x in ids if x not in found]
        if missing:
            raise BadRequest(N_("unknown call ids: %(v0)s"), v0=", ".join(missing))
        return [found[x] for x in ids]
    scored = (
        select(Evaluation.call_id)
        .where(Evaluation.is_current.is_(True), Evaluation.kind == "auto")
        .order_by(Evaluation.id.desc())
        .limit(max(1, min(latest, 50)))
    )
    return list(dict.fromkeys(session.scalars(scored)))


@router.post("/calibration")
def create_session(
    user: QaUser,
    session: DbSession,
    name: Annotated[str, Form()],
    calls: Annotated[str, Form()] = "",
    latest: Annotated[int, Form()] = 5,
) -> Response:
    if not name.strip():
        raise BadRequest(N_("give the session a name"))
    call_ids = _pick_calls(session, calls, latest)
    if not call_ids:
        raise BadRequest(N_("no scored calls to calibrate on"))
    cal = CalibrationSession(name=name.strip(), created_by_user_id=user.id)
    session.add(cal)
    session.flush()
    session.add_all(CalibrationCall(session_id=cal.id, call_id=cid) for cid in call_ids)
    AuditRepository(session).record(
        user.username,
        "calibration_created",
        "calibration",
        cal.id,
        {"calls": len(call_ids)},
        actor_user_id=user.id,
    )
    session.commit()
    return RedirectResponse(f"/calibration/{cal.id}", status_code=303)


def _session(session: Session, sid: int) -> CalibrationSession:
    cal = session.get(CalibrationSession, sid)
    if cal is None:
        raise PageNotFound(N_("no calibration session %(v0)s"), v0=sid)
    return cal


@router.get("/calibration/{sid}")
def session_page(request: Request, user: QaUser, session: DbSession, sid: int) -> Response:
    cal = _session(session, sid)
    call_ids = calls_of(session, sid)
    done = answered_calls(session, sid, user.id)
    calls = list(session.scalars(select(Call).where(Call.id.in_(call_ids)))) if call_ids else []
    show = cal.closed or user.role == Role.ADMIN or set(call_ids) <= done
    return render(
        request,
        "calibration_session.html",
        user,
        cal=cal,
        calls=calls,
        done=done,
        show=show,
        raters=rater_rows(session, sid) if show else [],
        items=item_rows(session, sid) if show else [],
    )


def _blind_call(session: Session, sid: int, call_id: int) -> tuple[CalibrationSession, Call, Evaluation]:
    cal = _session(session, sid)
    if call_id not in calls_of(session, sid):
        raise PageNotFound(N_("call %(v0)s is not in this session"), v0=call_id)
    call = session.get(Call, call_id)
    evaluation = current_evaluation(session, call_id)
    if call is None or evaluation is None:
        raise PageNotFound(N_("the call has no automatic evaluation to calibrate against"))
    return cal, call, evaluation


@router.get("/calibration/{sid}/calls/{call_id}")
def score_form(request: Request, user: QaUser, session: DbSession, sid: int, call_id: int) -> Response:
    cal, call, evaluation = _blind_call(session, sid, call_id)
    titles = titles_for_version(session, evaluation.script_version_id, request_language(request, user))
    mine = dict(
        session.execute(
            select(CalibrationAnswer.item_id, CalibrationAnswer.passed).where(
                CalibrationAnswer.session_id == sid,
                CalibrationAnswer.call_id == call_id,
                CalibrationAnswer.user_id == user.id,
            )
        ).all()
    )
    transcript = build_lines(_segments(session, call_id), [])  # no evidence: blind
    items = [(i.item_id, titles.get(i.item_id, i.item_id)) for i in evaluation.items]
    return render(
        request,
        "calibration_score.html",
        user,
        cal=cal,
        call=call,
        lines=transcript,
        items=items,
        mine=mine,
        has_audio=bool(call.recording_path),
    )


def _segments(session: Session, call_id: int) -> list[object]:
    tr = session.scalar(
        select(Transcript)
        .where(Transcript.call_id == call_id, Transcript.status == "done")
        .order_by(Transcript.id.desc())
        .limit(1)
    )
    return list(tr.segments) if tr else []


@router.post("/calibration/{sid}/calls/{call_id}")
async def save_answers(
    request: Request, user: QaUser, session: DbSession, sid: int, call_id: int
) -> Response:
    cal, _call, evaluation = _blind_call(session, sid, call_id)
    if cal.closed:
        raise BadRequest(N_("this calibration session is closed"))
    if set(calls_of(session, sid)) <= answered_calls(session, sid, user.id):
        # the results (colleagues' and the scorer's answers) are shown once every call is scored:
        # changing answers after seeing them would make the calibration no longer blind
        raise BadRequest(N_("you have scored every call and seen the results; your answers are locked"))
    form = await request.form()
    answers = {i.item_id: parse_answer(str(form.get(f"item:{i.item_id}", ""))) for i in evaluation.items}
    _replace_answers(session, sid, call_id, user, answers)
    session.commit()
    return RedirectResponse(f"/calibration/{sid}", status_code=303)


def _replace_answers(
    session: Session, sid: int, call_id: int, user: User, answers: dict[str, bool | None]
) -> None:
    session.execute(
        delete(CalibrationAnswer).where(
            CalibrationAnswer.session_id == sid,
            CalibrationAnswer.call_id == call_id,
            CalibrationAnswer.user_id == user.id,
        )
    )
    session.add_all(
        CalibrationAnswer(session_id=sid, call_id=call_id, user_id=user.id, item_id=item, passed=p)
        for item, p in answers.items()
    )


@router.post("/calibration/{sid}/close")
def close_session(user: QaUser, session: DbSession, sid: int) -> Response:
    cal = _session(session, sid)
    if user.role != Role.ADMIN and cal.created_by_user_id != user.id:
        raise Forbidden(N_("only the QA specialist who created the session (or an admin) closes it"))
    cal.closed = True
    AuditRepository(session).record(
        user.username, "calibration_closed", "calibration", sid, {}, actor_user_id=user.id
    )
    session.commit()
    return RedirectResponse(f"/calibration/{sid}", status_code=303)
