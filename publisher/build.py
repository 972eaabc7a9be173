"""`publisher build`: run the site generator for one as-of date.

The generator is Pelican with our plugin (`plugins/disclosure`), started as its own process
so that `publisher build` and `pelican content -s pelicanconf.py` are literally the same
build, and the core stays free of Pelican. The plugin validates the content (fail closed),
builds into a staging folder, scans it for personal numbers and swaps it in (atomic).

With the caches on (the default; `--no-cache` turns them off), a build whose inputs and
output are exactly those of the last good build answers without starting the generator
(`publisher.fastpath`), and the generator itself reuses what did not change
(docs/performance.md).
"""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from publisher.fastpath import manifest_id, remember_request, settings_values, unchanged_build
from publisher.internal_report.guard import public_build_refusal


@dataclass(frozen=True)
class BuildOptions:
    content: Path
    output: Path
    as_of: dt.date
    settings_file: Path
    site_url: str | None = None
    use_cache: bool = True
    """False: a cold build that neither reads nor writes the caches (`--no-cache`)."""


def pelican_command(options: BuildOptions) -> list[str]:
    extra: dict[str, object] = {"DISCLOSURE_AS_OF": options.as_of.isoformat()}
    if options.site_url:
        extra["SITEURL"] = options.site_url.rstrip("/")
    if not options.use_cache:
        extra["DISCLOSURE_CACHE"] = False
    command = [
        sys.executable,
        "-m",
        "pelican",
        str(options.content),
        "--settings",
        str(options.settings_file),
        "--output",
        str(options.output),
        "--fatal",
        "errors",
        "--quiet",
    ]
    # One flag with every pair: the option takes a list, and a repeated flag replaces it.
    command += ["--extra-settings", *(f"{k}={json.dumps(v)}" for k, v in extra.items())]
    return command


# Pelican's own closing summary counts articles and pages, which this site has none of: it
# would only puzzle staff, so it is not passed on.
_PELICAN_SUMMARY = ("Done: Processed", "and 0 draft pages")


def build_site(options: BuildOptions) -> int:
    """Build the public site; returns the generator's exit status (0 on success).

    Findings and errors reach stderr unchanged; on success a one-line summary is printed.
    """
    refusal = public_build_refusal(options.output)
    if refusal is not None:
        print(refusal, file=sys.stderr)
        return 1
    command = pelican_command(options)
    settings = settings_values(options.settings_file) if options.use_cache else None
    if (replayed := unchanged_build(options.output, command, settings)) is not None:
        stdout, stderr = replayed
        print_lines(stdout, stderr)
        print(success_message(options))
        return 0
    before = manifest_id(options.output) if options.use_cache else None
    completed = subprocess.run(command, check=False, stdout=subprocess.PIPE, text=True)
    printed = [
        line for line in completed.stdout.splitlines() if not line.startswith(_PELICAN_SUMMARY)
    ]
    print_lines(printed, ())
    if completed.returncode != 0:
        return completed.returncode
    if not (options.output / "index.html").is_file():
        # Pelican exits 0 when a settings file names no plugin or a wrong plugin path; then
        # nothing of ours ran and nothing was checked.
        print(
            f"错误：生成器没有写出首页，请检查 {options.settings_file} 中的 PLUGINS、"
            "PLUGIN_PATHS 和 THEME 设置（相对路径以配置文件所在目录为准）",
            file=sys.stderr,
        )
        return 1
    if options.use_cache:
        remember_request(options.output, command, settings, printed, before)
    print(success_message(options))
    return 0


def print_lines(stdout: Sequence[str], stderr: Sequence[str]) -> None:
    for line in stderr:
        print(line, file=sys.stderr)
    for line in stdout:
        print(line)


def success_message(options: BuildOptions) -> str:
    return f"已生成网站：{options.output}（按 {options.as_of.isoformat()} 的公示规则）"
