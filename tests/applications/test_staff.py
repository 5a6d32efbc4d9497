"""Staff pages: registration, the work list, the detail page, actions, exports, remedies, dashboard."""

from __future__ import annotations

import csv
import io
import uuid
from datetime import date

import openpyxl
import pytest
from django.urls import reverse

from gongkai.applications import services as s
from gongkai.applications.models import Application, RemedyCase
from gongkai.auditlog.models import AuditEvent

from .conftest import person, resident_id


def staff_form(**overrides):
    data = person()
    data.update(
        channel="post",
        arrived_at="2025-03-03T10:30",
        arrival_notes="挂号信 XA123",
        received_on="2025-03-04",
        receipt_basis="post_signed",
        receipt_note="",
        assignee="",
        token=uuid.uuid4().hex,
    )
    data.update(overrides)
    return data


def test_clerk_registers_a_posted_application(client, clerk_a):
    client.force_login(clerk_a)
    assert client.get(reverse("applications:register")).status_code == 200
    response = client.post(reverse("applications:register"), staff_form(assignee=clerk_a.pk))
    assert response.status_code == 200
    app = Application.objects.get()
    assert (app.channel, app.status, app.received_on, app.receipt_basis) == (
        "post",
        "in_progress",
        date(2025, 3, 4),
        "post_signed",
    )
    assert app.arrival_notes == "挂号信 XA123" and app.assignee == clerk_a
    assert app.due_date == date(2025, 4, 1)
    html = response.content.decode()
    assert app.tracking_number in html and "查询码" in html


def test_site_admin_chooses_the_agency_before_registering(client, site_admin, agency_a):
    """The 登记申请 link works for a site admin, who has no agency of their own (issue 13)."""
    client.force_login(site_admin)
    url = reverse("applications:register")
    chooser = client.get(url)
    assert chooser.status_code == 200 and "选择机关" in chooser.content.decode()
    assert f'<option value="{agency_a.pk}">甲局</option>' in chooser.content.decode()
    form = client.get(url, {"agency": agency_a.pk})
    assert form.status_code == 200 and "登记申请：甲局" in form.content.decode()
    assert client.get(url, {"agency": 999999}).status_code == 404
    response = client.post(f"{url}?agency={agency_a.pk}", staff_form())
    assert response.status_code == 200 and Application.objects.get().agency == agency_a


def test_registration_shows_likely_repeats_and_the_month_count(client, clerk_a, agency_a, make_application):
    same = resident_id(5)
    make_application(
        agency_a,
        id_number=same,
        received_on=date(2025, 3, 1),
        description="申请公开2024年本市义务教育阶段学校布局调整规划",
    )
    make_application(
        agency_a, id_number=same, received_on=date(2025, 3, 2), description="申请公开环境监测数据"
    )
    make_application(
        agency_a,
        id_number=resident_id(6),
        received_on=date(2025, 3, 2),
        description="申请公开2024年本市义务教育阶段学校布局调整规划",
    )
    client.force_login(clerk_a)
    response = client.post(reverse("applications:register"), staff_form(id_number=same, check="1"))
    html = response.content.decode()
    assert "已在本机关提出 <strong>2</strong> 件" in html
    assert "可能属于重复申请" in html and "义务教育" in html and "环境监测" not in html
    assert Application.objects.count() == 3  # checking saves nothing


def test_worklist_buckets_and_query_count(
    client, clerk_a, agency_a, agency_b, make_application, monkeypatch, django_assert_max_num_queries
):
    day = date(2025, 3, 31)
    monkeypatch.setattr("gongkai.applications.services._base.today", lambda: day)
    for due in (day, day, date(2025, 3, 28), date(2025, 4, 2), date(2025, 4, 30)):
        make_application(agency_a, due_date=due, assignee=clerk_a)
    make_application(agency_a, status="awaiting_correction", due_date=None, clock_paused=True)
    make_application(agency_a, received_on=None)  # online, unconfirmed
    for _ in range(30):
        make_application(agency_a, due_date=date(2025, 5, 6))
    make_application(agency_b, due_date=day)
    client.force_login(clerk_a)
    url = reverse("applications:worklist")
    client.get(url)  # warm the calendar cache
    with django_assert_max_num_queries(14):
        response = client.get(url)
    ctx = {key: count for key, _, count in response.context["buckets"]}
    assert (ctx["due_today"], ctx["overdue"], ctx["due_soon"]) == (2, 1, 1)
    assert (ctx["awaiting_correction"], ctx["unconfirmed"], ctx["open"]) == (1, 1, 37)
    assert response.context["page"].paginator.count == 37
    today = client.get(url, {"bucket": "due_today"})
    assert today.context["page"].paginator.count == 2
    assert "超期" in client.get(url, {"bucket": "overdue"}).content.decode()
    mine = client.get(url, {"bucket": "open", "assignee": "me"})
    assert mine.context["page"].paginator.count == 5


