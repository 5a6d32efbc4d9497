"""The letters an office sends an applicant, as data: reply (答复书) per outcome group, and the
correction, extension and fee notices (告知书). ``documents`` renders them as DOCX and PDF.

Each reply cites the Regulation article of its outcome and ends with the remedies notice that
``gongkai.core.remedies.remedy_for`` computes from the outcome and the reply date (RULES.md §5:
since 2024-01-01 a refusal goes to reconsideration first), naming the agency's reconsideration
body. A letter carries the number it was given when issued (``LetterNumber``, the agency's
pattern with a yearly serial). Nothing goes out before the office head has signed it (RULES.md
§3, notices): a reply not yet approved and a correction or fee notice not yet signed are drafts —
no number, watermarked 草稿, not offered to the applicant, not deliverable. The extension notice
is the office head's own act (art. 33), numbered when the extension is approved.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from gongkai.core.remedies import Remedy, remedy_for

from . import choices as ch
from .models import Application, LetterNumber

REGULATION = "《中华人民共和国政府信息公开条例》"

# The articles each outcome rests on (RULES.md §3).
LEGAL_BASIS: dict[str, str] = {
    "disclosed": "第三十六条第（一）项、第（二）项",
    "partially_disclosed": "第三十七条",
    "withheld.state_secret": "第十四条、第三十六条第（三）项",
    "withheld.prohibited_by_law": "第十四条、第三十六条第（三）项",
    "withheld.security_stability": "第十四条、第三十六条第（三）项",
    "withheld.third_party_rights": "第十五条、第三十六条第（三）项",
    "withheld.internal_affairs": "第十六条第一款、第三十六条第（三）项",
    "withheld.process_information": "第十六条第二款、第三十六条第（三）项",
    "withheld.enforcement_file": "第十六条第二款、第三十六条第（三）项",
    "withheld.administrative_query": "第三十六条第（七）项",
    "unavailable.not_held": "第三十六条第（四）项、第（五）项",
    "unavailable.needs_creation": "第三十八条",
    "unavailable.still_unclear": "第三十条",
    "not_handled.petition": "第三十九条第一款",
    "not_handled.repeat": "第三十六条第（六）项",
    "not_handled.publication": "第三十九条第二款",
    "not_handled.excessive": "第三十五条",
    "not_handled.confirmation": "第二条",
    "otherwise_closed.no_correction": "第三十条",
    "otherwise_closed.fee_unpaid": "第四十二条，《政府信息公开信息处理费管理办法》",
    "otherwise_closed.other": "",
}

# The sentence that states each outcome in the letter.
OUTCOME_SENTENCES: dict[str, str] = {
    "disclosed": "经审查，您申请获取的政府信息属于可以公开的政府信息，本机关决定予以公开。",
    "partially_disclosed": (
        "经审查，您申请获取的政府信息中含有不应当公开或者不属于政府信息的内容，但能够作区分处理。"
        "本机关向您提供可以公开的内容，并对不予公开的内容说明理由。"
    ),
    "withheld.state_secret": "经审查，您申请获取的政府信息属于依法确定为国家秘密的政府信息，本机关决定不予公开。",
    "withheld.prohibited_by_law": "经审查，您申请获取的政府信息属于法律、行政法规禁止公开的政府信息，本机关决定不予公开。",
    "withheld.security_stability": (
        "经审查，您申请获取的政府信息公开后可能危及国家安全、公共安全、经济安全、社会稳定，本机关决定不予公开。"
    ),
    "withheld.third_party_rights": (
        "经审查，您申请获取的政府信息涉及商业秘密、个人隐私等，公开会对第三方合法权益造成损害，本机关决定不予公开。"
    ),
    "withheld.internal_affairs": "经审查，您申请获取的政府信息属于行政机关的内部事务信息，本机关决定不予公开。",
    "withheld.process_information": (
        "经审查，您申请获取的政府信息属于行政机关在履行行政管理职能过程中形成的过程性信息，本机关决定不予公开。"
    ),
    "withheld.enforcement_file": "经审查，您申请获取的政府信息属于行政执法案卷信息，本机关决定不予公开。",
    "withheld.administrative_query": (
        "经审查，您申请获取的信息属于有关法律、行政法规对信息的获取有特别规定的信息（行政查询事项），"
        "请依照有关法律、行政法规的规定办理。"
    ),
    "unavailable.not_held": (
        "经检索，本机关没有制作或者获取您申请获取的政府信息，或者该信息不属于本机关负责公开，本机关无法提供。"
    ),
    "unavailable.needs_creation": (
        "经审查，您申请获取的信息需要本机关对现有政府信息进行加工、分析后方能形成，本机关不予提供。"
    ),
    "unavailable.still_unclear": "您补正后的申请内容仍不明确，本机关无法确定您所需要的政府信息，无法提供。",
    "not_handled.petition": (
        "经审查，您以政府信息公开申请的形式提出的是信访、投诉、举报等事项，本机关不作为政府信息公开申请处理，"
        "您可以通过相应渠道提出。"
    ),
    "not_handled.repeat": "本机关已就您申请获取的相同政府信息作出答复，对您的重复申请不予重复处理。",
    "not_handled.publication": "您要求提供的是政府公报、报刊、书籍等公开出版物，本机关不予处理，您可以通过公开发行渠道获取。",
    "not_handled.excessive": (
        "您申请公开政府信息的数量、频次明显超过合理范围，经本机关要求说明理由，所说明理由不合理，本机关不予处理。"
    ),
    "not_handled.confirmation": (
        "您要求本机关确认或者重新出具您已获取的信息，不属于获取已制作或者获取的政府信息的申请，本机关不予处理。"
    ),
    "otherwise_closed.no_correction": "您无正当理由逾期未补正，视为放弃申请，本机关不再处理您的政府信息公开申请。",
    "otherwise_closed.fee_unpaid": "您逾期未按收费通知要求缴纳信息处理费，视为放弃申请，本机关不再处理您的政府信息公开申请。",
    "otherwise_closed.other": "本机关终止办理您的政府信息公开申请。",
}

REPLY_TITLES: dict[str, str] = {
    "disclosed": "政府信息公开申请答复书",
    "partially_disclosed": "政府信息部分公开告知书",
    "withheld": "政府信息不予公开告知书",
    "unavailable": "政府信息无法提供告知书",
    "not_handled": "政府信息公开申请不予处理告知书",
    "otherwise_closed": "政府信息公开申请终止办理告知书",
}


def legal_basis_text(outcome: str) -> str:
    articles = LEGAL_BASIS.get(outcome, "")
    if not articles:
        return ""
    return articles if articles.startswith("《") else f"{REGULATION}{articles}"


DRAFT_NUMBER = "（文书编号在公开办负责人批准后生成）"


def reply_subject(title: str) -> str:
    """Return how the letter names itself: 本答复书 / 本告知书."""
    return "本" + (title[-3:] if title.endswith(("答复书", "告知书")) else "答复")


def remedy(application: Application, title: str | None = None) -> Remedy:
    """Return the remedy for the application's reply (one place: ``gongkai.core.remedies``)."""
    if title is None:
        title = REPLY_TITLES[ch.outcome_group(application.outcome)] if application.outcome else "答复"
    return remedy_for(
        application.outcome,
        application.decided_on,
        application.agency.reconsideration_body_name(),
        subject=reply_subject(title),
    )


