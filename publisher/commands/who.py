"""`publisher who`."""

from __future__ import annotations

import click


@click.group(name="who")
def who() -> None:
    """(not yet implemented)"""