def test_lists_mask_identity_numbers(client, clerk_a, agency_a, make_application, supervisor_city):
    app = make_application(agency_a, id_number=resident_id(77), phone="13912345678")
    client.force_login(clerk_a)
    for name in ("applications:worklist", "applications:list"):
        html = client.get(reverse(name)).content.decode()
        assert app.tracking_number in html and resident_id(77) not in html and app.masked_id_number in html
    detail = client.get(reverse("applications:detail", args=[app.pk])).content.decode()
    assert resident_id(77) in detail and "13912345678" in detail
    client.force_login(supervisor_city)  # reads the subtree, without the agency's rights
    detail = client.get(reverse("applications:detail", args=[app.pk])).content.decode()
    assert resident_id(77) not in detail and "13912345678" not in detail and app.masked_id_number in detail
    assert "办理</h2>" not in detail  # no actions offered


def test_exports_follow_the_filters(client, clerk_a, agency_a, make_application):
    for n in range(7):
        make_application(agency_a, applicant_category="research" if n < 3 else "natural")
    client.force_login(clerk_a)
    response = client.get(reverse("applications:list"), {"category": "research", "export": "csv"})
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0][0] == "申请编号" and len(rows) - 1 == 3
    assert all(row[2] == "科研机构" for row in rows[1:])
    assert all("*" in row[4] for row in rows[1:])  # masked
    response = client.get(reverse("applications:worklist"), {"bucket": "open", "export": "xlsx"})
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    assert sheet.max_row - 1 == 7 and sheet.cell(1, 1).value == "申请编号"


def test_actions_through_the_pages(client, clerk_a, head_a, agency_a, register):
    app = register(agency_a, None)
    client.force_login(clerk_a)
    detail = reverse("applications:detail", args=[app.pk])
    html = client.get(detail).content.decode()
    assert "确认收到" in html and "作出答复决定" not in html
    url = reverse("applications:action", args=[app.pk, "confirm_receipt"])
    response = client.post(url, {"received_on": "2025-03-04", "basis": "confirmed", "note": "电话确认"})
    assert response.status_code == 302
    app.refresh_from_db()
    assert app.status == "in_progress" and app.due_date == date(2025, 4, 1)
    # A bad date is answered in Chinese and changes nothing.
    url = reverse("applications:action", args=[app.pk, "decide"])
    response = client.post(url, {"outcome": "disclosed", "decided_on": "2999-01-01"})
    assert response.status_code == 200 and "不能晚于今天" in response.content.decode()
    # Extension is offered to the office head only.
    assert client.get(reverse("applications:action", args=[app.pk, "extend"])).status_code == 200
    response = client.post(
        reverse("applications:action", args=[app.pk, "extend"]),
        {"workdays": 5, "reason": "x", "extended_on": "2025-03-20"},
    )
    assert response.status_code == 403
    client.force_login(head_a)
    response = client.post(
        reverse("applications:action", args=[app.pk, "extend"]),
        {"workdays": 5, "reason": "需要调档", "extended_on": "2025-03-20"},
    )
    assert response.status_code == 302
    response = client.post(url, {"outcome": "partially_disclosed", "decided_on": "2025-03-25"})
    assert "部分公开的" in response.content.decode()
    response = client.post(url, {"outcome": "disclosed", "decided_on": "2025-03-25", "reasons": ""})
    assert response.status_code == 302
    app.refresh_from_db()
    assert app.outcome == "disclosed" and app.approved_by == head_a
    for fmt_ in ("docx", "pdf"):
        response = client.get(reverse("applications:letter", args=[app.pk, "reply", fmt_]))
        assert response.status_code == 200
    assert client.get(reverse("applications:receipt", args=[app.pk])).content.startswith(b"%PDF")
    assert client.get(reverse("applications:action", args=[app.pk, "nonsense"])).status_code == 404


