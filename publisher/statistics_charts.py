"""Server-side SVG bar charts of the annual statistics report (R-A10), drawn with matplotlib.

Each chart is inlined in its page, so it needs no JavaScript, no request and no font of its
own: the text stays text (`svg.fonttype: none`) and takes the page's fonts. Every table beside
a chart holds the same numbers for screen readers; the chart itself is one image with a name
(`role="img"`, `aria-label` and `<title>`).

Byte-identical between builds and machines (RULES.md C):

- no date or creator metadata, and a fixed `svg.hashsalt` (the chart's id), so the ids
  matplotlib derives from hashes never change and differ between the charts of one page;
- text is measured with DejaVu Sans, which ships inside matplotlib, never with a system font:
  the layout never depends on what a machine has installed. Nothing is placed by measured
  text width (labels are anchored with `text-anchor`, the margins and the legend are computed
  here from character counts), so measuring CJK text with a Latin font does no harm.

The SVG is then made fit for inline HTML: the XML prolog and metadata go, the ids are
prefixed with the chart's id (unique on the page), the text's font family is dropped (the
page's applies), and the size follows the page width (`max-width: 100%`).
"""

from __future__ import annotations

import io
import unicodedata
import warnings
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any
from xml.etree import ElementTree

from publisher.memo import Memo
from publisher.parallel import map_forked
from publisher.statistics import FigureGroup

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

SVG_NS = "http://www.w3.org/2000/svg"
XLINK_NS = "http://www.w3.org/1999/xlink"
XLINK_HREF = f"{{{XLINK_NS}}}href"

# The site's palette (theme/static/css/site.css): ink, muted, line, brand red, link blue.
INK = "#1f2328"
LINE = "#d0d7de"
RED, BLUE = "#a61b1b", "#0b57a4"
COLOURS = (RED, BLUE)
"""Two series: penalty decisions red, inspections blue (as in every two-series chart)."""
INSPECTION_GROUPS = frozenset({"outcomes", "draws"})
"""Single-series groups about inspections, drawn blue like the inspection series."""
FONT_SIZE = 16
WIDTH = 480
"""The chart's width in CSS pixels (1 SVG unit = 1 px); narrower screens scale it down (a
phone's 343 px keep the text above 11 px)."""


@dataclass(frozen=True)
class Chart:
    """An inline SVG chart; Jinja inserts it unescaped (`__html__`), and it is built here
    from numbers and fixed labels only, never from staff text."""

    id: str
    label: str
    svg: str

    def __html__(self) -> str:
        return self.svg


@dataclass(frozen=True)
class ChartRequest:
    """A chart to draw: everything its SVG depends on, besides our code and matplotlib's
    version (both in the code fingerprint of the memo, `publisher.memo`)."""

    group: FigureGroup
    id: str
    label: str


CHARTS_PER_TASK = 4
"""Charts drawn by one forked child at a time: a report's charts take a few hundredths of
a second each, so small tasks share them evenly between the cores."""


def render_chart(group: FigureGroup, chart_id: str, label: str) -> Chart:
    """The group's bars: months as columns, everything else as horizontal bars."""
    return _draw_task([ChartRequest(group, chart_id, label)])[0]


def render_charts(requests: Sequence[ChartRequest], memo: Memo | None = None) -> list[Chart]:
    """Every requested chart, in order. With a memo, a chart drawn from the same request in
    the last build is taken from it; the others are drawn on every core."""
    memo = Memo.disabled() if memo is None else memo
    inputs = [(request.group, request.id, request.label) for request in requests]
    return memo.values(inputs, lambda missing: _draw_all([requests[i] for i in missing]))


# --- drawing ----------------------------------------------------------------------------------


def _draw_all(requests: Sequence[ChartRequest]) -> list[Chart]:
    # Imported by the parent, once: the forked children inherit it. A build that draws no
    # chart (no annual report, or every chart in the memo) never loads matplotlib.
    import matplotlib.backends.backend_svg
    import matplotlib.figure  # noqa: F401

    tasks = [
        requests[start : start + CHARTS_PER_TASK]
        for start in range(0, len(requests), CHARTS_PER_TASK)
    ]
    drawn = map_forked(_draw_task, tasks, minimum=2, slice_size=1)
    return [chart for task in drawn for chart in task]


