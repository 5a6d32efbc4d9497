"""Replies per outcome group as DOCX and PDF: agency, outcome text, legal basis, remedies notice."""

from __future__ import annotations

import io
from datetime import date

import docx
import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from gongkai.applications import services as s
from gongkai.applications.documents import letter_docx, letter_pdf
from gongkai.applications.letters import LEGAL_BASIS, OUTCOME_SENTENCES, build_letter, public_letters
from gongkai.applications.models import Application, RemedyCase
from gongkai.applications.selectors import bucket_q
from gongkai.auditlog.models import AuditEvent
from gongkai.report.format import OUTCOME_CODES

from .conftest import D0

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
    assert "六十日内向测试市人民政府申请行政复议" in text
    assert letter.remedies in text
    assert LEGAL_BASIS[outcome].split("、")[0] in text
    if outcome == "partially_disclosed":
        assert "第一部分" in text and "第二部分涉及个人隐私" in text
    pdf = letter_pdf(letter)
    assert pdf.startswith(b"%PDF")


def test_delivery_freezes_the_letter(agency_a, clerk_a, head_a, register):
    app = s.application_decide(
        application=register(agency_a, clerk_a, description="申请公开学校布局规划。"),
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
    text = _text(stored.docx.read())
    assert "第三十八条" in text
    assert app.delivery_proof.name.endswith(".png")
    assert "申请获取：“申请公开学校布局规划”。" in text  # no doubled punctuation after the quotation
    assert "。”。" not in text and "。。" not in text


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
    assert "100元" in text and "视为放弃申请" in text and "视为撤回" not in text


# --- RULES.md §5: the remedy sentence and body of every outcome code ------------------------------


def _reply(make_application, agency, outcome, decided_on, **fields):
    return make_application(
        agency,
        status="decided",
        outcome=outcome,
        decided_on=decided_on,
        decision_reasons="具体理由",
        disclosed_parts="第一部分" if outcome == "partially_disclosed" else "",
        withheld_parts="第二部分涉及个人隐私" if outcome == "partially_disclosed" else "",
        **fields,
    )


FIRST = "六十日内向测试市人民政府申请行政复议；对行政复议决定不服的，可以自收到行政复议决定书之日起十五日内依法向人民法院提起行政诉讼"
EITHER = "六十日内向测试市人民政府申请行政复议，或者自收到{s}之日起六个月内依法向人民法院提起行政诉讼。"


@pytest.mark.parametrize("outcome", OUTCOME_CODES)
def test_every_outcome_states_its_remedy_and_body_since_2024(outcome, agency_a, make_application):
    app = _reply(make_application, agency_a, outcome, date(2024, 1, 2), received_on=date(2023, 12, 1))
    letter = build_letter(app, "reply")
    text = _text(letter_docx(letter))
    subject = "本答复书" if outcome == "disclosed" else "本告知书"
    refusal = outcome.startswith("withheld.") or outcome == "partially_disclosed"
    assert len(OUTCOME_CODES) == 21
    assert "测试市人民政府" in letter.remedies and letter.remedies in text  # the reconsideration body
    assert OUTCOME_SENTENCES[outcome] in text  # and the letter's body states this outcome
    if refusal:
        assert f"应当先自收到{subject}之日起{FIRST}" in text
    else:
        assert text.count("申请行政复议") == 1
        assert f"如对{subject}不服，可以自收到{subject}之日起" + EITHER.format(s=subject) in text
    if outcome == "partially_disclosed":  # the disclosed part keeps the choice
        assert f"对{subject}其他内容不服的" in text and "六个月内" in text
    elif refusal:
        assert "六个月内" not in text


@pytest.mark.parametrize("outcome", OUTCOME_CODES)
def test_every_outcome_offers_either_remedy_before_2024(outcome, agency_a, make_application):
    app = _reply(make_application, agency_a, outcome, date(2023, 12, 29), received_on=date(2023, 12, 1))
    letter = build_letter(app, "reply")
    subject = "本答复书" if outcome == "disclosed" else "本告知书"
    assert letter.remedies == f"如对{subject}不服，可以自收到{subject}之日起" + EITHER.format(s=subject)


def test_the_agency_setting_names_the_body(agency_a, make_agency, make_application):
    agency_a.reconsideration_body = "测试省人民政府"
    agency_a.save()
    letter = build_letter(
        _reply(make_application, agency_a, "withheld.state_secret", date(2025, 3, 20)), "reply"
    )
    assert "向测试省人民政府申请行政复议" in letter.remedies
    tax = make_agency("测试市税务局", parent=agency_a, vertically_managed=True)
    assert tax.reconsideration_body_name() == "甲局"


def test_not_held_names_the_holder(agency_a, clerk_a, head_a, register):
    app = s.application_decide(
        application=register(agency_a, clerk_a),
        outcome="unavailable.not_held",
        decided_on=date(2025, 3, 20),
        holder_agency="测试市自然资源局（电话 0379-7654321）",
        actor=head_a,
    )
    text = _text(letter_docx(build_letter(app, "reply")))
    assert (
        "负责公开该政府信息的行政机关为测试市自然资源局（电话 0379-7654321），您可以向该机关提出申请" in text
    )


# --- numbers, drafts, A4 ----------------------------------------------------------------------------


def test_draft_until_approved_then_numbered(agency_a, clerk_a, head_a, register):
    agency_a.short_name = "甲"
    agency_a.letter_number_pattern = "甲公开〔{year}〕{serial}号"
    agency_a.save()
    app = s.application_decide(
        application=register(agency_a, clerk_a),
        outcome="disclosed",
        decided_on=date(2025, 3, 20),
        actor=clerk_a,
    )
    draft = build_letter(app, "reply")
    assert draft.draft and "批准后生成" in draft.number
    document = docx.Document(io.BytesIO(letter_docx(draft)))
    assert "草稿" in document.sections[0].header.paragraphs[0].text
    assert b"\xe8\x8d\x89\xe7\xa8\xbf" in letter_html_bytes(draft)  # 草稿 in the PDF's source
    with pytest.raises(ValidationError, match="尚未经公开办负责人批准"):
        s.application_deliver(application=app, delivered_on=date(2025, 3, 21), method="email", actor=clerk_a)
    app = s.application_approve(application=app, actor=head_a)
    final = build_letter(app, "reply")
    assert not final.draft and final.number == "甲公开〔2025〕1号"
    document = docx.Document(io.BytesIO(letter_docx(final)))
    assert "草稿" not in document.sections[0].header.paragraphs[0].text
    other = s.application_request_correction(
        application=register(agency_a, clerk_a),
        requested_on=date(2025, 3, 5),
        items="请写明文件名称",
        actor=clerk_a,
    )
    assert build_letter(other, "correction").draft  # the clerk's notice waits for the signature
    other = s.application_sign_notice(application=other, actor=head_a)
    assert build_letter(other, "correction").number == "甲公开〔2025〕2号"


# --- notices: nothing goes out before the office head signs (RULES.md §3, notices) ----------------


def _draft_marks(letter) -> bool:
    """Return whether both formats carry the 草稿 watermark (DOCX header, the PDF's source)."""
    header = docx.Document(io.BytesIO(letter_docx(letter))).sections[0].header.paragraphs[0].text
    return "草稿" in header and b"\xe8\x8d\x89\xe7\xa8\xbf" in letter_html_bytes(letter)


def test_a_clerks_correction_notice_is_a_draft_until_the_office_head_signs(
    agency_a, clerk_a, head_a, register
):
    agency_a.letter_number_pattern = "甲公开〔{year}〕{serial}号"
    agency_a.save()
    app = s.application_request_correction(
        application=register(agency_a, clerk_a),
        requested_on=date(2025, 3, 5),
        items="请写明文号",
        actor=clerk_a,
    )
    letter = build_letter(app, "correction")
    assert letter.draft and "批准后生成" in letter.number and _draft_marks(letter)
    assert public_letters(app) == []  # the applicant is not shown a draft
    assert list(Application.objects.filter(bucket_q("notice_unsigned", D0, D0))) == [app]
    # An unsent notice has no effects: no correction received on it, no lapse however late.
    with pytest.raises(ValidationError, match="尚未经公开办负责人签发"):
        s.application_receive_correction(application=app, received_on=date(2025, 3, 10), actor=clerk_a)
    assert s.applications_expire()["deemed_withdrawn"] == 0
    with pytest.raises(PermissionDenied):
        s.application_sign_notice(application=app, actor=clerk_a)
    app = s.application_sign_notice(application=app, actor=head_a)
    letter = build_letter(app, "correction")
    assert not letter.draft and letter.number == "甲公开〔2025〕1号" and not _draft_marks(letter)
    assert public_letters(app) == [("correction", "补正申请告知书")]
    assert not Application.objects.filter(bucket_q("notice_unsigned", D0, D0)).exists()
    event = AuditEvent.objects.get(action="application.sign_notice", object_id=str(app.pk))
    assert event.actor == head_a and event.changes["letter_number"] == [None, "甲公开〔2025〕1号"]
    with pytest.raises(ValidationError, match="已经签发"):
        s.application_sign_notice(application=app, actor=head_a)
    assert s.applications_expire()["deemed_withdrawn"] == 1  # signed, its deadline (3-26) long past


def test_a_clerks_fee_notice_cannot_be_received_or_paid_before_it_is_signed(
    agency_a, clerk_a, head_a, register
):
    with pytest.raises(ValidationError, match="签发后才能送达"):
        s.application_notify_fee(
            application=register(agency_a, clerk_a),
            method="per_volume",
            pages=40,
            notified_on=date(2025, 3, 5),
            notice_received_on=date(2025, 3, 5),
            actor=clerk_a,
        )
    app = s.application_notify_fee(
        application=register(agency_a, clerk_a),
        method="per_volume",
        pages=40,
        notified_on=date(2025, 3, 5),
        actor=clerk_a,
    )
    assert build_letter(app, "fee").draft and public_letters(app) == []
    for refused in (
        lambda: s.application_record_fee_notice_received(
            application=app, received_on=date(2025, 3, 6), actor=clerk_a
        ),
        lambda: s.application_record_payment(application=app, paid_on=date(2025, 3, 7), actor=clerk_a),
    ):
        with pytest.raises(ValidationError, match="尚未经公开办负责人签发"):
            refused()
    app = s.application_sign_notice(application=app, actor=head_a)
    assert not build_letter(app, "fee").draft and public_letters(app) == [("fee", "信息处理费缴费通知书")]
    app = s.application_record_fee_notice_received(
        application=app, received_on=date(2025, 3, 6), actor=clerk_a
    )
    assert app.fee_withdrawal_date is not None


def test_the_office_heads_own_notices_are_signed_at_once(agency_a, clerk_a, head_a, register):
    correction = s.application_request_correction(
        application=register(agency_a, clerk_a),
        requested_on=date(2025, 3, 5),
        items="请写明文号",
        actor=head_a,
    )
    fee = s.application_notify_fee(
        application=register(agency_a, clerk_a),
        method="per_volume",
        pages=40,
        notified_on=date(2025, 3, 5),
        notice_received_on=date(2025, 3, 5),
        actor=head_a,
    )
    # The extension is the office head's own act (art. 33 para. 2): a clerk cannot extend.
    with pytest.raises(PermissionDenied):
        s.application_extend(
            application=register(agency_a, clerk_a),
            workdays=5,
            reason="x",
            extended_on=date(2025, 3, 5),
            actor=clerk_a,
        )
    extension = s.application_extend(
        application=register(agency_a, clerk_a),
        workdays=5,
        reason="档案在外地",
        extended_on=date(2025, 3, 5),
        actor=head_a,
    )
    for app, kind in ((correction, "correction"), (fee, "fee"), (extension, "extension")):
        letter = build_letter(app, kind)
        assert not letter.draft and "号" in letter.number and not _draft_marks(letter)
        assert kind in dict(public_letters(app))


def letter_html_bytes(letter) -> bytes:
    from gongkai.applications.documents import letter_html

    return letter_html(letter).encode()


def test_letters_are_a4(agency_a, make_application):
    letter = build_letter(_reply(make_application, agency_a, "disclosed", date(2025, 3, 20)), "reply")
    section = docx.Document(io.BytesIO(letter_docx(letter))).sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    assert "size: A4" in letter_html_bytes(letter).decode()


def test_serials_restart_each_year_and_never_repeat(agency_a, make_application):
    from gongkai.applications.services.letters import letter_number_issue

    apps = [make_application(agency_a) for _ in range(3)]
    numbers = [
        letter_number_issue(application=apps[0], kind="reply", year=2025).number,
        letter_number_issue(application=apps[1], kind="reply", year=2025).number,
        letter_number_issue(application=apps[2], kind="reply", year=2026).number,
        letter_number_issue(application=apps[0], kind="reply", year=2025).number,  # idempotent
    ]
    assert numbers == [
        "甲局依申请公开〔2025〕1号",
        "甲局依申请公开〔2025〕2号",
        "甲局依申请公开〔2026〕1号",
        "甲局依申请公开〔2025〕1号",
    ]


def test_a_pattern_without_serial_is_refused(agency_a):
    agency_a.letter_number_pattern = "甲公开〔{year}〕号"
    with pytest.raises(ValidationError) as excinfo:
        agency_a.full_clean()
    assert "{serial}" in str(excinfo.value)
    agency_a.letter_number_pattern = "甲公开〔{yr}〕{serial}号"
    with pytest.raises(ValidationError, match="占位符"):
        agency_a.full_clean()


# --- a direct lawsuit against a post-2024 refusal ------------------------------------------------


@pytest.mark.parametrize(
    ("outcome", "decided_on", "kind", "flagged"),
    [
        ("withheld.process_information", date(2024, 1, 2), "litigation_direct", True),
        ("partially_disclosed", date(2024, 1, 2), "litigation_direct", True),
        ("withheld.process_information", date(2023, 12, 29), "litigation_direct", False),
        ("withheld.process_information", date(2024, 1, 2), "reconsideration", False),
        ("disclosed", date(2024, 1, 2), "litigation_direct", False),
    ],
)
def test_direct_lawsuit_is_recorded_and_flagged(
    outcome, decided_on, kind, flagged, agency_a, clerk_a, make_application
):
    app = _reply(make_application, agency_a, outcome, decided_on, received_on=date(2023, 12, 1))
    case = s.remedy_case_create(
        application=app, kind=kind, filed_on=date(2024, 2, 1), body="测试市中级人民法院", actor=clerk_a
    )
    assert case.flagged is flagged
    assert RemedyCase.objects.filter(application=app).count() == 1  # recorded either way
