"""`publisher build`: run the site generator for one as-of date.

The generator is Pelican with our plugin (`plugins/disclosure`), started as its own process
so that `publisher build` and `pelican content -s pelicanconf.py` are literally the same
build, and the core stays free of Pelican. The plugin validates the content (fail closed),
builds into a staging folder, scans it for personal numbers and swaps it in (atomic).
"""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from publisher.internal_report.guard import public_build_refusal


@dataclass(frozen=True)
class BuildOptions:
    content: Path
    output: Path
    as_of: dt.date
    settings_file: Path
    site_url: str | None = None


def pelican_command(options: BuildOptions) -> list[str]:
    extra = {"DISCLOSURE_AS_OF": options.as_of.isoformat()}
    if options.site_url:
        extra["SITEURL"] = options.site_url.rstrip("/")
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
    completed = subprocess.run(
        pelican_command(options), check=False, stdout=subprocess.PIPE, text=True
    )
    for line in completed.stdout.splitlines():
        if not line.startswith(_PELICAN_SUMMARY):
            print(line)
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
    print(f"已生成网站：{options.output}（按 {options.as_of.isoformat()} 的公示规则）")
    return 0
