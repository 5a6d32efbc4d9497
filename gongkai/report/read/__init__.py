"""Read a published annual report from a file or bytes, whatever its format.

``read_report(path_or_bytes, source=...)`` sniffs the content — never trusts the file name
alone — and hands it to the reader for its format: PDF (``%PDF`` magic), DOCX (a zip holding
``word/document.xml``), JSON (a CODES.md object), HTML (markup), Markdown (pipe tables, when a
Markdown reader exists) or plain text (UTF-8, UTF-8 with BOM, UTF-16 with BOM, or GB18030).
It never raises for bad content: everything that goes wrong becomes a finding, and
``ReadResult.readable`` says whether a report came out at all. Only an OSError opening a path
propagates, for the caller to report (the auditor gives it audit.E001).

Findings of the dispatch (the readers define their own ids, see read/structured.py and
read/text/problems.py):

==========  ==========================================================================
id          meaning
==========  ==========================================================================
read.E100   the file is empty
read.E101   binary content of no known report format (images, archives, executables …)
read.E102   the name says .docx/.pdf but the content is not one (not a zip, no %PDF, a zip
            that is not a Word document, a damaged zip)
read.E103   a legacy Office/WPS binary (.doc, .wps, .xls): save it as .docx or PDF
read.E104   text in no encoding we know (neither UTF-8/16 nor GB18030)
read.E105   JSON that is not a report in the CODES.md layout
read.E106   the reader failed on this file (a bug or a pathological file), with the reason
read.E107   no reader for this format is installed
read.E108   nothing of an annual report was found (no section, no table)
read.E109   the file passed a parsing cap (table spans/cells, PDF pages, zip inflation, the
            parsing process's memory or time — see gongkai/core/bounded.py)
==========  ==========================================================================

A result is unreadable when there is no report, when any finding has one of the ids in
``UNREADABLE_IDS`` (the dispatch's, and the readers' "could not read" ids), or when the report
has neither a section nor a table. A truncated report is readable: it gets findings for what
is missing.

Pure: imports nothing from Django.
"""

from __future__ import annotations

import importlib
import io
import json
import re
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from ...core.bounded import LimitExceeded, check_archive
from ..findings import Finding, error
from ..model import Report, ReportDataError
from .structured import NO_TEXT_LAYER, UNPARSABLE
from .text.problems import NOT_A_REPORT as TEXT_NOT_A_REPORT

__all__ = ["UNREADABLE_IDS", "ReadResult", "limit_finding", "read_report", "sniff"]

# Ids that mean "no report could be read from this file": the dispatch's and the readers'.
UNREADABLE_IDS: frozenset[str] = frozenset(
    {
        "read.E100",
        "read.E101",
        "read.E102",
        "read.E103",
        "read.E104",
        "read.E105",
        "read.E106",
        "read.E107",
        "read.E108",
        "read.E109",
    }
    | {UNPARSABLE, NO_TEXT_LAYER, TEXT_NOT_A_REPORT}
)

KINDS = ("pdf", "docx", "json", "html", "md", "text")
_SNIFF_BYTES = 8192
_ZIP_MAGIC = b"PK\x03\x04"
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_BOMS = ((b"\xef\xbb\xbf", "utf-8-sig"), (b"\xff\xfe", "utf-16"), (b"\xfe\xff", "utf-16"))
_HTML = re.compile(
    r"<(?:!doctype\s+html|html|head|body|meta|table|div|p|span|br|h[1-6])[\s>/]", re.IGNORECASE
)
_MD_TABLE_LINE = re.compile(r"^\s*\|.*\|\s*$", re.MULTILINE)
# Control characters that never occur in a text report (tab, newlines, form feed allowed).
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")


@dataclass
class ReadResult:
    """What reading one file gave: the report (None if nothing could be read) and findings."""

    source: str
    kind: str  # one of KINDS, or "unknown"
    report: Report | None
    findings: list[Finding] = field(default_factory=list)

    @property
    def readable(self) -> bool:
        """Whether a report came out of the file — the auditor's exit status depends on it."""
        if self.report is None or any(f.id in UNREADABLE_IDS for f in self.findings):
            return False
        return bool(self.report.sections_present or self.report.tables_present)


