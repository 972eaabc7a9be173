"""Links made from content and settings: web addresses (http, https) only.

A link runs whatever its scheme says: `javascript:` runs code in the page, `data:` and
`vbscript:` open or run something else. Browsers are also forgiving in ways a naive check is
not: they drop tabs and line breaks anywhere in an address, trim spaces and control
characters at both ends, read the scheme in any case and turn `\\` into `/` in web addresses,
so ` JavaScript:`, `java<TAB>script:`, `//evil` and `https:\\\\evil` mean to them what they
do not seem to mean. A web address from the content is therefore accepted only when it is
written plainly: `http://` or `https://` in lower case, a host, and no space, control or
invisible character, backslash, quote or angle bracket anywhere. Whatever else it holds, the
templates escape it, so it can never leave its attribute.

The site's own links (records, lists, attachments) are relative and built by the publisher
(`plugins/disclosure/filters.py`), never taken from the content as they stand.
"""

from __future__ import annotations

import unicodedata

WEB_SCHEMES = ("http://", "https://")
_REFUSED_CHARACTERS = frozenset('\\"<>`')
# Control, format (zero-width, bidirectional), unassigned, private-use and separator
# characters: invisible, or silently dropped or changed by browsers.
_INVISIBLE_CATEGORIES = frozenset({"Cc", "Cf", "Cn", "Co", "Cs", "Zs", "Zl", "Zp"})

NOT_A_WEB_ADDRESS = (
    "只能填写以 http:// 或 https:// 开头的网址（小写），不能用 javascript:、data: 等其他协议"
)


def web_address_problem(address: str) -> str | None:
    """Why `address` cannot be a link on a public page (简体中文), or None when it can."""
    if any(_invisible(character) for character in address):
        return f"网址中不能有空格、换行、控制字符或不可见字符：{address!r}"
    if any(character in _REFUSED_CHARACTERS for character in address):
        return f'网址中不能有反斜杠 \\、引号 " 或尖括号 < >、反引号 `：{address}'
    if not address.startswith(WEB_SCHEMES):
        return f"{NOT_A_WEB_ADDRESS}：{address}"
    rest = address.split("://", 1)[1]
    if not rest or rest.startswith("/"):
        return f"网址缺少主机名（:// 之后应是域名，如 www.example.gov.cn）：{address}"
    return None


def is_web_address(address: str) -> bool:
    return web_address_problem(address) is None


def _invisible(character: str) -> bool:
    return character.isspace() or unicodedata.category(character) in _INVISIBLE_CATEGORIES
