"""`sapa jobs`: background jobs (transcription of recordings) — list by state, retry a failed one."""

from __future__ import annotations

from typing import Annotated

import typer

from sapa.commands.core import get_app
from sapa.exceptions import SapaError
from storage.models import JOB_STATUSES
from storage.repositories.jobs import JobRepository

jobs_app = typer.Typer(help="Background jobs: list queued, running and failed ones; retry a failed one.")


@jobs_app.callback(invoke_without_command=True)
def jobs_list(
    ctx: typer.Context,
    status: Annotated[
        str | None,
        typer.Option("--status", "-s", help="pending, running, done or failed."),
    ] = None,
) -> None:
    """List jobs: id, kind, status, attempts, claimed by (host:pid), file, and the last error."""
    if ctx.invoked_subcommand is not None:
        return
    if status is not None and status not in JOB_STATUSES:
        raise SapaError(f"unknown job status {status!r}: use {', '.join(JOB_STATUSES)}")
    with get_app(ctx).uow() as session:
        jobs = JobRepository(session).list(status)
        for job in jobs:
            error = (job.error or "").splitlines()[0][:200] if job.error else ""
            typer.echo(
                f"{job.id}\t{job.kind}\t{job.status}\t{job.attempts}\t{job.claimed_by or '-'}\t{job.path}"
                + (f"\t{error}" if error else "")
            )
        counts = {s: sum(j.status == s for j in jobs) for s in JOB_STATUSES}
    typer.echo(", ".join(f"{n} {s}" for s, n in counts.items() if n) or "no jobs", err=True)


@jobs_app.command("retry")
def jobs_retry(
    ctx: typer.Context,
    job_id: Annotated[int, typer.Argument(help="Id of a failed job (sapa jobs).")],
) -> None:
    """Make a failed job pending again with a fresh attempt budget; the next `sapa ingest` runs it."""
    app = get_app(ctx)
    with app.uow() as session:
        if not JobRepository(session).retry(job_id):
            raise SapaError(f"job {job_id} does not exist or has not failed")
    if app.settings.jobs.backend != "celery":
        typer.echo(f"job {job_id} will be retried by the next `sapa ingest`")
        return
    from sapa.jobs.celery_queue import CeleryQueue

    CeleryQueue(app).requeue(job_id)
    typer.echo(f"job {job_id} queued again for `sapa worker`")


@jobs_app.command("rescore")
def jobs_rescore(
    ctx: typer.Context,
    script: Annotated[
        str | None,
        typer.Option("--script", "-s", help="Default: config scoring.default_script."),
    ] = None,
    enqueue: Annotated[
        bool, typer.Option("--enqueue", help="Queue the jobs for `sapa worker` (jobs.backend: celery).")
    ] = False,
) -> None:
    """Re-score every call whose newest transcript has no current evaluation by the ACTIVE version of the
    script (after `sapa script import --activate`): one score job per call and version, idempotent.
    celery: queued for `sapa worker --queues score`; embedded: scored now."""
    from sapa.jobs import scoring

    app = get_app(ctx)
    name = script or app.settings.scoring.default_script
    jobs = scoring.stale(app, name)
    if enqueue or app.settings.jobs.backend == "celery":
        from sapa.jobs.celery_queue import CeleryQueue

        CeleryQueue(app).send_scores(jobs)
        typer.echo(f"queued {len(jobs)} score jobs ({name})")
        return
    outcomes = [scoring.run(app, job) for job in jobs]
    for job, outcome in zip(jobs, outcomes, strict=True):
        if outcome.startswith("failed"):
            typer.echo(f"transcript {job.transcript_id}: {outcome}", err=True)
    typer.echo(
        f"re-scored {outcomes.count('scored')} calls ({name}), {len(jobs) - outcomes.count('scored')} not"
    )


def register(root: typer.Typer) -> None:
    root.add_typer(jobs_app, name="jobs")
