"""Calibration: blind scoring by several QA specialists, agreement and deviation figures."""

from __future__ import annotations

import re

from sapa.wiring import App
from storage.models import CalibrationSession
from tests.web.conftest import csrf_of
from tests.web.seed import Seeded


def _score(client, sid: int, call_id: int, answers: dict[str, str]) -> None:
    form = client.get(f"/calibration/{sid}/calls/{call_id}").text
    assert "Спасибо за ожидание" in form  # the transcript is shown ...
    assert (
        "<mark>" not in form and "auto" not in form.lower().split("<main>")[1]
    )  # ... but no automatic answers
    data = {f"item:{k}": v for k, v in answers.items()} | {"csrf_token": csrf_of(form)}
    assert (
        client.post(f"/calibration/{sid}/calls/{call_id}", data=data, follow_redirects=False).status_code
        == 303
    )


def _cells(html: str, table: str) -> list[list[str]]:
    body = html.split(f'<table id="{table}">')[1].split("</table>")[0].split("<tbody>")[1]
    return [re.findall(r"<td[^>]*>(.*?)</td>", row) for row in body.split("</tr>") if "<td" in row]


def test_blind_calibration_results(client_for, web_app: App, seeded: Seeded) -> None:
    c1, c2 = seeded.calls["c-1001-0"], seeded.calls["c-1001-1"]  # auto: greeting yes / no, farewell yes
    qa, qa2 = client_for("qa"), client_for("qa2")
    r = qa.post(
        "/calibration",
        data={
            "name": "week 46",
            "calls": "c-1001-0, c-1001-1",
            "csrf_token": csrf_of(qa.get("/calibration").text),
        },
        follow_redirects=False,
    )
    sid = int(r.headers["location"].rsplit("/", 1)[1])
    _score(qa, sid, c1, {"greeting": "yes", "farewell": "yes"})
    assert 'id="raters"' not in qa.get(f"/calibration/{sid}").text  # results only after scoring every call
    _score(qa, sid, c2, {"greeting": "no", "farewell": "yes"})  # agrees with the scorer everywhere
    _score(qa2, sid, c1, {"greeting": "no", "farewell": "yes"})  # disagrees on greeting of call 1
    _score(qa2, sid, c2, {"greeting": "no", "farewell": "na"})  # and on farewell of call 2
    page = qa.get(f"/calibration/{sid}").text
    raters = {row[0]: row[1:] for row in _cells(page, "raters")}
    assert raters["qa"] == ["4", "100.0", "0.0"]
    # qa2: 2 of 4 answers equal the scorer; call 1 score 50 vs 100, call 2 score 0 vs 50 -> mean |dev| 50
    assert raters["qa2"] == ["4", "50.0", "50.0"]
    items = {row[0]: row[1:] for row in _cells(page, "items")}
    assert items["greeting"] == ["4", "50.0", "75.0"]  # QA pairs agree on call 2 only; 3 of 4 equal auto
    assert items["farewell"] == ["4", "50.0", "75.0"]
    qa.post(f"/calibration/{sid}/close", data={"csrf_token": csrf_of(page)})
    with web_app.uow() as session:
        assert session.get(CalibrationSession, sid).closed
    r = qa.post(
        f"/calibration/{sid}/calls/{c1}",
        data={"item:greeting": "no", "item:farewell": "no", "csrf_token": csrf_of(page)},
    )
    assert r.status_code == 400


def test_unknown_call_ids_are_a_clear_error(client_for, seeded: Seeded) -> None:
    qa = client_for("qa")
    r = qa.post(
        "/calibration", data={"name": "x", "calls": "nope-1", "csrf_token": csrf_of(qa.get("/calls").text)}
    )
    assert r.status_code == 400 and "nope-1" in r.text
