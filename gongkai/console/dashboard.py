"""Dashboard panels: each app registers the panels it offers and the roles that see them."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Panel:
    key: str
    title: str
    template: str
    roles: frozenset[str]  # empty = every staff member
    context: Callable[..., dict]
    order: int = 100


_PANELS: dict[str, Panel] = {}


def register_panel(*, key: str, title: str, template: str, context, roles=(), order: int = 100) -> None:
    _PANELS[key] = Panel(key, title, template, frozenset(roles), context, order)


def panels_for(request) -> list[tuple[Panel, dict]]:
    user = request.user
    result = []
    for panel in sorted(_PANELS.values(), key=lambda p: (p.order, p.key)):
        if panel.roles and not (user.is_site_admin or user.role_set & panel.roles):
            continue
        result.append((panel, panel.context(request)))
    return result


@dataclass(frozen=True)
class NavItem:
    label: str
    url_name: str
    roles: frozenset[str]
    order: int


_NAV: dict[str, NavItem] = {}


def register_nav(*, label: str, url_name: str, roles=(), order: int = 50) -> None:
    """Add a link to the staff navigation, shown to holders of ``roles`` (empty: every staff member)."""
    _NAV[url_name] = NavItem(label, url_name, frozenset(roles), order)


def nav_for(user) -> list[NavItem]:
    return [
        item
        for item in sorted(_NAV.values(), key=lambda i: (i.order, i.label))
        if not item.roles or user.is_site_admin or user.role_set & item.roles
    ]
