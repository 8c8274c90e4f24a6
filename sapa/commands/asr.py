"""`sapa transcribe`, `sapa ingest`, `sapa listen`: the speech-recognition commands (issue 6)."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from asr.exceptions import AsrError
from sapa.commands.core import get_app

if TYPE_CHECKING:  # the engines pull numpy/vosk: imported only when a command runs (fast `sapa --help`)
    from asr.config import AsrConfig
    from asr.pipeline import TranscriptResult
    from asr.pool import Transcriber
    from sapa.ingest import IngestSummary

EngineOpt = Annotated[
    str | None, typer.Option("--engine", "-e", help="vosk, whisper or onnx (default: config).")
]
ModelOpt = Annotated[Path | None, typer.Option("--model", "-m", help="Model folder (default: config).")]
LanguageOpt = Annotated[str | None, typer.Option("--language", "-l", help="ru or kk (default: config).")]
WorkersOpt = Annotated[int | None, typer.Option("--workers", "-w", min=1, help="Worker processes.")]
VadOpt = Annotated[bool | None, typer.Option("--vad/--no-vad", help="Skip silence (default: config).")]


def _transcriber(
    config: AsrConfig,
    engine: str | None,
    model: Path | None,
    language: str | None,
    workers: int | None = None,
    vad: bool | None = None,
    hotwords: list[str] | None = None,
) -> Transcriber:
    if engine not in (None, "vosk", "whisper", "onnx"):
        raise AsrError(f"unknown engine {engine!r}: use vosk, whisper or onnx")
    from asr.pool import Transcriber, engine_spec

    spec = engine_spec(config, engine, str(model) if model else None, language, hotwords or ())
    return Transcriber(config, spec, workers=workers, vad=vad)


def script_vocabulary(app: Any, name: str, language: str | None) -> list[str]:
    """The active script's words for recognition hints ([] without a script: transcription still works)."""
    from asr.vocabulary import vocabulary
    from qa.catalogue import active_document

    try:
        with app.uow() as session:
            document = active_document(session, name)[1]
    except Exception as exc:  # no script / no scoring in this build
        typer.echo(f"(no recognition hints from script {name}: {exc})", err=True)
        return []
    return vocabulary(document.model_dump(), language=language or app.settings.asr.language)


def _clock(seconds: float) -> str:
    return f"{int(seconds // 60):02d}:{seconds % 60:05.2f}"


def _show(result: TranscriptResult) -> None:
    assert result.doc is not None
    typer.echo(f"== {result.path} ({result.engine}, {result.duration_s:.1f} s)")
    for seg in result.doc["segments"]:
        typer.echo(f"[{_clock(seg['start'])}-{_clock(seg['end'])}] {seg['speaker']}: {seg['text']}")
    m = result.doc["metrics"]
    talk = ", ".join(f"{k} {v:.1f} s" for k, v in m["talk_s"].items())
    rate = m["agent_speech_rate_wpm"] or "-"
    typer.echo(
        f"   talk: {talk or '-'}; silence {m['silence_s']:.1f} s; overtalk {m['overtalk_s']:.1f} s;"
        f" agent rate {rate} wpm; RTF {m['rtf']}"
    )


def _as_json(result: TranscriptResult) -> dict[str, Any]:
    if result.doc is not None:
        return result.doc
    return {"call_id": result.call_id, "path": result.path, "status": "failed", "error": result.error}


