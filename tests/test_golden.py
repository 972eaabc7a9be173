"""Golden output (R-C determinism): the fixed bureau's site equals tests/golden/expected.

After an intended change run `make golden` and review the diff.
"""

from __future__ import annotations

from pathlib import Path

from golden_tool import EXPECTED, build, readable_diff, tree


def test_site_matches_golden_output(tmp_path: Path) -> None:
    output = tmp_path / "site"
    result = build(output)
    assert result.returncode == 0, result.stdout + result.stderr
    expected, actual = tree(EXPECTED), tree(output)
    assert expected, "no golden output: run `make golden`"
    diff = readable_diff(expected, actual)
    assert not diff, "output differs from tests/golden/expected (run `make golden`):\n" + diff
