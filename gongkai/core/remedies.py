"""The remedy a reply must state, and the body that hears a reconsideration (RULES.md §5).

One place decides what a letter, the public tracking page and the guide say about remedies:
:func:`remedy_for` takes an outcome code (one of the 21 of CODES.md), the reply date and the
name of the reconsideration body, and returns the sentence to print.

Since 2024-01-01 (the revised 《中华人民共和国行政复议法》 art. 23(1)(四)) a refusal to disclose —
every ``withheld.*`` outcome and the withheld part of ``partially_disclosed`` — must first go to
administrative reconsideration (60 days from receiving the reply); only after the
reconsideration decision may the applicant sue (15 days from receiving that decision). A failure
to reply (art. 23(1)(三)) is treated the same way. Every other reply, and every reply dated
before 2024-01-01, states reconsideration within 60 days or litigation within 6 months.

The default reconsideration body (:func:`default_reconsideration_body`): a department → its
people's government; a government → the government one level up; a vertically managed body
(customs, finance, tax, foreign exchange, state security) → the department one level up.

This module imports nothing from Django.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

__all__ = [
    "RECONSIDERATION_FIRST_SINCE",
    "Remedy",
    "default_reconsideration_body",
    "direct_litigation_unusual",
    "guide_remedies",
    "is_refusal",
    "remedy_for",
    "remedy_for_no_reply",
]

RECONSIDERATION_FIRST_SINCE = date(2024, 1, 1)  # the revised Administrative Reconsideration Law

GENERIC_GOVERNMENT_ABOVE = "上一级人民政府"
GENERIC_DEPARTMENT_ABOVE = "上一级主管部门"
GENERIC_BODY = "有管辖权的行政复议机关"


def is_refusal(outcome: str) -> bool:
    """Return whether ``outcome`` refuses disclosure in whole or part (不予公开 / 部分公开)."""
    return outcome.startswith("withheld.") or outcome == "partially_disclosed"


@dataclass(frozen=True, slots=True)
class Remedy:
    """What the reply says about remedies: the sentence, the body, and whether review comes first."""

    reconsideration_first: bool  # litigation only after the reconsideration decision
    body: str
    sentence: str


def _ordinary(body: str, subject: str) -> str:
    return (
        f"如对{subject}不服，可以自收到{subject}之日起六十日内向{body}申请行政复议，"
        f"或者自收到{subject}之日起六个月内依法向人民法院提起行政诉讼。"
    )


def _first(body: str, subject: str, lead: str) -> str:
    return (
        f"{lead}，应当先自收到{subject}之日起六十日内向{body}申请行政复议；"
        "对行政复议决定不服的，可以自收到行政复议决定书之日起十五日内依法向人民法院提起行政诉讼"
        "（《中华人民共和国行政复议法》第二十三条）。"
    )


def remedy_for(outcome: str, reply_date: date | None, body: str, *, subject: str = "本告知书") -> Remedy:
    """Return the remedy for a reply with ``outcome`` dated ``reply_date`` (RULES.md §5).

    ``reply_date`` None (a draft not yet dated) is taken as a current reply: the rule in force
    since 2024-01-01 applies.
    """
    body = body.strip() or GENERIC_BODY
    current = reply_date is None or reply_date >= RECONSIDERATION_FIRST_SINCE
    if not current or not is_refusal(outcome):
        return Remedy(False, body, _ordinary(body, subject))
    if outcome == "partially_disclosed":
        sentence = _first(body, subject, f"如对{subject}中不予公开的部分不服") + (
            f"对{subject}其他内容不服的，可以自收到{subject}之日起六十日内向{body}申请行政复议，"
            f"或者自收到{subject}之日起六个月内依法向人民法院提起行政诉讼。"
        )
        return Remedy(True, body, sentence)
    return Remedy(True, body, _first(body, subject, f"如对{subject}不服"))


def remedy_for_no_reply(body: str) -> Remedy:
    """Return the remedy when no reply came in time (行政复议法 art. 23(1)(三): review first)."""
    body = body.strip() or GENERIC_BODY
    sentence = (
        f"本机关逾期未作出答复的，申请人可以向{body}申请行政复议；对行政复议决定不服的，"
        "可以自收到行政复议决定书之日起十五日内依法向人民法院提起行政诉讼"
        "（《中华人民共和国行政复议法》第二十三条）。"
    )
    return Remedy(True, body, sentence)


def guide_remedies(body: str, *, today: date) -> list[str]:
    """Return the guide's remedy paragraphs, from the same rules the letters follow."""
    refusal = remedy_for("withheld.state_secret", today, body, subject="答复")
    other = remedy_for("disclosed", today, body, subject="答复")
    return [
        "申请人对本机关作出的不予公开答复（含部分公开答复中不予公开的部分）不服的，"
        + refusal.sentence.removeprefix("如对答复不服，"),
        "对本机关作出的其他答复不服的，" + other.sentence.removeprefix("如对答复不服，"),
        remedy_for_no_reply(body).sentence,
    ]


def direct_litigation_unusual(outcome: str, reply_date: date | None) -> bool:
    """Return whether a lawsuit filed without reconsideration skipped the required review.

    It is still recorded and counted in the annual report; the office is told (RULES.md §5).
    """
    return bool(reply_date and reply_date >= RECONSIDERATION_FIRST_SINCE and is_refusal(outcome))


def default_reconsideration_body(
    *, kind: str, vertically_managed: bool, ancestors: Sequence[tuple[str, str]]
) -> str:
    """Return the default reconsideration body of an agency (RULES.md §5).

    ``ancestors`` lists ``(name, kind)`` from the root down to the agency's parent; ``kind`` is
    an ``AgencyKind`` value ("government" for a people's government).
    """
    if vertically_managed:
        return ancestors[-1][0] if ancestors else GENERIC_DEPARTMENT_ABOVE
    for name, ancestor_kind in reversed(ancestors):
        if ancestor_kind == "government":
            return name
    return GENERIC_GOVERNMENT_ABOVE