def transcribe(
    ctx: typer.Context,
    files: Annotated[list[Path], typer.Argument(help="Recordings: WAV, GSM, FLAC, OGG, MP3.")],
    engine: EngineOpt = None,
    model: ModelOpt = None,
    language: LanguageOpt = None,
    as_json: Annotated[
        bool, typer.Option("--json", help="Print transcript JSON (FORMAT.md) to stdout.")
    ] = False,
    out: Annotated[Path | None, typer.Option("--out", "-o", help="Write <name>.json files here.")] = None,
    workers: WorkersOpt = None,
    vad: VadOpt = None,
) -> None:
    """Transcribe recordings (stereo: agent and caller channels) with timings, metrics and PII redaction."""
    if as_json and out:
        raise AsrError("use either --json or --out, not both")
    transcriber = _transcriber(get_app(ctx).settings.asr, engine, model, language, workers, vad)
    if out:
        out.mkdir(parents=True, exist_ok=True)
    results: dict[str, TranscriptResult] = {}
    with typer.progressbar(length=len(files), label="transcribing", file=sys.stderr) as bar:
        for result in transcriber.run(files):
            results[result.path] = result
            bar.update(1)
            if result.status != "done":
                typer.echo(f"failed: {result.error}", err=True)
            elif out:
                target = out / f"{Path(result.path).stem}.json"
                target.write_text(json.dumps(result.doc, ensure_ascii=False, indent=1), encoding="utf-8")
                typer.echo(f"wrote {target}")
            elif not as_json:
                _show(result)
    if as_json:
        docs = [_as_json(results[str(f)]) for f in files]
        typer.echo(json.dumps(docs[0] if len(docs) == 1 else docs, ensure_ascii=False, indent=1))
    failed = sum(r.status != "done" for r in results.values())
    if failed:
        raise AsrError(f"{failed} of {len(files)} recordings failed (reasons above)")


def _report(summary: IngestSummary) -> None:
    typer.echo(
        f"ingested {len(summary.done)}, failed {len(summary.failed)}, skipped {len(summary.skipped)} "
        f"(already done, held by another ingest or out of attempts), scored {summary.scored}"
    )
    for path, error in summary.failed:
        typer.echo(f"failed: {path}: {error}", err=True)
    for path, note in summary.notes:
        typer.echo(f"skipped: {path}: {note}", err=True)
    for path, problem in summary.not_scored:
        typer.echo(f"not scored: {path}: {problem}", err=True)


def _after_ingest(app: Any, summary: IngestSummary) -> None:
    """Print the summary, then create the follow-ups the new calls call for (sapa/followups.py)."""
    from sapa.followups import sync

    _report(summary)
    created = sync(app).created
    if created:
        typer.echo(f"{len(created)} new follow-up(s) for team leads")


def ingest(
    ctx: typer.Context,
    directory: Annotated[
        Path | None, typer.Argument(help="Recordings folder (default asr.recordings_dir).")
    ] = None,
    watch_dir: Annotated[
        bool, typer.Option("--watch", help="Keep watching the folder for new files.")
    ] = False,
    engine: EngineOpt = None,
    model: ModelOpt = None,
    language: LanguageOpt = None,
    script: Annotated[str | None, typer.Option("--script", help="Score with this dialogue script.")] = None,
    workers: WorkersOpt = None,
    enqueue: Annotated[
        bool,
        typer.Option("--enqueue", help="Queue the jobs for `sapa worker` (jobs.backend: celery)."),
    ] = False,
) -> None:
    """Transcribe, score and store every new recording in a folder (idempotent; failed files retried)."""
    from sapa.ingest import scan, watch
    from sapa.jobs import EmbeddedQueue

    app = get_app(ctx)
    config = app.settings.asr
    folder = directory or Path(config.recordings_dir)
    if not folder.is_dir():
        raise AsrError(f"recordings folder {folder} does not exist")
    script_name = script or app.settings.scoring.default_script
    if enqueue or app.settings.jobs.backend == "celery":
        if watch_dir:
            _watch_enqueue(app, folder, script_name)
        else:
            _enqueue(app, folder, script_name)
        return
    words = script_vocabulary(app, script_name, language) if config.hotwords else []
    transcriber = _transcriber(config, engine, model, language, workers, hotwords=words)
    per_call = None
    if language is None and model is None:  # follow the language the IVR stored for each call

        def per_call(lang: str) -> Transcriber:
            hints = script_vocabulary(app, script_name, lang) if config.hotwords else []
            return _transcriber(config, engine, None, lang, workers, hotwords=hints)

    if watch_dir:
        typer.echo(f"watching {folder} every {config.watch_interval_s:g} s (Ctrl+C stops)")
        watch(
            app,
            folder,
            transcriber,
            script=script_name,
            interval_s=config.watch_interval_s,
            on_summary=lambda summary: _after_ingest(app, summary),
            transcriber_for=per_call,
        )
        return
    found = scan(folder, app.settings.ingest.stable_s)
    for path, why in found.refused:
        typer.echo(f"refused: {path}: {why}", err=True)
    if found.waiting:
        typer.echo(
            f"waiting: {len(found.waiting)} recordings changed in the last "
            f"{app.settings.ingest.stable_s:g} s (still being written); taken on a later run",
            err=True,
        )
    files = found.ready
    with typer.progressbar(length=len(files), label="ingesting", file=sys.stderr) as bar:
        queue = EmbeddedQueue(app, transcriber, per_call, on_result=lambda _r: bar.update(1))
        summary = queue.submit(files, script=script_name).ran
    assert summary is not None
    _after_ingest(app, summary)
    if summary.failed:
        raise AsrError(
            f"{len(summary.failed)} recordings failed (retried on the next run, at most "
            f"{config.max_attempts} attempts)"
        )


