"""Issue 11: the web and the reports show the same item title for the same id (both read the script
catalogue, qa.catalogue)."""

from __future__ import annotations

from collections.abc import Callable
from html import escape

from fastapi.testclient import TestClient
from sqlalchemy import select

from dialogue import default_script_path, load_script_file
from qa.catalogue import item_titles
from sapa.cli import main
from sapa.wiring import App
from storage.models import Call
from tests.conftest import REPO
from tests.web.seed import Seeded

DEMO = REPO / "scoring" / "demo" / "demo-bank-01.json"


def test_call_page_and_scorecard_use_the_same_item_titles(
    web_app: App, seeded: Seeded, client_for: Callable[[str], TestClient]
) -> None:
    assert main(["--database-url", web_app.settings.database.url, "score", str(DEMO), "--save"]) == 0
    titles = item_titles(load_script_file(default_script_path()))
    with web_app.uow() as session:
        call_id = session.scalars(select(Call.id).where(Call.external_id == "demo-bank-01")).one()
    client = client_for("qa")
    call_page = client.get(f"/calls/{call_id}").text
    report = client.get("/scorecards/report?by=agent").text
    for item_id in ("greeting", "farewell", "no_password_request"):
        title = escape(titles[item_id], quote=False)
        assert title != item_id and title in call_page and title in report, item_id
