"""``gongkai search rebuild``: recreate the full-text index from the published documents."""

from __future__ import annotations

import time

from django.core.management.base import BaseCommand

from gongkai.search import backends


class Command(BaseCommand):
    help = "全文检索：rebuild 从已发布的信息重建检索索引；query 词语 试查。"

    def add_arguments(self, parser) -> None:
        sub = parser.add_subparsers(dest="action", required=True, metavar="{rebuild,query}")
        sub.add_parser("rebuild", help="重建检索索引（在一个事务中，重建期间检索照常可用）")
        query = sub.add_parser("query", help="试查：显示命中的信息编号与得分")
        query.add_argument("words")

    def handle(self, *args, **options) -> None:
        if options["action"] == "rebuild":
            started = time.monotonic()
            count = backends.rebuild(progress=self._progress if options["verbosity"] > 1 else None)
            if options["verbosity"]:
                self.stdout.write(
                    f"已重建检索索引（{backends.get_backend().vendor}）：{count} 件，"
                    f"用时 {time.monotonic() - started:.1f} 秒"
                )
        else:
            results = backends.search(options["words"])
            self.stdout.write(
                f"方式：{results.mode}；词语：{' '.join(results.terms)}；共 {results.total_label} 件"
            )
            for hit in results.hits:
                self.stdout.write(f"  {hit.document_id}\t{hit.score:.4f}")

    def _progress(self, count: int) -> None:
        self.stdout.write(f"  {count} …")
