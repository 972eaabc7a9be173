"""`publisher review`."""

from __future__ import annotations

import click


@click.group(name="review")
def review() -> None:
    """(not yet implemented)"""
