"""A local test server that serves a realistic CMS annual-report column (127.0.0.1, a random port).

The column of 洛阳市教育局: a listing of two pages (the second in GBK, as many CMS sites still
are), a robots.txt that disallows /private/, a report page with the 2023 report rendered into
HTML and a DOCX attachment, a 2022 page that fails once with a 500 and links a PDF, an oversized
file, a link to another host and an unrelated notice.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from functools import cache
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from gongkai.report.model import Report
from gongkai.report.read import read_report
from gongkai.report.render import render

FIXTURE = Path(__file__).parents[1] / "fixtures" / "luoyang-education-2023.txt"
HUGE_BYTES = 1536 * 1024  # over the 1 MB cap the tests set


@cache
def report_2023() -> Report:
    return read_report(FIXTURE).report


def report_of(year: int) -> Report:
    return Report.from_dict({**report_2023().to_dict(), "year": year})


@cache
def docx_of(year: int) -> bytes:
    return render(report_of(year), "docx")


@cache
def pdf_of(year: int) -> bytes:
    return render(report_of(year), "pdf")


def _page(title: str, body: str, *, charset: str = "utf-8") -> bytes:
    html = f"""<!DOCTYPE html>
<html><head><meta http-equiv="Content-Type" content="text/html; charset={charset}"><title>{title}</title></head>
<body><div class="header"><a href="/">洛阳市教育局</a> <a href="/col/col1234/index.html">政府信息公开年度报告</a></div>
<div class="main">{body}</div><div class="footer">主办：洛阳市教育局</div></body></html>"""
    return html.encode(charset)


def _li(href: str, title: str, date: str) -> str:
    return f'<li><a href="{href}" title="{title}" target="_blank">{title}</a><span>{date}</span></li>'


@dataclass
class Resource:
    body: bytes
    content_type: str = "text/html; charset=utf-8"
    status: int = 200
    fail_first: int = 0  # answer 500 this many times first
    no_length: bool = False  # no Content-Length: the size shows only while downloading


@dataclass
class Site:
    resources: dict[str, Resource] = field(default_factory=dict)
    hits: list[tuple[str, str, str]] = field(default_factory=list)  # (host header, path, user agent)
    server: ThreadingHTTPServer | None = None

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}"

    @property
    def column(self) -> str:
        return self.base + "/col/col1234/index.html"

    def paths(self) -> list[str]:
        return [path for _, path, _ in self.hits]

    def start(self) -> Site:
        site = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.0"

            def do_GET(self):
                site.hits.append(
                    (self.headers.get("Host", ""), self.path, self.headers.get("User-Agent", ""))
                )
                resource = site.resources.get(self.path)
                if resource is None:
                    self.send_error(404)
                    return
                if resource.fail_first:
                    resource.fail_first -= 1
                    self.send_error(500)
                    return
                self.send_response(resource.status)
                self.send_header("Content-Type", resource.content_type)
                if not resource.no_length:
                    self.send_header("Content-Length", str(len(resource.body)))
                self.end_headers()
                try:
                    self.wfile.write(resource.body)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the client stopped reading an oversized body

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        self._fill()
        return self

    def stop(self) -> None:
        if self.server is not None:
            self.server.shutdown()
            self.server.server_close()

    def _fill(self) -> None:
        port = self.server.server_address[1]
        off_host = f"http://localhost:{port}/art/2021/1/15/art_1234_5.html"
        listing_1 = "".join(
            [
                _li(
                    "/art/2024/1/20/art_1234_1.html",
                    "洛阳市教育局2023年政府信息公开工作年度报告",
                    "2024-01-20",
                ),
                _li(
                    "../../art/2024/1/10/art_1234_2.html",
                    "洛阳市教育局关于做好寒假安全工作的通知",
                    "2024-01-10",
                ),
                _li("/private/art_1234_3.html", "洛阳市教育局2021年政府信息公开工作年度报告", "2022-01-25"),
                _li(off_host, "洛阳市教育局2020年政府信息公开工作年度报告", "2021-01-28"),
            ]
        )
        pager_1 = '<div class="page"><span>1/2</span> <a href="index_2.html">下一页</a> <a href="index_2.html">尾页</a></div>'
        listing_2 = "".join(
            [
                _li(
                    "/art/2023/1/18/art_1234_9.html",
                    "洛阳市教育局2022年政府信息公开工作年度报告",
                    "2023-01-18",
                ),
                _li("/attach/2019-report.pdf", "洛阳市教育局2019年政府信息公开工作年度报告", "2020-01-20"),
            ]
        )
        pager_2 = '<div class="page"><a href="index.html">上一页</a> <span>2/2</span></div>'
        html_2023 = render(report_2023(), "html")
        self.resources.update(
            {
                "/robots.txt": Resource(b"User-agent: *\nDisallow: /private/\n", "text/plain"),
                "/col/col1234/index.html": Resource(
                    _page("年度报告", f"<ul class='list'>{listing_1}</ul>{pager_1}")
                ),
                "/col/col1234/index_2.html": Resource(
                    _page("年度报告", f"<ul class='list'>{listing_2}</ul>{pager_2}", charset="gbk"),
                    "text/html",
                ),
                "/art/2024/1/20/art_1234_1.html": Resource(
                    _page(
                        "洛阳市教育局2023年政府信息公开工作年度报告",
                        f"<div class='article'>{html_2023}</div>"
                        '<p>附件：<a href="/attach/2023-report.docx">洛阳市教育局2023年政府信息公开工作年度报告.docx</a></p>',
                    )
                ),
                "/art/2024/1/10/art_1234_2.html": Resource(_page("通知", "<p>寒假安全</p>")),
                "/private/art_1234_3.html": Resource(_page("2021", "<p>不应抓取</p>")),
                "/art/2021/1/15/art_1234_5.html": Resource(_page("2020", "<p>不应抓取</p>")),
                "/art/2023/1/18/art_1234_9.html": Resource(
                    _page(
                        "洛阳市教育局2022年政府信息公开工作年度报告",
                        "<p>洛阳市教育局2022年政府信息公开工作年度报告详见附件。</p>"
                        '<p><a href="/attach/2022-report.pdf">点击下载附件</a></p>',
                    ),
                    fail_first=1,
                ),
                "/attach/2023-report.docx": Resource(
                    docx_of(2023),
                    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
                ),
                "/attach/2022-report.pdf": Resource(pdf_of(2022), "application/pdf"),
                "/attach/2019-report.pdf": Resource(b"%PDF-1.4\n" + b"0" * HUGE_BYTES, "application/pdf"),
            }
        )
