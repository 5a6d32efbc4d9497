"""Checks before release: personal data (check digits, Luhn), metadata, internal links; text extraction."""

from __future__ import annotations

import io
from datetime import date

import pytest

from gongkai.core.identifiers import luhn_valid, resident_id_check_char
from gongkai.publishing import checks
from gongkai.publishing.extract import extract_text
from gongkai.publishing.richtext import clean_html, html_to_text


def valid_id(first17: str = "11010519491231002") -> str:
    return first17 + resident_id_check_char(first17)


def wrong_check(number: str) -> str:
    last = number[-1]
    return number[:-1] + ("0" if last != "0" else "1")


def luhn_complete(prefix: str) -> str:
    return next(prefix + str(d) for d in range(10) if luhn_valid(prefix + str(d)))


def kinds(text: str) -> list[tuple[str, str]]:
    return [(m.kind, m.value) for m in checks.find_pii(text)]


# --------------------------------------------------------------------------------------------
# Resident ID numbers


def test_resident_id_with_valid_check_character_is_found():
    number = valid_id()
    assert kinds(f"申请人身份证号{number}，住址略") == [("resident_id", number)]


def test_resident_id_with_wrong_check_character_is_not_personal_data():
    number = wrong_check(valid_id())
    assert checks.find_pii(f"编号{number}") == []


def test_resident_id_with_impossible_birth_date_is_not_found():
    first17 = "11010519491331002"  # month 13
    assert checks.find_pii(first17 + resident_id_check_char(first17)) == []


def test_resident_id_ending_in_x_lowercase_is_found():
    for serial in range(100, 1000):
        number = valid_id(f"11010519491231{serial}")
        if number.endswith("X"):
            assert kinds(number.lower()) == [("resident_id", number)]
            return
    pytest.fail("no X-check ID among the samples")


def test_resident_id_inside_a_longer_digit_run_is_ignored():
    assert checks.find_pii("9" + valid_id() + "9") == []


# --------------------------------------------------------------------------------------------
# Mobile numbers


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("手机13800138000", [("mobile", "13800138000")]),
        ("电话：138 0013 8000。", [("mobile", "13800138000")]),
        ("电话：138-0013-8000", [("mobile", "13800138000")]),
        ("+86 13912345678", [("mobile", "13912345678")]),
        ("13800138000、15912345678", [("mobile", "13800138000"), ("mobile", "15912345678")]),
        ("12800138000", []),  # second digit 2: not a mobile prefix
        ("213800138000", []),  # inside a longer run
        ("138001380001", []),
        ("1380013800", []),  # ten digits
        ("编号ABC13800138000", []),  # part of a code
        ("2023年13800138000号", [("mobile", "13800138000")]),
    ],
)
def test_mobile_numbers(text, expected):
    assert kinds(text) == expected


# --------------------------------------------------------------------------------------------
# Bank card numbers


def test_bank_card_passing_luhn_is_found_and_failing_is_not():
    card = luhn_complete("622202123456789012")  # 19 digits
    assert len(card) == 19 and luhn_valid(card)
    bad = card[:-1] + str((int(card[-1]) + 1) % 10)
    assert kinds(f"账号{card}") == [("bank_card", card)]
    assert checks.find_pii(f"账号{bad}") == []


def test_grouped_bank_card_and_length_bounds():
    card16 = luhn_complete("411111111111111")
    grouped = " ".join(card16[i : i + 4] for i in range(0, 16, 4))
    assert kinds(f"卡号 {grouped}") == [("bank_card", card16)]
    fifteen = luhn_complete("41111111111111")
    twenty = luhn_complete("4111111111111111111")
    assert checks.find_pii(fifteen) == [] and checks.find_pii(twenty) == []


def test_findings_are_masked_and_fingerprinted_per_location():
    text = "手机13800138000，再说一遍13800138000"
    body = checks.pii_findings(text, location="正文", key=b"k")
    attachment = checks.pii_findings(text, location="附件《a.pdf》", key=b"k")
    assert len(body) == 1  # the same number twice is one finding
    assert body[0].masked == "138****8000" and "13800138000" not in body[0].message
    assert body[0].fingerprint != attachment[0].fingerprint
    assert body[0].fingerprint == checks.pii_findings(text, location="正文", key=b"k")[0].fingerprint
    assert body[0].fingerprint != checks.pii_findings(text, location="正文", key=b"other")[0].fingerprint


# --------------------------------------------------------------------------------------------
# Metadata


def facts(**kw) -> checks.DocumentFacts:
    base = {
        "kind": "ordinary",
        "title": "标题",
        "column_count": 1,
        "issuing_body": "甲局",
        "written_on": None,
        "document_number": "",
        "formed_on": date(2024, 1, 2),
        "summary": "概述",
        "body_text": "正文",
    }
    return checks.DocumentFacts(**(base | kw))


def ids(findings) -> set[str]:
    return {f.id for f in findings if f.is_error}


def test_complete_ordinary_document_has_no_errors():
    assert ids(checks.metadata_findings(facts())) == set()


