"""``gongkai calendar import FILE``, ``show YEAR`` and ``generate YEAR`` (RULES.md §1)."""

from __future__ import annotations

import sys

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import BaseCommand

from gongkai.core.workdays import WEEKDAY_NAMES
from gongkai.workdays.models import CalendarSource, CalendarYear, notice_title
from gongkai.workdays.selectors import database_is_ready, get_calendar_or_fallback, year_overview
from gongkai.workdays.services import calendar_year_import
from gongkai.workdays.sources import calendar_csv, chinese_calendar_rows


def _fail(command: BaseCommand, message: str) -> None:
    command.stderr.write(f"错误：{' '.join(message.split())}")
    raise SystemExit(2)


class Command(BaseCommand):
    help = (
        "工作日历：import FILE 载入一年或多年的节假日通知（CSV）；show YEAR 显示某年的节假日和工作日数；"
        "generate YEAR 按 chinesecalendar 软件包输出某年的节假日 CSV。"
    )

    def add_arguments(self, parser) -> None:
        sub = parser.add_subparsers(dest="action", required=True, metavar="{import,show,generate}")
        load = sub.add_parser(
            "import", help="载入节假日通知 CSV（表头 date,kind,name,notice_year；- 表示标准输入）"
        )
        load.add_argument("file")
        load.add_argument(
            "--source",
            choices=[CalendarSource.CSV.value, CalendarSource.CHINESECALENDAR.value],
            default="csv",
        )
        show = sub.add_parser("show", help="显示某年的放假日、调休上班日和工作日数")
        show.add_argument("year")
        generate = sub.add_parser(
            "generate",
            help="按 chinesecalendar 软件包输出一年或多年的节假日 CSV（可直接 import --source chinesecalendar）",
        )
        generate.add_argument("years", nargs="+", metavar="YEAR")
        generate.add_argument("-o", "--output", help="写入文件（默认输出到标准输出）")

    def handle(self, *args, **options) -> None:
        if options["action"] == "import":
            self._import(options["file"], options["source"])
        elif options["action"] == "generate":
            self._generate(options["years"], options["output"])
        else:
            self._show(options["year"])

    def _generate(self, raw_years: list[str], output: str | None) -> None:
        """Write the CSV rows of each year's notice as chinesecalendar has them."""
        rows = []
        for raw in raw_years:
            try:
                year = int(raw)
            except ValueError:
                _fail(self, f"年份“{raw}”无效，应为四位数年份，例如 2026")
            try:
                rows += chinese_calendar_rows(year)
            except LookupError as exc:
                _fail(self, str(exc))
        text = calendar_csv(rows)
        if output is None:
            self.stdout.write(text, ending="")
            return
        try:
            with open(output, "w", encoding="utf-8", newline="") as handle:
                handle.write(text)
        except OSError as exc:
            _fail(self, f"无法写入文件 {output}：{exc.strerror or exc}")
        self.stderr.write(f"已写入 {output}：{len(rows)} 行（{'、'.join(raw_years)}年）")

    def _import(self, path: str, source: str) -> None:
        """Load the notice(s) in ``path``; one-line error and exit status 2 on a bad file."""
        try:
            if path == "-":
                text = sys.stdin.read()
            else:
                with open(path, encoding="utf-8-sig", newline="") as handle:
                    text = handle.read()
        except OSError as exc:
            _fail(self, f"无法读取文件 {path}：{exc.strerror or exc}")
        except UnicodeDecodeError:
            _fail(self, f"文件 {path} 不是 UTF-8 编码的文本")
        if not database_is_ready():
            _fail(self, "数据库尚未迁移，请先运行 gongkai migrate")
        try:
            result = calendar_year_import(rows=text.splitlines(), actor=None, source=source)
        except ValidationError as exc:
            _fail(self, "；".join(exc.messages))
        except PermissionDenied as exc:  # pragma: no cover - actor is None here
            _fail(self, str(exc))
        for item in result.years:
            before = f"{item.working_days_before} 天" + ("" if item.was_loaded else "（原为临时推算）")
            self.stdout.write(
                f"已载入《{notice_title(item.year)}》：放假 {item.holidays} 天，调休上班 {item.workdays} 天；"
                f"{item.year}年工作日 {before} → {item.working_days_after} 天"
            )
            if item.kept_manual:
                self.stdout.write(f"  保留了 {item.kept_manual} 条手工录入的调整")
        self.stdout.write(f"重新计算的未结期限：{result.recomputed} 件")

    def _show(self, raw_year: str) -> None:
        """Print a year's holidays, make-up working days and number of working days."""
        try:
            year = int(raw_year)
            if not 1 <= year <= 9998:
                raise ValueError
        except ValueError:
            _fail(self, f"年份“{raw_year}”无效，应为四位数年份，例如 2026")
        calendar, origin = get_calendar_or_fallback()
        overview = year_overview(calendar, year)
        if overview.loaded:
            notice = notice_title(year)
            if origin == "database":
                row = CalendarYear.objects.filter(year=year).first()
                notice = row.notice or notice if row else notice
            self.stdout.write(f"{year}年节假日安排（{notice}）")
            self.stdout.write("放假：")
            for day, name in overview.holidays:
                self.stdout.write(f"  {day.isoformat()} {WEEKDAY_NAMES[day.weekday()]} {name}")
            self.stdout.write("调休上班：")
            for day, name in overview.workdays:
                self.stdout.write(f"  {day.isoformat()} {WEEKDAY_NAMES[day.weekday()]} {name}")
            if not overview.workdays:
                self.stdout.write("  （无）")
            self.stdout.write(f"{year}年工作日：{overview.working_days} 天")
        else:
            self.stdout.write(f"{year}年的节假日安排尚未载入。")
            self.stdout.write(f"{year}年工作日：{overview.working_days} 天（临时：按周末规则推算）")
        if origin != "database":
            self.stdout.write("（数据库未迁移，使用内置日历：gongkai/workdays/data 中的节假日通知）")
