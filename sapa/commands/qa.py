"""`sapa qa sample`: fill the QA work queue by the sampling rules (web.sampling); `sapa qa queue`."""

from __future__ import annotations

from typing import Annotated

import typer
from sqlalchemy import func, select

from sapa.commands.core import get_app

qa_app = typer.Typer(help="QA work queue: sampling and assignments.", no_args_is_help=True)


@qa_app.command("sample")
def sample_command(
    ctx: typer.Context,
    seed: Annotated[int | None, typer.Option("--seed", help="Override web.sampling.seed.")] = None,
) -> None:
    """Sample calls of the last web.sampling.lookback_days and assign them to QA specialists."""
    from sapa.qa_sampling import run_sampling

    app = get_app(ctx)
    app.migrate()
    if seed is not None:
        app.settings.web.sampling.seed = seed
    result = run_sampling(app)
    typer.echo(f"{result.total} calls added to the QA work queue")
    for reason, count in sorted(result.added.items()):
        typer.echo(f"  {reason:<13} {count}")
    for name, count in sorted(result.per_qa.items()):
        typer.echo(f"  -> {name:<12} {count}")


@qa_app.command("queue")
def queue_command(ctx: typer.Context) -> None:
    """Open and overdue assignments per QA specialist."""
    from storage.models import QaAssignment, User, utcnow

    app = get_app(ctx)
    with app.uow() as session:
        stmt = (
            select(User.username, func.count(QaAssignment.id), func.min(QaAssignment.due_at))
            .join(QaAssignment, QaAssignment.assignee_user_id == User.id)
            .where(QaAssignment.status == "open")
            .group_by(User.username)
            .order_by(User.username)
        )
        rows = list(session.execute(stmt))
    if not rows:
        typer.echo("the QA work queue is empty")
    now = utcnow()
    for name, count, due in rows:
        late = " (overdue)" if due is not None and due < now else ""
        typer.echo(f"{name:<12} {count} open, next due {due:%Y-%m-%d %H:%M} UTC{late}")


def register(root: typer.Typer) -> None:
    root.add_typer(qa_app, name="qa")
