from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

# The factories module lives beside the tests; make it importable as `factories`.
sys.path.insert(0, str(Path(__file__).parent))

# Browser fixtures (Playwright driving Debian's Chromium) for every test module.
from browser import chromium, demo, report_screenshots, screenshots
from fuzzing import register_profiles

__all__ = ["chromium", "demo", "screenshots"]

# Hypothesis profiles: bounded in `make test`, long in `make fuzz` (tests/fuzzing.py).
register_profiles(os.environ)


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", "fuzz: fuzzing and crash-safety tests; `make fuzz` runs only these, long"
    )


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    """Say where the browser tests put their screenshots."""
    line = report_screenshots(terminalreporter.config)
    if line is not None:
        terminalreporter.write_line(line)
