"""Text of attached files, for the search index and the personal-data checks.

PDF through pdfplumber (pypdf as a fallback), DOCX through python-docx, plain text in UTF-8 or
GB18030. Extraction never raises: a file that cannot be read yields empty text and a problem
that the reviewer sees ("附件无法提取文本，请人工检查个人信息").
"""

from __future__ import annotations

import io
import logging
from dataclasses import dataclass

from gongkai.core.bounded import LimitExceeded, check_archive, check_pages
from gongkai.report.read.pdf import declared_pages

log = logging.getLogger(__name__)

MAX_TEXT_CHARS = 2_000_000
TEXT_SUFFIXES = (".txt", ".csv", ".md", ".html", ".htm", ".xml", ".json")


@dataclass(frozen=True, slots=True)
class Extracted:
    text: str
    problem: str = ""


def _pdf(data: bytes) -> str:
    try:
        # lazy: pdfplumber (pdfminer), only when a PDF is read
        import pdfplumber

        with pdfplumber.open(io.BytesIO(data)) as pdf:
            check_pages(declared_pages(pdf))
            return "\n".join((page.extract_text() or "") for page in pdf.pages)
    except LimitExceeded:
        raise
    except Exception:
        log.info("pdfplumber failed; trying pypdf", exc_info=True)
        # lazy: pypdf, only when pdfplumber fails
        from pypdf import PdfReader

        reader = PdfReader(io.BytesIO(data))
        check_pages(int(reader.trailer["/Root"]["/Pages"].get("/Count", 0)))
        return "\n".join((page.extract_text() or "") for page in reader.pages)


def _docx(data: bytes) -> str:
    # lazy: python-docx, only when a DOCX is written or read
    import docx

    check_archive(data)
    document = docx.Document(io.BytesIO(data))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts.append("\t".join(cell.text for cell in row.cells))
    return "\n".join(parts)


def _plain(data: bytes) -> str:
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return data.decode("utf-8", errors="replace")


def extract_text(name: str, data: bytes) -> Extracted:
    """Return the text of a file named ``name`` with content ``data`` (never raises)."""
    lower = (name or "").lower()
    try:
        if lower.endswith(".pdf") or data[:5] == b"%PDF-":
            text = _pdf(data)
        elif lower.endswith(".docx"):
            text = _docx(data)
        elif lower.endswith(TEXT_SUFFIXES):
            text = _plain(data)
        else:
            return Extracted("", "该类型附件无法自动提取文本，请人工检查其中的个人信息")
    except LimitExceeded as exc:
        return Extracted("", f"附件超出解析上限（{exc}），请人工检查其中的个人信息")
    except Exception as exc:
        log.warning("text extraction failed for %s: %s", name, exc)
        return Extracted("", "附件文本提取失败，请人工检查其中的个人信息")
    text = text.replace("\x00", "")
    if len(text) > MAX_TEXT_CHARS:
        return Extracted(text[:MAX_TEXT_CHARS], "附件文本过长，仅检查了前 200 万字")
    if not text.strip() and lower.endswith(".pdf"):
        return Extracted("", "PDF 中没有可提取的文字（可能是扫描件），请人工检查其中的个人信息")
    return Extracted(text)
