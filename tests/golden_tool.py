"""Golden output: a small fixed bureau built at a fixed date, compared file by file.

`make golden` (python -m tests.golden_tool regenerate) rebuilds tests/golden/expected after an
intended change; review the diff in git before committing it.
"""

from __future__ import annotations

import difflib
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GOLDEN = ROOT / "tests" / "golden"
CONTENT = GOLDEN / "content"
EXPECTED = GOLDEN / "expected"
AS_OF = "2026-11-28"
SITE_URL = "https://www.example.gov.cn/gxj/zfgs/"
# Theme assets are checked by the site tests; the golden folder holds what the content makes.
# The search index (compressed, named by hash, tied to the Pagefind version) is tested in
# tests/test_search.py.
IGNORED_PREFIXES = ("theme/", "pagefind/")


def build(output: Path) -> subprocess.CompletedProcess[str]:
    command = [
        sys.executable, "-m", "publisher.cli", "build",
        "--content", str(CONTENT), "--output", str(output),
        "--as-of", AS_OF, "--site-url", SITE_URL,
        "--settings", str(ROOT / "pelicanconf.py"),
    ]  # fmt: skip
    return subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=False)


def tree(folder: Path) -> dict[str, bytes]:
    return {
        path.relative_to(folder).as_posix(): path.read_bytes()
        for path in sorted(folder.rglob("*"))
        if path.is_file() and not path.relative_to(folder).as_posix().startswith(IGNORED_PREFIXES)
    }


def readable_diff(expected: dict[str, bytes], actual: dict[str, bytes], limit: int = 80) -> str:
    lines: list[str] = []
    for name in sorted(set(expected) | set(actual)):
        if name not in actual:
            lines.append(f"missing from output: {name}")
        elif name not in expected:
            lines.append(f"new in output: {name}")
        elif expected[name] != actual[name]:
            old = expected[name].decode("utf-8", "replace").splitlines()
            new = actual[name].decode("utf-8", "replace").splitlines()
            lines += difflib.unified_diff(
                old, new, f"expected/{name}", f"output/{name}", lineterm=""
            )
    if len(lines) > limit:
        lines = [*lines[:limit], f"… {len(lines) - limit} more lines"]
    return "\n".join(lines)


def regenerate() -> int:
    staging = GOLDEN / "expected.new"
    shutil.rmtree(staging, ignore_errors=True)
    result = build(staging)
    if result.returncode != 0:
        sys.stderr.write(result.stdout + result.stderr)
        return result.returncode
    shutil.rmtree(EXPECTED, ignore_errors=True)
    EXPECTED.mkdir(parents=True)
    for name, data in tree(staging).items():
        target = EXPECTED / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
    shutil.rmtree(staging)
    print(f"regenerated {EXPECTED.relative_to(ROOT)}: review with `git diff --stat tests/golden`")
    return 0


if __name__ == "__main__":
    if sys.argv[1:] != ["regenerate"]:
        sys.exit("usage: python -m tests.golden_tool regenerate")
    sys.exit(regenerate())
