"""Output and input hygiene: formula-safe exports, control characters, CSP, content-typed attachments."""

from __future__ import annotations

import csv
import io

import pytest
from django.urls import reverse

from gongkai.core import filetypes
from gongkai.core.spreadsheet import csv_safe


@pytest.mark.parametrize(
    ("value", "safe"),
    [
        ('=HYPERLINK("http://x","点我")', '\'=HYPERLINK("http://x","点我")'),
        ("+86 138", "'+86 138"),
        ("-cmd", "'-cmd"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\t=1", "'\t=1"),
        ("-3", "-3"),
        ("+1.5", "+1.5"),
        ("张三", "张三"),
        (7, 7),
    ],
)
def test_csv_values_that_start_a_formula_are_neutralised(value, safe):
    assert csv_safe(value) == safe


@pytest.mark.django_db
@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_an_applicant_name_typed_as_a_formula_stays_text_in_exports(client, clerk_a, agency_a, fmt):
    from openpyxl import load_workbook

    from gongkai.applications.services import application_register
    from gongkai.applications.validation import ApplicationData

    from ..applications.conftest import person

    formula = '=HYPERLINK("http://evil.example","点我")'
    application_register(agency=agency_a, data=ApplicationData(**person(applicant_name=formula)))
    client.force_login(clerk_a)
    response = client.get(reverse("applications:list"), {"export": fmt})
    body = b"".join(response.streaming_content) if response.streaming else response.content
    if fmt == "csv":
        rows = list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))
        assert rows[1][3] == "'" + formula
    else:
        sheet = load_workbook(io.BytesIO(body)).active
        cell = sheet.cell(row=2, column=4)
        assert cell.value == formula and cell.data_type == "s"


# --- control characters at the edge ---------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("bad", ["\x00", "a\x00b", "\x1b[31m", "\x7f"])
def test_control_characters_in_a_query_string_get_a_clear_400(client, clerk_a, bad):
    anonymous = client.get("/apply/track/", {"tracking_number": bad})
    assert anonymous.status_code == 400 and "控制字符" in anonymous.content.decode()
    client.force_login(clerk_a)
    search = client.get(reverse("applications:list"), {"q": bad})
    assert search.status_code == 400 and "控制字符" in search.content.decode()


@pytest.mark.django_db
def test_control_characters_in_a_path_get_a_clear_400(client):
    response = client.get("/apply/track/YSQ%00/")
    assert response.status_code == 400 and "控制字符" in response.content.decode()


@pytest.mark.django_db
def test_control_characters_in_a_form_get_a_clear_400_and_tabs_and_newlines_pass(client, agency_a):
    refused = client.post("/apply/track/", {"tracking_number": "YSQ\x00", "query_code": "x"})
    assert refused.status_code == 400 and "控制字符" in refused.content.decode()
    fine = client.post("/apply/track/", {"tracking_number": "YSQ1\t", "query_code": "a\r\nb"})
    assert fine.status_code != 400


# --- Content-Security-Policy ------------------------------------------------------------------------


@pytest.mark.django_db
def test_every_page_has_a_csp_without_inline_script(client):
    policy = client.get(reverse("portal:home"))["Content-Security-Policy"]
    directives = dict(d.strip().split(" ", 1) for d in policy.split(";") if d.strip())
    assert directives["script-src"] == "'self'"
    assert "unsafe-inline" not in directives["script-src"] and "unsafe-eval" not in policy
    assert directives["object-src"] == "'none'" and directives["frame-ancestors"] == "'none'"


def test_no_template_carries_inline_script_or_event_handlers():
    import re
    from pathlib import Path

    root = Path(__file__).parents[2] / "gongkai"
    inline = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>|\son[a-z]+\s*=|javascript:", re.IGNORECASE)
    offenders = [str(p) for p in root.rglob("*.html") if inline.search(p.read_text(encoding="utf-8"))]
    assert offenders == []


# Rendered by WeasyPrint into PDF only, never served as a page: their style sheet travels inside.
PDF_ONLY_TEMPLATES = {"letters/letter.html", "portal/receipt_pdf.html"}


def test_no_page_template_carries_inline_style():
    """Styles come from the site's style sheets, so that the CSP can refuse inline ones (issue 13)."""
    import re
    from pathlib import Path

    root = Path(__file__).parents[2] / "gongkai"
    inline = re.compile(r"\sstyle\s*=|<style[\s>]", re.IGNORECASE)
    offenders = [
        str(p.relative_to(root))
        for p in root.rglob("*.html")
        if not any(str(p).endswith(name) for name in PDF_ONLY_TEMPLATES)
        and inline.search(p.read_text(encoding="utf-8"))
    ]
    assert offenders == []


# --- attachments typed by content ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "data", "kind"),
    [
        ("a.pdf", b"%PDF-1.7\n...", "pdf"),
        ("notes.txt", "政府信息公开".encode(), "txt"),
        ("x.pdf", b"\x89PNG\r\n\x1a\n" + b"\0" * 64, "png"),
    ],
)
def test_staff_attachments_are_typed_by_content(name, data, kind):
    assert filetypes.sniff_bytes(data, name, allowed=filetypes.ALL_KINDS).kind == kind


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("evil.pdf", b"MZ\x90\x00" + b"\0" * 64),  # an executable named .pdf
        ("page.txt", b"<html>\x00\x01\x02</html>"),  # binary named .txt
        ("x.html", b"<script>alert(1)</script>"),  # HTML is not on the list
    ],
)
def test_staff_attachments_off_the_list_are_refused(name, data):
    with pytest.raises(filetypes.FileRejected, match="文件类型不被接受"):
        filetypes.sniff_bytes(data, name, allowed=filetypes.ALL_KINDS)
