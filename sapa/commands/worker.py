"""`sapa worker`: a Celery worker that runs ingest jobs queued by `sapa ingest --enqueue` (jobs.backend)."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Annotated

import typer

from sapa.commands.asr import EngineOpt, LanguageOpt, ModelOpt
from sapa.commands.core import get_app
from sapa.exceptions import SapaError
from storage.repositories.jobs import host_id

POOLS = ("solo", "prefork")


def worker(
    ctx: typer.Context,
    queues: Annotated[
        str, typer.Option("--queues", "-Q", help="Comma-separated: asr (transcription), score.")
    ] = "asr,score",
    concurrency: Annotated[
        int, typer.Option("--concurrency", "-c", min=1, max=256, help="Worker processes (one model each).")
    ] = 1,
    pool: Annotated[
        str | None,
        typer.Option(
            "--pool",
            help="solo (the job runs in the worker process; default with -c 1) or prefork (child processes: "
            "a child that dies mid-job gives its message back at once; default with -c >1).",
        ),
    ] = None,
    engine: EngineOpt = None,
    model: ModelOpt = None,
    language: LanguageOpt = None,
) -> None:
    """Run jobs from the broker (jobs.broker_url) until stopped (SIGTERM/Ctrl+C finishes the current job)."""
    from sapa.jobs.celery_app import QUEUES, create_celery, queue_name
    from sapa.jobs.tasks import WorkerOptions, configure, warm_up

    app = get_app(ctx)
    wanted = [q.strip() for q in queues.split(",") if q.strip()]
    unknown = sorted(set(wanted) - set(QUEUES))
    if not wanted or unknown:
        raise SapaError(f"unknown queue(s) {', '.join(unknown) or '(none)'}: use {', '.join(QUEUES)}")
    if model is not None and not Path(model).exists():
        raise SapaError(f"model folder {model} does not exist")
    configure(WorkerOptions(engine, str(model) if model else None, language))
    celery = create_celery(app.settings)
    names = ",".join(queue_name(app.settings.jobs, q) for q in wanted)
    pool = pool or ("solo" if concurrency == 1 else "prefork")  # solo: the job runs in this very process
    if pool not in POOLS:
        raise SapaError(f"unknown pool {pool!r}: use {', '.join(POOLS)}")
    typer.echo(f"worker on {names} ({concurrency} x {pool}), broker {_safe(app.settings.jobs.broker_url)}")
    if pool == "solo":  # the jobs run in this process: load the model before taking the first one
        warm_up(app.settings, wanted)
    else:  # each child process loads its own, before it takes a job
        from celery.signals import worker_process_init

        worker_process_init.connect(lambda **_: warm_up(app.settings, wanted), weak=False)
    celery.worker_main(
        [
            "worker",
            "--queues",
            names,
            "--concurrency",
            str(concurrency),
            "--pool",
            pool,
            "--hostname",
            f"sapa-{os.getpid()}@{host_id()}",
            "--loglevel",
            app.settings.log_level,
            "--without-gossip",
            "--without-mingle",
        ]
    )


def _safe(url: str) -> str:
    from sapa.settings import mask_secrets

    return str(mask_secrets(url, "broker_url"))


def register(root: typer.Typer) -> None:
    root.command("worker")(worker)
