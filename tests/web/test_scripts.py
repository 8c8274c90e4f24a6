"""Script editor: errors at their line, nothing stored when invalid, versions, diff, activate, roll back."""

from __future__ import annotations

from sqlalchemy import select

from sapa.wiring import App
from storage.models import AuditEntry, ScriptVersion
from storage.repositories.scripts import ScriptRepository
from tests.dialogue.scripts import GOOD, at, edit
from tests.web.conftest import csrf_of


def _post(client, name: str, content: str, action: str, comment: str = ""):
    token = csrf_of(client.get("/scripts").text)
    return client.post(
        f"/scripts/{name}",
        data={"content": content, "action": action, "comment": comment, "csrf_token": token},
        follow_redirects=False,
    )


def test_invalid_script_shows_error_at_its_line_and_stores_nothing(client_for, web_app: App, seeded) -> None:
    admin = client_for("admin")
    bad = edit("      next: choose", "      next: nowhere")
    line, _ = at(bad, "next: nowhere")
    r = _post(admin, "tiny", bad, "save")
    assert r.status_code == 422
    assert f'data-line="{line}">line {line},' in r.text and "nowhere" in r.text
    bad_lines = r.text.split('data-bad="')[1].split('"')[0].split(",")
    assert str(line) in bad_lines
    assert "next: nowhere" in r.text  # the edit is kept in the editor
    with web_app.uow() as session:
        assert session.scalar(select(ScriptVersion)) is None


def test_save_activate_diff_and_roll_back(client_for, web_app: App, seeded) -> None:
    admin = client_for("admin")
    r = _post(admin, "tiny", GOOD, "save_activate", "first")
    assert r.status_code == 303 and r.headers["location"].startswith("/scripts/tiny?message=version+1")
    changed = edit("    ru: До свидания", "    ru: Всего доброго")
    preview = _post(admin, "tiny", changed, "validate")
    assert preview.status_code == 200 and "The script is valid." in preview.text
    assert "-    ru: До свидания" in preview.text and "+    ru: Всего доброго" in preview.text
    _post(admin, "tiny", changed, "save", "nicer goodbye")
    with web_app.uow() as session:
        repo = ScriptRepository(session)
        assert [v.version for v in repo.history("tiny")] == [1, 2]
        assert repo.active_version("tiny").version == 1  # saved, not activated
    page = admin.get("/scripts/tiny").text
    assert "nicer goodbye" in page and "activate" in page
    admin.post("/scripts/tiny/activate", data={"version": "2", "csrf_token": csrf_of(page)})
    page = admin.get("/scripts/tiny").text
    assert "roll back to this" in page
    admin.post("/scripts/tiny/activate", data={"version": "1", "csrf_token": csrf_of(page)})
    with web_app.uow() as session:
        assert ScriptRepository(session).active_version("tiny").version == 1
        actions = [a.action for a in session.scalars(select(AuditEntry).order_by(AuditEntry.id))]
        assert "script.rollback" in actions and actions.count("script.import") == 2
    diff = admin.get("/scripts/tiny/diff?a=1&b=2").text
    assert "+    ru: Всего доброго" in diff
    assert "До свидания" in admin.get("/scripts/tiny?version=1").text


def test_script_text_is_escaped_in_the_editor(client_for, seeded) -> None:
    admin = client_for("admin")
    r = _post(
        admin,
        "tiny",
        GOOD.replace("title: Tiny test script", "title: </textarea><script>x()</script>"),
        "validate",
    )
    assert "</textarea><script>x()" not in r.text and "&lt;/textarea&gt;&lt;script&gt;" in r.text
