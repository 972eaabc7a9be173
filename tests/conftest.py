from __future__ import annotations

import sys
from pathlib import Path

import pytest

# The factories module lives beside the tests; make it importable as `factories`.
sys.path.insert(0, str(Path(__file__).parent))

# Browser fixtures (Playwright driving Debian's Chromium) for every test module.
from browser import chromium, demo, report_screenshots, screenshots

__all__ = ["chromium", "demo", "screenshots"]


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    """Say where the browser tests put their screenshots."""
    line = report_screenshots(terminalreporter.config)
    if line is not None:
        terminalreporter.write_line(line)
