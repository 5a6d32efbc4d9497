"""The one shape of every workflow: a declarative table of transitions, one error, one question.

Pure: imports nothing from Django. Each workflow (applications, documents, annual reports,
rectifications) is a :class:`Workflow` value — its states and actions with their Chinese labels,
and a table of :class:`Transition` rows. A move that is not a row is forbidden. A row names:

- ``roles``: the name of a role set of ``gongkai.agencies.policy`` (the only place that says
  which role may do what); ``""`` when no staff role may make the move;
- ``system``: whether the system itself (a scheduled job, an anonymous applicant) may make it;
- ``guards``: names of conditions on the record ("approved", "not_author", ...). The caller
  passes the conditions as zero-argument callables returning ``None`` or the Chinese reason why
  not, so this module stays ignorant of records, users and the database;
- ``effects``: names of the side effects the service runs after the move, looked up by
  :func:`run_effects` in the app's table of handlers instead of ``if name == ...`` chains.

The services ask :meth:`Workflow.check` before moving; the pages ask :meth:`Workflow.available`
which actions to offer. Both apply the same rows, roles and guards, so a button is shown exactly
when the service would accept the click.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

Guard = Callable[[], "str | None"]  # None: the condition holds; else the Chinese reason it does not
May = Callable[["Transition"], "str | None"]  # None: the actor may make the move; else why not


class TransitionError(ValueError):
    """A move the table, the actor's roles or a guard forbids; the message is Chinese, for the user."""

    def __init__(
        self,
        message: str,
        *args: Any,  # cooperative: Django's ValidationError passes (message, code, params) along
        action: str | None = None,
        source: str | None = None,
        target: str | None = None,
        kind: str = "state",
    ) -> None:
        super().__init__(message, *args)
        self.message = message
        self.action = action
        self.source = source
        self.target = target
        self.kind = kind  # "state": not from here; "actor": not by this user; "guard": not now

    @property
    def forbidden(self) -> bool:
        """Whether the actor is the problem (a permission error), not the record's state."""
        return self.kind == "actor"


@dataclass(frozen=True, slots=True)
class Transition:
    """One allowed move: ``action`` takes a record from ``source`` (None: not yet created) to ``target``."""

    action: str
    source: str | None
    target: str
    roles: str = ""
    system: bool = False
    guards: tuple[str, ...] = ()
    effects: tuple[str, ...] = ()


def _key(value: Any) -> str | None:
    return None if value is None else str(value)