def remedies_notice(application: Application) -> str:
    return remedy(application).sentence


_QUOTE_END = re.compile(r"[。！？；，、\s]+$")


def tidy(text: str) -> str:
    """Remove doubled punctuation, e.g. "…。”。" → "…”。" and "。。" → "。"."""
    text = re.sub(r"([。！？；])([”’」』])。", r"\2。", text)
    return re.sub(r"([。；，、])\1+", r"\1", text)


def quoted(text: str) -> str:
    """Quote ``text`` without its trailing punctuation (the sentence supplies its own)."""
    return f"“{_QUOTE_END.sub('', text.strip())}”"


@dataclass
class LetterContent:
    kind: str
    title: str
    agency_name: str
    addressee: str
    number: str
    paragraphs: list[str]
    dated: date | None
    meta: list[tuple[str, str]] = field(default_factory=list)
    legal_basis: str = ""
    remedies: str = ""
    office_lines: list[str] = field(default_factory=list)
    outcome_label: str = ""
    draft: bool = False  # watermarked 草稿 until the office head approves; not deliverable


def _d(day: date | None) -> str:
    return f"{day.year}年{day.month}月{day.day}日" if day else "____年__月__日"


def _common(application: Application, kind: str, title: str, dated: date | None) -> LetterContent:
    agency = application.agency
    office = [
        line
        for line in (
            f"承办机构：{agency.office_name}" if agency.office_name else "",
            f"地址：{agency.office_address}" if agency.office_address else "",
            f"邮政编码：{agency.office_postcode}" if agency.office_postcode else "",
            f"联系电话：{agency.office_phone}" if agency.office_phone else "",
        )
        if line
    ]
    return LetterContent(
        kind=kind,
        title=title,
        agency_name=agency.name,
        addressee=application.applicant_name,
        number=_number(application, kind),
        paragraphs=[],
        dated=dated,
        meta=[
            ("申请编号", application.tracking_number),
            ("申请人", application.applicant_name),
            ("收到申请日期", _d(application.received_on)),
        ],
        office_lines=office,
    )


def _number(application: Application, kind: str) -> str:
    if application.pk:
        issued = LetterNumber.objects.filter(application=application, kind=kind).first()
        if issued is not None:
            return issued.number
    return DRAFT_NUMBER


def _opening(application: Application) -> str:
    return (
        f"本机关于{_d(application.received_on)}收到您提出的政府信息公开申请（申请编号：{application.tracking_number}），"
        f"申请获取：{quoted(application.description[:300])}。"
    )


