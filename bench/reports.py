"""Benchmark: a monthly agent scorecard over 1,000,000 calls of 200 agents, on SQLite and PostgreSQL.

    .venv/bin/python bench/reports.py                 # 1,000,000 calls, both backends
    .venv/bin/python bench/reports.py --calls 50000 --backends sqlite

Data: the calls of 2026 spread evenly over the year in id order, as a live system inserts them (about
83,000 in November), 60 % offered the survey
and 70 % of those rated, every call auto-evaluated (2 % also reviewed by a human) with 14 checklist answers
(14 million item_results rows at 1M calls). Calls, surveys and evaluations are generated in Python and
bulk-inserted (executemany on SQLite, COPY on PostgreSQL); the item answers are derived from the
evaluations by one INSERT ... SELECT. Timings (best of 3, after one warm-up run):
  * baseline: SELECT COUNT(*) over all calls and over the month's calls (same run, same tables);
  * one agent's monthly scorecard: all metric queries + HTML with charts (`sapa report --agent`);
  * the monthly report for all agents: SQL only, and SQL + HTML of 200 scorecards.
Target: one agent's monthly scorecard <= 2 s on each backend.
"""

from __future__ import annotations

import argparse
import json
import random
import sqlite3
import sys
import time
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import create_engine, text

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from reports.assemble import build_report
from reports.config import ReportsConfig
from reports.periods import parse_period
from reports.render import render_html
from storage import migrate
from storage.db import make_engine, make_session_factory

PG_SERVER = "postgresql+psycopg://postgres@127.0.0.1:5432/test"
PG_DB = "sapa_bench_reports"
ITEMS = ["greeting", "identify_user", "clarify_problem", "register_ticket", "inform_actions",
         "thank_patience", "anything_else", "survey_invite", "farewell", "no_filler_words", "no_profanity",
         "no_rudeness", "no_password_request", "no_staff_disclosure"]  # fmt: skip
YEAR_START = datetime(2025, 12, 31, 19, 0, tzinfo=UTC)  # 1 Jan 2026 00:00 in Almaty
YEAR_SECONDS = 365 * 86400
CHUNK = 50_000


def _ts(dt: datetime, sqlite: bool) -> Any:
    return dt.strftime("%Y-%m-%d %H:%M:%S.%f") if sqlite else dt


def _evaluations(rng: random.Random, call_id: int, duration: float, created: Any) -> list[tuple]:
    rows = []
    for kind in ("auto", "human") if rng.random() < 0.02 else ("auto",):
        score = max(0.0, min(100.0, rng.gauss(82, 12)))
        talk, caller = duration * rng.uniform(0.3, 0.6), duration * rng.uniform(0.2, 0.4)
        timings = {"agent_talk_s": talk, "caller_talk_s": caller, "call_length_s": duration,
                   "total_silence_s": max(0.0, duration - talk - caller)}  # fmt: skip
        crit = 1 if rng.random() < 0.03 else 0
        rows.append(
            [call_id, kind, True, score, score >= 70 and not crit, crit, json.dumps(timings), created]
        )
    return rows


def generate(n_calls: int, n_agents: int, sqlite: bool, seed: int = 7) -> Iterator[tuple[str, list[tuple]]]:
    """Chunks of rows: ("calls"|"survey_responses"|"evaluations", rows)."""
    rng = random.Random(seed)
    created = _ts(datetime(2027, 1, 1, tzinfo=UTC), sqlite)
    eval_id = 0
    for start in range(0, n_calls, CHUNK):
        calls, surveys, evals = [], [], []
        for call_id in range(start + 1, min(start + CHUNK, n_calls) + 1):
            agent, queue = rng.randrange(n_agents) + 1, 1 + call_id % 2
            offset = (call_id - 1) * YEAR_SECONDS / n_calls + rng.uniform(0, YEAR_SECONDS / n_calls)
            began = _ts(YEAR_START + timedelta(seconds=offset), sqlite)  # ids grow with time, as in life
            duration = rng.lognormvariate(5.6, 0.6)
            lang = "kk" if rng.random() < 0.3 else "ru"
            team = (agent - 1) // 20 + 1
            call = (call_id, f"b{call_id}", "demo", "inbound", agent, team, queue, lang, began, duration)
            calls.append((*call, created))
            if rng.random() < 0.6:
                done = rng.random() < 0.7
                rating = rng.choices([1, 2, 3, 4, 5], [5, 5, 10, 30, 50])[0] if done else None
                status = "completed" if done else "no_input"
                surveys.append(
                    (call_id, call_id, agent, queue, "demo", rating, status, 1, lang, began, created)
                )
            for row in _evaluations(rng, call_id, duration, created):
                eval_id += 1
                evals.append((eval_id, *row))
        yield "calls", calls
        yield "survey_responses", surveys
        yield "evaluations", evals


