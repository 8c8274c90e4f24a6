"""CLI commands of this area (placeholder until its issue lands: registers nothing yet)."""

import typer


def register(root: typer.Typer) -> None:
    """Add this area's commands to the root `sapa` app."""
