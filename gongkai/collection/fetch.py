"""Polite fetching of public web pages: robots.txt, a per-host pace, retries, hard bounds.

A supervisor's collector reads other agencies' public websites, so it behaves as a considerate
crawler (decision 0015): it names itself in the User-Agent, honours robots.txt
(``urllib.robotparser``), waits ``delay`` seconds between two requests to the same host,
retries a 5xx, a 429 or a timeout a few times with exponential backoff, follows at most
``max_redirects`` redirects and only on the same host, and refuses a response larger than its
byte cap or slower than its time cap. Every refusal is a :class:`FetchError` carrying a
finding with a stable id:

==============  ======================================================================
id              meaning
==============  ======================================================================
collect.E001    the request failed (network error, timeout, or an HTTP error after retries)
collect.E002    the response is larger than the cap (declared or while downloading)
collect.E003    robots.txt disallows the address for our User-Agent
collect.E004    too many redirects, or a redirect to another host
collect.E005    the response took longer than the time cap
collect.W001    a link to another host, not followed
==============  ======================================================================

Limits can be tuned per deployment with environment variables:

GONGKAI_COLLECT_DELAY      seconds between two requests to one host (default 2)
GONGKAI_COLLECT_RETRIES    retries after a 5xx/429/timeout (default 3)
GONGKAI_COLLECT_BACKOFF    seconds before the first retry, doubled for each next one (default 1)
GONGKAI_COLLECT_TIMEOUT    seconds to connect or to wait for the next bytes (default 20)
GONGKAI_COLLECT_SECONDS    wall-clock limit of one response (default 120)
GONGKAI_COLLECT_MAX_MB     largest file taken (default 20, the supervisor's upload limit)
GONGKAI_COLLECT_USER_AGENT the User-Agent, e.g. with the office's contact (ASCII; default names Gongkai)

Pure: imports nothing from Django. The clock and the sleep are seams for tests.
"""

from __future__ import annotations

import os
import time
import urllib.robotparser
from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import urljoin, urlsplit

import httpx

from ..report.findings import Finding, error, warning

__all__ = ["FetchError", "Fetched", "PoliteClient", "Politeness", "same_host"]

# ASCII only (an HTTP header); a deployment adds its contact with GONGKAI_COLLECT_USER_AGENT.
USER_AGENT = "Gongkai/1.0 (government information disclosure annual-report collector)"
RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})
MAX_RETRY_AFTER = 60.0  # a Retry-After longer than this is not waited for
MAX_FILE_BYTES = 20 * 1024 * 1024  # as a supervisor's upload (oversight.services.MAX_FILE_BYTES)
MAX_PAGE_BYTES = 5 * 1024 * 1024  # a listing or an article page
CHUNK = 64 * 1024


@dataclass(frozen=True)
class Politeness:
    """How the collector treats a website: its pace, patience and caps."""

    delay: float = 2.0
    retries: int = 3
    backoff: float = 1.0  # first wait after a failure; doubles each retry
    timeout: float = 20.0
    seconds: float = 120.0
    max_bytes: int = MAX_FILE_BYTES
    max_page_bytes: int = MAX_PAGE_BYTES
    max_redirects: int = 5
    user_agent: str = USER_AGENT

    @classmethod
    def from_env(cls) -> Politeness:
        env = os.environ.get
        return cls(
            delay=float(env("GONGKAI_COLLECT_DELAY", cls.delay)),
            retries=int(env("GONGKAI_COLLECT_RETRIES", cls.retries)),
            backoff=float(env("GONGKAI_COLLECT_BACKOFF", cls.backoff)),
            timeout=float(env("GONGKAI_COLLECT_TIMEOUT", cls.timeout)),
            seconds=float(env("GONGKAI_COLLECT_SECONDS", cls.seconds)),
            max_bytes=int(float(env("GONGKAI_COLLECT_MAX_MB", cls.max_bytes / 1024 / 1024)) * 1024 * 1024),
            user_agent=env("GONGKAI_COLLECT_USER_AGENT", "").strip() or USER_AGENT,
        )


class FetchError(Exception):
    """A page or file not taken; ``finding`` says why, in Chinese, with a stable id."""

    def __init__(self, finding: Finding, *, status: int | None = None) -> None:
        super().__init__(finding.message)
        self.finding = finding
        self.status = status  # the HTTP status, when the site answered with an error


@dataclass(frozen=True)
class Fetched:
    url: str  # the final address, after redirects
    status: int
    content_type: str
    data: bytes
    location: str = ""  # a redirect's target

    @property
    def charset(self) -> str | None:
        for part in self.content_type.split(";")[1:]:
            key, _, value = part.strip().partition("=")
            if key.lower() == "charset" and value:
                return value.strip("\"' ")
        return None


def same_host(url: str, host: str) -> bool:
    """Return whether ``url`` is on ``host`` (host[:port], compared case-insensitively) over http(s)."""
    parts = urlsplit(url)
    return parts.scheme in ("http", "https") and parts.netloc.lower() == host.lower()


def _mb(n: int) -> str:
    return f"{n / 1024 / 1024:g} MB"


