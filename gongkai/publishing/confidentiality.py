"""The structured confidentiality review (保密审查) kept with its review step.

Before release the confidentiality reviewer answers each item of the checklist (Regulation
art. 17: review under the Law on Guarding State Secrets; art. 15: trade secrets and personal
privacy): "不含" (checked, none found) or "含有" (found). Clearing requires every item answered
"不含"; returning requires every item answered, at least one "含有" or a written reason.
Pure: no Django.
"""

from __future__ import annotations

ABSENT, PRESENT = "absent", "present"
ANSWERS = ((ABSENT, "不含"), (PRESENT, "含有"))

CHECKLIST: tuple[tuple[str, str], ...] = (
    ("state_secrets", "国家秘密"),
    ("work_secrets", "工作秘密"),
    ("personal_data", "个人信息（身份证号、电话、住址等）"),
    ("commercial_secrets", "商业秘密"),
    ("sensitive_wording", "敏感表述或不宜公开的内部意见"),
)
LABELS = dict(CHECKLIST)


def checklist_problem(*, clearing: bool, answers: dict[str, str], opinion: str = "") -> str | None:
    """Return why ``answers`` cannot support the decision (a Chinese message), or None."""
    missing = [label for key, label in CHECKLIST if answers.get(key) not in (ABSENT, PRESENT)]
    if missing:
        return "请逐项填写保密审查清单：" + "、".join(missing)
    found = [label for key, label in CHECKLIST if answers[key] == PRESENT]
    if clearing and found:
        return "清单中有“含有”的项目（" + "、".join(found) + "），不能通过保密审查，请退回修改"
    if not clearing and not found and not opinion.strip():
        return "退回时请在清单中标明发现的问题，或填写退回理由"
    return None


def readable(answers: dict[str, str]) -> list[tuple[str, str]]:
    """Return (item, answer) pairs in checklist order, as shown in the review history."""
    names = dict(ANSWERS)
    return [(label, names.get(answers.get(key, ""), "未填")) for key, label in CHECKLIST if key in answers]


# Every item checked and nothing found (what a clearing decision records).
ALL_CLEAR: dict[str, str] = {key: ABSENT for key, _ in CHECKLIST}
