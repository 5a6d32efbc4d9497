"""Bounded parsing: every incoming file is parsed in a capped worker process, behind caps.

A file from outside (an annual report given to the auditor or uploaded by a supervisor, a staff
document attachment, an applicant's attachment) is parsed by ``run_bounded(fn, *args)``: the
function runs in a separate process with an address-space limit (``resource.setrlimit``) and a
wall-clock limit, and the caller gets its result, the exception it raised, or
:class:`LimitExceeded` with a Chinese message. The calling process — a web worker — never holds
the parse's memory, and a parser that loops or crashes costs one child process, not the server.

The readers also check caps *before* expanding anything (``check_*`` below): table spans and
grid cells, PDF page count, and a zip archive's entries, total inflated size and inflation
ratio (DOCX/XLSX are zips). A cap hit raises :class:`LimitExceeded`.

Limits can be tuned per deployment with environment variables:

GONGKAI_PARSE_MEMORY_MB  address-space limit of a parsing process (default 1024)
GONGKAI_PARSE_SECONDS    wall-clock limit of one parse (default 60)

Pure: imports nothing from Django.
"""

from __future__ import annotations

import io
import multiprocessing
import os
import resource
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

__all__ = [
    "MAX_ARCHIVE_ENTRIES",
    "MAX_INFLATED_BYTES",
    "MAX_INFLATION_RATIO",
    "MAX_PDF_PAGES",
    "MAX_SPAN",
    "MAX_TABLE_CELLS",
    "LimitExceeded",
    "Limits",
    "ParserCrashed",
    "check_archive",
    "check_pages",
    "check_table_cells",
    "run_bounded",
]

T = TypeVar("T")

MAX_SPAN = 1000  # one cell's colspan or rowspan
MAX_TABLE_CELLS = 100_000  # positions of one table once its spans are laid out
MAX_PDF_PAGES = 2_000  # an annual report is a few pages; a document a few hundred
MAX_ARCHIVE_ENTRIES = 2_000  # members of a DOCX/XLSX/PPTX zip
MAX_INFLATED_BYTES = 200 * 1024 * 1024  # total uncompressed size of a zip's members
MAX_INFLATION_RATIO = 200  # uncompressed / compressed, over the whole archive

# Modules the parsing processes start with (imported once, in the fork server).
PRELOAD = [
    "gongkai.core.bounded",
    "gongkai.report.read",
    "gongkai.report.read.html",
    "gongkai.report.read.docx",
    "gongkai.report.read.pdf",
    "gongkai.report.read.text",
    "gongkai.publishing.extract",
    "gongkai.applications.uploads",
    "gongkai.core.filetypes",
]


class LimitExceeded(Exception):
    """A file passed a parsing cap; ``str()`` is the Chinese message for the person who sent it."""


class ParserCrashed(LimitExceeded):
    """The parsing process died without an answer (a parser crash, not a cap)."""


@dataclass(frozen=True)
class Limits:
    """The caps of one parsing process."""

    memory_mb: int = 1024
    seconds: float = 60.0

    @classmethod
    def from_env(cls) -> Limits:
        return cls(
            memory_mb=int(os.environ.get("GONGKAI_PARSE_MEMORY_MB", cls.memory_mb)),
            seconds=float(os.environ.get("GONGKAI_PARSE_SECONDS", cls.seconds)),
        )


# --- caps checked before expansion --------------------------------------------------------------


def check_table_cells(cells: int, *, name: str = "") -> None:
    """Refuse a table whose spans would lay out more than MAX_TABLE_CELLS positions."""
    if cells > MAX_TABLE_CELLS:
        where = f"{name} 的" if name else "表格"
        raise LimitExceeded(
            f"{where}合并单元格展开后超过 {MAX_TABLE_CELLS:,} 个单元格（约 {cells:,} 个），"
            "不是正常的报告表格，已停止解析。"
        )


def check_pages(pages: int) -> None:
    """Refuse a PDF with more than MAX_PDF_PAGES pages (its page tree says how many)."""
    if pages > MAX_PDF_PAGES:
        raise LimitExceeded(f"PDF 共 {pages:,} 页，超过解析上限 {MAX_PDF_PAGES:,} 页，已停止解析。")


