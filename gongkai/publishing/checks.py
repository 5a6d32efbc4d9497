"""Checks a reviewer sees before a document is released (pure: no Django, plain values in).

- Personal data (``publishing.P…``): resident ID numbers with a valid check character
  (GB 11643-1999), mobile numbers (``1[3-9]`` + 9 digits, not inside a longer digit run), bank
  card numbers of 16–19 digits passing the Luhn check. Each finding must be removed or
  acknowledged with a reason before sign-off ("上网不涉密", and personal data is the commonest leak).
- Required metadata (``publishing.M…``), by document kind.
- Internal links (``publishing.L…``): links in the body to this site that do not resolve to a
  published document.

Findings carry stable ids (``publishing.P001``) like Django's system checks.
"""

from __future__ import annotations

import hashlib
import hmac
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from html.parser import HTMLParser
from urllib.parse import urlsplit

from gongkai.core.identifiers import luhn_valid, mask_identifier, resident_id_problem

ERROR = "error"
WARNING = "warning"


@dataclass(frozen=True, slots=True)
class Finding:
    id: str
    level: str  # "error" blocks sign-off unless acknowledged (personal data) or fixed
    message: str
    location: str = ""
    fingerprint: str = ""  # personal data only: what an acknowledgement refers to
    kind: str = ""
    masked: str = ""

    @property
    def is_error(self) -> bool:
        return self.level == ERROR


# --------------------------------------------------------------------------------------------
# Personal data

PII_RESIDENT_ID = "resident_id"
PII_MOBILE = "mobile"
PII_BANK_CARD = "bank_card"
PII_LABELS = {PII_RESIDENT_ID: "居民身份证号码", PII_MOBILE: "手机号码", PII_BANK_CARD: "银行卡号"}
PII_IDS = {
    PII_RESIDENT_ID: "publishing.P001",
    PII_MOBILE: "publishing.P002",
    PII_BANK_CARD: "publishing.P003",
}

# A run of digits that may be split into groups by single spaces or hyphens (cards are often
# printed 6222 0212 3456 7890 128, phones 138-0013-8000). Within a run, the longest span of whole
# groups that is a valid identifier wins; a number is never taken out of the middle of a group,
# so one inside a longer digit run is not reported.
_RUN = re.compile(r"(?<![0-9A-Za-z])\d+(?:[ -]\d+)*(?:[Xx])?(?![0-9A-Za-z])")
_GROUP = re.compile(r"\d+[Xx]?")
_MAX_SPAN = 24  # 19 digits and separators

_GROUPED_ID = re.compile(r"\d{6}[ -]\d{8}[ -]\d{3}[\dX]|\d{6}[ -]\d{4}[ -]\d{4}[ -]\d{3}[\dX]")
_GROUPED_CARD = re.compile(r"\d{4}(?:[ -]\d{4}){3}(?:[ -]\d{1,4})?|\d{6}[ -]\d{10,13}")
_GROUPED_MOBILE = re.compile(r"(?:86[ -])?1[3-9]\d[ -]?\d{4}[ -]?\d{4}")


@dataclass(frozen=True, slots=True)
class PiiMatch:
    kind: str
    value: str  # digits only (a final X kept for an ID)
    start: int
    end: int


def _fingerprint(kind: str, value: str, location: str, key: bytes) -> str:
    message = f"{kind}:{value}:{location}".encode()
    return hmac.new(key or b"gongkai", message, hashlib.sha256).hexdigest()[:40]


def classify_number(raw: str) -> tuple[str, str] | None:
    """Return ``(kind, value)`` when ``raw`` (digits, maybe grouped) is personal data, else None."""
    raw = raw.upper()
    grouped = " " in raw or "-" in raw
    digits = re.sub(r"[ -]", "", raw)
    if len(digits) == 18 and (not grouped or _GROUPED_ID.fullmatch(raw)):
        if resident_id_problem(digits) is None:
            return PII_RESIDENT_ID, digits
    if digits.endswith("X"):
        return None
    if 16 <= len(digits) <= 19 and (not grouped or _GROUPED_CARD.fullmatch(raw)) and luhn_valid(digits):
        return PII_BANK_CARD, digits
    if grouped and not _GROUPED_MOBILE.fullmatch(raw):
        return None
    if re.fullmatch(r"1[3-9]\d{9}", digits):
        return PII_MOBILE, digits
    if re.fullmatch(r"861[3-9]\d{9}", digits):
        return PII_MOBILE, digits[2:]
    return None


def find_pii(text: str) -> list[PiiMatch]:
    """Return the personal data in ``text``: valid resident IDs, mobile numbers, Luhn-valid cards."""
    text = text or ""
    found: list[PiiMatch] = []
    for run in _RUN.finditer(text):
        groups = [(m.start() + run.start(), m.end() + run.start()) for m in _GROUP.finditer(run.group(0))]
        i = 0
        while i < len(groups):
            hit = None
            for j in range(len(groups) - 1, i - 1, -1):
                start, end = groups[i][0], groups[j][1]
                if end - start > _MAX_SPAN:
                    continue
                result = classify_number(text[start:end])
                if result is not None:
                    hit = (j, PiiMatch(result[0], result[1], start, end))
                    break
            if hit is None:
                i += 1
            else:
                found.append(hit[1])
                i = hit[0] + 1
    return found


