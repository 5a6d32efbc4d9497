"""The one workflow shape: a table, one error, and one answer to "what may this user do now"."""

from __future__ import annotations

import pytest

from gongkai.core.workflow import Transition, TransitionError, Workflow, missing_handlers, run_effects

STATES = {"draft": "草稿", "done": "已完成"}
ACTIONS = {"finish": "完成", "reopen": "重新打开", "tick": "定时处理"}


def _wf(*rows: Transition) -> Workflow:
    return Workflow(name="t", states=STATES, actions=ACTIONS, transitions=rows)


WF = _wf(
    Transition("finish", "draft", "done", roles="editors", guards=("complete",), effects=("stamp", "notify")),
    Transition("reopen", "done", "draft", roles="editors"),
    Transition("tick", "draft", "done", system=True),
)


def _may(allowed: set[str]):
    return lambda t: None if t.roles in allowed else "角色不符"


def test_every_state_and_action_must_carry_a_label():
    with pytest.raises(ValueError, match="label"):
        _wf(Transition("finish", "draft", "archived", roles="editors"))
    with pytest.raises(ValueError, match="label"):
        _wf(Transition("publish", "draft", "done", roles="editors"))
    with pytest.raises(ValueError, match="nobody"):
        _wf(Transition("finish", "draft", "done"))


def test_a_move_not_in_the_table_is_refused_in_chinese():
    with pytest.raises(TransitionError) as caught:
        WF.check("reopen", "draft", may=_may({"editors"}))
    assert caught.value.kind == "state" and not caught.value.forbidden
    assert str(caught.value) == "当前状态为“草稿”，不能执行“重新打开”"
    with pytest.raises(TransitionError, match="未知的操作"):
        WF.check("fly", "draft")


def test_roles_then_guards_decide_and_available_agrees_with_check():
    ok = {"complete": lambda: None}
    not_yet = {"complete": lambda: "内容不完整"}
    editor, stranger = _may({"editors"}), _may(set())
    assert WF.check("finish", "draft", may=editor, guards=ok).target == "done"
    with pytest.raises(TransitionError) as caught:
        WF.check("finish", "draft", may=stranger, guards=ok)
    assert caught.value.forbidden and str(caught.value) == "角色不符"
    with pytest.raises(TransitionError) as caught:
        WF.check("finish", "draft", may=editor, guards=not_yet)
    assert caught.value.kind == "guard" and str(caught.value) == "内容不完整"
    for may in (editor, stranger):
        for guards in (ok, not_yet):
            offered = {t.action for t in WF.available("draft", may=may, guards=guards)}
            for action in ACTIONS:
                try:
                    WF.check(action, "draft", may=may, guards=guards)
                except TransitionError:
                    assert action not in offered
                else:
                    assert action in offered


def test_the_system_makes_only_its_own_moves():
    assert [t.action for t in WF.available("draft", guards={"complete": lambda: None})] == ["tick"]
    with pytest.raises(TransitionError, match="工作人员") as caught:
        WF.check("finish", "draft", guards={"complete": lambda: None})
    assert caught.value.forbidden
    staff = _may({"editors"})
    with pytest.raises(TransitionError, match="角色不符"):
        WF.check("tick", "draft", may=lambda t: "角色不符" if not t.roles else None)
    assert WF.check("finish", "draft", may=staff, guards={"complete": lambda: None}).action == "finish"


def test_effects_are_named_and_run_in_table_order():
    ran: list[str] = []
    handlers = {
        "stamp": lambda record: ran.append(f"stamp {record}"),
        "notify": lambda r: ran.append("notify"),
    }
    run_effects(WF.rows("finish", "draft")[0], handlers, "r1")
    assert ran == ["stamp r1", "notify"]
    assert missing_handlers(WF, handlers) == frozenset()
    assert missing_handlers(WF, {"stamp"}) == {"notify"}


def test_several_rows_for_one_action_pick_the_first_the_actor_may_take():
    wf = Workflow(
        name="t",
        states=STATES,
        actions=ACTIONS,
        transitions=(
            Transition("finish", None, "draft", system=True),
            Transition("finish", None, "done", roles="editors"),
        ),
    )
    assert wf.check("finish", None).target == "draft"
    assert wf.check("finish", None, "done", may=_may({"editors"})).target == "done"
    assert wf.targets_of("finish", None) == {"draft", "done"}
    assert wf.state_label(None) == "尚未创建"
