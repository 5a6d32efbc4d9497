"""Attachment checks: size and type, the type judged by content, never by the file name.

Accepted: PDF; JPEG, PNG, GIF, BMP, TIFF, WebP images (detected with ``filetype``); Office Open
XML documents (a zip holding ``[Content_Types].xml`` and the main part of a Word, Excel or
PowerPoint file); legacy Office files (the OLE compound-file magic) named .doc, .xls or .ppt.
A file whose name disagrees with its content is stored under the extension of its content
(a PNG named ``x.pdf`` is kept as a PNG): the content is what matters, and the applicant loses
nothing.
"""

from __future__ import annotations

import hashlib
import zipfile
from dataclasses import dataclass

import filetype

MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024
MAX_ATTACHMENTS = 5

OLE_MAGIC = bytes.fromhex("D0CF11E0A1B11AE1")
_IMAGE_KINDS = {"jpg", "png", "gif", "bmp", "tif", "webp"}
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
ACCEPTED_DESCRIPTION = "PDF、图片（JPG、PNG、GIF、BMP、TIFF、WebP）、Word、Excel、PowerPoint 文件"


class UploadRejected(ValueError):
    """A file that may not be attached; the message is Chinese, for the applicant."""


@dataclass(frozen=True)
class Sniffed:
    kind: str  # the extension the file is stored under
    content_type: str
    size: int
    sha256: str


def _read_all(fileobj) -> bytes:
    if hasattr(fileobj, "seek"):
        fileobj.seek(0)
    data = fileobj.read()
    if hasattr(fileobj, "seek"):
        fileobj.seek(0)
    return data


def sniff_bytes(data: bytes, name: str = "") -> Sniffed:
    """Return the stored kind of ``data``, or raise :class:`UploadRejected`."""
    size = len(data)
    label = f"“{name}”" if name else "附件"
    if size == 0:
        raise UploadRejected(f"{label}是空文件")
    if size > MAX_ATTACHMENT_BYTES:
        raise UploadRejected(f"{label}超过{MAX_ATTACHMENT_BYTES // (1024 * 1024)}MB，请压缩或分拆后再上传")
    digest = hashlib.sha256(data).hexdigest()
    ext = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if data.startswith(OLE_MAGIC):
        if ext in _OLE_TYPES:
            return Sniffed(ext, _OLE_TYPES[ext], size, digest)
        raise UploadRejected(f"{label}是旧版 Office 文件，但文件名不是 .doc、.xls 或 .ppt，无法确认类型")
    if data.startswith(b"PK\x03\x04"):
        import io

        try:
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                names = set(archive.namelist())
        except (zipfile.BadZipFile, ValueError):
            raise UploadRejected(f"{label}已损坏，无法打开") from None
        if "[Content_Types].xml" in names:
            for part, kind, content_type in _OOXML_PARTS:
                if part in names:
                    return Sniffed(kind, content_type, size, digest)
        raise UploadRejected(
            f"{label}是压缩文件，不是 Word、Excel 或 PowerPoint 文档；只接受{ACCEPTED_DESCRIPTION}"
        )
    guessed = filetype.guess(data[:8192])
    if guessed is not None:
        if guessed.extension == "pdf":
            return Sniffed("pdf", "application/pdf", size, digest)
        if guessed.extension in _IMAGE_KINDS:
            return Sniffed(guessed.extension, guessed.mime, size, digest)
    raise UploadRejected(f"{label}的文件类型不被接受；只接受{ACCEPTED_DESCRIPTION}")


def sniff(fileobj, name: str = "") -> Sniffed:
    """Check an uploaded file (read in full: the size limit keeps it small)."""
    size = getattr(fileobj, "size", None)
    label = f"“{name}”" if name else "附件"
    if size is not None and size > MAX_ATTACHMENT_BYTES:
        raise UploadRejected(f"{label}超过{MAX_ATTACHMENT_BYTES // (1024 * 1024)}MB，请压缩或分拆后再上传")
    return sniff_bytes(_read_all(fileobj), name)
