"""The exception hierarchy of the publisher's public surface.

PublisherError
├── ContentError      the content folder has invalid files (carries every finding)
├── LeakError         the finished output contains unmasked personal numbers (R-A8)
├── BuildError        the site generator failed; the previous output is untouched
└── WechatError       a WeChat official-account step failed (publisher/wechat/api.py has the
                      subclasses: configuration, transport, and each API error code that matters)
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from publisher.findings import Finding
    from publisher.redaction import Leak


class PublisherError(Exception):
    """Base class of every error the publisher raises on purpose."""


class ContentError(PublisherError):
    """Raised when content fails validation; `findings` lists every problem, not just the first."""

    def __init__(self, findings: Sequence[Finding]) -> None:
        self.findings = list(findings)
        super().__init__(f"{len(self.findings)} problem(s) in content")


class LeakError(PublisherError):
    """Raised when the output scan finds an unmasked ID, mobile or bank-card number (R-A8)."""

    def __init__(self, leaks: Sequence[Leak]) -> None:
        self.leaks = list(leaks)
        super().__init__(f"{len(self.leaks)} unmasked personal number(s) in output")


class BuildError(PublisherError):
    """Raised when the site generator fails for a reason other than content or leaks."""


class WechatError(PublisherError):
    """Raised when pushing to or withdrawing from the WeChat official account fails; the
    message is for staff (简体中文). Subclasses are in `publisher.wechat.api`."""
