"""The polite client's rules, one by one (httpx.MockTransport: no network at all)."""

from __future__ import annotations

import httpx
import pytest

from gongkai.collection.crawl import parse_listing
from gongkai.collection.fetch import FetchError, PoliteClient, Politeness

HOST = "www.example.gov.cn"
BASE = f"https://{HOST}"


class FakeClock:
    def __init__(self):
        self.now = 100.0
        self.slept: list[float] = []

    def __call__(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.slept.append(round(seconds, 3))
        self.now += seconds


def _client(handler, **politeness) -> tuple[PoliteClient, FakeClock]:
    clock = FakeClock()
    client = PoliteClient(
        Politeness(**{"delay": 2.0, "backoff": 1.0, **politeness}),
        transport=httpx.MockTransport(handler),
        sleep=clock.sleep,
        clock=clock,
    )
    return client, clock


def _routes(table: dict[str, object]):
    seen: list[str] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request.url.path)
        answer = table.get(request.url.path, 404)
        if callable(answer):
            answer = answer(request)
        if isinstance(answer, int):
            return httpx.Response(answer)
        return answer

    handler.seen = seen
    return handler


def test_requests_to_one_host_are_spaced_by_the_delay():
    handler = _routes(
        {"/robots.txt": 404, "/a": httpx.Response(200, text="a"), "/b": httpx.Response(200, text="b")}
    )
    client, clock = _client(handler)
    client.get(BASE + "/a", host=HOST)
    clock.now += 0.5  # half a second of other work
    client.get(BASE + "/b", host=HOST)
    # robots.txt, then /a two seconds later, then /b two seconds after /a (1.5 s still to wait).
    assert clock.slept == [2.0, 1.5]
    assert handler.seen == ["/robots.txt", "/a", "/b"]


def test_a_5xx_is_retried_with_backoff_and_then_reported():
    handler = _routes({"/robots.txt": 404, "/down": 503})
    client, clock = _client(handler, delay=0, retries=2)
    with pytest.raises(FetchError) as caught:
        client.get(BASE + "/down", host=HOST)
    assert caught.value.finding.id == "collect.E001" and "HTTP 503" in caught.value.finding.message
    assert handler.seen.count("/down") == 3 and clock.slept == [1.0, 2.0]


def test_a_404_is_not_retried():
    handler = _routes({"/robots.txt": 404})
    client, _ = _client(handler, delay=0)
    with pytest.raises(FetchError):
        client.get(BASE + "/missing", host=HOST)
    assert handler.seen.count("/missing") == 1


def test_a_timeout_is_retried():
    calls = {"n": 0}

    def flaky(request):
        calls["n"] += 1
        if calls["n"] == 1:
            raise httpx.ReadTimeout("slow", request=request)
        return httpx.Response(200, text="ok")

    client, _ = _client(_routes({"/robots.txt": 404, "/slow": flaky}), delay=0)
    assert client.get(BASE + "/slow", host=HOST).data == b"ok"


def test_redirects_stay_on_the_host_and_are_bounded():
    handler = _routes(
        {
            "/robots.txt": 404,
            "/moved": httpx.Response(302, headers={"Location": "/here"}),
            "/here": httpx.Response(200, text="here"),
            "/away": httpx.Response(301, headers={"Location": "https://evil.example.com/x"}),
            "/loop": httpx.Response(302, headers={"Location": "/loop"}),
        }
    )
    client, _ = _client(handler, delay=0, max_redirects=3)
    assert client.get(BASE + "/moved", host=HOST).url == BASE + "/here"
    with pytest.raises(FetchError) as away:
        client.get(BASE + "/away", host=HOST)
    assert away.value.finding.id == "collect.E004"
    with pytest.raises(FetchError) as loop:
        client.get(BASE + "/loop", host=HOST)
    assert loop.value.finding.id == "collect.E004" and handler.seen.count("/loop") == 4


def test_the_size_cap_holds_with_and_without_a_declared_length():
    def streamed(request):
        return httpx.Response(200, content=iter([b"x" * 600_000, b"x" * 600_000]))  # no Content-Length

    handler = _routes(
        {"/robots.txt": 404, "/big": httpx.Response(200, content=b"x" * 2_000_000), "/stream": streamed}
    )
    client, _ = _client(handler, delay=0, max_bytes=1_000_000)
    for path in ("/big", "/stream"):
        with pytest.raises(FetchError) as caught:
            client.get(BASE + path, host=HOST)
        assert caught.value.finding.id == "collect.E002", path


def test_robots_txt_that_cannot_be_fetched_disallows_everything():
    client, _ = _client(_routes({"/robots.txt": 500, "/a": httpx.Response(200)}), delay=0, retries=0)
    with pytest.raises(FetchError) as caught:
        client.get(BASE + "/a", host=HOST)
    assert caught.value.finding.id == "collect.E003"


def test_another_host_is_not_fetched():
    handler = _routes({})
    client, _ = _client(handler, delay=0)
    with pytest.raises(FetchError) as caught:
        client.get("https://other.example.com/a", host=HOST)
    assert caught.value.finding.id == "collect.W001" and handler.seen == []


def test_the_user_agent_names_gongkai():
    agents = []

    def record(request):
        agents.append(request.headers["User-Agent"])
        return httpx.Response(200)

    client, _ = _client(_routes({"/robots.txt": 404, "/a": record}), delay=0)
    client.get(BASE + "/a", host=HOST)
    assert agents and agents[0].startswith("Gongkai/")


def test_the_listing_takes_report_titles_with_a_year_and_the_next_page():
    html = """<ul>
    <li><a href="/a/1.html" title="洛阳市XX局2023年政府信息公开工作年度报告">洛阳市XX局2023年政府信息公开工…</a><span>2024-01-20</span></li>
    <li><a href="/a/2.html">洛阳市XX局关于年度报告工作的通知</a><span>2024-01-10</span></li>
    <li><a href="/a/3.html">洛阳市XX局2022年度工作总结</a><span>2023-01-10</span></li>
    </ul><a href="index_3.html">下一页</a>"""
    entries, next_url = parse_listing(html, BASE + "/col/index_2.html")
    assert [(e.url, e.year, e.date) for e in entries] == [(BASE + "/a/1.html", 2023, "2024-01-20")]
    assert next_url == BASE + "/col/index_3.html"


def test_a_response_slower_than_the_time_cap_is_abandoned():
    box = {}

    def slow(request):
        def body():
            for _ in range(5):
                box["clock"].now += 30  # thirty seconds a chunk
                yield b"x" * 1000

        return httpx.Response(200, content=body())

    client, clock = _client(_routes({"/robots.txt": 404, "/slow": slow}), delay=0, seconds=60)
    box["clock"] = clock
    with pytest.raises(FetchError) as caught:
        client.get(BASE + "/slow", host=HOST)
    assert caught.value.finding.id == "collect.E005"


def test_the_file_cap_is_the_supervisors_upload_limit():
    from gongkai.collection.fetch import MAX_FILE_BYTES
    from gongkai.oversight.services import MAX_FILE_BYTES as UPLOAD_LIMIT

    assert MAX_FILE_BYTES == UPLOAD_LIMIT == Politeness().max_bytes
