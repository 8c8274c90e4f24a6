"""`sapa models install FILE|DIR` and `sapa models list`: offline model bundles (docs/asr.md)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from sapa.commands.core import get_app

models_app = typer.Typer(help="Speech-recognition models: install offline bundles, list what is installed.")


@models_app.command("install")
def install(
    ctx: typer.Context,
    bundle: Annotated[Path, typer.Argument(help="Bundle folder or .tar.gz/.tgz/.zip with sapa-model.json.")],
) -> None:
    """Check a bundle's SHA-256 manifest and layout, unpack it to the models folder and register it."""
    from asr.bundles import install as install_bundle

    config = get_app(ctx).settings.asr
    manifest, folder = install_bundle(bundle, config.models_dir)
    typer.echo(f"installed {manifest.name} ({manifest.engine}, {manifest.language}) in {folder}")
    pinned = config.engines.get(manifest.language)
    if pinned and pinned != manifest.engine:
        typer.echo(
            f"note: asr.engines.{manifest.language} is {pinned}: set it to {manifest.engine} to use it"
        )
    else:
        typer.echo(f"{manifest.language} recordings are now transcribed with it")


@models_app.command("list")
def list_models(
    ctx: typer.Context,
    check: Annotated[bool, typer.Option("--check/--no-check", help="Load each model to check it.")] = True,
) -> None:
    """Installed and configured models: language, engine, size, licence and whether it loads."""
    from asr.models_table import model_rows

    config = get_app(ctx).settings.asr
    typer.echo("language\tengine\tmodel\tsize_mb\tlicence\tstatus\tpath")
    for row in model_rows(config, check=check):
        typer.echo("\t".join(str(v) for v in row))


def register(root: typer.Typer) -> None:
    root.add_typer(models_app, name="models")
