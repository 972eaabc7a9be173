"""`publisher evidence`."""

from __future__ import annotations

import click


@click.group(name="evidence")
def evidence() -> None:
    """(not yet implemented)"""