def test_remedy_cases_crud(client, clerk_a, agency_a, make_application):
    app = make_application(
        agency_a, status="delivered", outcome="withheld.state_secret", decided_on=date(2025, 3, 10)
    )
    client.force_login(clerk_a)
    response = client.post(
        reverse("applications:remedy_create", args=[app.pk]),
        {
            "kind": "reconsideration",
            "filed_on": "2025-04-01",
            "body": "测试市人民政府",
            "case_number": "复2025-1",
            "outcome": "pending",
            "concluded_on": "",
            "notes": "",
        },
    )
    assert response.status_code == 302
    case = RemedyCase.objects.get()
    url = reverse("applications:remedy_detail", args=[case.pk])
    bad = client.post(
        url,
        {
            "kind": "reconsideration",
            "filed_on": "2025-04-01",
            "body": "测试市人民政府",
            "outcome": "upheld",
            "concluded_on": "",
        },
    )
    assert "请填写审结日期" in bad.content.decode()
    client.post(
        url,
        {
            "kind": "reconsideration",
            "filed_on": "2025-04-01",
            "body": "测试市人民政府",
            "outcome": "upheld",
            "concluded_on": "2025-06-01",
        },
    )
    case.refresh_from_db()
    assert (case.outcome, case.concluded_on) == ("upheld", date(2025, 6, 1))
    upload = io.BytesIO(b"%PDF-1.4 decision")
    upload.name = "决定书.pdf"
    client.post(url, {"upload": "1", "title": "复议决定书", "file": upload})
    document = case.documents.get()
    assert client.get(reverse("applications:remedy_document", args=[document.pk])).status_code == 200
    assert "测试市人民政府" in client.get(reverse("applications:remedy_list")).content.decode()
    actions = set(AuditEvent.objects.filter(action__startswith="remedy.").values_list("action", flat=True))
    assert actions == {"remedy.create", "remedy.update", "remedy.document_add"}
    assert client.get(reverse("applications:remedy_delete", args=[case.pk])).status_code == 405
    client.post(reverse("applications:remedy_delete", args=[case.pk]))
    assert RemedyCase.objects.count() == 0
    assert AuditEvent.objects.filter(action="remedy.delete").count() == 1


def test_dashboard_panel_and_nav(client, clerk_a, agency_a, make_application, monkeypatch):
    monkeypatch.setattr("gongkai.applications.services._base.today", lambda: date(2025, 3, 31))
    make_application(agency_a, due_date=date(2025, 3, 28))
    client.force_login(clerk_a)
    response = client.get(reverse("console:dashboard"))
    html = response.content.decode()
    assert "依申请公开" in html and "已超期" in html
    ctx = next(c for panel, c in response.context["panels"] if panel.key == "applications")
    assert {key: count for key, _, count in ctx["items"]}["overdue"] == 1
    assert 'href="/staff/applications/"' in html


@pytest.mark.parametrize("role", ["reviewer_1", "agency_admin"])
def test_other_roles_read_but_cannot_register(client, make_user, agency_a, role):
    user = make_user(f"u_{role}", agency_a, [role])
    client.force_login(user)
    assert client.get(reverse("applications:worklist")).status_code == 200
    assert client.get(reverse("applications:register")).status_code == 403


def test_submission_then_confirmation_then_tracking(client, clerk_a, agency_a):
    """The whole path: a portal submission appears in the clerk's list of unconfirmed applications."""
    data = person()
    data.update(agency=agency_a.pk, token=uuid.uuid4().hex)
    client.post("/apply/", data)
    client.force_login(clerk_a)
    response = client.get(reverse("applications:worklist"), {"bucket": "unconfirmed"})
    assert response.context["page"].paginator.count == 1
    app = Application.objects.get()
    s.application_confirm_receipt(application=app, received_on=date.today(), actor=clerk_a)
    response = client.get(reverse("applications:worklist"), {"bucket": "unconfirmed"})
    assert response.context["page"].paginator.count == 0


def test_detail_page_renders_in_every_status(client, clerk_a, head_a, agency_a, register, monkeypatch):
    from gongkai.applications.workflow import Status

    from .test_workflow import _build

    monkeypatch.setattr("gongkai.applications.jobs.letter_pdf", lambda letter: b"%PDF-1.7 stub")
    client.force_login(clerk_a)
    for status in Status:
        app = _build(status, agency_a, clerk_a, head_a, register)
        response = client.get(reverse("applications:detail", args=[app.pk]))
        assert response.status_code == 200, status
        assert response.context["status_label"] in response.content.decode()
        for step in response.context["actions"]:
            page = client.get(reverse("applications:action", args=[app.pk, step.key]))
            assert page.status_code == 200, (status, step.key)
