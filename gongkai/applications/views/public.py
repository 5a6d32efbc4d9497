"""The portal: apply without an account, get a receipt, follow the application.

Every view opts out of the login requirement explicitly. An applicant sees one application
only, after giving its tracking number and query code; a wrong code and an unknown number get
the same answer, and look-ups are rate limited.
"""

from __future__ import annotations

import time

from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.db import OperationalError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from gongkai.agencies.selectors import public_agency_get
from gongkai.core.identifiers import mask_identifier
from gongkai.core.remedies import remedy_for_no_reply
from gongkai.jobs.views import job_wait_page

from ..documents import letter_docx, letter_pdf, receipt_pdf
from ..forms import PublicApplicationForm, TrackForm
from ..jobs import letter_pdf_restart
from ..letters import build_letter, public_letters, remedy
from ..models import Application
from ..selectors import application_by_tracking_number, stored_letter, submission_seen
from ..services import Upload, application_register, check_query_code, format_query_code
from ..services._base import today
from ..services.intake import dummy_query_code_check, normalise_query_code
from ..workflow import CLOCK_STATUSES, Status
from . import ratelimit

BUSY = "系统繁忙，本次提交没有保存。请稍后再次点击“提交申请”，已填写的内容仍保留在下方表单中（附件需要重新选择）。"
WRONG_CODE = "申请编号或查询码不正确，请核对后重试。"
GRANT_SECONDS = 30 * 60
_GRANTS = "applications_tracking"

PUBLIC_STATUS = {
    Status.REGISTERED: "已提交，等待机关确认收到",
    Status.AWAITING_CORRECTION: "需要补正，请按补正告知书补充材料",
    Status.IN_PROGRESS: "办理中",
    Status.CONSULTATION: "办理中（正在征求第三方或其他机关意见）",
    Status.AWAITING_FEE: "等待缴纳信息处理费",
    Status.DECIDED: "已作出答复，正在送达",
    Status.DELIVERED: "已答复",
    Status.CLOSED: "已办结",
    Status.WITHDRAWN: "已终止办理",
}

# What happens next, as the applicant reads it on the tracking page (Regulation art. 30–33, 36).
NEXT_STEP = {
    Status.REGISTERED: "本机关确认收到申请后，自收到之日起20个工作日内答复；确认后此页会显示答复期限。",
    Status.AWAITING_CORRECTION: "请在补正期限内按补正告知书补充材料；收到补正后重新计算答复期限。逾期不补正的，视为放弃申请。",
    Status.IN_PROGRESS: "本机关正在审查您申请的信息，将在答复期限前作出书面答复并按您选择的方式送达。",
    Status.CONSULTATION: "征求意见期间不计入答复期限；收到意见后本机关继续办理并作出答复。",
    Status.AWAITING_FEE: "请按收费通知缴纳信息处理费；缴费期间不计入答复期限，逾期未缴纳的视为放弃申请。",
    Status.DECIDED: "答复已经作出，正在按您选择的方式送达；送达后可在此下载答复书。",
    Status.DELIVERED: "答复已送达。对答复不服的，可以依法申请行政复议或者提起行政诉讼（见答复书）。",
    Status.CLOSED: "本申请已办结。",
    Status.WITHDRAWN: "本申请已终止办理；如仍需获取信息，可以重新提出申请。",
}


