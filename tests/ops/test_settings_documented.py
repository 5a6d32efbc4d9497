"""README's settings documentation matches what the code reads from the environment (issue 16.4)."""

from __future__ import annotations

import re
from pathlib import Path

import gongkai.settings

ROOT = Path(__file__).resolve().parents[2]
NAME = re.compile(r"GONGKAI_[A-Z0-9_]*[A-Z0-9](?:_\*)?")  # GONGKAI_COLLECT_* names a family
# A read of an environment variable: os.environ.get("X"), os.environ["X"], os.getenv("X"), _env_bool("X"),
# env("X") (a module's own reader).
READ = re.compile(r"""(?:environ\.get|environ\[|getenv|_env_bool|\benv)\(?\s*["'](GONGKAI_[A-Z0-9_]+)["']""")
# Named GONGKAI_ in README but Django settings, not environment variables (README says so).
DJANGO_SETTINGS = {"GONGKAI_RATE_LIMITS"}


def _read_by(paths) -> set[str]:
    return {name for path in paths for name in READ.findall(path.read_text(encoding="utf-8"))}


def _readme() -> set[str]:
    return set(NAME.findall((ROOT / "README.md").read_text(encoding="utf-8")))


def test_every_variable_settings_reads_is_in_readme_and_in_its_docstring():
    settings_py = Path(gongkai.settings.__file__)
    read = _read_by([settings_py])
    assert {"GONGKAI_HTTPS", "GONGKAI_SECURE_COOKIES", "GONGKAI_BROKER_URL", "GONGKAI_HOME"} <= read
    assert read - _readme() == set()
    assert read - set(NAME.findall(gongkai.settings.__doc__)) == set()


def test_every_variable_readme_names_is_read_somewhere():
    code = [*(ROOT / "gongkai").rglob("*.py"), *(ROOT / "tests").rglob("*.py")]
    read = _read_by(code)
    assert {"GONGKAI_BIND", "GONGKAI_THREADS", "GONGKAI_TIMEOUT", "GONGKAI_TEST_OUTPUT"} <= read
    named = {name for name in _readme() if not name.endswith("*")}
    families = {name.removesuffix("*") for name in _readme() if name.endswith("*")}
    assert named - read - DJANGO_SETTINGS == set()
    assert {prefix for prefix in families if not any(r.startswith(prefix) for r in read)} == set()
    assert DJANGO_SETTINGS & read == set()  # still not read from the environment


def test_readme_asks_for_https_by_its_name():
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "`GONGKAI_HTTPS=1` when served over HTTPS" in text
    assert text.count("GONGKAI_SECURE_COOKIES") == 1  # only in the security table, as the older name
