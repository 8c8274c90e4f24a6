"""`sapa script ...`: validate, import, list, show, export, activate and diff dialogue scripts."""

from __future__ import annotations

import getpass
from pathlib import Path
from typing import Annotated, NoReturn

import typer

from dialogue import DialogueError, ScriptValidationError, load_script, load_script_file
from dialogue.flow import CollectDigits, Completed, Digits, FlowRunner
from dialogue.loader import DEFAULT_SCRIPT
from qa.catalogue import active_document, import_script
from sapa.commands.core import get_app
from sapa.exceptions import SapaError
from sapa.wiring import App
from storage.repositories.scripts import ScriptRepository

script_app = typer.Typer(help="Dialogue scripts: validation, versions, activation.", no_args_is_help=True)

FileArg = Annotated[Path, typer.Argument(help="Script YAML file.")]
NameArg = Annotated[str, typer.Argument(help="Script name, e.g. support-first-line.")]


def _read(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise SapaError(f"cannot read {path}: {exc}") from exc


def _fail_with(errors: ScriptValidationError, file: Path, outcome: str = "") -> NoReturn:
    """Every error on its own line, then the usual one-line ``error:`` summary (exit 1)."""
    typer.echo(str(errors), err=True)
    raise DialogueError(f"{len(errors.errors)} error(s) in {file}{outcome}")


@script_app.command("validate")
def validate(file: FileArg) -> None:
    """Check a script; print every error as file:line:col: message (exit 1 if any)."""
    try:
        doc = load_script_file(file)
    except ScriptValidationError as exc:
        _fail_with(exc, file)
    typer.echo(
        f"{file}: OK ({doc.name}, {len(doc.flow.nodes)} flow nodes, languages {', '.join(doc.languages)})"
    )


@script_app.command("import")
def import_(
    ctx: typer.Context,
    file: FileArg,
    activate: Annotated[bool, typer.Option("--activate", help="Make the new version active.")] = False,
    author: Annotated[str | None, typer.Option(help="Who made it (default: the OS user).")] = None,
    comment: Annotated[str, typer.Option(help="What changed.")] = "",
) -> None:
    """Validate and store FILE as the next version of its script (invalid scripts are never stored)."""
    text = _read(file)
    try:
        with get_app(ctx).uow() as session:
            row = import_script(
                session, text, author or getpass.getuser(), comment, activate=activate, source=str(file)
            )
            name, version = row.script.name, row.version
            active = row.script.active_version_id == row.id
    except ScriptValidationError as exc:
        _fail_with(exc, file, "; nothing stored")
    typer.echo(f"{name} version {version}{' (active)' if active else ''}")


@script_app.command("list")
def list_(ctx: typer.Context) -> None:
    """Scripts with their active version and number of versions."""
    with get_app(ctx).uow() as session:
        repo = ScriptRepository(session)
        for script in repo.list_scripts():
            active = repo.active_version(script.name)
            count = len(repo.history(script.name))
            shown = f"v{active.version}" if active else "none"
            typer.echo(f"{script.name}\tactive {shown}\t{count} version(s)\t{script.title}")


@script_app.command("show")
def show(
    ctx: typer.Context,
    name: NameArg,
    version: Annotated[int | None, typer.Option("--version", "-v", help="Default: the active one.")] = None,
) -> None:
    """History of NAME (version, time, author, hash, comment; * = active), then the flow summary."""
    with get_app(ctx).uow() as session:
        repo = ScriptRepository(session)
        active = repo.active_version(name)
        for row in repo.history(name):
            mark = "*" if active is not None and row.id == active.id else " "
            typer.echo(
                f"{mark} v{row.version}\t{row.created_at:%Y-%m-%d %H:%M}\t{row.author}\t"
                f"{row.content_hash[:12]}\t{row.comment}"
            )
        chosen = repo.get_version(name, version) if version is not None else active
        if chosen is None:
            return
        doc = load_script(chosen.content, f"{name} v{chosen.version}")
    typer.echo(f"\nv{chosen.version}: {doc.title} [{', '.join(doc.languages)}]")
    for node_name, node in doc.flow.nodes.items():
        start = " (start)" if node_name == doc.flow.start else ""
        typer.echo(f"  {node_name}: {node.type}{start}")


@script_app.command("export")
def export(
    ctx: typer.Context,
    name: NameArg,
    version: Annotated[int | None, typer.Option("--version", "-v", help="Default: the active one.")] = None,
) -> None:
    """Print the YAML of a version exactly as imported (use `> FILE`)."""
    with get_app(ctx).uow() as session:
        repo = ScriptRepository(session)
        row = repo.get_version(name, version) if version is not None else repo.active_version(name)
        if row is None:
            raise SapaError(f"dialogue script {name!r} has no active version; pass --version")
        content = row.content
    typer.echo(content, nl=not content.endswith("\n"))


@script_app.command("activate")
def activate(
    ctx: typer.Context,
    name: NameArg,
    version: Annotated[int, typer.Option("--version", "-v", help="Version to activate.")],
    actor: Annotated[str | None, typer.Option(help="Who (default: the OS user).")] = None,
) -> None:
    """Make VERSION the active one (an older version = roll back). Audited."""
    with get_app(ctx).uow() as session:
        ScriptRepository(session).activate(name, version, actor or getpass.getuser())
    typer.echo(f"{name} version {version} is active")


@script_app.command("diff")
def diff(
    ctx: typer.Context,
    name: NameArg,
    a: Annotated[int, typer.Argument(help="Old version.")],
    b: Annotated[int, typer.Argument(help="New version.")],
) -> None:
    """Unified diff between two versions."""
    with get_app(ctx).uow() as session:
        text = ScriptRepository(session).diff(name, a, b)
    typer.echo(text or f"versions {a} and {b} are identical", nl=not text)


def register(root: typer.Typer) -> None:
    """Add `sapa script` to the root app."""
    root.add_typer(script_app, name="script")


def demo_scripts(app: App) -> None:
    """`sapa demo` step: the active default script, one caller's path through it, a validation error."""
    with app.uow() as session:
        if ScriptRepository(session).active_version(DEFAULT_SCRIPT) is None:
            typer.echo(f"  {DEFAULT_SCRIPT} has no active version (see the error logged above)")
            return
        row, doc = active_document(session, DEFAULT_SCRIPT)
    typer.echo(f"  active: {doc.name} v{row.version} by {row.author} ({row.content_hash[:12]}), {doc.title}")
    runner = FlowRunner(doc)
    action = runner.start()
    answers = iter(["1", "2"])
    while not runner.finished:
        event = Digits(next(answers)) if isinstance(action, CollectDigits) else Completed()
        action = runner.feed(event)
    typer.echo(f"  caller presses 1 (қазақша), then 2 (errors): {runner.describe()}")
    typer.echo(f"    → {action}")
    broken = row.content.replace(f"start: {doc.flow.start}", "start: welcome", 1)
    try:
        load_script(broken, "edited.yaml")
    except ScriptValidationError as exc:
        typer.echo(
            f"  an admin's typo is refused before storing: {exc.errors[0][0]}:{exc.errors[0][1]}:"
            f"{exc.errors[0][2]}: {exc.errors[0][3]}"
        )
