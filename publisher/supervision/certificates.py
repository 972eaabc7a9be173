"""R-B2 certificates: validity by date and two certified officers per act."""

from __future__ import annotations

import datetime as dt

from publisher.content import Content
from publisher.findings import Finding


def check_certificates(content: Content, as_of: dt.date) -> list[Finding]:
    return []