COLUMNS = {
    "calls": "id, external_id, source, direction, agent_id, team_id, queue_id, language, started_at, "
    "duration_s, created_at",
    "survey_responses": "id, call_id, agent_id, queue_id, channel, rating, status, attempts, language, "
    "started_at, created_at",
    "evaluations": "id, call_id, kind, is_current, score, passed, critical_failures, timings, created_at",
}


def item_sql(sqlite: bool) -> str:
    rand = "(abs(random()) % 1000) / 1000.0" if sqlite else "random()"
    items = " UNION ALL ".join(
        f"SELECT '{i}' AS item_id, {0.80 + 0.01 * k} AS p" for k, i in enumerate(ITEMS)
    )
    true, false = ("1", "0") if sqlite else ("true", "false")
    return (
        "INSERT INTO item_results (evaluation_id, item_id, passed, auto_passed, weight, criticality, "
        "evidence, reason, overridden) SELECT e.id, i.item_id, "
        f"CASE WHEN {rand} < i.p THEN {true} ELSE {false} END, "
        f"NULL, 1.0, 'client', '[]', '', {false} FROM evaluations e CROSS JOIN ({items}) i"
    )


ITEM_INDEXES = {
    "ix_item_results_evaluation": "item_results (evaluation_id)",
    "ix_item_results_item_passed": "item_results (item_id, passed)",
}


def load_items(execute: Callable[[str], Any], sqlite: bool) -> None:
    """14 answers per evaluation by one INSERT ... SELECT; indexes dropped first and rebuilt after."""
    for name in ITEM_INDEXES:
        execute(f"DROP INDEX {name}")
    execute(item_sql(sqlite))
    for name, target in ITEM_INDEXES.items():
        execute(f"CREATE INDEX {name} ON {target}")


def org_rows(n_agents: int) -> list[str]:
    teams = (n_agents + 19) // 20
    now = "'2027-01-01 00:00:00.000000'"
    stmts = [
        f"INSERT INTO teams (id, name, created_at) VALUES ({t}, 'Team {t}', {now})"
        for t in range(1, teams + 1)
    ]
    stmts += [f"INSERT INTO queues (id, name, title, created_at) VALUES ({q}, 'q{q}', 'Queue {q}', {now})"
              for q in (1, 2)]  # fmt: skip
    stmts += [
        f"INSERT INTO agents (id, extension, name, team_id, active, created_at) "
        f"VALUES ({a}, '{1000 + a}', 'Agent {a}', {(a - 1) // 20 + 1}, true, {now})"
        for a in range(1, n_agents + 1)
    ]
    return stmts


def load_sqlite(path: Path, n_calls: int, n_agents: int) -> str:
    path.unlink(missing_ok=True)
    url = f"sqlite:///{path}"
    migrate.upgrade(url)
    con = sqlite3.connect(path)
    for pragma in ("journal_mode=OFF", "synchronous=OFF", "cache_size=-400000", "temp_store=MEMORY"):
        con.execute(f"PRAGMA {pragma}")
    for stmt in org_rows(n_agents):
        con.execute(stmt)
    for table, rows in generate(n_calls, n_agents, sqlite=True):
        marks = ", ".join("?" * len(rows[0])) if rows else ""
        if rows:
            con.executemany(f"INSERT INTO {table} ({COLUMNS[table]}) VALUES ({marks})", rows)
    load_items(con.execute, sqlite=True)
    con.commit()
    con.execute("ANALYZE")
    con.execute("PRAGMA journal_mode=WAL")
    con.close()
    return url