def test_required_metadata_by_kind():
    assert ids(checks.metadata_findings(facts(title=" ", column_count=0, issuing_body=""))) == {
        "publishing.M001",
        "publishing.M002",
        "publishing.M003",
    }
    assert ids(checks.metadata_findings(facts(kind="policy"))) == {"publishing.M005"}
    assert ids(
        checks.metadata_findings(facts(kind="normative", written_on=date(2024, 1, 1), validity="na"))
    ) == {
        "publishing.M006",
        "publishing.M007",
    }
    assert ids(checks.metadata_findings(facts(kind="interpretation"))) == {"publishing.M008"}
    assert ids(checks.metadata_findings(facts(body_text="", attachment_count=0))) == {"publishing.M009"}
    assert ids(checks.metadata_findings(facts(body_text="", attachment_count=1))) == set()


# --------------------------------------------------------------------------------------------
# Links


def test_internal_links_are_judged_and_external_ones_ignored():
    html = (
        '<p><a href="https://www.example.org/x">外站</a> <a href="/gone/">站内</a> '
        '<a href="http://gov.test/ok/">本站</a> <a href="#top">锚点</a> <a href="mailto:a@b.cn">信</a></p>'
    )
    seen = []

    def judge(path):
        seen.append(path)
        return "指向不存在的页面" if path == "/gone/" else None

    found = checks.link_findings(html, site_hosts=["gov.test"], judge=judge)
    assert seen == ["/gone/", "/ok/"]
    assert [f.message for f in found] == ["站内链接 /gone/ 指向不存在的页面"]


def test_link_to_an_unpublished_document_is_broken(make_document, advance, team):
    from django.urls import reverse

    from gongkai.publishing.selectors.checking import judge_internal_path

    assert judge_internal_path("/no/such/page/") == "指向不存在的页面"
    assert "内部工作页面" in judge_internal_path("/staff/publishing/")
    draft = make_document()
    published = advance(make_document())
    code = published.agency.credit_code
    url = reverse("portal:document", kwargs={"credit_code": code, "pk": published.pk})
    assert judge_internal_path(url) is None
    draft_url = reverse("portal:document", kwargs={"credit_code": code, "pk": draft.pk})
    assert judge_internal_path(draft_url) == "指向的文件不存在或未公开"
    other = reverse(
        "portal:document", kwargs={"credit_code": "91410300MA00000000"[:17] + "1", "pk": published.pk}
    )
    assert judge_internal_path(other) == "指向的文件不存在或未公开"


# --------------------------------------------------------------------------------------------
# Sanitising and extraction


def test_body_is_sanitised_with_an_allow_list():
    dirty = (
        '<p onclick="x()">段落<script>alert(1)</script><a href="javascript:alert(1)">链</a>'
        '<img src="/media/a.png" onerror="x()"><table><tr><td colspan="2">表</td></tr></table>'
        '<style>p{}</style><iframe src="//evil"></iframe></p>'
    )
    clean = clean_html(dirty)
    for bad in ("onclick", "<script", "alert", "javascript:", "onerror", "<style", "<iframe"):
        assert bad not in clean
    assert '<td colspan="2">表</td>' in clean and '<img src="/media/a.png">' in clean
    assert html_to_text("<p>a&amp;b</p><p>c</p>") == "a&b\nc"


def _minimal_pdf(text: str) -> bytes:
    stream = f"BT /F1 12 Tf 72 720 Td ({text}) Tj ET".encode()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % number + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for offset in offsets:
        out.write(b"%010d 00000 n \n" % offset)
    out.write(b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref))
    return out.getvalue()


def test_extracts_pdf_docx_and_gb18030_text():
    pdf = extract_text("a.pdf", _minimal_pdf("Tel 13800138000"))
    assert "13800138000" in pdf.text and not pdf.problem

    import docx

    document = docx.Document()
    document.add_paragraph("身份证 " + valid_id())
    buffer = io.BytesIO()
    document.save(buffer)
    word = extract_text("b.docx", buffer.getvalue())
    assert valid_id() in word.text

    plain = extract_text("c.txt", "联系电话13800138000".encode("gb18030"))
    assert plain.text == "联系电话13800138000"

    broken = extract_text("d.pdf", b"%PDF-1.4 not really")
    assert broken.text == "" and "人工检查" in broken.problem
    unknown = extract_text("e.xls", b"\x00\x01")
    assert unknown.text == "" and unknown.problem


def test_attachment_text_is_checked_for_personal_data(make_document, team):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from gongkai.publishing import services
    from gongkai.publishing.selectors import document_checks

    document = make_document()
    upload = SimpleUploadedFile("名单.txt", f"张三 {valid_id()}".encode(), content_type="text/plain")
    attachment = services.attachment_add(actor=team["author"], document=document, upload=upload)
    assert valid_id() in attachment.text and len(attachment.sha256) == 64
    pii = document_checks(document).pii
    assert [(f.kind, f.location) for f in pii] == [("resident_id", "附件《名单.txt》")]
    attachment.file.delete(save=False)