def reply_letter(application: Application) -> LetterContent:
    """The reply (答复书 / 告知书) for a decided application, by its outcome group."""
    outcome = application.outcome
    group = ch.outcome_group(outcome)
    letter = _common(application, "reply", REPLY_TITLES[group], application.decided_on)
    letter.outcome_label = ch.OUTCOME_LABELS[outcome]
    letter.meta.append(("答复日期", _d(application.decided_on)))
    letter.meta.append(("答复结果", letter.outcome_label))
    paragraphs = [_opening(application), OUTCOME_SENTENCES[outcome]]
    if group == "partially_disclosed":
        if application.disclosed_parts:
            paragraphs.append(f"予以公开的内容：{application.disclosed_parts}")
        if application.withheld_parts:
            paragraphs.append(f"不予公开的内容及理由：{application.withheld_parts}")
    if group in ("disclosed", "partially_disclosed"):
        paragraphs.append(
            f"提供形式：{application.get_provision_form_display()}；获取方式：{application.get_delivery_method_display()}。"
        )
    if outcome == "unavailable.not_held" and application.holder_agency.strip():
        paragraphs.append(
            f"经确定，负责公开该政府信息的行政机关为{application.holder_agency.strip().rstrip('。')}，"
            "您可以向该机关提出申请（条例第三十六条第（五）项）。"
        )
    if application.decision_reasons:
        paragraphs.append(f"具体说明：{application.decision_reasons}")
    letter.legal_basis = application.legal_basis or legal_basis_text(outcome)
    if letter.legal_basis:
        paragraphs.append(f"依据：{letter.legal_basis}。")
    if application.fee_amount and application.fee_paid_on:
        paragraphs.append(f"您已于{_d(application.fee_paid_on)}缴纳信息处理费{application.fee_amount}元。")
    letter.paragraphs = paragraphs
    letter.remedies = remedy(application, letter.title).sentence
    letter.draft = not application.approved_by_id
    return letter


def correction_letter(application: Application) -> LetterContent:
    letter = _common(application, "correction", "补正申请告知书", application.correction_requested_on)
    letter.paragraphs = [
        _opening(application),
        "经审查，您的申请内容不明确。请您对以下事项作出补正：",
        application.correction_items,
        f"请于{_d(application.correction_deadline)}前补正。答复期限自本机关收到补正后的申请之日起重新计算。"
        "无正当理由逾期不补正的，视为放弃申请，本机关不再处理该政府信息公开申请。",
    ]
    letter.legal_basis = f"{REGULATION}第三十条"
    return letter


def extension_letter(application: Application) -> LetterContent:
    letter = _common(application, "extension", "延长答复期限告知书", application.extended_on)
    due = f"，延长后的答复期限为{_d(application.due_date)}" if application.due_date else ""
    letter.paragraphs = [
        _opening(application),
        f"因{application.extension_reason.rstrip('。')}，本机关不能在法定期限内作出答复。"
        f"经本机关政府信息公开工作机构负责人同意，答复期限延长{application.extension_workdays}个工作日{due}。",
    ]
    letter.legal_basis = f"{REGULATION}第三十三条第二款"
    return letter


def fee_letter(application: Application) -> LetterContent:
    letter = _common(application, "fee", "信息处理费缴费通知书", application.fee_notified_on)
    letter.paragraphs = [
        _opening(application),
        f"{application.fee_explanation}",
        f"应缴纳信息处理费人民币{application.fee_amount}元。请自收到本通知之日的次日起20个工作日内缴纳"
        f"（缴费方式请与本机关联系{('：' + application.agency.office_phone) if application.agency.office_phone else ''}）。"
        "逾期未缴纳的，视为放弃申请，本机关不再处理该政府信息公开申请。"
        "自发出本通知至您缴费之日的期间，不计算在答复期限内。",
    ]
    letter.legal_basis = f"{REGULATION}第四十二条，《政府信息公开信息处理费管理办法》"
    return letter


BUILDERS = {
    "reply": reply_letter,
    "correction": correction_letter,
    "extension": extension_letter,
    "fee": fee_letter,
}


def available_letters(application: Application) -> list[str]:
    """Return the kinds of letter this application has (in the order they were issued)."""
    kinds = []
    if application.correction_requested_on:
        kinds.append("correction")
    if application.extended_on:
        kinds.append("extension")
    if application.fee_notified_on:
        kinds.append("fee")
    if application.outcome:
        kinds.append("reply")
    return kinds


def public_letters(application: Application) -> list[tuple[str, str]]:
    """Return the letters the applicant may see: signed notices and the delivered reply, no draft."""
    labels = dict(ch.LETTER_KIND_CHOICES)
    signed = set(application.letter_numbers.values_list("kind", flat=True))
    kinds = [k for k in available_letters(application) if k != "reply" and k in signed]
    if application.letters.filter(kind="reply").exists():
        kinds.append("reply")
    return [(k, labels[k]) for k in kinds]


def build_letter(application: Application, kind: str) -> LetterContent:
    letter = BUILDERS[kind](application)
    if kind != "reply":  # a notice is final once signed, and a signed notice has its number
        letter.draft = letter.number == DRAFT_NUMBER
    if kind != "reply" and letter.legal_basis:
        letter.paragraphs.append(f"依据：{letter.legal_basis}。")
    letter.paragraphs = [tidy(p) for p in letter.paragraphs]
    return letter
