"""Imports live at the top of a module (issue 15 point 4).

An import inside a function is allowed only when it says why it cannot be at the top: a comment
``# cycle: <why>`` (it breaks an import cycle, including Django's app loading: an ``apps.py`` is
imported before the models exist) or ``# lazy: <why>`` (an optional or heavy engine that only one
path needs: WeasyPrint, python-docx, the PDF libraries, Tesseract, Celery). The comment stands on
the import's own line or on the line just above the first import of a run of imports.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2] / "gongkai"
MARKERS = ("# cycle:", "# lazy:")
MODULES = sorted(p for p in ROOT.rglob("*.py") if "migrations" not in p.parts)


def _rel(path: Path) -> str:
    return str(path.relative_to(ROOT.parent))


def _has_marker(text: str) -> bool:
    return any(marker in text for marker in MARKERS)


def unexplained_imports(source: str) -> list[str]:
    """Return ``line N: <import>`` for every function-level import without a cycle/lazy comment."""
    tree = ast.parse(source)
    lines = source.splitlines()
    found = []
    functions = [n for n in ast.walk(tree) if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef))]
    seen: set[int] = set()
    for function in functions:
        for block in ast.walk(function):
            for field in ("body", "orelse", "finalbody", "handlers"):
                statements = getattr(block, field, None)
                if not isinstance(statements, list):
                    continue
                run_start = None  # the first import of the current run of consecutive imports
                for statement in statements:
                    if not isinstance(statement, (ast.Import, ast.ImportFrom)):
                        run_start = None
                        continue
                    run_start = run_start or statement
                    if statement.lineno in seen:
                        continue
                    seen.add(statement.lineno)
                    own = lines[statement.lineno - 1 : statement.end_lineno]
                    above = lines[run_start.lineno - 2].strip() if run_start.lineno >= 2 else ""
                    if any(_has_marker(line) for line in own) or above.startswith(MARKERS):
                        continue
                    found.append(f"line {statement.lineno}: {ast.unparse(statement)}")
    return sorted(found, key=lambda item: int(item.split(":")[0].split()[1]))


def test_modules_are_found():
    names = {_rel(p) for p in MODULES}
    assert "gongkai/applications/workflow.py" in names
    assert not any("/migrations/" in name for name in names)


@pytest.mark.parametrize("path", MODULES, ids=_rel)
def test_function_level_imports_say_why(path: Path):
    found = unexplained_imports(path.read_text(encoding="utf-8"))
    assert found == [], f"{_rel(path)}: move these to the top or add '# cycle: …' / '# lazy: …'"


def test_the_check_catches_an_unexplained_import():
    source = (
        "import os\n"
        "def a():\n"
        "    import json\n"  # caught
        "    return json\n"
        "def b():\n"
        "    # lazy: heavy engine\n"
        "    from weasyprint import HTML\n"
        "    from weasyprint.text import fonts\n"  # same run: covered by the comment above
        "    x = 1\n"
        "    import csv\n"  # a new run: caught
        "    return HTML, fonts, csv, x\n"
        "class C:\n"
        "    def m(self):\n"
        "        from . import models  # cycle: models import this module\n"
        "        if self:\n"
        "            from . import other\n"  # nested block: caught
        "        try:\n"
        "            import docx\n"  # caught
        "        except ImportError:\n"
        "            # lazy: optional\n"
        "            import yaml\n"
        "        return models, other, docx, yaml\n"
    )
    assert unexplained_imports(source) == [
        "line 3: import json",
        "line 10: import csv",
        "line 16: from . import other",
        "line 18: import docx",
    ]
    assert unexplained_imports("import os\nfrom x import y\n") == []  # module level is the norm
