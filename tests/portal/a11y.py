"""Checks every portal page must pass: one h1, a label for every input, a skip link, lang."""

from __future__ import annotations

from bs4 import BeautifulSoup


def check_page(html: str) -> BeautifulSoup:
    soup = BeautifulSoup(html, "html.parser")
    assert soup.html.get("lang") == "zh-CN"
    h1s = soup.find_all("h1")
    assert len(h1s) == 1, f"expected one h1, got {[h.get_text() for h in h1s]}"
    skip = soup.find("a", class_="skip")
    assert skip is not None and skip["href"] == "#main" and soup.find(id="main") is not None
    labelled = {label.get("for") for label in soup.find_all("label")}
    for field in soup.find_all(["input", "select", "textarea"]):
        if field.get("type") in ("hidden", "submit", "button"):
            continue
        assert field.get("id") in labelled or field.get("aria-label"), f"no label for {field}"
    assert not soup.find_all("script"), "portal pages work without JavaScript"
    return soup