def check_archive(data: bytes) -> None:
    """Refuse a zip (DOCX/XLSX/PPTX) whose members would inflate past the caps.

    Only the central directory is read: the declared sizes are checked before anything is
    decompressed. (A member that lies about its size is stopped by zipfile itself, which refuses
    to inflate past the declared size, and by the process's memory cap.)
    """
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            infos = archive.infolist()
    except (zipfile.BadZipFile, ValueError, OSError, EOFError):
        return  # not a readable zip: the format's own reader says so
    if len(infos) > MAX_ARCHIVE_ENTRIES:
        raise LimitExceeded(f"压缩文件内含 {len(infos):,} 个条目，超过上限 {MAX_ARCHIVE_ENTRIES:,} 个。")
    inflated = sum(info.file_size for info in infos)
    if inflated > MAX_INFLATED_BYTES:
        raise LimitExceeded(
            f"压缩文件解压后约 {inflated // (1024 * 1024):,} MB，超过上限 "
            f"{MAX_INFLATED_BYTES // (1024 * 1024)} MB（疑似“压缩炸弹”）。"
        )
    compressed = max(1, sum(info.compress_size for info in infos))
    if inflated > 1024 * 1024 and inflated / compressed > MAX_INFLATION_RATIO:
        raise LimitExceeded(
            f"压缩文件的压缩比约为 {inflated // compressed:,} 倍，超过上限 {MAX_INFLATION_RATIO} 倍（疑似“压缩炸弹”）。"
        )


# --- the capped worker process ------------------------------------------------------------------

_context: Any = None


def _mp_context() -> Any:
    """Return the fork-server context: children fork from a small server, not from the web process."""
    global _context
    if _context is None:
        context = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload(PRELOAD)
        _context = context
    return _context


def _child(conn: Any, memory_bytes: int, seconds: float, fn: Callable[..., Any], args: tuple, kwargs: dict):
    """Run in the worker: cap the address space and CPU time, run fn, send back what happened."""
    resource.setrlimit(resource.RLIMIT_AS, (memory_bytes, memory_bytes))
    cpu = int(seconds) + 1
    resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu + 1))
    try:
        outcome: tuple[str, Any] = ("ok", fn(*args, **kwargs))
    except MemoryError:
        outcome = ("memory", None)
    except Exception as exc:
        outcome = ("raise", exc)
    try:
        conn.send(outcome)
    except MemoryError:
        conn.send(("memory", None))
    except Exception as exc:  # the result or the exception could not be pickled
        conn.send(("broken", f"{type(exc).__name__}: {exc}"[:200]))
    conn.close()


def run_bounded(fn: Callable[..., T], /, *args: Any, limits: Limits | None = None, **kwargs: Any) -> T:
    """Call ``fn(*args, **kwargs)`` in a capped child process and return its result.

    An exception fn raises is raised here again (it must be picklable). Running out of memory
    or time, or a child that dies, raises :class:`LimitExceeded` with a Chinese message. The
    child is always gone when this returns.
    """
    limits = limits or Limits.from_env()
    context = _mp_context()
    receiver, sender = context.Pipe(duplex=False)
    process = context.Process(
        target=_child,
        args=(sender, limits.memory_mb * 1024 * 1024, limits.seconds, fn, args, kwargs),
        daemon=True,
    )
    process.start()
    sender.close()
    try:
        if not receiver.poll(limits.seconds):
            raise LimitExceeded(
                f"解析超过时间上限（{limits.seconds:g} 秒），文件可能过大或结构异常，已停止解析。"
            )
        try:
            status, value = receiver.recv()
        except (EOFError, OSError):
            status, value = "died", None
    finally:
        if process.is_alive():
            process.kill()
        process.join()
        receiver.close()
    if status == "ok":
        return value
    if status == "raise":
        raise value
    if status == "memory":
        raise LimitExceeded(
            f"解析所需内存超过上限（{limits.memory_mb} MB），文件可能过大或结构异常，已停止解析。"
        )
    if status == "broken":
        raise ParserCrashed(f"解析结果无法传回：{value}")
    code = process.exitcode
    if code is not None and code < 0 and -code in (9, 24):  # SIGKILL / SIGXCPU: out of CPU time
        raise LimitExceeded(
            f"解析超过时间上限（{limits.seconds:g} 秒），文件可能过大或结构异常，已停止解析。"
        )
    raise ParserCrashed(f"解析进程意外终止（退出码 {code}），文件可能导致解析程序崩溃。")
