"""Choice lists of the application records, built from the report format where it defines them."""

from __future__ import annotations

from gongkai.core.clock import EventType
from gongkai.report import format as fmt

APPLICANT_CATEGORY_CHOICES: tuple[tuple[str, str], ...] = tuple(
    (c.code, c.label if c.code == "natural" else ("其他组织" if c.code == "other" else c.label))
    for c in fmt.APPLICANT_COLUMNS
    if c.code != "total"
)
ORGANISATION_CATEGORIES: frozenset[str] = frozenset(c.code for c in fmt.APPLICANT_COLUMNS if c.organisation)
NATURAL = "natural"

OUTCOME_LABELS: dict[str, str] = dict(fmt.OUTCOME_CHOICES)

# The outcome group (first part of the code) decides which letter template is used.
OUTCOME_GROUP_LABELS: dict[str, str] = {
    "disclosed": "予以公开",
    "partially_disclosed": "部分公开",
    "withheld": "不予公开",
    "unavailable": "无法提供",
    "not_handled": "不予处理",
    "otherwise_closed": "其他处理",
}


def outcome_group(code: str) -> str:
    return code.split(".", 1)[0]


REMEDY_KIND_CHOICES: tuple[tuple[str, str], ...] = tuple(
    (g.code, f"{g.parent}（{g.label}）" if g.parent else g.label) for g in fmt.REMEDY_GROUPS
)
_REMEDY_CELL_LABELS = {c.code: c.label for c in fmt.REMEDY_CELLS}
REMEDY_OUTCOME_CHOICES: tuple[tuple[str, str], ...] = tuple(
    (code, _REMEDY_CELL_LABELS[code].removeprefix("结果")) for code in fmt.REMEDY_PARTS
)
REMEDY_PENDING = "pending"

ID_TYPE_CHOICES: tuple[tuple[str, str], ...] = (
    ("resident_id", "居民身份证"),
    ("passport", "护照"),
    ("hk_macao_permit", "港澳居民来往内地通行证"),
    ("taiwan_permit", "台湾居民来往大陆通行证"),
    ("foreign_pr", "外国人永久居留身份证"),
    ("other", "其他有效身份证件"),
    ("credit_code", "统一社会信用代码"),
)
NATURAL_ID_TYPES = tuple(c for c in ID_TYPE_CHOICES if c[0] != "credit_code")

CHANNEL_CHOICES: tuple[tuple[str, str], ...] = (
    ("online", "网上申请"),
    ("in_person", "当面提交"),
    ("post", "邮寄"),
    ("fax", "传真"),
    ("email", "电子邮件"),
    ("oral", "口头提出（工作人员代为填写）"),
)
STAFF_CHANNEL_CHOICES = tuple(c for c in CHANNEL_CHOICES if c[0] != "online")

# How the receipt date that counts was established (Regulation art. 31).
RECEIPT_BASIS_CHOICES: tuple[tuple[str, str], ...] = (
    ("in_person", "当面提交当日"),
    ("post_signed", "邮寄签收日"),
    ("post_confirmed", "平常信函双方确认日"),
    ("confirmed", "双方确认日"),
    ("other", "其他（见备注）"),
)
DEFAULT_RECEIPT_BASIS = {
    "online": "confirmed",
    "in_person": "in_person",
    "oral": "in_person",
    "post": "post_signed",
    "fax": "confirmed",
    "email": "confirmed",
}

PROVISION_FORM_CHOICES: tuple[tuple[str, str], ...] = (
    ("paper", "纸质"),
    ("electronic", "电子文档"),
    ("disc", "光盘或其他存储介质"),
)
DELIVERY_METHOD_CHOICES: tuple[tuple[str, str], ...] = (
    ("post", "邮寄"),
    ("email", "电子邮件"),
    ("fax", "传真"),
    ("pickup", "自行领取"),
    ("online", "网上查阅"),
)

EVENT_TYPE_LABELS: dict[str, str] = {
    EventType.RECEIVED: "收到申请",
    EventType.CORRECTION_REQUESTED: "发出补正告知",
    EventType.CORRECTION_RECEIVED: "收到补正",
    EventType.CONSULTATION_STARTED: "发出征求意见",
    EventType.CONSULTATION_ENDED: "征求意见结束",
    EventType.EXTENDED: "延长答复期限",
    EventType.FEE_NOTIFIED: "发出收费通知",
    EventType.FEE_NOTICE_RECEIVED: "申请人收到收费通知",
    EventType.FEE_PAID: "缴纳费用",
}
EVENT_TYPE_CHOICES: tuple[tuple[str, str], ...] = tuple((t.value, EVENT_TYPE_LABELS[t]) for t in EventType)

CONSULTATION_PARTY_CHOICES: tuple[tuple[str, str], ...] = (
    ("third_party", "第三方（条例第三十二条）"),
    ("agency", "其他机关（条例第三十四条）"),
)
CONSULTATION_RESPONSE_CHOICES: tuple[tuple[str, str], ...] = (
    ("consent", "同意公开"),
    ("objection", "不同意公开"),
    ("no_reply", "逾期未答复"),
    ("other", "其他意见"),
)

FEE_METHOD_CHOICES: tuple[tuple[str, str], ...] = (
    ("per_item", "按件计收"),
    ("per_volume", "按量计收"),
)

LETTER_KIND_CHOICES: tuple[tuple[str, str], ...] = (
    ("reply", "政府信息公开申请答复书"),
    ("correction", "补正申请告知书"),
    ("extension", "延长答复期限告知书"),
    ("fee", "信息处理费缴费通知书"),
)
