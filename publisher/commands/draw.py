"""`publisher draw`."""

from __future__ import annotations

import click


@click.group(name="draw")
def draw() -> None:
    """(not yet implemented)"""
