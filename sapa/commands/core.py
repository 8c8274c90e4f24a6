"""Foundation commands: init, db, config, users, agents."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path
from typing import Annotated

import typer
import yaml

from sapa.bootstrap import load_default_data
from sapa.exceptions import SapaError
from sapa.settings import mask_secrets
from sapa.wiring import App
from storage import migrate
from storage.db import check_connection
from storage.models import Role
from storage.repositories.org import AgentRepository, UserRepository

DEFAULT_CONFIG = Path(__file__).resolve().parent.parent / "default_config.yaml"

db_app = typer.Typer(help="Database migrations.", no_args_is_help=True)
config_app = typer.Typer(help="Show the effective configuration.", no_args_is_help=True)
users_app = typer.Typer(help="Web UI users and their roles.", no_args_is_help=True)
agents_app = typer.Typer(help="Consultants (agents) by extension.", no_args_is_help=True)


def get_app(ctx: typer.Context) -> App:
    """The App built by the root callback (walks up to the root context)."""
    root = ctx.find_root()
    assert isinstance(root.obj, App)
    return root.obj


def init(ctx: typer.Context) -> None:
    """Write config.yaml if missing, migrate the database to head and load default data."""
    app = get_app(ctx)
    target = Path("config.yaml")
    if not target.exists():
        shutil.copyfile(DEFAULT_CONFIG, target)
        typer.echo(f"wrote {target} (edit it, or point SAPA_CONFIG elsewhere)")
    app.migrate()
    load_default_data(app)
    typer.echo(f"database ready at {app.engine.url.render_as_string(hide_password=True)}")


@db_app.command("upgrade")
def db_upgrade(ctx: typer.Context, revision: str = typer.Argument("head")) -> None:
    """Wait for the database and upgrade it (alembic upgrade)."""
    app = get_app(ctx)
    check_connection(app.engine)
    migrate.upgrade(app.settings.database.url, revision)
    typer.echo(f"database at revision {migrate.current_revision(app.engine)}")


@db_app.command("downgrade")
def db_downgrade(
    ctx: typer.Context, revision: str = typer.Argument(..., help="Target, e.g. -1 or base.")
) -> None:
    """Downgrade the database schema."""
    app = get_app(ctx)
    check_connection(app.engine)
    migrate.downgrade(app.settings.database.url, revision)
    typer.echo(f"database at revision {migrate.current_revision(app.engine)}")


@db_app.command("current")
def db_current(ctx: typer.Context) -> None:
    """Print the schema revision of the database and the newest one this code knows."""
    app = get_app(ctx)
    check_connection(app.engine)
    typer.echo(f"current: {migrate.current_revision(app.engine)}  head: {migrate.head_revision()}")


@config_app.command("show")
def config_show(ctx: typer.Context) -> None:
    """Print the effective settings (defaults < file < environment < flags) as YAML, secrets masked."""
    data = mask_secrets(get_app(ctx).settings.model_dump(mode="json"))
    typer.echo(yaml.safe_dump(data, allow_unicode=True, sort_keys=False).rstrip())


def _read_password(from_stdin: bool) -> str:
    if from_stdin:
        line = sys.stdin.readline().rstrip("\r\n")
        if not line:
            raise SapaError("no password on standard input")
        return line
    return str(typer.prompt("Password", hide_input=True, confirmation_prompt=True))


@users_app.command("add")
def users_add(
    ctx: typer.Context,
    name: Annotated[str, typer.Argument(help="Login name.")],
    role: Annotated[Role, typer.Option("--role", "-r", help="admin, team_lead, qa or agent.")],
    password_stdin: Annotated[
        bool, typer.Option("--password-stdin", help="Read the password from stdin.")
    ] = False,
    agent: Annotated[str | None, typer.Option(help="Link to this agent extension (role agent).")] = None,
    team: Annotated[str | None, typer.Option(help="Team a team lead leads.")] = None,
    full_name: Annotated[str, typer.Option("--full-name")] = "",
) -> None:
    """Add a user. The password comes from a prompt or stdin, never from the command line."""
    password = _read_password(password_stdin)
    try:
        with get_app(ctx).uow() as session:
            user = UserRepository(session).add(
                name, password, role, full_name=full_name, agent_extension=agent, team=team
            )
            typer.echo(f"user {user.username} ({user.role.value}) added")
    except ValueError as exc:
        raise SapaError(str(exc)) from exc


@users_app.command("list")
def users_list(ctx: typer.Context) -> None:
    """List users and roles."""
    with get_app(ctx).uow() as session:
        for user in UserRepository(session).list():
            typer.echo(f"{user.username}\t{user.role.value}\t{user.full_name}")


@agents_app.command("add")
def agents_add(
    ctx: typer.Context,
    extension: Annotated[str, typer.Argument(help="Extension, e.g. 1001.")],
    name: Annotated[str, typer.Argument(help="Full name.")],
    team: Annotated[str | None, typer.Option(help="Team name (created if new).")] = None,
) -> None:
    """Add an agent."""
    if not extension.strip().isalnum():
        raise SapaError(f"extension must be letters and digits, got {extension!r}")
    with get_app(ctx).uow() as session:
        agents = AgentRepository(session)
        agent = agents.add(extension.strip(), name, team)
        typer.echo(f"agent {agent.extension} {agent.name} added")
        if linked := agents.call_count(agent):  # calls (and ratings) stored before the agent existed
            typer.echo(f"{linked} earlier calls of extension {agent.extension} now belong to this agent")


@agents_app.command("list")
def agents_list(ctx: typer.Context, team: Annotated[str | None, typer.Option()] = None) -> None:
    """List agents (extension, name, team)."""
    with get_app(ctx).uow() as session:
        for agent in AgentRepository(session).list(team):
            typer.echo(f"{agent.extension}\t{agent.name}\t{agent.team.name if agent.team else '-'}")


def register(root: typer.Typer) -> None:
    root.command("init")(init)
    root.add_typer(db_app, name="db")
    root.add_typer(config_app, name="config")
    root.add_typer(users_app, name="users")
    root.add_typer(agents_app, name="agents")
