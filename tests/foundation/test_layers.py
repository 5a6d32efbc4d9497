"""Layering rules the code review would otherwise have to remember (issue 15).

- Views read through selectors: no view module touches a model manager (``Model.objects``,
  ``_default_manager``) or the scoping function's raw ``get_scoped``/``scope`` directly.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2] / "gongkai"
VIEW_MODULES = sorted(
    p
    for p in ROOT.rglob("*.py")
    if "migrations" not in p.parts
    and (
        p.parent.name == "views"
        or p.stem == "views"
        or p.stem.endswith("_views")
        or p.stem.startswith("views_")
    )
)

FORBIDDEN_NAMES = {"get_scoped", "scope"}
SHORTCUTS = {"get_object_or_404", "get_list_or_404"}


def _rel(path: Path) -> str:
    return str(path.relative_to(ROOT.parent))


def _manager_reads(tree: ast.AST) -> list[str]:
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and node.attr in {"objects", "_default_manager"}:
            found.append(f"line {node.lineno}: .{node.attr}")
        if isinstance(node, ast.ImportFrom) and node.module and node.module.endswith("scoping"):
            for alias in node.names:
                if alias.name in FORBIDDEN_NAMES:
                    found.append(f"line {node.lineno}: imports {alias.name} from scoping")
        if isinstance(node, ast.Name) and node.id in SHORTCUTS:
            found.append(f"line {node.lineno}: {node.id}")
    return found


def test_view_modules_are_found():
    names = {_rel(p) for p in VIEW_MODULES}
    assert "gongkai/publishing/views/documents.py" in names
    assert "gongkai/portal/views.py" in names


@pytest.mark.parametrize("path", VIEW_MODULES, ids=_rel)
def test_views_read_through_selectors(path: Path):
    assert _manager_reads(ast.parse(path.read_text(encoding="utf-8"))) == []


def test_the_check_catches_a_manager_read():
    source = (
        "from gongkai.agencies.scoping import get_scoped\n"
        "def v(r):\n"
        "    get_object_or_404(Agency, pk=2)\n"
        "    return Thing.objects.get(pk=1)\n"
    )
    assert len(_manager_reads(ast.parse(source))) == 3
