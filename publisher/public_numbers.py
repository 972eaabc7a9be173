"""Numbers the bureau publishes on purpose that may look like personal numbers (R-A8).

The build's output scan and `publisher verify` both allow exactly these, so a site the build
accepted is never flagged for them afterwards.
"""

from __future__ import annotations

from publisher.content import Content
from publisher.public_draws import draw_numbers


def public_numbers(content: Content) -> frozenset[str]:
    """Numbers published on purpose that may look personal: officers' certificate numbers
    (R-A2), organisations' credit codes (R-A8 says they are public), even mistyped ones, and
    the seeds and SHA-256 ranks of the double-random draws (R-B5)."""
    certificates = {officer.certificate_no for officer in content.officers.officers}
    codes = {
        loaded.record.party.credit_code
        for loaded in content.records
        if loaded.record.party.credit_code and not loaded.record.party.kind.is_natural_person
    }
    return frozenset(certificates | codes) | draw_numbers(content)
