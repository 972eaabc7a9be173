"""Crash safety (RULES.md C, fail closed): a build killed with SIGKILL at any moment leaves the
previous site byte for byte, or the complete new one if the kill came after the swap; never a
mix, never no site at all. The next normal build succeeds and removes what the killed one left.

Two ways in: the demo's real builds (`publisher build`, which starts Pelican, which starts
Pagefind) and the internal report are killed at random moments, many times; and the swap
itself is killed before and after each of its filesystem steps, for the atomic exchange and
for the two-rename fallback.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import random
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from fuzzing import crash_kills, crash_seed

from publisher.staging import (
    commit_staging,
    exchange,
    prepare_staging,
    retired_path,
    staging_path,
)

ROOT = Path(__file__).resolve().parent.parent
# Two days whose demo sites differ (every page's footer carries the as-of date).
AS_OF_DATES = ("2026-11-28", "2026-12-02")
GROUP_EXIT_SECONDS = 10.0

Tree = dict[str, str]
"""Every file of a folder: relative path → SHA-256."""

Command = Callable[[str, Path], list[str]]
"""The command line that writes the site for an as-of date into an output folder."""


def file_tree(folder: Path) -> Tree:
    return {
        path.relative_to(folder).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def build_command(as_of: str, output: Path, project: Path) -> list[str]:
    return [
        sys.executable, "-m", "publisher.cli", "build", "--content", str(project / "content"),
        "--output", str(output), "--as-of", as_of, "--settings", str(project / "pelicanconf.py"),
    ]  # fmt: skip


def report_command(as_of: str, output: Path, project: Path) -> list[str]:
    return [
        sys.executable, "-m", "publisher.cli", "report", "--content", str(project / "content"),
        "--output", str(output), "--as-of", as_of,
    ]  # fmt: skip


def run_to_the_end(command: list[str], cwd: Path) -> float:
    """Run a command that must succeed; returns how long it took."""
    started = time.monotonic()
    completed = subprocess.run(command, cwd=cwd, capture_output=True, text=True, check=False)
    assert completed.returncode == 0, completed.stderr
    return time.monotonic() - started


def live_members(group: int) -> list[int]:
    """Processes of a process group that are still running (zombies do not count: in a
    container nothing may reap the orphans, and a zombie writes nothing)."""
    members = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        # pid (comm) state ppid pgrp ...; comm may contain spaces and parentheses.
        state, _ppid, pgrp = stat.rsplit(")", 1)[1].split()[:3]
        if int(pgrp) == group and state not in ("Z", "X"):
            members.append(int(entry.name))
    return members


def kill_group_after(command: list[str], cwd: Path, delay: float, log: Path) -> int | None:
    """Start `command` in its own process group, SIGKILL the whole group (the build, the
    Pelican it started, Pagefind) after `delay` seconds; the exit status if it had already
    finished, None if it was killed. Returns only once no process of the group runs. What
    the command printed goes to `log`, for the message of a failing assertion."""
    with log.open("wb") as printed:
        process = subprocess.Popen(
            command, cwd=cwd, start_new_session=True, stdout=printed, stderr=subprocess.STDOUT
        )
    with contextlib.suppress(subprocess.TimeoutExpired):
        process.wait(timeout=delay)
    with contextlib.suppress(ProcessLookupError):  # the group has already exited
        os.killpg(process.pid, signal.SIGKILL)
    code = process.wait()
    deadline = time.monotonic() + GROUP_EXIT_SECONDS
    while live_members(process.pid) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not live_members(process.pid), "a process of the killed build is still running"
    return None if code == -signal.SIGKILL else code


@dataclass
class KillLog:
    kept_old: int = 0
    took_new: int = 0


def kill_many_times(
    command: Command,
    cwd: Path,
    output: Path,
    sites: dict[str, Tree],
    duration: float,
    kills: int,
    rng: random.Random,
    seed: int,
) -> KillLog:
    """Kill builds of alternating as-of dates into `output` at random moments in
    [0, duration]; after each, `output` must be one of the two whole sites."""
    kills_log = KillLog()
    current = AS_OF_DATES[0]
    for attempt in range(kills):
        target = AS_OF_DATES[1] if current == AS_OF_DATES[0] else AS_OF_DATES[0]
        delay = rng.uniform(0.0, duration)
        log = output.parent / "killed-build.log"
        code = kill_group_after(command(target, output), cwd, delay, log)
        printed = log.read_text(encoding="utf-8", errors="replace")[-2000:]
        where = f"seed {seed}, kill {attempt + 1} after {delay:.3f} s; it printed:\n{printed}"
        assert output.is_dir(), f"the output folder is gone ({where})"
        found = file_tree(output)
        assert found in (sites[current], sites[target]), f"a mixed site ({where})"
        if code is not None:
            assert code == 0 and found == sites[target], where
        if found == sites[target]:
            kills_log.took_new += 1
            current = target
        else:
            kills_log.kept_old += 1
    return kills_log


def killed_at_random(tmp_path: Path, cwd: Path, command: Command, kills: int, seed: int) -> None:
    """The whole scenario for one command: a baseline, many kills, one clean run."""
    output = tmp_path / "site"
    sites: dict[str, Tree] = {}
    duration = 0.0
    for as_of in AS_OF_DATES:
        reference = tmp_path / f"reference-{as_of}"
        duration = max(duration, run_to_the_end(command(as_of, reference), cwd))
        sites[as_of] = file_tree(reference)
    assert sites[AS_OF_DATES[0]] != sites[AS_OF_DATES[1]]
    shutil.copytree(tmp_path / f"reference-{AS_OF_DATES[0]}", output)  # a build's worth, faster

    rng = random.Random(seed)
    log = kill_many_times(command, cwd, output, sites, duration, kills, rng, seed)

    # Most kills land before the swap; if none did, the test would prove nothing.
    assert log.kept_old >= 1, f"no kill interrupted a build (seed {seed})"
    final = AS_OF_DATES[1] if file_tree(output) == sites[AS_OF_DATES[0]] else AS_OF_DATES[0]
    run_to_the_end(command(final, output), cwd)
    assert file_tree(output) == sites[final]
    assert not staging_path(output).exists() and not retired_path(output).exists()


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A copy of the demo content, settings, theme, plugin and package, so that edits in the
    working tree during the test do not change what the builds write. The builds run in the
    copy, whose `publisher` then comes first on their import path (`python -m` puts the
    working directory there)."""
    copy = tmp_path / "project"
    ignore = shutil.ignore_patterns("__pycache__")
    for folder in ("content", "theme", "plugins", "publisher"):
        shutil.copytree(ROOT / folder, copy / folder, ignore=ignore)
    shutil.copyfile(ROOT / "pelicanconf.py", copy / "pelicanconf.py")
    return copy


