"""Writes of the applications app. Every service takes keyword arguments and ``actor=``, runs in
one transaction and writes one audit event; state changes go through ``workflow.TRANSITIONS``."""

from ._base import InvalidTransition, can_handle
from .decision import application_approve, application_close, application_decide, application_deliver
from .handling import (
    application_assign,
    application_deem_withdrawn,
    application_end_consultation,
    application_extend,
    application_notify_fee,
    application_receive_correction,
    application_record_fee_notice_received,
    application_record_payment,
    application_request_correction,
    application_start_consultation,
    application_withdraw,
    applications_expire,
    fee_quote,
)
from .intake import (
    Registration,
    Upload,
    application_confirm_receipt,
    application_register,
    check_query_code,
    format_query_code,
    query_code_for_token,
)
from .letters import application_sign_notice
from .remedies import (
    remedy_case_create,
    remedy_case_delete,
    remedy_case_update,
    remedy_document_add,
    remedy_document_delete,
)
from .reminders import send_reminders

__all__ = [
    "InvalidTransition",
    "Registration",
    "Upload",
    "application_approve",
    "application_assign",
    "application_close",
    "application_confirm_receipt",
    "application_decide",
    "application_deem_withdrawn",
    "application_deliver",
    "application_end_consultation",
    "application_extend",
    "application_notify_fee",
    "application_receive_correction",
    "application_record_fee_notice_received",
    "application_record_payment",
    "application_register",
    "application_request_correction",
    "application_sign_notice",
    "application_start_consultation",
    "application_withdraw",
    "applications_expire",
    "can_handle",
    "check_query_code",
    "fee_quote",
    "format_query_code",
    "query_code_for_token",
    "remedy_case_create",
    "remedy_case_delete",
    "remedy_case_update",
    "remedy_document_add",
    "remedy_document_delete",
    "send_reminders",
]