def load_postgres(n_calls: int, n_agents: int) -> str:
    admin = create_engine(PG_SERVER, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{PG_DB}" WITH (FORCE)'))
        conn.execute(text(f'CREATE DATABASE "{PG_DB}"'))
    admin.dispose()
    url = PG_SERVER.rsplit("/", 1)[0] + f"/{PG_DB}"
    migrate.upgrade(url)
    import psycopg

    with psycopg.connect(url.replace("postgresql+psycopg", "postgresql")) as con, con.cursor() as cur:
        for stmt in org_rows(n_agents):
            cur.execute(stmt)
        for table, rows in generate(n_calls, n_agents, sqlite=False):
            with cur.copy(f"COPY {table} ({COLUMNS[table]}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
        load_items(cur.execute, sqlite=False)
        con.commit()
    with psycopg.connect(url.replace("postgresql+psycopg", "postgresql"), autocommit=True) as con:
        con.execute("VACUUM ANALYZE")
    return url


def best(fn: Callable[[], Any], runs: int = 3) -> float:
    fn()  # warm-up
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return min(times)


def measure(url: str, label: str) -> dict[str, float]:
    cfg = ReportsConfig()
    period = parse_period("2026-11")
    engine = make_engine(url)
    sessions = make_session_factory(engine)
    start, end = period.utc_range(cfg.timezone)
    out: dict[str, float] = {}

    def count_all() -> None:
        with engine.connect() as c:
            c.execute(text("SELECT COUNT(*) FROM calls")).scalar()

    def count_month() -> None:
        with sessions() as s:
            from sqlalchemy import func, select

            from storage.models import Call

            s.scalar(select(func.count()).where(Call.started_at >= start, Call.started_at < end))

    def one_agent() -> None:
        with sessions() as s:
            render_html(build_report(s, cfg, period, "agent", agent="1001"), cfg)

    def all_sql() -> None:
        with sessions() as s:
            build_report(s, cfg, period, "agent")

    def all_html() -> None:
        with sessions() as s:
            render_html(build_report(s, cfg, period, "agent"), cfg)

    for name, fn in (("count_all", count_all), ("count_month", count_month), ("one_agent", one_agent),
                     ("all_agents_sql", all_sql), ("all_agents_html", all_html)):  # fmt: skip
        out[name] = best(fn)
        print(f"  {label:<10} {name:<16} {out[name]:8.3f} s", flush=True)
    engine.dispose()
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--calls", type=int, default=1_000_000)
    ap.add_argument("--agents", type=int, default=200)
    ap.add_argument("--backends", default="sqlite,postgres")
    ap.add_argument("--sqlite-path", type=Path, default=Path("/tmp/sapa-bench-reports.db"))
    ap.add_argument("--reuse", action="store_true", help="Measure the databases of an earlier run again.")
    args = ap.parse_args()
    results = {}
    for backend in args.backends.split(","):
        t0 = time.perf_counter()
        if args.reuse:
            url = (
                f"sqlite:///{args.sqlite_path}"
                if backend == "sqlite"
                else PG_SERVER.rsplit("/", 1)[0] + f"/{PG_DB}"
            )
            results[backend] = measure(url, backend)
            continue
        if backend == "sqlite":
            url = load_sqlite(args.sqlite_path, args.calls, args.agents)
        else:
            url = load_postgres(args.calls, args.agents)
        print(f"{backend}: generated {args.calls:,} calls / {args.agents} agents in "
              f"{time.perf_counter() - t0:.1f} s", flush=True)  # fmt: skip
        results[backend] = measure(url, backend)
    ok = all(r["one_agent"] <= 2.0 for r in results.values())
    for backend, r in results.items():
        print(f"{backend}: one agent's monthly scorecard {r['one_agent']:.3f} s "
              f"({r['one_agent'] / r['count_all']:.1f}x a COUNT(*) over all calls); "
              f"all {args.agents} agents: "
              f"SQL {r['all_agents_sql']:.3f} s, with HTML {r['all_agents_html']:.3f} s")  # fmt: skip
    print("target (one agent <= 2 s):", "met" if ok else "MISSED")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
