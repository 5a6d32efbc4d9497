"""Attachment checks for applicants: size and type, the type judged by content (core/filetypes).

Accepted: PDF, images, Word, Excel and PowerPoint files (``filetypes.DOCUMENT_KINDS``). A file
whose name disagrees with its content is stored under the extension of its content (a PNG named
``x.pdf`` is kept as a PNG): the content is what matters, and the applicant loses nothing. The
check runs in a capped worker process (core/bounded.py), like every parse of an incoming file.
"""

from __future__ import annotations

from gongkai.core import filetypes
from gongkai.core.bounded import LimitExceeded, run_bounded
from gongkai.core.filetypes import Sniffed

__all__ = ["ACCEPTED_DESCRIPTION", "MAX_ATTACHMENTS", "MAX_ATTACHMENT_BYTES", "Sniffed", "UploadRejected"]

MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024
MAX_ATTACHMENTS = 5
ACCEPTED_DESCRIPTION = filetypes.describe(filetypes.DOCUMENT_KINDS)

UploadRejected = filetypes.FileRejected


def _sniff(data: bytes, name: str) -> Sniffed:
    return filetypes.sniff_bytes(data, name, allowed=filetypes.DOCUMENT_KINDS, max_bytes=MAX_ATTACHMENT_BYTES)


def sniff_bytes(data: bytes, name: str = "") -> Sniffed:
    """Return the stored kind of ``data``, or raise :class:`UploadRejected`."""
    label = f"“{name}”" if name else "附件"
    if len(data) > MAX_ATTACHMENT_BYTES:  # refuse before sending it anywhere
        raise UploadRejected(f"{label}超过{MAX_ATTACHMENT_BYTES // (1024 * 1024)}MB，请压缩或分拆后再上传")
    try:
        return run_bounded(_sniff, data, name)
    except LimitExceeded as exc:
        raise UploadRejected(f"{label}无法检查：{exc}") from None


def sniff(fileobj, name: str = "") -> Sniffed:
    """Check an uploaded file (read in full: the size limit keeps it small)."""
    size = getattr(fileobj, "size", None)
    label = f"“{name}”" if name else "附件"
    if size is not None and size > MAX_ATTACHMENT_BYTES:
        raise UploadRejected(f"{label}超过{MAX_ATTACHMENT_BYTES // (1024 * 1024)}MB，请压缩或分拆后再上传")
    if hasattr(fileobj, "seek"):
        fileobj.seek(0)
    data = fileobj.read()
    if hasattr(fileobj, "seek"):
        fileobj.seek(0)
    return sniff_bytes(data, name)
