"""Chinese labels in the audit log: actions, fields, values; filtering by Chinese names and dates."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from gongkai.auditlog import labels
from gongkai.auditlog.services import audit_record


def test_every_workflow_move_has_a_chinese_label():
    from gongkai.publishing.workflow import WORKFLOW

    for action, label in WORKFLOW.actions.items():
        assert labels.action_label(f"publishing.document.{action}") == label
    assert labels.action_label("application.register") == "登记申请"
    assert labels.action_label("annual_report.approve") == "年度报告批准"
    assert labels.action_label("no.such_action") == "其他操作"
    assert set(labels.actions_labelled("登记")) >= {"application.register", "publishing.normative.register"}
    assert labels.actions_labelled("  ") == []


@pytest.mark.django_db
def test_changes_read_as_labels_not_codes(agency_a, clerk_a):
    from gongkai.publishing.models import Document

    event = audit_record(
        actor=clerk_a,
        action="publishing.document.approve_2",
        obj=agency_a,
        changes={"is_active": [True, False], "office_phone": [None, "0379-1"], "parent_id": [1, 2]},
    )
    rows = labels.changes_of(event)
    assert [(r.field, r.old, r.new) for r in rows] == [
        ("启用", "是", "否"),
        ("联系电话", "（空）", "0379-1"),
        ("上级机关", "1", "2"),
    ]
    status = Document._meta.get_field("status")
    assert labels.value_label(status, "pending_conf") == "待保密审查"
    # a user's roles are recorded as codes of another model's field: shown as their names
    granted = audit_record(
        actor=clerk_a,
        action="staff.roles",
        obj=clerk_a,
        changes={"roles": [["clerk"], ["clerk", "reviewer_1"]]},
    )
    assert [(r.field, r.old, r.new) for r in labels.changes_of(granted)] == [
        ("角色", "办理员", "办理员、一级审核（初审）")
    ]


@pytest.mark.django_db
def test_audit_log_filters_by_chinese_action_name_and_dates(client, agency_a, clerk_a):
    audit_record(actor=clerk_a, action="agency.update", obj=agency_a, note="改电话")
    audit_record(actor=clerk_a, action="staff.roles", obj=agency_a, note="调角色")
    client.force_login(clerk_a)
    page = client.get("/staff/audit/", {"q": "机关"}).content.decode()
    assert "改电话" in page and "调角色" not in page and "修改机关信息" in page
    page = client.get("/staff/audit/", {"action": "staff.roles"}).content.decode()
    assert "调角色" in page and "改电话" not in page
    today = timezone.localdate()
    page = client.get("/staff/audit/", {"since": today + datetime.timedelta(days=1)}).content.decode()
    assert "改电话" not in page and "没有记录" in page
    page = client.get("/staff/audit/", {"since": today, "until": today - datetime.timedelta(days=1)})
    assert page.status_code == 200 and "起始日期不能晚于截止日期" in page.content.decode()
    page = client.get("/staff/audit/", {"since": "不是日期"})
    assert page.status_code == 200 and "改电话" in page.content.decode()
