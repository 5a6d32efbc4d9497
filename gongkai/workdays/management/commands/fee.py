"""``gongkai fee --nth N`` / ``gongkai fee --pages P``: the information-processing fee (RULES.md §4)."""

from __future__ import annotations

import json
import re

from django.core.management.base import BaseCommand

from gongkai.core.fees import per_item_fee, per_volume_fee


class Command(BaseCommand):
    help = "计算信息处理费：--nth N 按件（同一申请人本月第N件），--pages P 按量（一件申请P页）。"

    def add_arguments(self, parser) -> None:
        group = parser.add_mutually_exclusive_group(required=True)
        group.add_argument("--nth", metavar="N", help="同一申请人本自然月的第N件申请（按件，办法第四条）")
        group.add_argument("--pages", metavar="P", help="一件申请的页数（按量，办法第五条）")

    def handle(self, *args, **options) -> None:
        raw, label, compute = (
            (options["nth"], "--nth", per_item_fee)
            if options["nth"] is not None
            else (options["pages"], "--pages", per_volume_fee)
        )
        text = str(raw).strip()
        if not re.fullmatch(r"-?[0-9]+", text):
            self.stderr.write(f"错误：{label} 应为正整数，实际为“{raw}” / {label} must be a positive integer")
            raise SystemExit(2)
        try:
            result = compute(int(text))
        except ValueError as exc:
            self.stderr.write(f"错误：{exc}")
            raise SystemExit(2) from None
        self.stdout.write(json.dumps(result.as_json(), ensure_ascii=False, indent=2))
