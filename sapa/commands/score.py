"""`sapa score FILE` (one transcript, no database unless --save) and `sapa score-eval DIR` (issue 5)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Any

import typer
from pydantic import ValidationError

from asr.redact import Redactor
from dialogue import ScriptValidationError, load_script_file
from dialogue.checklist import Checklist
from dialogue.loader import SCRIPTS_DIR
from qa.catalogue import import_script
from qa.exceptions import NoChecklist
from qa.service import score_and_store
from sapa.commands.core import get_app
from sapa.wiring import App
from scoring import ScoreResult, TranscriptDoc, score_transcript
from scoring.evaluate import evaluate, format_report, format_review
from scoring.exceptions import ScoringError

ScriptOpt = Annotated[
    str | None,
    typer.Option("--script", "-s", help="Script name or YAML file (default: config scoring.default_script)."),
]
MARK = {True: "PASS", False: "FAIL", None: " n/a"}


def read_transcript(path: Path) -> TranscriptDoc:
    """Read and validate one transcript JSON file (clear one-line errors)."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        raise ScoringError(f"cannot read {path}: {exc}") from exc
    except json.JSONDecodeError as exc:
        raise ScoringError(f"{path}: not JSON: {exc}") from exc
    try:
        return TranscriptDoc.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"])
        raise ScoringError(f"{path}: not a transcript ({where}: {first['msg']})") from exc


def script_file(name: str) -> Path:
    """A script name (shipped scripts folder) or a path to a script YAML file."""
    path = Path(name)
    if path.suffix in {".yaml", ".yml"} or path.exists():
        return path
    return SCRIPTS_DIR / f"{name}.yaml"


def checklist_from_file(name: str) -> tuple[str, Checklist]:
    """(script name, checklist) of a script file; a script without a checklist is an error."""
    path = script_file(name)
    try:
        doc = load_script_file(path)
    except ScriptValidationError as exc:
        raise ScoringError(f"script {path} is invalid:\n{exc}") from exc
    if doc.checklist is None:
        raise ScoringError(f"script {doc.name} ({path}) has no checklist")
    return doc.name, doc.checklist


def score_and_save(
    app: App,
    doc: TranscriptDoc,
    script: str,
    agent_extension: str | None = None,
    transcript_id: int | None = None,
) -> ScoreResult:
    """Score with the ACTIVE version of the script in the database; store the call's transcript (redacted
    as ingest redacts; unless ``transcript_id`` says it is stored already) and the evaluation, through
    ``qa.service.score_and_store``."""
    from dialogue.loader import DEFAULT_SCRIPT
    from storage.repositories.scripts import ScriptRepository

    with app.uow() as session:
        if ScriptRepository(session).active_version(script) is None:
            if script != DEFAULT_SCRIPT:
                raise ScoringError(
                    f"script {script!r} has no active version: sapa script import ... --activate"
                )
            text = script_file(script).read_text(encoding="utf-8")
            import_script(session, text, "sapa score", "default script, imported for scoring", activate=True)
        try:
            if transcript_id is None:
                doc = redacted(app, doc)
            stored = score_and_store(
                session, doc, script, agent_extension=agent_extension, transcript_id=transcript_id
            )
        except NoChecklist as exc:
            raise ScoringError(str(exc)) from exc
        return stored.result


def redacted(app: App, doc: TranscriptDoc) -> TranscriptDoc:
    """``doc`` with personal data masked as ingest masks it (only redacted text is stored)."""
    segments = [s.model_dump(exclude_none=True) for s in doc.segments]
    language = doc.language if doc.language in ("ru", "kk") else "ru"
    masked, _counts = Redactor(app.settings.asr.redaction_mask, language).redact_segments(segments)
    clean = TranscriptDoc.model_validate({"call_id": doc.call_id, "segments": masked})
    return doc.model_copy(update={"segments": clean.segments})


DEMO_DIR = Path(__file__).resolve().parents[2] / "scoring" / "demo"
DEMO_EXTENSIONS = ["1001", "1002", "1003", "2001", "2002", "2003"]


