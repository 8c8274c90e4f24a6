"""Call list filters and keyset paging."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

from sapa.wiring import App
from storage.models import Agent, Call, Transcript
from tests.web.seed import Seeded

ROW = re.compile(r'<a href="/calls/(\d+)">')


def ids(html: str) -> list[int]:
    return [int(x) for x in ROW.findall(html)]


def cursor(html: str, which: str) -> str | None:
    m = re.search(rf'id="{which}" href="([^"]+)"', html)
    return m.group(1).replace("&amp;", "&") if m else None


def test_filters(client_for, seeded: Seeded) -> None:
    qa = client_for("qa")
    c = seeded.calls

    def got(query: str) -> set[int]:
        r = qa.get(f"/calls?{query}")
        assert r.status_code == 200, r.text
        return set(ids(r.text))

    assert got("agent=1002") == {c["c-1002-0"], c["c-1002-1"], c["c-1002-2"]}
    assert got("team=south") == {c["c-2001-0"], c["c-2001-1"], c["c-2001-2"]}
    assert got("language=kk") == {c["c-1001-2"], c["c-1002-2"], c["c-2001-2"]}
    assert got("item=greeting&failed=1") == {c["c-1001-1"], c["c-1002-1"], c["c-2001-1"]}
    assert got("item=greeting&failed=1&agent=1001&period=2026-11") == {c["c-1001-1"]}
    assert got("period=2026-10") == set()
    assert got("score_max=60") == got("item=greeting&failed=1")
    assert got("score_min=90&agent=1001") == {c["c-1001-0"], c["c-1001-2"]}
    assert got("survey=completed") == {c["c-1001-0"], c["c-1002-0"], c["c-2001-0"]}
    assert got("survey=none&agent=2001") == {c["c-2001-1"], c["c-2001-2"]}
    rated = got("rating=4")
    assert rated and rated <= got("survey=completed")
    assert got("q=алло") == {c["c-1001-1"], c["c-1002-1"], c["c-2001-1"]}  # 'Алло': Cyrillic case folded
    assert got("q=100%25") == set()  # LIKE wildcards are escaped
    assert got("date_from=2026-11-10&date_to=2026-11-10&agent=1001") == {
        c["c-1001-0"],
        c["c-1001-1"],
        c["c-1001-2"],
    }
    assert got("date_from=2026-11-11") == set()


def test_bad_filter_values_are_400(client_for, seeded: Seeded) -> None:
    qa = client_for("qa")
    for query in (
        "period=2026-13",
        "score_min=abc",
        "rating=x",
        "survey=maybe",
        "date_from=yesterday",
        "after=999999",
    ):
        r = qa.get(f"/calls?{query}")
        assert r.status_code == 400, query


def test_drill_down_links_of_reports(client_for, seeded: Seeded, web_app: App) -> None:
    with web_app.uow() as session:
        session.get(Call, seeded.calls["c-1001-2"]).duration_s = 2000.0
    qa = client_for("qa")
    assert set(ids(qa.get("/calls?long=1").text)) == {seeded.calls["c-1001-2"]}
    assert ids(qa.get("/calls?critical=1").text) == []


def test_keyset_paging_walks_every_call_once(client_for, web_app: App, seeded: Seeded) -> None:
    with web_app.uow() as session:  # 9 seeded + 8 more with equal start times (ties broken by id)
        agent = session.query(Agent).filter_by(extension="1001").one()
        same = datetime(2026, 11, 12, 9, 0, tzinfo=UTC)
        for k in range(8):
            session.add(
                Call(
                    external_id=f"tie-{k}",
                    agent_id=agent.id,
                    team_id=agent.team_id,
                    started_at=same if k < 5 else same - timedelta(hours=k),
                )
            )
    qa = client_for("qa")
    seen: list[int] = []
    page = qa.get("/calls").text
    pages = [ids(page)]
    while (nxt := cursor(page, "older")) is not None:
        page = qa.get(nxt).text
        pages.append(ids(page))
    seen = [i for p in pages for i in p]
    assert len(seen) == 17 and len(set(seen)) == 17
    assert all(len(p) == 5 for p in pages[:-1])
    back = cursor(page, "newer")
    assert back is not None and ids(qa.get(back).text) == pages[-2]
    assert cursor(qa.get("/calls").text, "newer") is None


def test_search_uses_transcript_text_only_of_visible_calls(client_for, web_app: App, seeded: Seeded) -> None:
    with web_app.uow() as session:
        session.add(
            Transcript(call_id=seeded.calls["c-2001-0"], engine="import", full_text="уникальноеслово")
        )
    assert ids(client_for("qa").get("/calls?q=УНИКАЛЬНОЕСЛОВО").text) == [seeded.calls["c-2001-0"]]
    assert ids(client_for("agent1").get("/calls?q=уникальноеслово").text) == []
