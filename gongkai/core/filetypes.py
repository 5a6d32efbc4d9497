"""A file's type judged by its content against an allow-list, never by its name.

Kinds: PDF; JPEG, PNG, GIF, BMP, TIFF, WebP images (``filetype``); Office Open XML documents (a
zip holding ``[Content_Types].xml`` and the main part of a Word, Excel or PowerPoint file);
legacy Office files (the OLE compound-file magic) named .doc, .xls or .ppt; and plain text
(UTF-8 or GB18030 without control characters) named .txt or .csv. A file whose name disagrees
with its content is typed by its content (a PNG named ``x.pdf`` is a PNG).

Only headers and a zip's central directory are read; a zip whose members would inflate past
the caps of gongkai/core/bounded.py is refused before anything is decompressed.

Pure: imports nothing from Django.
"""

from __future__ import annotations

import hashlib
import io
import re
import zipfile
from collections.abc import Collection
from dataclasses import dataclass

import filetype

from .bounded import LimitExceeded, check_archive

__all__ = ["ALL_KINDS", "DOCUMENT_KINDS", "FileRejected", "Sniffed", "describe", "sniff_bytes"]

OLE_MAGIC = bytes.fromhex("D0CF11E0A1B11AE1")
IMAGE_KINDS = frozenset({"jpg", "png", "gif", "bmp", "tif", "webp"})
_OOXML_PARTS = (
    ("word/document.xml", "docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
    ("xl/workbook.xml", "xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    (
        "ppt/presentation.xml",
        "pptx",
        "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    ),
)
_OLE_TYPES = {
    "doc": "application/msword",
    "xls": "application/vnd.ms-excel",
    "ppt": "application/vnd.ms-powerpoint",
}
_TEXT_TYPES = {"txt": "text/plain", "csv": "text/csv"}
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")

# Office documents, PDF and images: what an applicant may attach.
DOCUMENT_KINDS = frozenset({"pdf", "docx", "xlsx", "pptx", "doc", "xls", "ppt"} | IMAGE_KINDS)
# ... and plain text: what staff may attach to a published document.
ALL_KINDS = DOCUMENT_KINDS | frozenset(_TEXT_TYPES)

_LABELS = (
    ("pdf", "PDF"),
    ("images", "图片（JPG、PNG、GIF、BMP、TIFF、WebP）"),
    ("word", "Word"),
    ("excel", "Excel"),
    ("powerpoint", "PowerPoint"),
    ("text", "纯文本（TXT、CSV）"),
)


class FileRejected(ValueError):
    """A file that may not be attached; the message is Chinese, for the person who sent it."""


@dataclass(frozen=True)
class Sniffed:
    kind: str  # the extension the file is stored under
    content_type: str
    size: int
    sha256: str


def describe(allowed: Collection[str]) -> str:
    """Return the Chinese list of accepted kinds, e.g. "PDF、图片（…）、Word 文件"."""
    groups = {
        "pdf": {"pdf"},
        "images": IMAGE_KINDS,
        "word": {"docx", "doc"},
        "excel": {"xlsx", "xls"},
        "powerpoint": {"pptx", "ppt"},
        "text": set(_TEXT_TYPES),
    }
    return "、".join(label for key, label in _LABELS if groups[key] & set(allowed)) + " 文件"


def sniff_bytes(
    data: bytes, name: str = "", *, allowed: Collection[str] = DOCUMENT_KINDS, max_bytes: int | None = None
) -> Sniffed:
    """Return the type of ``data`` if it is one of ``allowed``, or raise :class:`FileRejected`."""
    size = len(data)
    label = f"“{name}”" if name else "附件"
    accepted = describe(allowed)
    if size == 0:
        raise FileRejected(f"{label}是空文件")
    if max_bytes is not None and size > max_bytes:
        raise FileRejected(f"{label}超过{max_bytes // (1024 * 1024)}MB，请压缩或分拆后再上传")
    digest = hashlib.sha256(data).hexdigest()
    ext = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    kind, content_type = _content_kind(data, ext, label, accepted)
    if kind not in allowed:
        raise FileRejected(f"{label}的文件类型不被接受；只接受{accepted}")
    return Sniffed(kind, content_type, size, digest)


def _content_kind(data: bytes, ext: str, label: str, accepted: str) -> tuple[str, str]:
    if data.startswith(OLE_MAGIC):
        if ext in _OLE_TYPES:
            return ext, _OLE_TYPES[ext]
        raise FileRejected(f"{label}是旧版 Office 文件，但文件名不是 .doc、.xls 或 .ppt，无法确认类型")
    if data.startswith(b"PK\x03\x04"):
        try:
            check_archive(data)
        except LimitExceeded as exc:
            raise FileRejected(f"{label}无法接受：{exc}") from None
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                names = set(archive.namelist())
        except (zipfile.BadZipFile, ValueError, OSError, EOFError):
            raise FileRejected(f"{label}已损坏，无法打开") from None
        if "[Content_Types].xml" in names:
            for part, kind, content_type in _OOXML_PARTS:
                if part in names:
                    return kind, content_type
        raise FileRejected(f"{label}是压缩文件，不是 Word、Excel 或 PowerPoint 文档；只接受{accepted}")
    guessed = filetype.guess(data[:8192])
    if guessed is not None:
        if guessed.extension == "pdf":
            return "pdf", "application/pdf"
        if guessed.extension in IMAGE_KINDS:
            return guessed.extension, guessed.mime
    elif data[:1024].lstrip().startswith(b"%PDF-"):
        return "pdf", "application/pdf"
    if ext in _TEXT_TYPES and _is_text(data):
        return ext, _TEXT_TYPES[ext]
    raise FileRejected(f"{label}的文件类型不被接受；只接受{accepted}")


def _is_text(data: bytes) -> bool:
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        return not _CONTROL.search(text)
    return False
