"""Script editor (admins): edit YAML, errors at their line, diff against active, versions, activate."""

from __future__ import annotations

import difflib
import re
from typing import Annotated

from fastapi import APIRouter, Form, Request
from sqlalchemy.orm import Session
from starlette.responses import RedirectResponse, Response

from dialogue import load_script
from dialogue.exceptions import ScriptValidationError
from qa.catalogue import import_script
from storage.models import ScriptVersion, User
from storage.repositories.scripts import ScriptRepository
from web.deps import AdminUser, DbSession
from web.exceptions import PageNotFound
from web.i18n import N_
from web.templating import render

router = APIRouter()
_MESSAGE = re.compile(r"version \d+ (saved|saved and activated|active)")


@router.get("/scripts")
def scripts_page(request: Request, user: AdminUser, session: DbSession) -> Response:
    return render(request, "scripts.html", user, scripts=ScriptRepository(session).list_scripts())


def _diff_to_active(active: ScriptVersion | None, text: str) -> str:
    if active is None or text == active.content:
        return ""
    old, new = active.content.splitlines(keepends=True), text.splitlines(keepends=True)
    return "".join(difflib.unified_diff(old, new, fromfile=f"active v{active.version}", tofile="your edit"))


def _editor(
    request: Request,
    user: User,
    session: Session,
    name: str,
    text: str,
    *,
    errors: list[tuple[str, int, int, str]] | None = None,
    comment: str = "",
    status: int = 200,
    message: str = "",
) -> Response:
    repo = ScriptRepository(session)
    script = repo.find(name)
    active = repo.active_version(name) if script else None
    history = repo.history(name) if script else []
    diff = _diff_to_active(active, text)
    bad = sorted({line for _, line, _, _ in errors or []})
    return render(
        request,
        "script_edit.html",
        user,
        status_code=status,
        name=name,
        text=text,
        errors=errors or [],
        bad=",".join(map(str, bad)),
        diff=diff,
        active=active,
        history=list(reversed(history)),
        comment=comment,
        message=message,
    )


@router.get("/scripts/{name}")
def edit_page(
    request: Request,
    user: AdminUser,
    session: DbSession,
    name: str,
    version: int | None = None,
    message: str = "",
) -> Response:
    repo = ScriptRepository(session)
    row = repo.get_version(name, version) if version else repo.active_version(name)
    if row is None and repo.find(name) is None and name != "new":
        raise PageNotFound(N_("no dialogue script named %(v0)s"), v0=repr(name))
    shown = message if _MESSAGE.fullmatch(message) else ""  # only the redirects' own notes, no free text
    return _editor(request, user, session, name, row.content if row else "", message=shown)


@router.post("/scripts/{name}")
def save(
    request: Request,
    user: AdminUser,
    session: DbSession,
    name: str,
    content: Annotated[str, Form()],
    action: Annotated[str, Form()] = "validate",
    comment: Annotated[str, Form()] = "",
) -> Response:
    text = content.replace("\r\n", "\n")
    try:
        doc = load_script(text, f"{name}.yaml")
    except ScriptValidationError as exc:
        return _editor(request, user, session, name, text, errors=exc.errors, comment=comment, status=422)
    if action == "validate":
        return _editor(
            request, user, session, name, text, comment=comment, message=N_("The script is valid.")
        )
    row = import_script(
        session,
        text,
        user.username,
        comment.strip(),
        activate=action == "save_activate",
        source=f"{name}.yaml",
    )
    session.commit()
    done = "saved and activated" if action == "save_activate" else "saved"
    return RedirectResponse(f"/scripts/{doc.name}?message=version+{row.version}+{done}", status_code=303)


@router.post("/scripts/{name}/activate")
def activate(user: AdminUser, session: DbSession, name: str, version: Annotated[int, Form()]) -> Response:
    ScriptRepository(session).activate(name, version, user.username)
    session.commit()
    return RedirectResponse(f"/scripts/{name}?message=version+{version}+active", status_code=303)


@router.get("/scripts/{name}/diff")
def diff_page(request: Request, user: AdminUser, session: DbSession, name: str, a: int, b: int) -> Response:
    text = ScriptRepository(session).diff(name, a, b)
    return render(request, "script_diff.html", user, name=name, a=a, b=b, diff=text)