@dataclass
class PoliteClient:
    """One crawl's HTTP client: one connection pool, robots and pace remembered per host."""

    politeness: Politeness = field(default_factory=Politeness)
    transport: httpx.BaseTransport | None = None
    sleep: Callable[[float], None] = time.sleep
    clock: Callable[[], float] = time.monotonic

    def __post_init__(self) -> None:
        self._client = httpx.Client(
            headers={"User-Agent": self.politeness.user_agent, "Accept-Language": "zh-CN,zh;q=0.9"},
            timeout=httpx.Timeout(self.politeness.timeout),
            follow_redirects=False,
            transport=self.transport,
        )
        self._robots: dict[str, urllib.robotparser.RobotFileParser] = {}
        self._last: dict[str, float] = {}
        self.requests: list[str] = []  # every address asked for, in order (for the run's log)

    def close(self) -> None:
        self._client.close()

    def __enter__(self) -> PoliteClient:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # -- politeness ----------------------------------------------------------------------------

    def _pace(self, host: str) -> None:
        """Wait until ``delay`` seconds have passed since the last request to ``host``."""
        last = self._last.get(host)
        if last is not None:
            wait = last + self.politeness.delay - self.clock()
            if wait > 0:
                self.sleep(wait)
        self._last[host] = self.clock()

    def allowed(self, url: str) -> bool:
        """Return whether robots.txt of the url's host lets our User-Agent fetch it.

        No robots.txt (404 and other 4xx) allows everything; 401/403 or a robots.txt that cannot be
        fetched (5xx, network) disallows everything, as ``urllib.robotparser`` and RFC 9309 do.
        """
        parts = urlsplit(url)
        origin = f"{parts.scheme}://{parts.netloc}"
        parser = self._robots.get(origin)
        if parser is None:
            parser = urllib.robotparser.RobotFileParser(origin + "/robots.txt")
            try:
                response = self._request(origin + "/robots.txt", max_bytes=512 * 1024)
            except FetchError as exc:
                status = exc.status
                if status is not None and 400 <= status < 500 and status not in (401, 403):
                    parser.allow_all = True
                else:
                    parser.disallow_all = True
            else:
                parser.parse(response.data.decode("utf-8", "replace").splitlines())
            self._robots[origin] = parser
        return parser.can_fetch(self.politeness.user_agent, url)

    # -- fetching ------------------------------------------------------------------------------

    def get(self, url: str, *, host: str, max_bytes: int | None = None) -> Fetched:
        """Fetch ``url`` on ``host`` politely; follow same-host redirects; raise FetchError."""
        max_bytes = self.politeness.max_bytes if max_bytes is None else max_bytes
        for _ in range(self.politeness.max_redirects + 1):
            if not same_host(url, host):
                raise FetchError(
                    warning("collect.W001", f"链接指向其他网站（{urlsplit(url).netloc}），未抓取：{url}")
                )
            if not self.allowed(url):
                raise FetchError(error("collect.E003", f"网站的 robots.txt 不允许抓取该地址：{url}"))
            response = self._request(url, max_bytes=max_bytes)
            if response.status not in (301, 302, 303, 307, 308):
                return response
            url = urljoin(url, response.location)
            if not same_host(url, host):
                raise FetchError(
                    error("collect.E004", f"该地址重定向到其他网站（{urlsplit(url).netloc}），未跟随")
                )
        raise FetchError(
            error("collect.E004", f"重定向超过 {self.politeness.max_redirects} 次，已停止：{url}")
        )

    def _request(self, url: str, *, max_bytes: int) -> Fetched:
        """One GET with retries and caps; a redirect is returned as it is (``location`` set)."""
        p = self.politeness
        host = urlsplit(url).netloc.lower()
        attempt = 0
        while True:
            self._pace(host)
            self.requests.append(url)
            try:
                result = self._once(url, max_bytes=max_bytes)
            except (httpx.TimeoutException, httpx.TransportError) as exc:
                if attempt < p.retries:
                    self.sleep(p.backoff * 2**attempt)
                    attempt += 1
                    continue
                reason = "连接超时" if isinstance(exc, httpx.TimeoutException) else "网络错误"
                raise FetchError(error("collect.E001", f"{reason}（已重试 {p.retries} 次）：{url}")) from None
            status, retry_after = result
            if isinstance(status, Fetched):
                return status
            if status in RETRY_STATUSES and attempt < p.retries:
                wait = p.backoff * 2**attempt
                if retry_after is not None:
                    wait = max(wait, min(retry_after, MAX_RETRY_AFTER))
                self.sleep(wait)
                attempt += 1
                continue
            tried = f"（已重试 {attempt} 次）" if attempt else ""
            raise FetchError(error("collect.E001", f"网站返回 HTTP {status}{tried}：{url}"), status=status)

    def _once(self, url: str, *, max_bytes: int) -> tuple[Fetched | int, float | None]:
        start = self.clock()
        with self._client.stream("GET", url) as response:
            if response.is_redirect:
                location = response.headers.get("location", "")
                return Fetched(url, response.status_code, "", b"", location), None
            if response.status_code >= 400:
                return response.status_code, _retry_after(response.headers.get("retry-after"))
            declared = response.headers.get("content-length", "")
            if declared.isdigit() and int(declared) > max_bytes:
                raise FetchError(
                    error(
                        "collect.E002",
                        f"文件大小 {_mb(int(declared))} 超过上限 {_mb(max_bytes)}，未下载：{url}",
                    )
                )
            chunks: list[bytes] = []
            size = 0
            for chunk in response.iter_bytes(CHUNK):
                size += len(chunk)
                if size > max_bytes:
                    raise FetchError(
                        error("collect.E002", f"文件超过上限 {_mb(max_bytes)}，已停止下载：{url}")
                    )
                if self.clock() - start > self.politeness.seconds:
                    raise FetchError(
                        error(
                            "collect.E005",
                            f"下载超过时间上限（{self.politeness.seconds:g} 秒），已停止：{url}",
                        )
                    )
                chunks.append(chunk)
            content_type = response.headers.get("content-type", "")
            return Fetched(str(response.url), response.status_code, content_type, b"".join(chunks)), None


def _retry_after(value: str | None) -> float | None:
    if value and value.strip().isdigit():
        return float(value.strip())
    return None
