"""Crawl the pages a person can reach and find internal identifiers shown to them.

Text inside elements marked ``class="code"`` (codes in small type after their Chinese label),
``<code>``, ``<pre>``, form values and links' targets are not looked at: only what a reader sees
as prose.
"""

from __future__ import annotations

import re
from collections import deque
from urllib.parse import urldefrag, urlsplit

from bs4 import BeautifulSoup

# snake_case or dotted lower-case identifiers (application.register, pending_conf), booleans, None.
IDENTIFIER = re.compile(
    r"(?<![\w@./:-])(?:[a-z][a-z0-9]*(?:[._][a-z0-9]+)+|True|False|None)(?![\w@/-]|\.[a-z0-9])"
)
EMAIL_OR_URL = re.compile(
    r"\S+@\S+|https?://\S+|www\.\S+|\b[\w-]+\.(?:txt|pdf|docx?|xlsx?|csv|html?|md|json|png|jpe?g|ofd|zip)\b"
)
HIDDEN = ["script", "style", "textarea", "template"]
SKIP_PATH = re.compile(
    r"/(logout|export|download|pdf|docx|xlsx|csv|feed|rss|sitemap|media|attachments?)\b|\.(xml|pdf|docx|xlsx|csv|txt|json|md)$"
)


def visible_identifiers(html: str) -> list[str]:
    soup = BeautifulSoup(html, "html.parser")
    for tag in soup.find_all(HIDDEN):
        tag.decompose()
    for tag in soup.select(".code"):
        tag.decompose()
    text = soup.body.get_text(" ") if soup.body else soup.get_text(" ")
    text = EMAIL_OR_URL.sub(" ", text)
    return sorted(set(IDENTIFIER.findall(text)))


def links(html: str, prefixes: tuple[str, ...]) -> list[str]:
    soup = BeautifulSoup(html, "html.parser")
    found = []
    for a in soup.find_all("a", href=True):
        href = urldefrag(a["href"])[0]
        parts = urlsplit(href)
        if parts.scheme or parts.netloc or not parts.path.startswith(prefixes):
            continue
        if SKIP_PATH.search(parts.path):
            continue
        found.append(href)
    return found


def crawl(client, start: list[str], prefixes: tuple[str, ...], limit: int = 400, shared: set | None = None):
    """Walk pages reachable from ``start`` by GET; return {url: identifiers}, errors, pages visited.

    A page shape (the path with numbers replaced; query strings count once per path) is visited
    once. Shapes of object pages (with a number) are remembered in ``shared`` across the users
    crawled, so that each user sees every list and dashboard but object pages are read once.
    """
    seen: set[str] = set()
    shapes: set[str] = set()
    shared = set() if shared is None else shared
    queue = deque(start)
    problems: dict[str, list[str]] = {}
    errors: dict[str, int] = {}
    visited = 0
    while queue and visited < limit:
        url = queue.popleft()
        if url in seen:
            continue
        seen.add(url)
        path = urlsplit(url).path
        shape = re.sub(r"\d+", "N", path) + ("?" if urlsplit(url).query else "")
        if shape in shapes or shape in shared:
            continue
        shapes.add(shape)
        if "N" in shape:
            shared.add(shape)
        response = client.get(url)
        visited += 1
        if response.status_code >= 500 or response.status_code == 404:
            errors[url] = response.status_code
            continue
        if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
            continue
        html = response.content.decode()
        found = visible_identifiers(html)
        if found:
            problems[url] = found
        queue.extend(links(html, prefixes))
    return problems, errors, visited
