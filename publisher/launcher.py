"""The `publisher` command's entry point.

Loading the whole command line (every command, the models, the checks) takes longer than a
`publisher build` that has nothing to do (`publisher.fastpath`). So a `publisher build`
whose arguments are plain (only the options below, each once, a valid date) runs from here,
with nothing heavy imported: `publisher.build.build_site`, exactly what the full command
line would run for the same options, which answers at once when nothing changed and starts
the generator otherwise. Everything else, including any argument this parser is not sure
of, goes to the full command line (`publisher.cli`).
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path

from publisher.build import BuildOptions, build_site
from publisher.clock import resolve_as_of

_VALUED = {
    "--content": "content",
    "--output": "output",
    "--as-of": "as_of",
    "--site-url": "site_url",
    "--settings": "settings",
}
_FLAGS = {"--no-cache": "no_cache"}


def main() -> None:
    if (code := quick_build(sys.argv[1:])) is not None:
        raise SystemExit(code)
    from publisher.cli import main as full_command_line

    full_command_line()


def quick_build(arguments: Sequence[str]) -> int | None:
    """The exit status of `publisher build` with plain `arguments`, else None."""
    if not arguments or arguments[0] != "build":
        return None
    options = build_options(arguments[1:])
    return None if options is None else build_site(options)


def build_options(arguments: Sequence[str]) -> BuildOptions | None:
    """The build's options as `publisher build` reads them, or None when unsure."""
    given: dict[str, str] = {}
    flags: set[str] = set()
    items = list(arguments)
    while items:
        item = items.pop(0)
        name, has_value, value = item.partition("=")
        if name in _FLAGS and not has_value and _FLAGS[name] not in flags:
            flags.add(_FLAGS[name])
            continue
        if name not in _VALUED or _VALUED[name] in given:
            return None
        if not has_value:
            if not items:
                return None
            value = items.pop(0)
        if not value or value.startswith("-"):
            return None
        given[_VALUED[name]] = value
    try:
        as_of = resolve_as_of(given.get("as_of"))
    except ValueError:
        return None
    from publisher.date_range import is_in_range  # the command line's own range

    if not is_in_range(as_of):
        return None
    settings = Path(given.get("settings", "pelicanconf.py"))
    if not settings.is_file():
        return None
    return BuildOptions(
        content=Path(given.get("content", "content")),
        output=Path(given.get("output", "output")),
        as_of=as_of,
        settings_file=settings,
        site_url=given.get("site_url"),
        use_cache="no_cache" not in flags,
    )
