"""Walk an agency's annual-report column: listing pages, report pages, their attachments.

A typical Chinese government CMS column lists its articles as
``<ul><li><a href="...">洛阳市XX局2023年政府信息公开工作年度报告</a><span>2024-01-20</span></li>``
with a "下一页" link to the next page. The crawler follows the links whose title says 年度报告
and names a year, fetches each report page (HTML) and the PDF/DOCX files it links, and returns
them as :class:`Document` values with the findings of whatever it could not take. It stays on
the column's host; a link elsewhere is noted (collect.W001) and left alone.

Pure: imports nothing from Django.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from urllib.parse import urldefrag, urljoin, urlsplit

import lxml.html

from ..report.findings import Finding, warning
from .fetch import FetchError, PoliteClient, same_host

__all__ = ["Crawl", "Document", "Entry", "crawl", "page_attachments", "parse_listing"]

REPORT_WORDS = "年度报告"
YEAR = re.compile(r"((?:19|20)\d{2})\s*年")
NEXT_PAGE = frozenset({"下一页", "下页", "下一页>", "下一页>>", "下一页 >", "后一页"})
ATTACHMENT_SUFFIXES = (".pdf", ".docx", ".doc", ".wps")
MAX_PAGES = 30  # listing pages of one column
MAX_REPORTS = 200  # report links of one column


@dataclass(frozen=True)
class Entry:
    """A link of the listing whose title names an annual report of a year."""

    title: str
    url: str
    year: int
    date: str = ""


@dataclass
class Document:
    """Something fetched that may be a report: a report page or one of its attachments."""

    url: str
    title: str
    year: int | None
    kind: str  # "page" or "attachment"
    data: bytes
    attachments: list[str] = field(default_factory=list)  # a page's attachments taken


@dataclass
class Crawl:
    documents: list[Document] = field(default_factory=list)
    findings: list[tuple[str, Finding]] = field(default_factory=list)  # (url, finding)
    pages: int = 0


def decode_html(data: bytes, charset: str | None = None) -> str:
    """Decode a page: the header's charset, else the meta tag's, else UTF-8, else GB18030."""
    head = data[:4096].decode("ascii", "replace")
    match = re.search(r"""<meta[^>]+charset\s*=\s*["']?([\w-]+)""", head, re.IGNORECASE)
    for name in (charset, match.group(1) if match else None, "utf-8", "gb18030"):
        if not name:
            continue
        try:
            return data.decode(name)
        except (LookupError, UnicodeDecodeError):
            continue
    return data.decode("utf-8", "replace")


def _links(html: str, base: str) -> list[tuple[str, str, str]]:
    """Return (text, absolute url without fragment, text of the link's row) for every <a href>."""
    try:
        tree = lxml.html.document_fromstring(html)
    except (ValueError, lxml.etree.ParserError):
        return []
    out = []
    for a in tree.iter("a"):
        href = (a.get("href") or "").strip()
        if not href or href.startswith(("javascript:", "mailto:", "#")):
            continue
        text = " ".join((a.text_content() or "").split()) or (a.get("title") or "").strip()
        title = (a.get("title") or "").strip()
        if title and len(title) > len(text):
            text = title  # CMS lists often cut the visible title and keep it whole in title=""
        row = a.getparent()
        row_text = " ".join(row.text_content().split()) if row is not None else ""
        out.append((text, urldefrag(urljoin(base, href))[0], row_text))
    return out


def parse_listing(html: str, base: str) -> tuple[list[Entry], str | None]:
    """Return the annual-report entries of a listing page and the address of its next page."""
    entries: list[Entry] = []
    next_url = None
    for text, url, row in _links(html, base):
        if text.replace(" ", "") in NEXT_PAGE or text.strip() in NEXT_PAGE:
            next_url = next_url or url
            continue
        if REPORT_WORDS not in text:
            continue
        year = YEAR.search(text)
        if year is None:
            continue
        date = re.search(r"\d{4}-\d{2}-\d{2}", row.replace(text, ""))
        entries.append(Entry(text, url, int(year.group(1)), date.group(0) if date else ""))
    return entries, next_url


def is_attachment(url: str) -> bool:
    return urlsplit(url).path.lower().endswith(ATTACHMENT_SUFFIXES)


def page_attachments(html: str, base: str) -> list[str]:
    """Return the PDF/DOCX files a report page links, in page order, once each."""
    seen: list[str] = []
    for text, url, _ in _links(html, base):
        if (is_attachment(url) or text.lower().endswith(ATTACHMENT_SUFFIXES)) and url not in seen:
            seen.append(url)
    return seen


def crawl(column_url: str, client: PoliteClient, *, max_pages: int = MAX_PAGES) -> Crawl:
    """Fetch the column's listing pages, its report pages and their attachments.

    Never raises for what a website does: every page or file not taken adds a finding to the
    result, and the walk goes on with the next one.
    """
    host = urlsplit(column_url).netloc
    result = Crawl()
    entries: list[Entry] = []
    seen_pages: set[str] = set()
    url: str | None = column_url
    while url and url not in seen_pages and len(seen_pages) < max_pages:
        seen_pages.add(url)
        try:
            page = client.get(url, host=host, max_bytes=client.politeness.max_page_bytes)
        except FetchError as exc:
            result.findings.append((url, exc.finding))
            break
        result.pages += 1
        found, url = parse_listing(decode_html(page.data, page.charset), page.url)
        entries.extend(found)
    taken: set[str] = set()
    for entry in entries[:MAX_REPORTS]:
        if entry.url in taken:
            continue
        taken.add(entry.url)
        if not same_host(entry.url, host):
            result.findings.append(
                (entry.url, warning("collect.W001", f"“{entry.title}”链接到其他网站，未抓取：{entry.url}"))
            )
            continue
        _take(entry, client, host, result, taken)
    return result


def _take(entry: Entry, client: PoliteClient, host: str, result: Crawl, taken: set[str]) -> None:
    if is_attachment(entry.url):
        _take_file(entry.url, entry, client, host, result)
        return
    try:
        page = client.get(entry.url, host=host, max_bytes=client.politeness.max_page_bytes)
    except FetchError as exc:
        result.findings.append((entry.url, exc.finding))
        return
    document = Document(page.url, entry.title, entry.year, "page", page.data)
    result.documents.append(document)
    if "html" not in page.content_type.lower() and page.content_type:
        return  # the link gave a file, not a page: it is the document itself
    for url in page_attachments(decode_html(page.data, page.charset), page.url):
        if url in taken:
            continue
        taken.add(url)
        if not same_host(url, host):
            result.findings.append((url, warning("collect.W001", f"附件链接到其他网站，未抓取：{url}")))
            continue
        if _take_file(url, entry, client, host, result):
            document.attachments.append(url)


def _take_file(url: str, entry: Entry, client: PoliteClient, host: str, result: Crawl) -> bool:
    try:
        fetched = client.get(url, host=host)
    except FetchError as exc:
        result.findings.append((url, exc.finding))
        return False
    result.documents.append(Document(fetched.url, entry.title, entry.year, "attachment", fetched.data))
    return True
