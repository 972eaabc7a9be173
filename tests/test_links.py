"""Links and text made safe at load time (docs/design.md, "Injection"): only plain http(s)
addresses from the content, attachment names without invisible characters, text without
control or bidirectional characters, and CSV cells that no spreadsheet runs as a formula."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from factories import penalty, write_content, write_yaml
from hypothesis import given
from hypothesis import strategies as st

from publisher.build import BuildOptions, build_site
from publisher.cli import main
from publisher.links import is_web_address, web_address_problem
from publisher.safetext import FORMULA_GUARD, carrier_text, spreadsheet_cell

PROJECT = Path(__file__).resolve().parent.parent

ACCEPTED = [
    "https://www.example.gov.cn/gxj/zfgs/",
    "http://www.example.gov.cn",
    "https://www.example.gov.cn/更正申请?from=zfgs&x=1#form",
    "https://127.0.0.1:8443/a",
    "https://[2001:db8::1]/",
]
REFUSED = [
    "javascript:alert(1)",
    "JavaScript:alert(1)",
    "jAvAsCrIpT:alert(1)",
    " javascript:alert(1)",
    "java\tscript:alert(1)",
    "java\nscript:alert(1)",
    "\x01javascript:alert(1)",
    "javascript&#58;alert(1)",
    "&#106;avascript:alert(1)",
    "data:text/html,<script>alert(1)</script>",
    "vbscript:msgbox(1)",
    "//evil.example/",
    "\\\\evil.example\\",
    "/\\evil.example",
    "https:\\\\evil.example",
    "https:/\\evil.example",
    "https:///evil.example",
    "https://",
    "HTTPS://www.example.gov.cn",
    "ftp://www.example.gov.cn",
    "www.example.gov.cn",
    "https://www.example.gov.cn/ a",
    "https://www.example.gov.cn/\u202egpj.exe",
    "https://www.example.gov.cn/\u200b",
    'https://www.example.gov.cn/"onmouseover="alert(1)',
    "https://www.example.gov.cn/<script>",
    "https://www.example.gov.cn/`",
]


@pytest.mark.parametrize("address", ACCEPTED)
def test_plain_web_addresses_are_links(address: str) -> None:
    assert web_address_problem(address) is None


@pytest.mark.parametrize("address", REFUSED)
def test_every_other_scheme_and_trick_is_refused(address: str) -> None:
    problem = web_address_problem(address)
    assert problem is not None and "网址" in problem


@given(st.text(max_size=40))
def test_an_accepted_address_starts_a_web_link_and_holds_nothing_invisible(text: str) -> None:
    """Whatever the text, an accepted address is what a browser reads as http(s)."""
    for address in (text, f"https://{text}", f"http://www.example.gov.cn/{text}"):
        if is_web_address(address):
            assert address.startswith(("http://", "https://"))
            assert address.split("://", 1)[1][:1] not in ("", "/", "\\")
            assert all(c.isprintable() and not c.isspace() for c in address)


def check(root: Path) -> tuple[int, list[dict[str, object]]]:
    args = ["check", "--content", str(root), "--as-of", "2024-06-01", "--scope", "publication"]
    result = CliRunner().invoke(main, [*args, "--format", "json"])
    return result.exit_code, json.loads(result.stdout)


@pytest.mark.parametrize("address", ["javascript:alert(1)", "//evil.example/", " https://x.cn"])
def test_a_bad_form_url_is_refused_on_its_line(tmp_path: Path, address: str) -> None:
    root = write_content(tmp_path / "content", [penalty()])
    write_yaml(root / "settings.yaml", {"correction_requests": {"form_url": address}})
    code, findings = check(root)
    assert code == 1
    errors = [f for f in findings if f["severity"] == "error"]
    assert len(errors) == 1
    assert errors[0]["file"] == str(root / "settings.yaml") and errors[0]["line"] == 2
    assert "correction_requests.form_url" in str(errors[0]["message"])
    assert "Value error" not in str(errors[0]["message"])


@pytest.mark.parametrize(
    ("key", "value"),
    [("tag_authority", "<b>example.gov.cn</b>"), ("tag_start", "2019-01-01\x01")],
)
def test_feed_id_parts_must_be_a_domain_and_a_date(tmp_path: Path, key: str, value: str) -> None:
    """They are written into every feed entry's id: text there could break the XML."""
    root = write_content(tmp_path / "content", [penalty()])
    write_yaml(root / "settings.yaml", {key: value})
    code, findings = check(root)
    assert code == 1 and any(key in str(f["message"]) for f in findings)


@pytest.mark.parametrize("site_url", ["javascript:alert(1)//", "//evil.example/", "ftp://x.cn/"])
def test_the_build_refuses_a_site_url_that_is_no_web_address(
    tmp_path: Path, capfd: pytest.CaptureFixture[str], site_url: str
) -> None:
    root = write_content(tmp_path / "content", [penalty()])
    output = tmp_path / "public"
    options = BuildOptions(root, output, dt.date(2024, 6, 1), PROJECT / "pelicanconf.py", site_url)
    assert build_site(options) != 0
    assert "SITEURL" in capfd.readouterr().err
    assert not output.exists()


@pytest.mark.parametrize("name", ["决定书\u202efdp.exe", "决定书\x07.pdf", "决定\u200b书.pdf"])
def test_an_attachment_name_with_invisible_characters_is_refused(tmp_path: Path, name: str) -> None:
    record = penalty(attachments=[{"file": f"attachments/{name}", "title": "决定书"}])
    root = write_content(tmp_path / "content", [record])
    (root / "attachments").mkdir()
    (root / "attachments" / name).write_bytes(b"%PDF-1.4\n")
    code, findings = check(root)
    assert code == 1
    assert any("不可见字符" in str(f["message"]) and f["rule"] == "R-A2" for f in findings)


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("<script>alert(1)</script>", "<script>alert(1)</script>"),  # markup is escaped later
        ("决定书\u202efdp.exe", "决定书fdp.exe"),
        ("a\u2066b\u2069c\u202ad\u202ce", "abcde"),
        ("a\x00b\x01c\x1bd\x7fe", "abcd\x7fe"),
        ("第一行\n第二行\t缩进", "第一行\n第二行\t缩进"),
        ("中文\u200f标记", "中文\u200f标记"),  # a lone direction mark reorders nothing
    ],
)
def test_carrier_text_drops_control_and_bidirectional_characters(text: str, shown: str) -> None:
    assert carrier_text(text) == shown


@pytest.mark.parametrize(
    ("cell", "written"),
    [
        (
            '=HYPERLINK("https://evil.example","点我")',
            f'{FORMULA_GUARD}=HYPERLINK("https://evil.example","点我")',
        ),
        ("+1+1", f"{FORMULA_GUARD}+1+1"),
        ("-2+3", f"{FORMULA_GUARD}-2+3"),
        ("@SUM(A1:A2)", f"{FORMULA_GUARD}@SUM(A1:A2)"),
        ("\t=1", f"{FORMULA_GUARD}\t=1"),
        ("\r=1", f"{FORMULA_GUARD}\r=1"),
        ("青工信罚〔2024〕1号", "青工信罚〔2024〕1号"),
        ("3.5", "3.5"),
        ("2024-03-06", "2024-03-06"),
        ("", ""),
        ("a=b", "a=b"),
    ],
)
def test_spreadsheet_cells_never_start_a_formula(cell: str, written: str) -> None:
    assert spreadsheet_cell(cell) == written