def _draw_task(requests: Sequence[ChartRequest]) -> list[Chart]:
    """Charts drawn under our settings: matplotlib's own defaults, never a `matplotlibrc`
    of the machine or of the working folder, plus ours."""
    import matplotlib
    from matplotlib.typing import RcKeyType

    matplotlib.use("Agg")  # no GUI; only the SVG writer is used
    settings: dict[RcKeyType, Any] = {
        "svg.fonttype": "none",
        "font.family": ["sans-serif"],
        "font.sans-serif": ["DejaVu Sans"],
        "font.size": FONT_SIZE,
        "text.color": INK,
        "axes.edgecolor": LINE,
        "xtick.color": INK,
        "ytick.color": INK,
        "axes.unicode_minus": False,
    }
    with matplotlib.rc_context(), warnings.catch_warnings():
        matplotlib.rcdefaults()
        matplotlib.rcParams.update(settings)
        # DejaVu Sans has no CJK glyphs: matplotlib warns while measuring, which is harmless
        # here (see the module docstring), and the browser draws the text with the page's font.
        warnings.filterwarnings("ignore", message="Glyph .* missing from font")
        return [_draw_one(request) for request in requests]


def _draw_one(request: ChartRequest) -> Chart:
    """Under `_draw_task`'s settings: months as columns, everything else as bars."""
    import matplotlib

    draw = _columns if request.group.key == "months" else _bars
    # The ids matplotlib derives from hashes: fixed, and unique to this chart.
    matplotlib.rcParams["svg.hashsalt"] = request.id
    figure = draw(request.group)
    buffer = io.BytesIO()
    metadata = {"Date": None, "Creator": None, "Format": None, "Type": None}
    figure.savefig(buffer, format="svg", metadata=metadata)
    svg = _inline_svg(buffer.getvalue(), request.id, request.label)
    return Chart(id=request.id, label=request.label, svg=svg)


def text_width(text: str, size: float = FONT_SIZE) -> float:
    """An estimate of `text`'s width in px in the page's font: wide characters (CJK) take
    one em, others about 0.6 em."""
    ems = sum(1.0 if unicodedata.east_asian_width(c) in "WF" else 0.6 for c in text)
    return ems * size


def _number(value: int) -> str:
    return f"{value:,}"


def _colours(group: FigureGroup) -> tuple[str, ...]:
    if len(group.series) > 1:
        return COLOURS
    return (BLUE,) if group.key in INSPECTION_GROUPS else (RED,)


def _legend(figure: Figure, group: FigureGroup, height: float) -> None:
    """Swatches and labels placed by our own text estimate (matplotlib's legend would place
    them by the width measured in DejaVu Sans, too narrow for CJK text)."""
    from matplotlib.patches import Rectangle

    x = 12.0
    y = height - 24.0
    for index, series in enumerate(group.series):
        swatch = Rectangle(
            (x / WIDTH, y / height),
            14 / WIDTH,
            14 / height,
            facecolor=_colours(group)[index],
            edgecolor="none",
            transform=figure.transFigure,
            figure=figure,
        )
        figure.patches.append(swatch)
        figure.text((x + 20) / WIDTH, (y + 7) / height, series.label, va="center", ha="left")
        x += 20 + text_width(series.label) + 24


def _figure(height: float) -> Figure:
    from matplotlib.figure import Figure

    return Figure(figsize=(WIDTH / 72, height / 72), dpi=72, facecolor="none")


def _plot_area(
    figure: Figure, height: float, top: float, bottom: float, left: float, right: float
) -> Axes:
    """Axes inside the given margins (in pixels of the WIDTH × height figure)."""
    box = (
        left / WIDTH,
        bottom / height,
        1 - (left + right) / WIDTH,
        (height - top - bottom) / height,
    )
    return figure.add_axes(box)


def _bars(group: FigureGroup) -> Figure:
    """Horizontal bars, one row per item, one bar per series, the value at its end."""
    series = len(group.series)
    rows = len(group.rows)
    slot = 16 * series + 12
    legend = 34.0 if series > 1 else 0.0
    top, bottom = 8.0 + legend, 8.0
    height = top + bottom + slot * rows
    left = 16 + max(text_width(row.label) for row in group.rows)
    values = [v for row in group.rows for v in row.values]
    right = 12 + text_width(_number(max(values, default=0)))
    figure = _figure(height)
    axes = _plot_area(figure, height, top, bottom, left, right)
    bar = 0.8 / series
    for index in range(series):
        positions = [r + (index - (series - 1) / 2) * bar for r in range(rows)]
        numbers = [row.values[index] for row in group.rows]
        bars = axes.barh(positions, numbers, height=bar * 0.9, color=_colours(group)[index])
        axes.bar_label(
            bars, labels=[_number(n) for n in numbers], padding=4, fontsize=FONT_SIZE - 1
        )
    axes.set_yticks(range(rows), [row.label for row in group.rows])
    axes.set_ylim(rows - 0.5, -0.5)
    axes.set_xlim(0, max(max(values, default=0), 1))
    axes.tick_params(axis="y", length=0, pad=6)
    axes.set_xticks([])
    for side in ("top", "right", "bottom"):
        axes.spines[side].set_visible(False)
    axes.set_facecolor("none")
    if series > 1:
        _legend(figure, group, height)
    return figure