def _enqueue(app: Any, folder: Path, script: str) -> None:
    """`sapa ingest --enqueue`: record a pending job per new recording and put it on the broker."""
    from sapa.ingest import scan
    from sapa.jobs.celery_queue import CeleryQueue

    found = scan(folder, app.settings.ingest.stable_s)
    for path, why in found.refused:
        typer.echo(f"refused: {path}: {why}", err=True)
    submitted = CeleryQueue(app).submit(found.ready, script=script)
    for skipped, why in submitted.skipped:
        typer.echo(f"skipped: {skipped}: {why}", err=True)
    typer.echo(
        f"queued {len(submitted.queued)}, skipped {len(submitted.skipped)}, waiting {len(found.waiting)} "
        "(still being written); `sapa worker` runs them, `sapa jobs` shows them"
    )


def _watch_enqueue(app: Any, folder: Path, script: str) -> None:
    """`sapa ingest --watch --enqueue`: queue each new complete recording once, until Ctrl+C / SIGTERM."""
    from sapa.jobs.celery_queue import watch_enqueue

    def said(submitted: Any) -> None:
        for skipped, why in submitted.skipped:
            typer.echo(f"skipped: {skipped}: {why}", err=True)
        typer.echo(f"queued {len(submitted.queued)}, skipped {len(submitted.skipped)}")

    interval = app.settings.asr.watch_interval_s
    typer.echo(f"watching {folder} every {interval:g} s, queueing for `sapa worker` (Ctrl+C stops)")
    try:
        watch_enqueue(app, folder, script=script, interval_s=interval, on_cycle=said)
    except KeyboardInterrupt:
        typer.echo("stopped")


def listen(
    ctx: typer.Context,
    device: Annotated[str | None, typer.Option("--device", "-d", help="Input device number or name.")] = None,
    language: LanguageOpt = None,
    model: ModelOpt = None,
    seconds: Annotated[float | None, typer.Option("--seconds", help="Stop after this long.")] = None,
    script: Annotated[str | None, typer.Option("--script", help="Show stages of this script.")] = None,
) -> None:
    """Transcribe the microphone live and show which checklist stages have been heard so far."""
    from asr.live import check_input_device
    from asr.live import listen as listen_live
    from asr.pool import engine_spec
    from qa.service import stages_heard

    app = get_app(ctx)
    chosen = int(device) if device is not None and device.isdigit() else device
    check_input_device(chosen)
    spec = engine_spec(app.settings.asr, "vosk", str(model) if model else None, language)
    document = _live_script(app, script or app.settings.scoring.default_script)
    heard: list[dict[str, Any]] = []

    def on_segment(segment: dict[str, Any]) -> None:
        heard.append(segment)
        typer.echo(f"[{_clock(segment['start'])}] {segment['text']}")
        if document is not None:
            typer.echo(f"   stages heard: {', '.join(stages_heard(heard, spec.language, document)) or '-'}")

    listen_live(spec, device=chosen, on_segment=on_segment, seconds=seconds)


def _live_script(app: Any, name: str) -> Any:
    from qa.catalogue import active_document

    try:
        with app.uow() as session:
            return active_document(session, name)[1]
    except Exception as exc:  # no script/scoring: transcription alone still helps
        typer.echo(f"(no checklist stages: {exc})", err=True)
        return None


def register(root: typer.Typer) -> None:
    """Add this area's commands to the root `sapa` app."""
    root.command("transcribe")(transcribe)
    root.command("ingest")(ingest)
    root.command("listen")(listen)
    from sapa.commands import models

    models.register(root)