@pytest.mark.fuzz
def test_a_public_build_killed_at_random_leaves_a_whole_site(tmp_path: Path, project: Path) -> None:
    def command(as_of: str, output: Path) -> list[str]:
        return build_command(as_of, output, project)

    killed_at_random(tmp_path, project, command, crash_kills(os.environ), crash_seed(os.environ))


@pytest.mark.fuzz
def test_the_internal_report_killed_at_random_leaves_a_whole_report(
    tmp_path: Path, project: Path
) -> None:
    def command(as_of: str, output: Path) -> list[str]:
        return report_command(as_of, output, project)

    kills = max(5, crash_kills(os.environ) // 2)
    killed_at_random(tmp_path, project, command, kills, crash_seed(os.environ))


# --- The swap, killed before and after each of its steps ---------------------------------------

# Runs `commit_staging` in a child process that kills itself with SIGKILL just before or just
# after its STEP-th filesystem operation (a rename, an exchange, a folder removal).
KILLING_COMMIT = """
import os, shutil, signal, sys
from pathlib import Path
from publisher import staging

step, when, swap_kind, staged, output = sys.argv[1:]
calls = 0

def killing(function):
    def step_of_commit(*args, **kwargs):
        global calls
        calls += 1
        if calls == int(step) and when == "before":
            os.kill(os.getpid(), signal.SIGKILL)
        result = function(*args, **kwargs)
        if calls == int(step) and when == "after":
            os.kill(os.getpid(), signal.SIGKILL)
        return result
    return step_of_commit

os.replace = killing(os.replace)
shutil.rmtree = killing(shutil.rmtree)
swap = staging.exchange if swap_kind == "exchange" else (lambda first, second: False)
staging.commit_staging(Path(staged), Path(output), swap=killing(swap))
"""

OLD_SITE = {"index.html": "旧网站", "records/a/index.html": "旧记录", "only-old.txt": "旧"}
NEW_SITE = {"index.html": "新网站", "records/b/index.html": "新记录"}


def write_site(folder: Path, files: dict[str, str]) -> None:
    for name, text in files.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_text(text, encoding="utf-8")


def text_tree(folder: Path) -> dict[str, str]:
    return {
        path.relative_to(folder).as_posix(): path.read_text(encoding="utf-8")
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def commit_killed_at(step: int, when: str, swap_kind: str, output: Path) -> int:
    """Old site in `output`, new one staged, commit killed at `step`; the child's status."""
    write_site(output, OLD_SITE)
    staged = prepare_staging(output)
    write_site(staged, NEW_SITE)
    arguments = [str(step), when, swap_kind, str(staged), str(output)]
    command = [sys.executable, "-c", KILLING_COMMIT, *arguments]
    return subprocess.run(command, cwd=ROOT, check=False).returncode


@pytest.mark.parametrize("when", ["before", "after"])
@pytest.mark.parametrize("swap_kind", ["exchange", "fallback"])
def test_the_swap_killed_at_each_step_leaves_a_whole_site(
    tmp_path: Path, swap_kind: str, when: str
) -> None:
    """With the atomic exchange the output is always the old or the new site. The fallback's
    two renames leave a moment without it, with the old site whole as the retired folder,
    which the next build puts back first."""
    if swap_kind == "exchange" and not exchange_works(tmp_path):
        pytest.skip("no renameat2(RENAME_EXCHANGE) on this system or filesystem")
    for step in range(1, 10):
        output = tmp_path / f"{step}" / "site"
        code = commit_killed_at(step, when, swap_kind, output)
        if code == 0:
            break  # the commit has fewer steps: every one was killed at
        assert code == -signal.SIGKILL
        if output.exists() or swap_kind == "exchange":
            assert text_tree(output) in (OLD_SITE, NEW_SITE), f"step {step} {when}"
        else:
            assert text_tree(retired_path(output)) == OLD_SITE, f"step {step} {when}"
        # The next build starts on a whole site and leaves nothing behind.
        next_staging = prepare_staging(output)
        assert text_tree(output) in (OLD_SITE, NEW_SITE), f"step {step} {when}"
        write_site(next_staging, {"index.html": "下一次"})
        commit_staging(next_staging, output)
        assert text_tree(output) == {"index.html": "下一次"}
        assert not staging_path(output).exists() and not retired_path(output).exists()
    else:
        pytest.fail("the commit never finished")
    assert step > 2, "the child was never killed"


def exchange_works(folder: Path) -> bool:
    first, second = folder / "exchange-a", folder / "exchange-b"
    first.mkdir()
    second.mkdir()
    return exchange(first, second)


def test_the_exchange_trades_two_folders(tmp_path: Path) -> None:
    first, second = tmp_path / "first", tmp_path / "second"
    write_site(first, {"a.txt": "一"})
    write_site(second, {"b.txt": "二"})
    if not exchange(first, second):
        pytest.skip("no renameat2(RENAME_EXCHANGE) on this system or filesystem")
    assert (text_tree(first), text_tree(second)) == ({"b.txt": "二"}, {"a.txt": "一"})


def test_a_missing_path_is_an_error_not_a_fallback(tmp_path: Path) -> None:
    """Only "cannot exchange here" falls back to renames; a real error stops the commit."""
    (tmp_path / "present").mkdir()
    if not exchange_works(tmp_path):
        pytest.skip("no renameat2(RENAME_EXCHANGE) on this system or filesystem")
    with pytest.raises(FileNotFoundError):
        exchange(tmp_path / "present", tmp_path / "missing")


def test_a_symbolic_link_as_output_is_replaced_not_followed(tmp_path: Path) -> None:
    """A deployment that points `output` at a versioned folder keeps that folder."""
    version = tmp_path / "v1"
    write_site(version, OLD_SITE)
    output = tmp_path / "site"
    output.symlink_to(version, target_is_directory=True)
    staged = prepare_staging(output)
    write_site(staged, NEW_SITE)
    commit_staging(staged, output)
    assert not output.is_symlink() and text_tree(output) == NEW_SITE
    assert text_tree(version) == OLD_SITE


def test_the_builds_of_the_crash_tests_run_the_copied_code(project: Path) -> None:
    """Edits in the working tree while the crash tests run must not reach their builds."""
    probe = "import publisher, sys; print(publisher.__file__)"
    found = subprocess.run(
        [sys.executable, "-c", probe], cwd=project, capture_output=True, text=True, check=True
    )
    assert Path(found.stdout.strip()).resolve().is_relative_to(project.resolve())
