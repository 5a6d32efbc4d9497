"""``gongkai applications expire|recompute``: the daily step and a full clock recomputation."""

from __future__ import annotations

from django.core.management.base import BaseCommand

from gongkai.applications.services import applications_expire
from gongkai.applications.services.clock import recompute_open_deadlines


class Command(BaseCommand):
    help = (
        "依申请公开：expire（逾期视为放弃申请、征求意见逾期结束）或 recompute（重新计算在办申请的答复期限）"
    )

    def add_arguments(self, parser):
        parser.add_argument("step", choices=["expire", "recompute"])

    def handle(self, *args, step: str, **options):
        if step == "expire":
            result = applications_expire()
            self.stdout.write(
                f"征求意见逾期结束 {result['consultations_closed']} 件，视为放弃申请 {result['deemed_withdrawn']} 件"
            )
        else:
            changed = recompute_open_deadlines(actor=None, reason="手工重新计算答复期限")
            self.stdout.write(f"答复期限有变化的申请 {changed} 件")