def _columns(group: FigureGroup) -> Figure:
    """Vertical bars, one column group per item (the months), the value above each bar."""
    series = len(group.series)
    rows = len(group.rows)
    height = 260.0
    legend = 34.0 if series > 1 else 0.0
    top, bottom, left, right = 30.0 + legend, 30.0, 12.0, 12.0
    figure = _figure(height)
    axes = _plot_area(figure, height, top, bottom, left, right)
    bar = 0.8 / series
    values = [v for row in group.rows for v in row.values]
    for index in range(series):
        positions = [r + (index - (series - 1) / 2) * bar for r in range(rows)]
        numbers = [row.values[index] for row in group.rows]
        bars = axes.bar(positions, numbers, width=bar * 0.9, color=_colours(group)[index])
        axes.bar_label(
            bars, labels=[_number(n) for n in numbers], padding=2, fontsize=FONT_SIZE - 4
        )
    axes.set_xticks(range(rows), [row.label for row in group.rows], fontsize=FONT_SIZE - 2)
    axes.set_xlim(-0.5, rows - 0.5)
    axes.set_ylim(0, max(max(values, default=0), 1))
    axes.tick_params(axis="x", length=0, pad=6)
    axes.set_yticks([])
    for side in ("top", "right", "left"):
        axes.spines[side].set_visible(False)
    axes.set_facecolor("none")
    if series > 1:
        _legend(figure, group, height)
    return figure


# --- making the SVG fit for inline HTML ---------------------------------------------------------


def _inline_svg(raw: bytes, chart_id: str, label: str) -> str:
    ElementTree.register_namespace("", SVG_NS)
    ElementTree.register_namespace("xlink", XLINK_NS)
    root = ElementTree.fromstring(raw)  # expat reads no external DTD
    _remove_all(root, {f"{{{SVG_NS}}}metadata", f"{{{SVG_NS}}}style"})
    _prefix_ids(root, chart_id)
    for element in root.iter(f"{{{SVG_NS}}}text"):
        element.set("style", _without_font_family(element.get("style", "")))
    width, height = _view_box_size(root)
    for name, value in (
        ("id", chart_id),
        ("width", width),
        ("height", height),
        ("style", "max-width: 100%; height: auto"),
        ("role", "img"),
        ("aria-label", label),
    ):
        root.set(name, value)
    root.attrib.pop("version", None)
    title = ElementTree.Element(f"{{{SVG_NS}}}title")
    title.text = label
    title.tail = "\n "
    root.insert(0, title)
    text = ElementTree.tostring(root, encoding="unicode")
    return "\n".join(line.rstrip() for line in text.splitlines())


def _remove_all(parent: ElementTree.Element, tags: set[str]) -> None:
    """Remove every element with one of `tags`, and `<defs>` left empty by it."""
    for child in list(parent):
        if child.tag in tags:
            parent.remove(child)
            continue
        _remove_all(child, tags)
        if child.tag == f"{{{SVG_NS}}}defs" and len(child) == 0:
            parent.remove(child)


def _prefix_ids(root: ElementTree.Element, prefix: str) -> None:
    """Unreferenced group ids go; referenced ones (clip paths, markers) get the chart's id
    in front, so that several charts on one page never share an id."""
    for element in root.iter():
        old = element.get("id")
        if old is None:
            continue
        if element.tag == f"{{{SVG_NS}}}g":
            del element.attrib["id"]
        else:
            element.set("id", f"{prefix}-{old}")
    for element in root.iter():
        href = element.get(XLINK_HREF)
        if href and href.startswith("#"):
            element.set(XLINK_HREF, f"#{prefix}-{href[1:]}")
        clip = element.get("clip-path")
        if clip and clip.startswith("url(#"):
            element.set("clip-path", f"url(#{prefix}-{clip[5:]}")


def _without_font_family(style: str) -> str:
    kept = [
        part.strip()
        for part in style.split(";")
        if part.strip() and not part.strip().startswith("font-family")
    ]
    return "; ".join(kept)


def _view_box_size(root: ElementTree.Element) -> tuple[str, str]:
    parts: Sequence[str] = root.get("viewBox", "0 0 0 0").split()
    return parts[2], parts[3]
