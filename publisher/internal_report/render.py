"""The report's pages: Jinja2 templates shipped with the package, rendered to bytes.

Autoescape is on (findings quote staff's text) and undefined names fail (StrictUndefined), so
a template typo stops the build instead of printing an empty cell. Output depends only on the
model: no build time, no absolute paths other than the editor links.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from jinja2 import Environment, PackageLoader, StrictUndefined

from publisher.internal_report.guard import MARKER_FILE
from publisher.internal_report.model import InternalReport
from publisher.labels import format_date


@dataclass(frozen=True)
class ReportPage:
    file: str
    template: str
    title: str


PAGES: tuple[ReportPage, ...] = (
    ReportPage("index.html", "index.html", "概览"),
    ReportPage("findings.html", "findings.html", "检查发现的问题"),
    ReportPage("deadlines.html", "deadlines.html", "临近的期限"),
    ReportPage("correction_requests.html", "correction_requests.html", "更正申请"),
    ReportPage("status.html", "status.html", "公示状态变化"),
    ReportPage("responsibility.html", "responsibility.html", "执法责任人"),
    ReportPage("certificates.html", "certificates.html", "执法证件"),
    ReportPage("major.html", "major.html", "重大执法决定"),
    ReportPage("draws.html", "draws.html", "双随机抽查"),
    ReportPage("reviews.html", "reviews.html", "案卷评查"),
    ReportPage("faults.html", "faults.html", "执法过错"),
)

ROBOTS_TXT = b"User-agent: *\nDisallow: /\n"

MARKER_TEXT = (
    "青崖县工业和信息化局 行政执法内部报告（内部资料，不得公开）。\n"
    "此文件标记本目录为内部报告：公示网站的生成程序拒绝写入本目录，请勿与公示网站一同部署。\n"
)


def cn_date(day: dt.date | None) -> str:
    return format_date(day) if day is not None else "—"


def environment() -> Environment:
    env = Environment(
        loader=PackageLoader("publisher.internal_report", "templates"),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["cn_date"] = cn_date
    return env


def render_report(report: InternalReport) -> dict[str, bytes]:
    """Every file of the report site, by path relative to its root."""
    env = environment()
    files = {
        page.file: env.get_template(page.template)
        .render(report=report, page=page, pages=PAGES)
        .encode("utf-8")
        for page in PAGES
    }
    files["robots.txt"] = ROBOTS_TXT
    files[MARKER_FILE] = MARKER_TEXT.encode("utf-8")
    return files
