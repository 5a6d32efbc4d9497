"""``gongkai deadline FILE``: compute a reply clock from a JSON description (RULES.md §3).

Input (``-`` reads standard input)::

    {"received": "2026-09-28",
     "events": [{"type": "consultation_started", "date": "2026-10-09"},
                {"type": "extended", "date": "2026-10-20", "workdays": 10}],
     "today": "2026-10-12"}

``events`` and ``today`` are optional. Output: the JSON of ``ClockResult.as_json()``. Invalid
input prints one line to standard error and exits with status 2. The calendar is the database's
when the database is migrated; otherwise the bundled one (the holiday notices in
``gongkai/workdays/data``), so the command works on any machine. Whether a fee notice pauses the
clock follows ``settings.GONGKAI_FEE_PAUSES_CLOCK`` unless ``--fee-pauses-clock`` /
``--no-fee-pauses-clock`` is given.
"""

from __future__ import annotations

import json
import sys
from typing import Any

from django.core.management.base import BaseCommand

from gongkai.core.clock import ClockError, compute_deadline, events_from_dicts, parse_iso_date
from gongkai.workdays.selectors import fee_pauses_clock, get_calendar_or_fallback


class _BadInput(Exception):
    pass


def _read(path: str) -> str:
    if path == "-":
        return sys.stdin.read()
    try:
        with open(path, encoding="utf-8-sig") as handle:
            return handle.read()
    except OSError as exc:
        raise _BadInput(f"无法读取文件 {path}：{exc.strerror or exc}") from None
    except UnicodeDecodeError:
        raise _BadInput(f"文件 {path} 不是 UTF-8 编码的文本") from None


def _parse(text: str) -> dict[str, Any]:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise _BadInput(f"不是有效的 JSON（第{exc.lineno}行第{exc.colno}列：{exc.msg}）") from None
    if not isinstance(data, dict):
        raise _BadInput('JSON 顶层应为对象，例如 {"received": "2026-09-28", "events": []}')
    unknown = set(data) - {"received", "events", "today"}
    if unknown:
        raise _BadInput(f"未知字段：{', '.join(sorted(unknown))}（允许 received、events、today）")
    if "received" not in data:
        raise _BadInput("缺少 received（收到申请日期，YYYY-MM-DD）")
    if not isinstance(data.get("events", []), list):
        raise _BadInput("events 应为数组")
    return data


class Command(BaseCommand):
    help = "根据收到申请日期和事件计算答复期限，输出 JSON（FILE 为 - 时读标准输入）。"

    def add_arguments(self, parser) -> None:
        parser.add_argument("file", help="JSON 文件路径，- 表示标准输入")
        parser.add_argument(
            "--fee-pauses-clock",
            action="store_true",
            default=None,
            dest="fee_pauses_clock",
            help="收费期间暂停计算（默认取 GONGKAI_FEE_PAUSES_CLOCK 设置）",
        )
        parser.add_argument("--no-fee-pauses-clock", action="store_false", dest="fee_pauses_clock")

    def handle(self, *args, **options) -> None:
        try:
            data = _parse(_read(options["file"]))
            events = events_from_dicts(data.get("events", []))
            received = parse_iso_date(data["received"], "收到申请")
            today = parse_iso_date(data["today"], "今天") if data.get("today") is not None else None
            pauses = options["fee_pauses_clock"]
            if pauses is None:
                pauses = fee_pauses_clock()
            calendar, _origin = get_calendar_or_fallback()
            result = compute_deadline(received, events, calendar, today=today, fee_pauses_clock=pauses)
        except (_BadInput, ClockError) as exc:
            self.stderr.write(f"错误：{' '.join(str(exc).split())}")
            raise SystemExit(2) from None
        self.stdout.write(json.dumps(result.as_json(), ensure_ascii=False, indent=2))
