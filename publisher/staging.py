"""Atomic output (R-C): build into a staging folder beside the output, then swap it in.

At every moment the output folder is either the whole previous site or the whole new one,
also when the build is killed (SIGKILL, a power switch aside: nothing is fsynced). On Linux
the swap is one `renameat2(RENAME_EXCHANGE)`, which trades the two folders in a single step;
where the system or the filesystem cannot do that, two renames (output → retired, staging →
output) with a window between them in which the output folder does not exist, which the next
build closes by putting the retired site back. Leftover staging and retired folders of a
killed build are removed by the next one.
"""

from __future__ import annotations

import ctypes
import errno
import os
import shutil
import sys
from collections.abc import Callable
from pathlib import Path

STAGING_SUFFIX = ".staging"
RETIRED_SUFFIX = ".retired"

Swap = Callable[[Path, Path], bool]
"""Trades two existing paths in one atomic step; False when it cannot be done here."""

_AT_FDCWD = -100
_RENAME_EXCHANGE = 2
# The kernel (ENOSYS) or the filesystem (EINVAL, EOPNOTSUPP) has no atomic exchange.
_EXCHANGE_UNSUPPORTED = frozenset({errno.ENOSYS, errno.EINVAL, errno.EOPNOTSUPP})


def staging_path(output: Path) -> Path:
    return output.with_name(f".{output.name}{STAGING_SUFFIX}")


def retired_path(output: Path) -> Path:
    return output.with_name(f".{output.name}{RETIRED_SUFFIX}")


def prepare_staging(output: Path) -> Path:
    """An empty staging folder beside `output` (on the same filesystem, so renames are atomic)."""
    output = output.absolute()
    output.parent.mkdir(parents=True, exist_ok=True)
    restore_interrupted_swap(output)
    for leftover in (staging_path(output), retired_path(output)):
        if leftover.exists():
            shutil.rmtree(leftover)
    staging = staging_path(output)
    staging.mkdir()
    return staging


def restore_interrupted_swap(output: Path) -> None:
    """A build killed between the two renames of the fallback swap left no output folder and
    the previous site whole as the retired folder: put it back before anything else."""
    retired = retired_path(output)
    if retired.is_dir() and not os.path.lexists(output):
        os.replace(retired, output)


def commit_staging(
    staging: Path, output: Path, swap: Swap | None = None, keep: Path | None = None
) -> None:
    """Replace `output` by `staging`: the old site stays whole until the swap, the new one is
    whole from it. `swap` defaults to the atomic exchange of this system. With `keep` (a path
    that does not exist, on the same filesystem), the previous site is moved there instead of
    deleted: the next incremental build reuses its folders (`publisher.sitecache`)."""
    output = output.absolute()
    if not os.path.lexists(output):
        os.replace(staging, output)  # nothing to keep: one rename
        return
    if (swap or exchange)(staging, output):
        retire(staging, keep)  # the staging path now holds the previous site
        return
    retired = retired_path(output)
    os.replace(output, retired)
    os.replace(staging, output)
    retire(retired, keep)


def retire(previous: Path, keep: Path | None) -> None:
    """Move the previous site to `keep`, or delete it (`remove`) when there is nowhere to
    keep it or it is a symbolic link."""
    if keep is not None and previous.is_dir() and not previous.is_symlink():
        try:
            os.replace(previous, keep)
            return
        except OSError:
            pass  # another filesystem, or `keep` exists: delete it as without `keep`
    remove(previous)


def remove(path: Path) -> None:
    """Delete a previous output: a folder with its files, or a symbolic link itself (never
    what it points to: a deployment may keep its versions behind a link)."""
    if path.is_symlink() or not path.is_dir():
        path.unlink()
    else:
        shutil.rmtree(path)


def exchange(first: Path, second: Path) -> bool:
    """Trade two paths in one step with Linux's renameat2(RENAME_EXCHANGE); False where the
    system or the filesystem has no such call (then nothing was changed)."""
    renameat2 = _renameat2()
    if renameat2 is None:
        return False
    if renameat2(_AT_FDCWD, os.fsencode(first), _AT_FDCWD, os.fsencode(second), _RENAME_EXCHANGE):
        code = ctypes.get_errno()
        if code in _EXCHANGE_UNSUPPORTED:
            return False
        raise OSError(code, os.strerror(code), str(first), None, str(second))
    return True


def _renameat2() -> Callable[..., int] | None:
    """The C library's renameat2 (glibc 2.28 and later), or None off Linux or without it."""
    if not sys.platform.startswith("linux"):
        return None
    try:
        libc = ctypes.CDLL(None, use_errno=True)
    except OSError:
        return None
    function = getattr(libc, "renameat2", None)
    if function is None:
        return None
    function.argtypes = [
        ctypes.c_int,
        ctypes.c_char_p,
        ctypes.c_int,
        ctypes.c_char_p,
        ctypes.c_uint,
    ]
    function.restype = ctypes.c_int
    result: Callable[..., int] = function
    return result


def discard_staging(staging: Path) -> None:
    if staging.exists():
        shutil.rmtree(staging)
