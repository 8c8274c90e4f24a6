"""Bug 3 (issue 11): a transcript scored with `sapa score --save` shows on the call page with its
evidence (it used to say "No transcript yet")."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from fastapi.testclient import TestClient
from sqlalchemy import select

from sapa.cli import main
from sapa.wiring import App
from storage.models import Call
from tests.conftest import REPO
from tests.web.seed import Seeded

DEMO = REPO / "scoring" / "demo" / "demo-telecom-02.json"


def test_call_scored_from_the_cli_shows_its_transcript(
    web_app: App, seeded: Seeded, client_for: Callable[[str], TestClient], tmp_path: Path
) -> None:
    assert main(["--database-url", web_app.settings.database.url, "score", str(DEMO), "--save"]) == 0
    with web_app.uow() as session:
        call_id = session.scalars(select(Call.id).where(Call.external_id == "demo-telecom-02")).one()
    page = client_for("qa").get(f"/calls/{call_id}")
    assert page.status_code == 200
    assert "No transcript yet" not in page.text
    segments = json.loads(DEMO.read_text(encoding="utf-8"))["segments"]
    said = [s["text"] for s in segments if s["speaker"] == "caller"]
    assert all(text in page.text for text in said)  # the caller's words are only in the transcript
