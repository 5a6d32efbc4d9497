"""The audit "before" values come from the database, not from the object a caller passes in.

Views bind a ModelForm to the record (``instance=``), and validating the form writes the new
values onto that object. The services re-read the row under lock before taking the snapshot, so
passing the form's instance records the true old → new change (issue 15 point 3).
"""

from __future__ import annotations

from datetime import date

from gongkai.auditlog.models import AuditEvent
from gongkai.publishing import services
from gongkai.publishing.models import MediaPlatform


def last_changes(obj) -> dict:
    return AuditEvent.objects.for_object(obj).order_by("-id").first().changes


def test_column_update_records_the_stored_name(team, columns):
    column = columns["news"]
    column.name = "已在内存中改名"
    services.column_update(actor=team["author"], column=column, name="新闻动态")
    assert last_changes(column)["name"] == ["工作动态", "新闻动态"]


def test_document_update_records_the_stored_title(team, make_document):
    document = make_document(title="原标题")
    document.title = "表单写入的新标题"
    services.document_update(actor=team["author"], document=document, title="表单写入的新标题")
    assert last_changes(document)["title"] == ["原标题", "表单写入的新标题"]


def test_normative_update_records_the_stored_dates(team, agency_a):
    record = services.normative_register(
        actor=team["author"], agency=agency_a, title="规范性文件", issued_on=date(2023, 1, 5)
    )
    record.repealed_on = date(2024, 3, 1)
    services.normative_update(actor=team["author"], record=record, repealed_on=date(2024, 3, 1))
    assert last_changes(record)["repealed_on"] == [None, "2024-03-01"]


def test_media_account_save_records_the_stored_name(team, agency_a):
    account = services.media_account_save(
        actor=team["author"], agency=agency_a, platform=MediaPlatform.WECHAT, name="甲局发布"
    )
    account.name = "甲局微信"
    services.media_account_save(actor=team["author"], agency=agency_a, account=account, name="甲局微信")
    assert last_changes(account)["name"] == ["甲局发布", "甲局微信"]


def test_disclosure_item_save_records_the_stored_department(team, agency_a):
    fields = {
        "name": "行政许可结果",
        "legal_basis": "条例第二十条",
        "content": "许可决定",
        "department": "审批科",
        "time_limit": "20个工作日",
        "channel": "门户网站",
    }
    item = services.disclosure_item_save(actor=team["author"], agency=agency_a, **fields)
    item.department = "政务服务科"
    services.disclosure_item_save(actor=team["author"], agency=agency_a, item=item, department="政务服务科")
    assert last_changes(item)["department"] == ["审批科", "政务服务科"]
