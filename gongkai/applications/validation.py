"""Checks of an applicant's particulars (Regulation art. 29), shared by the forms and the services."""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, fields

from gongkai.core.identifiers import credit_code_problem, resident_id_problem

from . import choices as ch

_PHONE_RE = re.compile(r"^[0-9+\-() ]{5,30}$")
_POSTCODE_RE = re.compile(r"^\d{6}$")


@dataclass(frozen=True)
class ApplicationData:
    """What an applicant supplies (art. 29): who they are, how to reach them, what they want."""

    applicant_category: str
    applicant_name: str
    id_type: str
    id_number: str
    phone: str
    description: str
    provision_form: str
    delivery_method: str
    legal_representative: str = ""
    contact_person: str = ""
    email: str = ""
    address: str = ""
    postcode: str = ""
    document_reference: str = ""

    @classmethod
    def from_mapping(cls, data) -> ApplicationData:
        names = {f.name for f in fields(cls)}
        return cls(**{k: (data.get(k) or "").strip() for k in names})

    def as_dict(self) -> dict[str, str]:
        return asdict(self)


def normalise_id_number(value: str) -> str:
    return re.sub(r"\s+", "", value or "").upper()


def application_data_errors(data: ApplicationData) -> dict[str, str]:
    """Return ``{field: Chinese message}`` for every problem; empty when the data is complete."""
    errors: dict[str, str] = {}
    categories = dict(ch.APPLICANT_CATEGORY_CHOICES)
    if data.applicant_category not in categories:
        errors["applicant_category"] = "请选择申请人类型"
    organisation = data.applicant_category in ch.ORGANISATION_CATEGORIES
    if not data.applicant_name:
        errors["applicant_name"] = "请填写申请人名称" if organisation else "请填写申请人姓名"
    number = normalise_id_number(data.id_number)
    if organisation:
        if data.id_type != "credit_code":
            errors["id_type"] = "法人或其他组织请选择“统一社会信用代码”"
        problem = credit_code_problem(number) if number else "请填写统一社会信用代码"
        if problem:
            errors["id_number"] = problem
        if not data.contact_person:
            errors["contact_person"] = "法人或其他组织请填写联系人姓名"
    elif data.applicant_category:
        if data.id_type not in dict(ch.NATURAL_ID_TYPES):
            errors["id_type"] = "请选择身份证件类型"
        elif not number:
            errors["id_number"] = "请填写身份证件号码"
        elif data.id_type == "resident_id":
            problem = resident_id_problem(number)
            if problem:
                errors["id_number"] = problem
        elif not re.fullmatch(r"[0-9A-Z()\-]{5,40}", number):
            errors["id_number"] = "证件号码格式不正确（5至40位字母或数字）"
    if not data.phone:
        errors["phone"] = "请填写联系电话"
    elif not _PHONE_RE.match(data.phone):
        errors["phone"] = "联系电话格式不正确"
    if not data.description:
        errors["description"] = "请描述所需政府信息（名称、文号或其他便于查询的特征）"
    elif len(data.description) > 5000:
        errors["description"] = "内容描述不能超过5000字"
    if data.provision_form not in dict(ch.PROVISION_FORM_CHOICES):
        errors["provision_form"] = "请选择信息的提供形式"
    if data.delivery_method not in dict(ch.DELIVERY_METHOD_CHOICES):
        errors["delivery_method"] = "请选择获取信息的方式"
    if data.delivery_method == "email" and not data.email:
        errors["email"] = "选择电子邮件方式获取信息的，请填写电子邮箱"
    if data.delivery_method == "post" and not data.address:
        errors["address"] = "选择邮寄方式获取信息的，请填写通信地址"
    if data.postcode and not _POSTCODE_RE.match(data.postcode):
        errors["postcode"] = "邮政编码应为6位数字"
    return errors
