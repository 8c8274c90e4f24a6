"""`sapa score` and `sapa score-eval` as a user runs them (in-process `sapa.cli.main`)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import create_engine, select
from sqlalchemy.orm import Session

from sapa.cli import main
from scoring.evaluate import evaluate
from storage.models import Call, Evaluation, Transcript

REPO = Path(__file__).resolve().parents[2]
DEMO = REPO / "scoring" / "demo"


def _run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(["--database-url", f"sqlite:///{Path.cwd() / 'never.db'}", *args])
    out = capsys.readouterr()
    return code, out.out, out.err


@pytest.fixture(autouse=True)
def _in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)


def test_score_json_without_database(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, out, _ = _run(capsys, "score", str(DEMO / "demo-telecom-02.json"), "--json")
    assert code == 0
    result = json.loads(out)
    assert result["script"] == "support-first-line" and result["version"] is None
    assert result["passed"] is False and "no_password_request" in result["critical_failures"]
    assert result["items"]["no_filler_words"]["evidence"][0]["match"] == "короче"
    assert not (tmp_path / "never.db").exists()


def test_score_text_and_bad_input(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, out, _ = _run(capsys, "score", str(DEMO / "demo-bank-01.json"))
    assert code == 0 and "PASSED" in out and "greeting" in out
    bad = tmp_path / "bad.json"
    bad.write_text('{"call_id": "x", "segments": [{"speaker": "robot"}]}', encoding="utf-8")
    code, _, err = _run(capsys, "score", str(bad))
    assert code == 1 and err.count("\n") == 1 and "not a transcript" in err
    code, _, err = _run(capsys, "score", str(DEMO / "demo-bank-01.json"), "--script", "no-such-script")
    assert code == 1 and "no-such-script" in err


def _stored(db: Path, external_id: str) -> tuple[Call, Evaluation, list[Transcript]]:
    engine = create_engine(f"sqlite:///{db}")
    try:
        with Session(engine) as session:
            call = session.scalars(select(Call).where(Call.external_id == external_id)).one()
            evaluation = session.scalars(
                select(Evaluation).where(Evaluation.call_id == call.id, Evaluation.is_current.is_(True))
            ).one()
            evaluation.items  # noqa: B018 (loaded before the session closes)
            transcripts = list(session.scalars(select(Transcript).where(Transcript.call_id == call.id)))
            session.expunge_all()
            return call, evaluation, transcripts
    finally:
        engine.dispose()


def test_score_save_stores_the_evaluation_and_the_transcript(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """Bug 4: the saved row is checked (score, verdict, every item answer); bug 3: the transcript the
    evaluation was scored from is stored with it (the call page shows it)."""
    code, _, err = _run(capsys, "db", "upgrade")
    assert code == 0, err
    code, out, err = _run(capsys, "score", str(DEMO / "demo-utility-03.json"), "--save", "--json")
    assert code == 0, err
    result = json.loads(out)
    assert result["version"] == 1
    call, evaluation, transcripts = _stored(tmp_path / "never.db", "demo-utility-03")
    assert call.language == "kk"
    assert (evaluation.kind, evaluation.score, evaluation.passed) == (
        "auto",
        result["score"],
        result["passed"],
    )
    assert evaluation.critical_failures == len(result["critical_failures"])
    answers = {**result["items"], **result["timing_checks"]}
    assert {r.item_id: r.passed for r in evaluation.items} == {k: v["passed"] for k, v in answers.items()}
    source = json.loads((DEMO / "demo-utility-03.json").read_text(encoding="utf-8"))
    assert [t.id for t in transcripts] == [evaluation.transcript_id]
    stored = transcripts[0]
    assert (stored.status, stored.engine, stored.language) == ("done", "import", "kk")
    assert [s["text"] for s in stored.segments] == [s["text"] for s in source["segments"]]
    assert source["segments"][0]["text"] in stored.full_text


def test_score_save_twice_keeps_one_current_evaluation(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    assert _run(capsys, "db", "upgrade")[0] == 0
    for _ in range(2):
        assert _run(capsys, "score", str(DEMO / "demo-bank-01.json"), "--save")[0] == 0
    _call, evaluation, transcripts = _stored(tmp_path / "never.db", "demo-bank-01")
    assert len(transcripts) == 2 and evaluation.transcript_id == max(t.id for t in transcripts)


def test_score_eval_prints_the_metrics(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    calls = tmp_path / "calls"
    calls.mkdir()
    for path in DEMO.glob("*.json"):
        data = json.loads(path.read_text(encoding="utf-8"))
        if data["call_id"] == "demo-bank-01":
            data["labels"]["farewell"] = False  # a label the scorer disagrees with
        (calls / path.name).write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    code, out, _ = _run(capsys, "score-eval", str(calls), "--mistakes")
    assert code == 0
    assert "macro violation-F1" in out and "demo-bank-01 farewell: label False, scored True" in out
    farewell = next(line for line in out.splitlines() if line.startswith("farewell "))
    assert farewell.split()[1:5] == ["0.833", "1.000", "0.500", "0.667"]  # one violation missed of two


def test_metrics_arithmetic() -> None:
    report = evaluate(
        [
            ("1", {"a": True, "b": False}, {"a": False, "b": False}),
            ("2", {"a": False, "b": None}, {"a": False, "b": True}),
        ]
    )
    a, b = report.items["a"], report.items["b"]
    assert (a.tp, a.fp, a.fn, a.total, a.correct) == (1, 1, 0, 2, 1)
    assert a.precision == 0.5 and a.recall == 1.0 and round(a.f1, 3) == 0.667
    assert (b.total, b.f1) == (1, 1.0)
    assert report.total.accuracy == pytest.approx(2 / 3) and report.macro_f1 == pytest.approx((2 / 3 + 1) / 2)
