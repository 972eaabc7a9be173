"""Text every carrier can hold: no characters that XML 1.0 forbids.

Staff paste text from word processors, which sometimes carries control characters; lxml
refuses them in feeds, and they are invisible noise in pages and data files, so the public
views remove them once for all carriers (R-A1: every carrier shows the same text).
"""

from __future__ import annotations

import re

# C0 controls other than tab and line ends, lone surrogates, U+FFFE/U+FFFF.
_XML_ILLEGAL = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def xml_safe(text: str) -> str:
    """`text` without the characters XML 1.0 cannot carry."""
    return _XML_ILLEGAL.sub("", text)