@dataclass(frozen=True, eq=False)  # compared and hashed by identity: one value per workflow
class Workflow:
    """A named state machine: labelled states and actions and THE table of allowed moves."""

    name: str
    states: Mapping[str, str]
    actions: Mapping[str, str]
    transitions: tuple[Transition, ...]
    _by_action: dict[str, dict[str | None, tuple[Transition, ...]]] = field(
        init=False, repr=False, compare=False
    )

    def __post_init__(self) -> None:
        states = {str(k): v for k, v in self.states.items()}
        actions = {str(k): v for k, v in self.actions.items()}
        object.__setattr__(self, "states", states)
        object.__setattr__(self, "actions", actions)
        by_action: dict[str, dict[str | None, tuple[Transition, ...]]] = {}
        for t in self.transitions:
            if str(t.action) not in actions:
                raise ValueError(f"{self.name}: action {t.action!r} has no label")
            for state in (t.source, t.target):
                if state is not None and str(state) not in states:
                    raise ValueError(f"{self.name}: state {state!r} has no label")
            if not t.roles and not t.system:
                raise ValueError(f"{self.name}: {t.action} from {t.source} can be made by nobody")
            rows = by_action.setdefault(str(t.action), {})
            rows[_key(t.source)] = (*rows.get(_key(t.source), ()), t)
        for label in (*states.values(), *actions.values()):
            if not label or not label.strip():
                raise ValueError(f"{self.name}: every state and action needs a Chinese label")
        object.__setattr__(self, "_by_action", by_action)

    # -- labels ------------------------------------------------------------------------------
    def state_label(self, state: str | None) -> str:
        return "尚未创建" if state is None else self.states.get(str(state), str(state))

    def action_label(self, action: str) -> str:
        return self.actions.get(str(action), str(action))

    # -- the table, without actor or record --------------------------------------------------
    def rows(self, action: str, source: str | None) -> tuple[Transition, ...]:
        """Return the rows of ``action`` out of ``source`` (several when the target depends on the record)."""
        return self._by_action.get(str(action), {}).get(_key(source), ())

    def sources_of(self, action: str) -> frozenset[str | None]:
        return frozenset(self._by_action.get(str(action), {}))

    def targets_of(self, action: str, source: str | None) -> frozenset[str]:
        return frozenset(t.target for t in self.rows(action, source))

    def is_allowed(self, action: str, source: str | None, target: str) -> bool:
        return str(target) in self.targets_of(action, source)

    def actions_from(self, source: str | None) -> list[str]:
        """Return the actions the table allows out of ``source``, in table order."""
        seen: list[str] = []
        for t in self.transitions:
            if _key(t.source) == _key(source) and str(t.action) not in seen:
                seen.append(str(t.action))
        return seen

    def guard_names(self) -> frozenset[str]:
        return frozenset(g for t in self.transitions for g in t.guards)

    def effect_names(self) -> frozenset[str]:
        return frozenset(e for t in self.transitions for e in t.effects)

    def role_set_names(self) -> frozenset[str]:
        return frozenset(t.roles for t in self.transitions if t.roles)

    def refusal(self, action: str, source: str | None, target: str | None = None) -> TransitionError:
        """Return the error for a move the table does not have."""
        if str(action) not in self.actions:
            return TransitionError(f"未知的操作：{action}", action=str(action), source=_key(source))
        return TransitionError(
            f"当前状态为“{self.state_label(source)}”，不能执行“{self.action_label(action)}”",
            action=str(action),
            source=_key(source),
            target=_key(target),
        )

    # -- the table with an actor and a record ------------------------------------------------
    def _why_not(
        self, t: Transition, *, may: May | None, guards: Mapping[str, Guard]
    ) -> tuple[str, str] | None:
        if may is None:  # the system: only rows it may make
            if not t.system:
                return "actor", f"“{self.action_label(t.action)}”须由工作人员办理"
        else:
            reason = may(t)
            if reason:
                return "actor", reason
        for name in t.guards:
            reason = guards[name]()
            if reason:
                return "guard", reason
        return None

    def check(
        self,
        action: str,
        source: str | None,
        target: str | None = None,
        *,
        may: May | None = None,
        guards: Mapping[str, Guard] | None = None,
    ) -> Transition:
        """Return the row that lets this actor make ``action`` now, or raise :class:`TransitionError`.

        ``may`` answers for the actor (``gongkai.agencies.policy`` builds it); None means the
        system. ``target`` picks one row where the action has several.
        """
        rows = [t for t in self.rows(action, source) if target is None or str(t.target) == str(target)]
        if not rows:
            raise self.refusal(action, source, target)
        guards = guards or {}
        first: tuple[str, str] | None = None
        for t in rows:
            why = self._why_not(t, may=may, guards=guards)
            if why is None:
                return t
            first = first or why
        kind, reason = first
        raise TransitionError(reason, action=str(action), source=_key(source), target=_key(target), kind=kind)

    def available(
        self, source: str | None, *, may: May | None = None, guards: Mapping[str, Guard] | None = None
    ) -> list[Transition]:
        """Return what this actor may do now from ``source``: one row per action, in table order.

        The one answer to "which buttons does this user see"; it agrees with :meth:`check`.
        """
        guards = guards or {}
        out: list[Transition] = []
        for action in self.actions_from(source):
            for t in self.rows(action, source):
                if self._why_not(t, may=may, guards=guards) is None:
                    out.append(t)
                    break
        return out


def run_effects(
    transition: Transition, handlers: Mapping[str, Callable[..., Any]], /, *args, **kwargs
) -> None:
    """Run the named side effects of ``transition`` in table order (a missing handler is a bug)."""
    for name in transition.effects:
        handlers[name](*args, **kwargs)


def missing_handlers(workflow: Workflow, names: Iterable[str]) -> frozenset[str]:
    """Return the effect names of ``workflow`` that have no handler among ``names`` (for tests)."""
    return workflow.effect_names() - frozenset(names)