def pii_findings(text: str, *, location: str, key: bytes = b"") -> list[Finding]:
    """Return one finding per distinct piece of personal data in ``text`` (masked for display)."""
    seen: set[tuple[str, str]] = set()
    findings: list[Finding] = []
    for m in find_pii(text):
        if (m.kind, m.value) in seen:
            continue
        seen.add((m.kind, m.value))
        masked = mask_identifier(m.value, keep_start=3, keep_end=4)
        findings.append(
            Finding(
                id=PII_IDS[m.kind],
                level=ERROR,
                message=f"{location}含有{PII_LABELS[m.kind]} {masked}：请删除，或确认需要公开并说明理由",
                location=location,
                fingerprint=_fingerprint(m.kind, m.value, location, key),
                kind=m.kind,
                masked=masked,
            )
        )
    return findings


# --------------------------------------------------------------------------------------------
# Required metadata


@dataclass(frozen=True, slots=True)
class DocumentFacts:
    """What the metadata checks look at, as plain values."""

    kind: str  # DocumentKind value
    title: str
    column_count: int
    issuing_body: str
    written_on: date | None
    document_number: str
    formed_on: date | None
    summary: str = ""
    body_text: str = ""
    attachment_count: int = 0
    interprets_id: int | None = None
    validity: str = ""
    extraction_problems: tuple[str, ...] = field(default_factory=tuple)


_POLICY_KINDS = frozenset({"policy", "normative", "rule"})
_NUMBERED_KINDS = frozenset({"normative", "rule"})


def metadata_findings(facts: DocumentFacts) -> list[Finding]:
    """Return the missing metadata of a document (Regulation art. 12 catalogue; 47号文 marks)."""
    out: list[Finding] = []

    def need(ok: bool, code: str, message: str, level: str = ERROR) -> None:
        if not ok:
            out.append(Finding(id=code, level=level, message=message, location="元数据"))

    need(bool(facts.title.strip()), "publishing.M001", "缺少标题")
    need(facts.column_count > 0, "publishing.M002", "未选择所属栏目")
    need(bool(facts.issuing_body.strip()), "publishing.M003", "缺少发布机构")
    need(facts.formed_on is not None, "publishing.M004", "缺少信息形成（变更）日期")
    if facts.kind in _POLICY_KINDS:
        need(facts.written_on is not None, "publishing.M005", "政策文件须填写成文日期")
    if facts.kind in _NUMBERED_KINDS:
        need(bool(facts.document_number.strip()), "publishing.M006", "规范性文件和规章须填写文号")
        need(
            facts.validity in ("valid", "repealed", "expired"),
            "publishing.M007",
            "规范性文件和规章须标明有效性",
        )
    if facts.kind == "interpretation":
        need(facts.interprets_id is not None, "publishing.M008", "政策解读须关联所解读的文件")
    need(
        bool(facts.body_text.strip()) or facts.attachment_count > 0,
        "publishing.M009",
        "正文和附件均为空",
    )
    need(bool(facts.summary.strip()), "publishing.M010", "建议填写内容概述（公开目录项）", WARNING)
    for problem in facts.extraction_problems:
        out.append(Finding(id="publishing.M011", level=WARNING, message=problem, location="附件"))
    return out


# --------------------------------------------------------------------------------------------
# Internal links


class _Hrefs(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.hrefs: list[str] = []

    def handle_starttag(self, tag: str, attrs) -> None:
        if tag in ("a", "img"):
            for name, value in attrs:
                if name in ("href", "src") and value:
                    self.hrefs.append(value.strip())


def body_links(html: str) -> list[str]:
    """Return the href/src values of the body's links and images, in order, without duplicates."""
    parser = _Hrefs()
    parser.feed(html or "")
    parser.close()
    return list(dict.fromkeys(parser.hrefs))


LINK_OK = "ok"
LINK_EXTERNAL = "external"


def internal_path(href: str, site_hosts: Iterable[str]) -> str | None:
    """Return the path of ``href`` when it points at this site, else None (external, mailto, anchors)."""
    parts = urlsplit(href)
    if parts.scheme and parts.scheme not in ("http", "https"):
        return None
    if parts.netloc:
        host = parts.hostname or ""
        if host.lower() not in {h.lower().lstrip(".") for h in site_hosts}:
            return None
    elif not parts.path.startswith("/"):
        return None  # "#anchor" or a relative path we cannot judge
    return parts.path or "/"


def link_findings(
    html: str, *, site_hosts: Iterable[str], judge: Callable[[str], str | None]
) -> list[Finding]:
    """Return broken internal links. ``judge(path)`` returns None when fine, else why it is broken."""
    hosts = list(site_hosts)
    out = []
    for href in body_links(html):
        path = internal_path(href, hosts)
        if path is None:
            continue
        problem = judge(path)
        if problem:
            out.append(
                Finding(
                    id="publishing.L001", level=ERROR, message=f"站内链接 {href} {problem}", location="正文"
                )
            )
    return out
