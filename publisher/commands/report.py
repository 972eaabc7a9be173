"""`publisher report`."""

from __future__ import annotations

import click


@click.group(name="report")
def report() -> None:
    """(not yet implemented)"""
