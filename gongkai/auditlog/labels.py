"""What a person reads in place of an internal code: actions, fields and values of the audit log.

One registry, no second source of truth: the labels of workflow moves are read from the workflow
tables that define them (publishing, applications, annual reports, rectifications), field names
from the models' ``verbose_name`` and values from the fields' ``choices``. Only the actions that
have no table of their own are named here. Codes stay in the database and may follow a label in
small type (``class="code"``).
"""

from __future__ import annotations

import datetime
import functools
from dataclasses import dataclass

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist

from gongkai.annual_report import workflow as report_flow
from gongkai.applications import workflow as application_flow
from gongkai.publishing import workflow as document_flow

# Actions recorded by services that have no transition table to read a label from.
_PLAIN_ACTIONS: dict[str, str] = {
    "agency.create": "新建机关",
    "agency.update": "修改机关信息",
    "staff.create": "新建工作人员账号",
    "staff.roles": "调整工作人员角色",
    "staff.active": "启用或停用账号",
    "application.assign": "分派承办人",
    "auditlog.import": "导入其他平台的审计事件",
    "remedy.create": "登记复议或诉讼",
    "remedy.update": "更新复议或诉讼",
    "remedy.delete": "删除复议或诉讼",
    "remedy.document_add": "上传复议或诉讼文书",
    "remedy.document_delete": "删除复议或诉讼文书",
    "publishing.document.create": "新建文件草稿",
    "publishing.document.update": "修改文件草稿",
    "publishing.document.correct": "更正已发布文件",
    "publishing.document.validity": "修改文件效力",
    "publishing.document.pii_acknowledge": "确认保留个人信息",
    "publishing.attachment.add": "上传附件",
    "publishing.attachment.remove": "删除附件",
    "publishing.column.create": "新建栏目",
    "publishing.column.update": "修改栏目",
    "publishing.normative.register": "登记规范性文件",
    "publishing.normative.update": "修改规范性文件登记",
    "publishing.media.create": "登记政务新媒体",
    "publishing.media.year": "填报政务新媒体年度数据",
    "publishing.media.post": "登记政务新媒体发布记录",
    "publishing.media.posts_import": "导入政务新媒体发布记录",
    "publishing.figures.save": "填报行政执法和收费数据",
    "publishing.disclosure.create": "登记其他公开方式",
    "publishing.rectification.file": "下发整改事项",
    "annual_report.create": "生成年度报告",
    "annual_report.refresh": "按记录重新统计年度报告",
    "annual_report.edit": "修改年度报告",
    "annual_report.correct": "更正已公布的年度报告",
    "annual_report.consolidation_scope": "设置年度报告汇总范围",
    "oversight.batch_create": "上传年报审读批次",
    "workdays.calendar_import": "导入节假日通知",
    "workdays.override_set": "设置调休或假日",
    "workdays.override_delete": "删除调休或假日",
}

_RECTIFICATION_LABELS: dict[str, str] = {
    "answer": "答复整改事项",
    "accept": "验收整改",
    "reopen": "退回重新整改",
}


def _table_actions() -> dict[str, str]:
    """Read the labels of workflow moves from the workflow tables (gongkai.core.workflow) that define them."""
    labels = {f"publishing.document.{a}": label for a, label in document_flow.WORKFLOW.actions.items()}
    labels |= {f"application.{a}": label for a, label in application_flow.WORKFLOW.actions.items()}
    labels |= {f"annual_report.{a}": f"年度报告{label}" for a, label in report_flow.WORKFLOW.actions.items()}
    labels |= {
        f"publishing.rectification.{a}": _RECTIFICATION_LABELS.get(a, label)
        for a, label in document_flow.RECTIFICATION.actions.items()
    }
    return labels


@functools.cache
def action_labels() -> dict[str, str]:
    """Every known action code with its Chinese label, in label order."""
    labels = {**_PLAIN_ACTIONS, **_table_actions()}
    return dict(sorted(labels.items(), key=lambda item: item[0]))


def action_label(code: str) -> str:
    """Return the Chinese label of an action code; an unknown code reads as “其他操作”."""
    return action_labels().get(code, "其他操作")


def actions_labelled(query: str) -> list[str]:
    """Return the action codes whose Chinese label (or code) contains ``query``."""
    query = query.strip()
    return [code for code, label in action_labels().items() if query and (query in label or query == code)]


@dataclass(frozen=True, slots=True)
class Change:
    field: str
    old: str
    new: str


def _model_field(content_type, name: str):
    model = content_type.model_class() if content_type is not None else None
    if model is None:
        return None
    for candidate in (name, name.removesuffix("_id")):
        try:
            return model._meta.get_field(candidate)
        except FieldDoesNotExist:
            continue
    return None


def value_label(field, value) -> str:
    """Show a stored value as a person reads it: choice labels, 是/否, dates, （空）."""
    if value is None or value == "":
        return "（空）"
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, list | tuple):
        return "、".join(value_label(field, v) for v in value) or "（空）"
    if isinstance(value, dict):
        return "；".join(f"{k}：{value_label(None, v)}" for k, v in value.items()) or "（空）"
    if field is not None and getattr(field, "flatchoices", None):
        choices = {str(k): v for k, v in field.flatchoices}
        if str(value) in choices:
            return str(choices[str(value)])
    if isinstance(value, datetime.date | datetime.datetime):
        return value.isoformat()
    return str(value)


def field_label(content_type, name: str) -> str:
    field = _model_field(content_type, name)
    label = getattr(field, "verbose_name", None)
    if label and str(label) != name.replace("_", " "):
        return str(label)
    return _FIELD_FALLBACK.get(name, "其他字段")


# Names recorded in changes that are not model fields, or fields without a Chinese verbose name.
_FIELD_FALLBACK: dict[str, str] = {
    "status": "状态",
    "roles": "角色",
    "is_active": "启用",
    "parent_id": "上级机关",
    "tables": "统计表",
    "text": "文字说明",
    "figures": "数据",
    "body": "正文",
    "title": "标题",
}


# Names recorded in changes whose values are the choices of a field of another model.
_VALUE_FIELDS = {"roles": lambda: apps.get_model("agencies", "RoleGrant")._meta.get_field("role")}


def changes_of(event) -> list[Change]:
    """Return an audit event's recorded changes with Chinese field names and readable values."""
    rows = []
    for name, pair in (event.changes or {}).items():
        old, new = [*pair, None, None][:2] if isinstance(pair, list) else (None, pair)
        field = _model_field(event.content_type, name) or _VALUE_FIELDS.get(name, lambda: None)()
        rows.append(
            Change(field_label(event.content_type, name), value_label(field, old), value_label(field, new))
        )
    return rows


def model_label(app_label: str, model: str) -> str:
    try:
        return str(apps.get_model(app_label, model)._meta.verbose_name)
    except LookupError:
        return "记录"
