"""Running one timed command: wall time, CPU time, peak memory, pages written.

The child's resource use comes from `os.wait4`, which on Linux includes every descendant the
child waited for (Pelican under `publisher build`, Pagefind under its Python runner): CPU
times are summed over the tree. Its `ru_maxrss` is not used: Linux starts a spawned child's
count at the spawning process's resident size (the harness holds a whole corpus: 800 MB at
100,000 records), so the largest single process is sampled instead, as the largest high-water
mark (`VmHWM`, reset by exec) of any process in the tree. Processes running
side by side add up, which `ru_maxrss` cannot show, so a sampler also sums the proportional
set size (PSS) of the whole process tree every SAMPLE_SECONDS from /proc. PSS, not RSS: the
build's forked workers share most of their memory with the build copy-on-write, and the
summed RSS would count each shared page once per process; PSS divides a shared page among
the processes that map it, so the sum counts it once. The peak reported is the larger of
the two (a sampler can miss a spike shorter than its period).
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import threading
import time
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path

SAMPLE_SECONDS = 0.05


@dataclass(frozen=True)
class Run:
    """One timed run of one scenario."""

    wall_s: float
    user_s: float
    sys_s: float
    max_rss_mb: float
    """Largest single process (rusage)."""
    tree_pss_mb: float
    """Largest sampled sum of PSS over the process tree."""
    pages: int
    exit_code: int
    timed_out: bool = False

    @property
    def ok(self) -> bool:
        return self.exit_code == 0 and not self.timed_out

    @property
    def peak_mb(self) -> float:
        return max(self.max_rss_mb, self.tree_pss_mb)

    @property
    def cpu_utilisation(self) -> float:
        """(user + sys) / wall: 1.0 is one core busy all the time, 2.0 both of two."""
        return (self.user_s + self.sys_s) / self.wall_s if self.wall_s > 0 else 0.0

    @property
    def pages_per_s(self) -> float:
        return self.pages / self.wall_s if self.wall_s > 0 else 0.0

    def to_json(self) -> dict[str, object]:
        data: dict[str, object] = asdict(self)
        data |= {
            "peak_mb": round(self.peak_mb, 1),
            "cpu_utilisation": round(self.cpu_utilisation, 2),
            "pages_per_s": round(self.pages_per_s, 1),
        }
        return data


def run_timed(
    command: Sequence[str],
    *,
    cwd: Path,
    pages_in: Path | None,
    timeout_s: float,
    log: Path,
    env: Mapping[str, str] | None = None,
) -> Run:
    """Run `command`, its output to `log`; count the HTML pages under `pages_in` after."""
    with log.open("wb") as sink:
        started = time.perf_counter()
        child = subprocess.Popen(
            list(command),
            cwd=cwd,
            stdout=sink,
            stderr=subprocess.STDOUT,
            env=None if env is None else dict(env),
            start_new_session=True,  # its own process group, so a timeout ends all of it
        )
        sampler = TreeSampler(child.pid)
        sampler.start()
        timer = threading.Timer(timeout_s, _kill_group, (child.pid,))
        timer.start()
        try:
            _pid, status, usage = os.wait4(child.pid, 0)
            wall = time.perf_counter() - started
        except BaseException:  # interrupted: leave no build running in its own session
            _kill_group(child.pid)
            raise
        finally:
            timer.cancel()
            sampler.stop()
    child.returncode = os.waitstatus_to_exitcode(status)  # already reaped by wait4
    timed_out = child.returncode == -signal.SIGKILL and wall >= timeout_s
    return Run(
        wall_s=round(wall, 3),
        user_s=round(usage.ru_utime, 3),
        sys_s=round(usage.ru_stime, 3),
        max_rss_mb=round(sampler.largest_bytes / 2**20, 1),
        tree_pss_mb=round(sampler.peak_bytes / 2**20, 1),
        pages=count_pages(pages_in) if pages_in is not None else 0,
        exit_code=child.returncode,
        timed_out=timed_out,
    )


def _kill_group(pid: int) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.killpg(pid, signal.SIGKILL)


def count_pages(folder: Path) -> int:
    """HTML files under `folder` (every page a reader can open), 0 if it does not exist."""
    if not folder.is_dir():
        return 0
    count = 0
    for _root, _dirs, files in os.walk(folder):
        count += sum(1 for name in files if name.endswith(".html"))
    return count


class TreeSampler:
    """Samples the summed PSS of a process and all its descendants, and the largest
    high-water mark of any one of them."""

    def __init__(self, root_pid: int) -> None:
        self.root_pid = root_pid
        self.peak_bytes = 0
        self.largest_bytes = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._loop, daemon=True)

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        self._thread.join()

    def _loop(self) -> None:
        while not self._stop.wait(SAMPLE_SECONDS):
            self.peak_bytes = max(self.peak_bytes, self._tree_bytes())

    def _tree_bytes(self) -> int:
        total, stack = 0, [self.root_pid]
        while stack:
            pid = stack.pop()
            total += _proportional_bytes(pid)
            self.largest_bytes = max(self.largest_bytes, _high_water_bytes(pid))
            stack.extend(_children(pid))
        return total


def _children(pid: int) -> list[int]:
    """The children of every thread of `pid`, from /proc (a process tree of a few processes
    costs well under a millisecond to walk this way; scanning all of /proc costs ~10 ms)."""
    found: list[int] = []
    try:
        for task in os.listdir(f"/proc/{pid}/task"):
            text = Path(f"/proc/{pid}/task/{task}/children").read_text()
            found += [int(child) for child in text.split()]
    except OSError:  # the process ended meanwhile
        pass
    return found


def _proportional_bytes(pid: int) -> int:
    """The process's PSS: its private pages plus its share of each page it shares (with its
    forked workers, or anyone else mapping the same library)."""
    return _proc_kilobytes(pid, "smaps_rollup", "Pss:")


def _high_water_bytes(pid: int) -> int:
    """The process's peak resident size since it started its program (`VmHWM`)."""
    return _proc_kilobytes(pid, "status", "VmHWM:")


def _proc_kilobytes(pid: int, file: str, field: str) -> int:
    """The bytes of a `field: N kB` line of `/proc/<pid>/<file>`; 0 when it is not there."""
    try:
        text = Path(f"/proc/{pid}/{file}").read_text()
    except OSError:  # the process ended meanwhile
        return 0
    for line in text.splitlines():
        if line.startswith(field):
            return int(line.split()[1]) * 1024  # the kernel writes kB
    return 0
    for line in text.splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) * 1024  # the kernel writes kB
    return 0
