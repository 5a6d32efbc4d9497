import pytest

from .site import Site


@pytest.fixture
def site():
    site = Site().start()
    yield site
    site.stop()


@pytest.fixture(autouse=True)
def quick_politeness(monkeypatch):
    """No waiting between requests in tests; a 1 MB file cap so an oversized file is cheap to serve."""
    monkeypatch.setenv("GONGKAI_COLLECT_DELAY", "0")
    monkeypatch.setenv("GONGKAI_COLLECT_BACKOFF", "0.01")
    monkeypatch.setenv("GONGKAI_COLLECT_MAX_MB", "1")
