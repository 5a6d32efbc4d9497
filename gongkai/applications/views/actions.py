"""One view for every handling step: each step is a form and a call of its service.

The steps offered on the detail page are exactly the moves the one table lets this user make
now (``services._base.available``: the row, the policy's roles, the record's guards), so a
button is shown when, and only when, its service would accept it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django import forms as djforms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from .. import forms as f
from .. import services as s
from ..letters import build_letter
from ..models import Application
from ..selectors import application_get
from ..services._base import available, pending_notice
from ..workflow import Action
from .public import add_validation_errors


@dataclass(frozen=True)
class Step:
    key: str
    label: str
    form: type[djforms.Form]
    run: Callable[..., object]
    action: Action | None  # the workflow action, or None for a step that is not a transition
    needs_application: bool = False  # the form takes application=
    help: str = ""


def _c(form) -> dict:
    return form.cleaned_data


STEPS: dict[str, Step] = {
    step.key: step
    for step in (
        Step(
            "confirm_receipt",
            "确认收到",
            f.ConfirmReceiptForm,
            lambda a, d, u: s.application_confirm_receipt(
                application=a, received_on=d["received_on"], basis=d["basis"], note=d["note"], actor=u
            ),
            Action.CONFIRM_RECEIPT,
            help="网上申请以双方确认之日为收到申请之日（条例第三十一条），确认后开始计算答复期限。",
        ),
        Step(
            "assign",
            "指定承办人",
            f.AssignForm,
            lambda a, d, u: s.application_assign(application=a, assignee=d["assignee"], actor=u),
            None,
            needs_application=True,
        ),
        Step(
            "request_correction",
            "发出补正告知",
            f.CorrectionForm,
            lambda a, d, u: s.application_request_correction(
                application=a,
                requested_on=d["requested_on"],
                items=d["items"],
                deadline=d["deadline"],
                actor=u,
            ),
            Action.REQUEST_CORRECTION,
            help="应在收到申请之日起7个工作日内一次性告知（条例第三十条）；补正期间暂停计时。",
        ),
        Step(
            "receive_correction",
            "收到补正",
            f.CorrectionReceivedForm,
            lambda a, d, u: s.application_receive_correction(
                application=a, received_on=d["received_on"], note=d["note"], actor=u
            ),
            Action.RECEIVE_CORRECTION,
            help="答复期限自收到补正后的申请之日起重新计算。",
        ),
        Step(
            "start_consultation",
            "征求意见",
            f.ConsultationForm,
            lambda a, d, u: s.application_start_consultation(
                application=a,
                party_kind=d["party_kind"],
                party_name=d["party_name"],
                party_contact=d["party_contact"],
                subject=d["subject"],
                sent_on=d["sent_on"],
                actor=u,
            ),
            Action.START_CONSULTATION,
            help="征求意见期限为15个工作日，所需时间不计入答复期限（条例第三十二条至第三十四条）。",
        ),
        Step(
            "end_consultation",
            "登记征求意见答复",
            f.ConsultationAnswerForm,
            lambda a, d, u: s.application_end_consultation(
                consultation=d["consultation"],
                response=d["response"],
                answered_on=d["answered_on"],
                answer=d["answer"],
                actor=u,
            ),
            Action.END_CONSULTATION,
            needs_application=True,
        ),
        Step(
            "extend",
            "延长答复期限",
            f.ExtendForm,
            lambda a, d, u: s.application_extend(
                application=a,
                workdays=d["workdays"],
                reason=d["reason"],
                extended_on=d["extended_on"],
                actor=u,
            ),
            Action.EXTEND,
            help="只能延长一次，最长20个工作日，须经公开办负责人同意并在答复期限届满前作出（条例第三十三条）。",
        ),
        Step(
            "notify_fee",
            "发出收费通知",
            f.FeeForm,
            lambda a, d, u: s.application_notify_fee(
                application=a,
                method=d["method"],
                pages=d["pages"],
                notified_on=d["notified_on"],
                notice_received_on=d["notice_received_on"],
                actor=u,
            ),
            Action.NOTIFY_FEE,
            help="金额按《政府信息公开信息处理费管理办法》计算；申请人自收到通知之日的次日起20个工作日内未缴费的，视为放弃申请。",
        ),
        Step(
            "fee_notice_received",
            "登记收到收费通知",
            f.FeeNoticeReceivedForm,
            lambda a, d, u: s.application_record_fee_notice_received(
                application=a, received_on=d["received_on"], note=d["note"], actor=u
            ),
            Action.RECEIVE_FEE_NOTICE,
            help="以申请人签收（或确认收到）之日为准；缴费期限自次日起算20个工作日。",
        ),
        Step(
            "record_payment",
            "登记缴费",
            f.PaymentForm,
            lambda a, d, u: s.application_record_payment(
                application=a, paid_on=d["paid_on"], reference=d["reference"], actor=u
            ),
            Action.RECORD_PAYMENT,
        ),
        Step(
            "decide",
            "作出答复决定",
            f.DecideForm,
            lambda a, d, u: s.application_decide(
                application=a,
                outcome=d["outcome"],
                decided_on=d["decided_on"],
                reasons=d["reasons"],
                legal_basis=d["legal_basis"],
                disclosed_parts=d["disclosed_parts"],
                withheld_parts=d["withheld_parts"],
                holder_agency=d["holder_agency"],
                actor=u,
            ),
            Action.DECIDE,
            help="办理员作出的答复须经公开办负责人批准后送达；公开办负责人作出的答复同时视为批准。",
        ),
        Step(
            "approve",
            "批准答复",
            f.NoteForm,
            lambda a, d, u: s.application_approve(application=a, note=d["note"], actor=u),
            Action.APPROVE,
        ),
        Step(
            "sign_notice",
            "签发告知书",
            f.NoteForm,
            lambda a, d, u: s.application_sign_notice(application=a, note=d["note"], actor=u),
            Action.SIGN_NOTICE,
            help="办理员拟制的补正告知书、收费通知书须经公开办负责人签发后才能发出；签发后生成文书编号。",
        ),
        Step(
            "deliver",
            "登记送达",
            f.DeliverForm,
            lambda a, d, u: s.application_deliver(
                application=a,
                delivered_on=d["delivered_on"],
                method=d["method"],
                notes=d["notes"],
                proof=(d["proof"].name, d["proof"].read()) if d.get("proof") else None,
                actor=u,
            ),
            Action.DELIVER,
            help="送达时生成并固定答复书（DOCX、PDF），申请人可在门户查看。",
        ),
        Step(
            "close",
            "办结归档",
            f.NoteForm,
            lambda a, d, u: s.application_close(application=a, note=d["note"], actor=u),
            Action.CLOSE,
        ),
        Step(
            "withdraw",
            "申请人撤回",
            f.WithdrawForm,
            lambda a, d, u: s.application_withdraw(
                application=a, withdrawn_on=d["withdrawn_on"], reason=d["reason"], actor=u
            ),
            Action.WITHDRAW,
        ),
        Step(
            "deem_withdrawn",
            "视为放弃申请",
            f.ConfirmForm,
            lambda a, d, u: s.application_deem_withdrawn(application=a, actor=u),
            Action.DEEM_WITHDRAWN,
            help="无正当理由逾期未补正或逾期未缴费的，视为放弃申请（每日自动执行，也可在此手工执行）。",
        ),
    )
}


def visible_actions(user, application: Application) -> list[Step]:
    if not s.can_handle(user, application.agency_id):
        return []
    actions = {t.action for t in available(user, application)}
    return [
        step
        for step in STEPS.values()
        if (step.action in actions if step.action is not None else application.is_open)
    ]


@require_http_methods(["GET", "POST"])
def action(request, pk: int, name: str):
    application = application_get(request.user, pk, write=True)
    step = STEPS.get(name)
    if step is None:
        raise Http404("没有该办理步骤")
    if not s.can_handle(request.user, application.agency_id):
        raise PermissionDenied("只有本机关的办理员或公开办负责人可以办理申请")
    kwargs = {"application": application} if step.needs_application else {}
    form = step.form(request.POST or None, request.FILES or None, **kwargs)
    if request.method == "POST" and form.is_valid():
        try:
            step.run(application, _c(form), request.user)
        except ValidationError as exc:
            add_validation_errors(form, exc)
        else:
            messages.success(request, f"已{step.label}")
            return redirect("applications:detail", pk=application.pk)
    context = {"application": application, "step": step, "form": form}
    if step.key == "approve" and application.outcome:
        # The approver sees what is approved: the decision and the reply letter as it will go out.
        context["letter"] = build_letter(application, "reply")
    if step.key == "sign_notice" and pending_notice(application):
        context["letter"] = build_letter(application, pending_notice(application))
    return render(request, "applications/action.html", context)
