"""RULES.md §5: the remedy a reply states, by outcome and reply date, and the default body."""

from __future__ import annotations

from datetime import date

import pytest

from gongkai.core.remedies import (
    default_reconsideration_body,
    direct_litigation_unusual,
    guide_remedies,
    remedy_for,
    remedy_for_no_reply,
)
from gongkai.report.format import OUTCOME_CODES

BEFORE = date(2023, 12, 29)  # the last working day before the revised law
SINCE = date(2024, 1, 1)
REFUSALS = {c for c in OUTCOME_CODES if c.startswith("withheld.")} | {"partially_disclosed"}
FIRST = "应当先自收到本告知书之日起六十日内向某市人民政府申请行政复议；对行政复议决定不服的，可以自收到行政复议决定书之日起十五日内依法向人民法院提起行政诉讼"
EITHER = "可以自收到本告知书之日起六十日内向某市人民政府申请行政复议，或者自收到本告知书之日起六个月内依法向人民法院提起行政诉讼。"


def test_there_are_21_outcome_codes_and_9_refusals():
    assert len(OUTCOME_CODES) == 21
    assert len(REFUSALS) == 9  # the eight withheld.* rows and partially_disclosed


@pytest.mark.parametrize("outcome", OUTCOME_CODES)
def test_since_2024_refusals_go_to_reconsideration_first(outcome):
    remedy = remedy_for(outcome, SINCE, "某市人民政府", subject="本告知书")
    assert remedy.body == "某市人民政府"
    assert remedy.reconsideration_first is (outcome in REFUSALS)
    if outcome in REFUSALS:
        assert FIRST in remedy.sentence
        assert ("六个月内" in remedy.sentence) is (outcome == "partially_disclosed")  # only for the rest
    else:
        assert remedy.sentence == "如对本告知书不服，" + EITHER


@pytest.mark.parametrize("outcome", OUTCOME_CODES)
def test_before_2024_every_reply_offers_either_remedy(outcome):
    remedy = remedy_for(outcome, BEFORE, "某市人民政府", subject="本告知书")
    assert remedy.reconsideration_first is False
    assert remedy.sentence == "如对本告知书不服，" + EITHER


def test_partial_disclosure_separates_the_withheld_part():
    sentence = remedy_for("partially_disclosed", SINCE, "某市人民政府", subject="本告知书").sentence
    assert sentence.startswith("如对本告知书中不予公开的部分不服，应当先")
    assert "对本告知书其他内容不服的，可以自收到本告知书之日起六十日内" in sentence


def test_no_reply_and_blank_body():
    assert remedy_for_no_reply("某市人民政府").reconsideration_first
    assert "向某市人民政府申请行政复议；对行政复议决定不服的" in remedy_for_no_reply("某市人民政府").sentence
    assert remedy_for("disclosed", SINCE, "  ").body == "有管辖权的行政复议机关"


def test_direct_litigation_is_unusual_only_for_post_2024_refusals():
    assert direct_litigation_unusual("withheld.state_secret", SINCE)
    assert direct_litigation_unusual("partially_disclosed", SINCE)
    assert not direct_litigation_unusual("withheld.state_secret", BEFORE)
    assert not direct_litigation_unusual("disclosed", SINCE)
    assert not direct_litigation_unusual("unavailable.not_held", SINCE)


@pytest.mark.parametrize(
    ("kind", "vertical", "ancestors", "body"),
    [
        ("department", False, [("省政府", "government"), ("市政府", "government")], "市政府"),
        ("county_body", False, [("市政府", "government")], "市政府"),
        ("government", False, [("省政府", "government"), ("市政府", "government")], "市政府"),
        ("government", False, [], "上一级人民政府"),
        ("department", True, [("市政府", "government"), ("市税务局", "department")], "市税务局"),
        ("department", True, [], "上一级主管部门"),
    ],
)
def test_default_reconsideration_body(kind, vertical, ancestors, body):
    assert default_reconsideration_body(kind=kind, vertically_managed=vertical, ancestors=ancestors) == body


def test_guide_states_all_three_cases():
    text = "".join(guide_remedies("某市人民政府", today=SINCE))
    assert "不予公开的部分）不服的，应当先自收到答复之日起六十日内向某市人民政府申请行政复议" in text
    assert "对本机关作出的其他答复不服的，可以自收到答复之日起六十日内" in text
    assert "逾期未作出答复的" in text