def read_report(data: str | Path | bytes, *, source: str | None = None) -> ReadResult:
    """Read a report from a path or from bytes; a str is a path (pass text as bytes)."""
    name = ""
    if isinstance(data, str | Path):
        name = str(data)
        data = Path(data).read_bytes()
    source = name if source is None else source
    kind, problem, decoded = _sniff(data, name=name or source)  # the path's suffix, else the source's
    if problem is not None:
        return ReadResult(source, kind, None, [problem])
    try:
        result = _READERS[kind](data, source, decoded)
    except LimitExceeded as exc:
        return ReadResult(source, kind, None, [limit_finding(exc)])
    except Exception as exc:  # a reader bug must not stop a batch: report it as a finding
        return ReadResult(source, kind, None, [_failed(kind, exc)])
    if not result.readable and not any(f.is_error for f in result.findings):
        result.findings.append(
            error("read.E108", "未识别出年度报告的任何部分（没有章节标题，也没有统计表）。")
        )
    return result


def sniff(data: bytes, *, name: str = "") -> tuple[str, Finding | None]:
    """Return the kind of content and, if it cannot be read at all, the finding that says why."""
    kind, problem, _ = _sniff(data, name=name)
    return kind, problem


@dataclass(frozen=True)
class _Decoded:
    """Text content as sniffing decoded it, so that no reader decodes the bytes again."""

    text: str
    encoding: str  # "utf-8", "gb18030", or "" after a byte order mark


def _sniff(data: bytes, *, name: str) -> tuple[str, Finding | None, _Decoded | None]:
    suffix = Path(name).suffix.lower()
    head = data[:_SNIFF_BYTES]
    if not data.strip():
        return "unknown", error("read.E100", "文件为空。"), None
    if b"%PDF-" in data[:1024]:
        return "pdf", None, None
    if head.startswith(_ZIP_MAGIC):
        return (*_sniff_zip(data, suffix), None)
    if suffix in (".docx", ".pdf"):
        what = "Word 文档（.docx 应为 ZIP 格式）" if suffix == ".docx" else "PDF 文件（缺少 %PDF 文件头）"
        return (
            suffix[1:],
            error("read.E102", f"文件扩展名为 {suffix}，但内容不是 {what}，文件可能已损坏或被截断。"),
            None,
        )
    if head.startswith(_OLE_MAGIC):
        return (
            "unknown",
            error(
                "read.E103",
                "这是旧版 Office/WPS 二进制文件（.doc/.wps/.xls），无法读取；请另存为 .docx 或 PDF。",
            ),
            None,
        )
    text, encoding = _decode_text(data)
    if text is None or _looks_binary(text[:_SNIFF_BYTES]):
        if text is None and not _looks_binary(head.decode("latin-1")):
            return (
                "text",
                error("read.E104", "无法识别文本编码（既不是 UTF-8/UTF-16，也不是 GB18030）。"),
                None,
            )
        return (
            "unknown",
            error("read.E101", "无法识别的二进制文件，不是文本、HTML、Word 或 PDF 格式的年度报告。"),
            None,
        )
    return _sniff_text(text[:_SNIFF_BYTES], suffix), None, _Decoded(text, encoding)


def limit_finding(exc: LimitExceeded) -> Finding:
    """Return the finding for a file that passed a parsing cap."""
    return error("read.E109", f"文件超出解析上限：{exc}")


def _sniff_zip(data: bytes, suffix: str) -> tuple[str, Finding | None]:
    try:
        check_archive(data)
    except LimitExceeded as exc:
        return "docx", limit_finding(exc)
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
    except (zipfile.BadZipFile, ValueError, OSError) as exc:
        return "docx", error("read.E102", f"ZIP 文件已损坏或被截断，无法作为 Word 文档读取：{exc}")
    if "word/document.xml" in names:
        return "docx", None
    what = "WPS/其他格式的压缩包" if suffix in (".docx", ".wps") else "压缩包"
    return "unknown", error("read.E102", f"这是一个{what}，其中没有 Word 文档正文（word/document.xml）。")


