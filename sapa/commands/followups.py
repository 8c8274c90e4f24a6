"""`sapa followups sync|list`: follow-ups of low ratings and unresolved issues for team leads."""

from __future__ import annotations

from typing import Annotated

import typer
from sqlalchemy import select

from sapa.commands.core import get_app
from sapa.followups import sync
from storage.models import Call, FollowUp, Team, User

followups_app = typer.Typer(help="Follow-ups of unhappy callers for team leads.", no_args_is_help=True)


@followups_app.command("sync")
def sync_command(ctx: typer.Context) -> None:
    """Create the missing follow-ups now (idempotent; `sapa serve` also runs this periodically)."""
    result = sync(get_app(ctx))
    typer.echo(
        f"{len(result.created)} new follow-up(s)" + (f", {result.emailed} e-mailed" if result.emailed else "")
    )
    for error in result.errors:
        typer.echo(f"warning: {error}", err=True)


@followups_app.command("list")
def list_command(
    ctx: typer.Context,
    status: Annotated[str, typer.Option("--status", help="open, closed or all.")] = "open",
) -> None:
    """One line per follow-up: id, status, call, team, owner, reason, rating."""
    app = get_app(ctx)
    stmt = (
        select(FollowUp, Call.external_id, Team.name, User.username)
        .join(Call, Call.id == FollowUp.call_id)
        .outerjoin(Team, Team.id == FollowUp.team_id)
        .outerjoin(User, User.id == FollowUp.owner_user_id)
        .order_by(FollowUp.id)
    )
    if status != "all":
        stmt = stmt.where(FollowUp.status == status)
    with app.uow() as session:
        for f, call, team, owner in session.execute(stmt):
            rating = f.rating if f.rating is not None else "-"
            typer.echo(f"{f.id}\t{f.status}\t{call}\t{team or '-'}\t{owner or '-'}\t{f.reason}\t{rating}")


def register(root: typer.Typer) -> None:
    root.add_typer(followups_app, name="followups")