def add_validation_errors(form, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            for error in errors:
                message = " ".join(error.messages)
                form.add_error(field if field in form.fields else None, message)
    else:
        for message in exc.messages:
            form.add_error(None, message)


def _grant(request, application: Application) -> None:
    grants = dict(request.session.get(_GRANTS, {}))
    now = time.time()
    grants = {k: v for k, v in grants.items() if v > now}
    grants[application.tracking_number] = now + GRANT_SECONDS
    request.session[_GRANTS] = grants
    request.session.cycle_key()


def _granted(request, tracking_number: str) -> Application | None:
    expiry = request.session.get(_GRANTS, {}).get(tracking_number)
    if not expiry or expiry < time.time():
        return None
    return application_by_tracking_number(tracking_number)


def _receipt_context(application: Application, code: str | None) -> dict:
    return {
        "application": application,
        "query_code": format_query_code(code) if code else "",
        "raw_code": code or "",
        "masked_id": mask_identifier(application.id_number, keep_start=3, keep_end=3),
        "public_status": PUBLIC_STATUS[Status(application.status)],
    }


@login_not_required
@require_http_methods(["GET", "POST"])
def apply(request, credit_code: str | None = None):
    agency = None
    if credit_code is not None:
        agency = public_agency_get(credit_code)
    if request.method != "POST":
        return render(
            request,
            "applications/portal/apply.html",
            {"form": PublicApplicationForm(agency=agency), "agency": agency},
        )
    form = PublicApplicationForm(request.POST, request.FILES, agency=agency)
    if form.is_valid():
        token = form.cleaned_data["token"]
        repeat = submission_seen(token)
        if not repeat and not ratelimit.hit(request, "submit"):
            context = {"form": form, "agency": agency, "limited": ratelimit.MESSAGES["submit"]}
            return render(request, "applications/portal/apply.html", context, status=429)
        uploads = [Upload(f.name, f.read()) for f in form.cleaned_data["attachments"]]
        try:
            registration = application_register(
                agency=agency or form.cleaned_data["agency"],
                data=form.application_data(),
                uploads=uploads,
                idempotency_key=token,
            )
        except ValidationError as exc:
            add_validation_errors(form, exc)
        except OperationalError:  # e.g. SQLite busy past its timeout: nothing was saved
            context = {"form": form, "agency": agency, "limited": BUSY}
            return render(request, "applications/portal/apply.html", context, status=503)
        else:
            # No session write here: the submission is one transaction and nothing more.
            # The query code is shown once: a replayed submission (same form token) gets the
            # receipt without it, so whoever replays a captured form never learns the code.
            code = registration.query_code if registration.created else None
            context = _receipt_context(registration.application, code)
            context["repeat"] = not registration.created
            return render(request, "applications/portal/receipt.html", context)
    return render(request, "applications/portal/apply.html", {"form": form, "agency": agency}, status=200)


@login_not_required
@require_POST
def receipt(request):
    """The receipt as PDF, for whoever holds the tracking number and the query code."""
    if not ratelimit.hit(request, "lookup"):
        return HttpResponse(
            ratelimit.MESSAGES["lookup"], status=429, content_type="text/plain; charset=utf-8"
        )
    number = request.POST.get("tracking_number", "").strip().upper()
    code = normalise_query_code(request.POST.get("query_code", ""))
    application = application_by_tracking_number(number)
    if application is None or not check_query_code(code, application.query_code_hash):
        return HttpResponse(WRONG_CODE, status=404, content_type="text/plain; charset=utf-8")
    pdf = receipt_pdf(_receipt_context(application, code))
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{application.tracking_number}-receipt.pdf"'
    return response


@login_not_required
@require_http_methods(["GET", "POST"])
def track(request):
    initial = {"tracking_number": request.GET.get("tracking_number", "")[:30]}
    form = TrackForm(request.POST or None, initial=initial)
    if request.method == "POST":
        if not ratelimit.hit(request, "lookup"):
            return render(
                request,
                "applications/portal/track.html",
                {"form": TrackForm(), "limited": ratelimit.MESSAGES["lookup"]},
                status=429,
            )
        if form.is_valid():
            number = form.cleaned_data["tracking_number"].strip().upper()
            code = normalise_query_code(form.cleaned_data["query_code"])
            application = application_by_tracking_number(number)
            if application is None:
                dummy_query_code_check(code)
            elif check_query_code(code, application.query_code_hash):
                _grant(request, application)
                return redirect("apply:track_detail", tracking_number=application.tracking_number)
            form.add_error(None, WRONG_CODE)  # the same words for an unknown number and a wrong code
    return render(request, "applications/portal/track.html", {"form": form})


@login_not_required
def track_detail(request, tracking_number: str):
    application = _granted(request, tracking_number)
    if application is None:
        return redirect("apply:track")
    status = Status(application.status)
    context = _receipt_context(application, None) | {
        "show_due": status in CLOCK_STATUSES,
        "next_step": NEXT_STEP[status],
        "letters": public_letters(application),
        "delivered": stored_letter(application, "reply") is not None,
        "remedy": tracking_remedy(application),
    }
    return render(request, "applications/portal/track_detail.html", context)


def tracking_remedy(application: Application) -> str:
    """Return the remedy the tracking page states: the reply's, or the one for no reply in time."""
    if application.status in (Status.DELIVERED, Status.CLOSED):
        return remedy(application).sentence
    if application.is_open and application.due_date and application.due_date < today():
        return remedy_for_no_reply(application.agency.reconsideration_body_name()).sentence
    return ""


@login_not_required
def track_letter(request, tracking_number: str, kind: str, fmt: str):
    application = _granted(request, tracking_number)
    if application is None:
        return redirect("apply:track")
    if kind not in dict(public_letters(application)) or fmt not in ("pdf", "docx"):
        raise Http404("没有该文书")
    return letter_response(application, kind, fmt, request)


@login_not_required
@require_POST
def track_end(request):
    request.session.pop(_GRANTS, None)
    return redirect(reverse("apply:track"))


def letter_response(application: Application, kind: str, fmt: str, request=None):
    """Serve a letter: the frozen copy once delivered, otherwise rendered from the record.

    A delivered letter whose PDF a worker is still typesetting gets the waiting page (202, the
    job's progress), never an older file; a failed or lost job is started again.
    """
    stored = stored_letter(application, kind)
    filename = f"{application.tracking_number}-{kind}.{fmt}"
    if stored is not None and fmt == "pdf" and not stored.pdf:
        job = stored.pdf_job
        if job is None or job.status == job.Status.FAILED:
            job = letter_pdf_restart(letter=stored, actor=getattr(request, "user", None))
            stored.refresh_from_db(fields=["pdf"])
        if not stored.pdf:
            return job_wait_page(request, job, title=f"{stored.get_kind_display()}PDF正在生成")
    if stored is not None:
        handle = (stored.pdf if fmt == "pdf" else stored.docx).open("rb")
        return FileResponse(handle, as_attachment=True, filename=filename)
    letter = build_letter(application, kind)
    if fmt == "pdf":
        data, content_type = letter_pdf(letter), "application/pdf"
    else:
        data = letter_docx(letter)
        content_type = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    response = HttpResponse(data, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
