"""Replies per outcome group as DOCX and PDF: agency, outcome text, legal basis, remedies notice."""

from __future__ import annotations

import io
from datetime import date

import docx
import pytest

from gongkai.applications import services as s
from gongkai.applications.documents import letter_docx, letter_pdf
from gongkai.applications.letters import LEGAL_BASIS, OUTCOME_SENTENCES, build_letter
from gongkai.report.format import OUTCOME_CODES

ONE_PER_GROUP = [
    "disclosed",
    "partially_disclosed",
    "withheld.third_party_rights",
    "unavailable.not_held",
    "not_handled.repeat",
    "otherwise_closed.no_correction",
]


def _text(data: bytes) -> str:
    document = docx.Document(io.BytesIO(data))
    parts = [p.text for p in document.paragraphs]
    parts += [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    return "\n".join(parts)


def test_every_outcome_has_a_sentence_and_a_basis():
    assert set(OUTCOME_SENTENCES) == set(OUTCOME_CODES)
    assert set(LEGAL_BASIS) == set(OUTCOME_CODES)


@pytest.mark.parametrize("outcome", ONE_PER_GROUP)
def test_reply_letter_per_group(outcome, agency_a, city, make_application):
    agency_a.office_name = "甲局办公室"
    agency_a.office_address = "某市某路1号"
    agency_a.office_phone = "0379-1234567"
    agency_a.save()
    app = make_application(
        agency_a,
        status="decided",
        outcome=outcome,
        decided_on=date(2025, 3, 20),
        decision_reasons="具体理由",
        legal_basis="",
        disclosed_parts="第一部分" if outcome == "partially_disclosed" else "",
        withheld_parts="第二部分涉及个人隐私" if outcome == "partially_disclosed" else "",
    )
    letter = build_letter(app, "reply")
    text = _text(letter_docx(letter))
    assert "甲局" in text and "甲局办公室" in text and "0379-1234567" in text
    assert OUTCOME_SENTENCES[outcome] in text
    assert "2025年3月3日" in text and "2025年3月20日" in text  # received, decided
    assert "六十日内向测试市人民政府申请行政复议" in text and "六个月内" in text
    assert LEGAL_BASIS[outcome].split("、")[0] in text
    if outcome == "partially_disclosed":
        assert "第一部分" in text and "第二部分涉及个人隐私" in text
    pdf = letter_pdf(letter)
    assert pdf.startswith(b"%PDF")


def test_delivery_freezes_the_letter(agency_a, clerk_a, head_a, register):
    app = s.application_decide(
        application=register(agency_a, clerk_a),
        outcome="unavailable.needs_creation",
        decided_on=date(2025, 3, 20),
        reasons="需要汇总分析",
        actor=head_a,
    )
    app = s.application_deliver(
        application=app,
        delivered_on=date(2025, 3, 21),
        method="email",
        actor=clerk_a,
        proof=("回执.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 32),
    )
    stored = app.letters.get(kind="reply")
    assert stored.pdf.read().startswith(b"%PDF")
    assert "第三十八条" in _text(stored.docx.read())
    assert app.delivery_proof.name.endswith(".png")


def test_notices_cite_their_articles(agency_a, clerk_a, head_a, register):
    app = s.application_request_correction(
        application=register(agency_a, clerk_a),
        requested_on=date(2025, 3, 5),
        items="请写明文件名称",
        actor=clerk_a,
    )
    text = _text(letter_docx(build_letter(app, "correction")))
    assert "请写明文件名称" in text and "第三十条" in text and "2025年3月26日" in text
    app2 = s.application_extend(
        application=register(agency_a, clerk_a),
        workdays=5,
        reason="需要调取档案",
        extended_on=date(2025, 3, 20),
        actor=head_a,
    )
    assert "第三十三条第二款" in _text(letter_docx(build_letter(app2, "extension")))
    app3 = s.application_notify_fee(
        application=register(agency_a, clerk_a),
        method="per_volume",
        pages=40,
        notified_on=date(2025, 3, 5),
        actor=clerk_a,
    )
    text = _text(letter_docx(build_letter(app3, "fee")))
    assert "100元" in text and "视为撤回" in text