def score_demo_calls(app: App) -> list[str]:
    """Demo: score the shipped demo transcripts and every stored transcript not yet evaluated."""
    from storage.repositories.evaluations import EvaluationRepository

    script = app.settings.scoring.default_script
    lines, scores = [], []
    for n, path in enumerate(sorted(DEMO_DIR.glob("*.json"))):
        doc = read_transcript(path)
        result = score_and_save(app, doc, script, agent_extension=DEMO_EXTENSIONS[n % len(DEMO_EXTENSIONS)])
        scores.append(result.score)
        lines.append(_summary_line(result))
    with app.uow() as session:
        pending = [
            (c.external_id, t.id, t.segments, t.language) for c, t in EvaluationRepository(session).unscored()
        ]
    for external_id, transcript_id, segments, language in pending:
        try:
            doc = TranscriptDoc.model_validate(
                {"call_id": external_id, "language": language, "segments": segments}
            )
        except ValidationError as exc:
            lines.append(f"  {external_id}: transcript not scorable ({exc.error_count()} problems)")
            continue
        result = score_and_save(app, doc, script, transcript_id=transcript_id)
        scores.append(result.score)
        lines.append(_summary_line(result) + "  (from ASR)")
    if scores:
        lines.append(f"  {len(scores)} calls scored, mean score {sum(scores) / len(scores):.1f}")
    return lines


def _summary_line(result: ScoreResult) -> str:
    failed = [k for k, v in result.items.items() if v.passed is False]
    verdict = "PASSED" if result.passed else "FAILED"
    return f"  {result.call_id:<18} {result.score:5.1f} {verdict}  failed: {', '.join(failed) or '-'}"


def format_result(result: ScoreResult) -> str:
    verdict = "PASSED" if result.passed else "FAILED"
    lines = [
        f"{result.call_id}: score {result.score:.1f} {verdict} (script {result.script} v{result.version})"
    ]
    if result.critical_failures:
        lines.append(f"  critical failures: {', '.join(result.critical_failures)}")
    for answer in [*result.items.values(), *result.timing_checks.values()]:
        review = f" [needs review, confidence {answer.confidence:.2f}]" if answer.needs_review else ""
        lines.append(f"  {MARK[answer.passed]} {answer.item_id:<20} {answer.reason}{review}")
    lines.append("  timings: " + ", ".join(f"{k}={v}" for k, v in result.timings.items()))
    return "\n".join(lines)


def score(
    ctx: typer.Context,
    file: Annotated[Path, typer.Argument(help="Transcript JSON (format of shared/data/FORMAT.md).")],
    script: ScriptOpt = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the result as JSON.")] = False,
    save: Annotated[
        bool, typer.Option("--save", help="Use the active script version; store the evaluation.")
    ] = False,
) -> None:
    """Score one call transcript against the checklist of its dialogue script."""
    app = get_app(ctx)
    doc = read_transcript(file)
    name = script or app.settings.scoring.default_script
    if save:
        result = score_and_save(app, doc, name)
    else:
        script_name, checklist = checklist_from_file(name)
        result = score_transcript(doc, checklist, script=script_name, version=None)
    if as_json:
        typer.echo(json.dumps(result.to_dict(), ensure_ascii=False, indent=2))
    else:
        typer.echo(format_result(result))


def score_eval(
    ctx: typer.Context,
    directory: Annotated[Path, typer.Argument(help="Folder of labelled transcript JSON files.")],
    script: ScriptOpt = None,
    mistakes: Annotated[bool, typer.Option("--mistakes", help="List every disagreement.")] = False,
) -> None:
    """Agreement with the labels: per-item accuracy, violation precision/recall/F1, macro violation-F1."""
    app = get_app(ctx)
    files = sorted(directory.glob("*.json")) if directory.is_dir() else []
    if not files:
        raise ScoringError(f"no *.json transcripts in {directory}")
    _, checklist = checklist_from_file(script or app.settings.scoring.default_script)
    pairs: list[tuple[str, dict[str, Any], dict[str, Any]]] = []
    reasons: dict[tuple[str, str], str] = {}
    review: set[tuple[str, str]] = set()
    for path in files:
        doc = read_transcript(path)
        if not doc.labels:
            continue
        result = score_transcript(doc, checklist)
        pairs.append((doc.call_id, doc.labels, {k: v.passed for k, v in result.items.items()}))
        reasons.update({(doc.call_id, k): v.reason for k, v in result.items.items()})
        review.update((doc.call_id, k) for k, v in result.items.items() if v.needs_review)
    if not pairs:
        raise ScoringError(f"no labelled transcripts in {directory}")
    report = evaluate(pairs)
    typer.echo(format_report(report, len(pairs)))
    typer.echo(format_review(pairs, review))
    if mistakes:
        for call_id, item_id, label, predicted in report.mistakes:
            flag = " [needs review]" if (call_id, item_id) in review else ""
            typer.echo(
                f"  {call_id} {item_id}: label {label}, scored {predicted}{flag}"
                f" — {reasons[(call_id, item_id)]}"
            )


def register(root: typer.Typer) -> None:
    """Add this area's commands to the root `sapa` app."""
    root.command("score")(score)
    root.command("score-eval")(score_eval)