def _sniff_text(head: str, suffix: str) -> str:
    stripped = head.lstrip()
    if stripped.startswith(("{", "[")) and suffix not in (".txt", ".md", ".html", ".htm"):
        return "json"
    if _HTML.search(head):
        return "html"
    if ("|" in head and len(_MD_TABLE_LINE.findall(head)) >= 3) or suffix == ".md":
        return "md"
    return "text"


def decode_text(data: bytes) -> str | None:
    """Decode text as published: a BOM first, then UTF-8, then GB18030 (a superset of GBK/GB2312)."""
    return _decode_text(data)[0]


def _decode_text(data: bytes) -> tuple[str | None, str]:
    """Return the decoded text (None if no encoding fits) and the encoding ("" after a BOM)."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(encoding), ""
            except UnicodeDecodeError:
                return None, ""
    for encoding in ("utf-8", "gb18030"):
        try:
            return data.decode(encoding), encoding
        except UnicodeDecodeError:
            continue
    return None, ""


def _looks_binary(text: str) -> bool:
    """Say whether decoded content is really binary: NULs or many control characters."""
    if "\x00" in text:
        return True
    return len(_CONTROL.findall(text)) > max(2, len(text) // 100)


# --- the readers -------------------------------------------------------------------------------

Reader = Callable[[bytes, str, _Decoded | None], ReadResult]


def _reader(module: str, function: str) -> Callable[..., tuple[Report, list[Finding]]] | None:
    """Import a reader lazily: readers pull in lxml/pdfplumber/python-docx, and may be absent."""
    try:
        return getattr(importlib.import_module(f"{__name__}.{module}"), function)
    except (ImportError, AttributeError):
        return None


def _missing(kind: str, source: str) -> ReadResult:
    return ReadResult(source, kind, None, [error("read.E107", f"没有可用的 {kind} 格式读取器。")])


def _failed(kind: str, exc: Exception) -> Finding:
    reason = f"{type(exc).__name__}: {exc}"[:300]
    return error("read.E106", f"读取 {kind} 文件时出错：{reason}")


def _read_binary(kind: str, module: str, function: str) -> Reader:
    def read(data: bytes, source: str, decoded: _Decoded | None) -> ReadResult:
        reader = _reader(module, function)
        if reader is None:
            return _missing(kind, source)
        report, findings = reader(data, source=source)
        return ReadResult(source, kind, report, list(findings))

    return read


def _read_html(data: bytes, source: str, decoded: _Decoded | None) -> ReadResult:
    reader = _reader("html", "read_html")
    if reader is None:
        return _missing("html", source)
    # bytes: the page's meta charset decides, unless they are UTF-8 (tried first either way)
    utf8 = decoded is not None and decoded.encoding == "utf-8"
    report, findings = reader(data, source=source, utf8=utf8)
    return ReadResult(source, "html", report, list(findings))


def _read_decoded(kind: str, module: str, function: str) -> Reader:
    def read(data: bytes, source: str, decoded: _Decoded | None) -> ReadResult:
        reader = _reader(module, function) or (_reader("text", "read_text") if kind == "md" else None)
        if reader is None:
            return _missing(kind, source)
        text = decoded.text if decoded is not None else decode_text(data)
        report, findings = reader(text or "", source=source)
        return ReadResult(source, kind, report, list(findings))

    return read


def _read_json(data: bytes, source: str, decoded: _Decoded | None) -> ReadResult:
    text = decoded.text if decoded is not None else decode_text(data)
    try:
        report = Report.from_dict(json.loads(text or "", parse_float=Decimal))
    except (ValueError, ReportDataError) as exc:
        message = str(exc) if isinstance(exc, ReportDataError) else f"不是有效的 JSON：{exc}"
        return ReadResult(
            source, "json", None, [error("read.E105", f"JSON 不是 CODES.md 格式的年度报告：{message}")]
        )
    return ReadResult(source, "json", report, [])


_READERS: dict[str, Reader] = {
    "pdf": _read_binary("pdf", "pdf", "read_pdf"),
    "docx": _read_binary("docx", "docx", "read_docx"),
    "html": _read_html,
    "json": _read_json,
    "md": _read_decoded("md", "md", "read_md"),
    "text": _read_decoded("text", "text", "read_text"),
}
