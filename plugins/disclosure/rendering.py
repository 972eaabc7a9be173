"""How the theme's templates print values and reuse rendered pieces: the same bytes as plain
Jinja, with less work per page (docs/performance.md).

- `printed`: the environment's `finalize` and autoescape in one call. Jinja prints a value
  as `escape(finalize(value))`, two Python calls and a `Markup` object each time; the site
  prints about a million values. `PrintingCodeGenerator` makes compiled templates call
  `printed(value)` alone, which gives the same text: `shown_value`, then HTML escaping.
- `Fragments` (the template function `fragment`): a piece of a page that many pages show (a
  list entry is on about eight list pages) is rendered once per build process and reused,
  with the page's own `root` put in.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from jinja2 import Environment, Template, pass_context
from jinja2.compiler import CodeGenerator, Frame
from jinja2.nodes import Expr
from jinja2.runtime import Context
from markupsafe import Markup, escape

from .filters import FILTERS, escaped_text, shown_value


def printed(value: object) -> Markup:
    """`escape(shown_value(value))`, with a fast way for the usual values: plain strings
    (`escaped_text`) and what is already escaped."""
    if type(value) is str:
        return str.__new__(Markup, escaped_text(value))  # Markup(…) costs a microsecond
    if type(value) is Markup:  # a macro's output, a fragment, a link
        return value
    return escape(shown_value(value))


class PrintingCodeGenerator(CodeGenerator):
    """Jinja's code generator, printing values with `printed` (the environment's finalize)
    and no separate `escape` call. Anything else (no autoescape, `{% autoescape %}` blocks,
    another finalize) compiles as Jinja would."""

    def _fused(self, frame: Frame) -> bool:
        context = frame.eval_ctx
        return (
            bool(context.autoescape)
            and not context.volatile
            and self.environment.finalize is printed
        )

    def _output_child_pre(self, node: Expr, frame: Frame, finalize: Any) -> None:
        if self._fused(frame):
            self.write(finalize.src)
        else:
            super()._output_child_pre(node, frame, finalize)

    def _output_child_post(self, node: Expr, frame: Frame, finalize: Any) -> None:
        if self._fused(frame):
            self.write(")")
        else:
            super()._output_child_post(node, frame, finalize)


ROOT_MARK = Markup("\x00")
"""The `root` a fragment is rendered with. Every printed text passes `carrier_text`, which
removes NUL, so in a fragment's output NUL stands exactly where the root was printed (through
`root` itself or the `url` filter, both of which print it as it is)."""


class Fragments:
    """Pieces of pages rendered once per build process (the template function `fragment`).

    `fragment("_entry.html", entry=entry)` renders `_entry.html` with only the given values,
    `root` and `directory_links` (anything else in it is an error under StrictUndefined), and
    gives the text with the current page's root in place. A fragment prints `root` only as a
    link's prefix, never tests it. Values are told apart by identity (the build's objects
    live to its end; each kept fragment holds its values, so their identities stay theirs),
    plain strings, numbers and None by value."""

    def __init__(self, environment: Environment) -> None:
        self.environment = environment
        self.templates: dict[str, Template] = {}
        """Looked up once: `get_template` checks the file's time at every call."""
        self.rendered: dict[tuple[object, ...], str] = {}
        self.kept: list[tuple[object, ...]] = []
        """The values of every fragment rendered: alive, their identities stay theirs."""

    @pass_context
    def __call__(self, context: Context, name: str, **values: object) -> Markup:
        """`fragment(name, **values)`: one fragment."""
        directory_links, root = context["directory_links"], context["root"]
        key = (name, directory_links, not root, *values, *map(_identity, values.values()))
        found = self.rendered.get(key) or self._render(key, name, values, root, directory_links)
        return _with_root(found, root)

    @pass_context
    def each(self, context: Context, name: str, variable: str, items: Iterable[object]) -> Markup:
        """`fragments(name, variable, items)`: the fragment of each item (given to the
        template as `variable`), each followed by a line feed."""
        directory_links, root = context["directory_links"], context["root"]
        base = (name, directory_links, not root, variable)
        pieces = []
        for item in items:
            key = (*base, _identity(item))
            found = self.rendered.get(key) or self._render(
                key, name, {variable: item}, root, directory_links
            )
            pieces.append(found)
            pieces.append("\n")
        return _with_root("".join(pieces), root)

    def _render(
        self,
        key: tuple[object, ...],
        name: str,
        values: Mapping[str, object],
        root: str,
        directory_links: bool,
    ) -> str:
        # The site root "" is rendered as it is: a link to "" itself is "./" there.
        mark = ROOT_MARK if root else ""
        if (template := self.templates.get(name)) is None:
            template = self.templates[name] = self.environment.get_template(name)
        text = template.render(values, root=mark, directory_links=directory_links)
        self.rendered[key] = text
        self.kept.append(tuple(values.values()))
        return text


def _with_root(text: str, root: str) -> Markup:
    # Markup's own constructor costs a microsecond; the text is already escaped.
    return str.__new__(Markup, text.replace("\x00", root) if root else text)


def _identity(value: object) -> object:
    return value if value is None or type(value) in (str, int, bool) else id(value)


def prepare_environment(environment: Environment, globals_: Mapping[str, object] = {}) -> None:
    """The theme's filters, output and fragments, set before any template is compiled:
    Jinja builds `finalize` and the code generator into each compiled template."""
    environment.filters.update(FILTERS)
    environment.finalize = printed
    environment.code_generator_class = PrintingCodeGenerator
    fragments = Fragments(environment)
    environment.globals["fragment"] = fragments
    environment.globals["fragments"] = fragments.each
    environment.globals.update(globals_)
