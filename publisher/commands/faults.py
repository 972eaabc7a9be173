"""`publisher faults`."""

from __future__ import annotations

import click


@click.group(name="faults")
def faults() -> None:
    """(not yet implemented)"""
