"""The information-processing fee (Fee Measures art. 4 and 5, RULES.md §4), at every band edge."""

from __future__ import annotations

import pytest

from gongkai.core.fees import per_item_fee, per_volume_fee


@pytest.mark.parametrize(
    ("nth", "yuan"),
    [(1, 0), (10, 0), (11, 100), (30, 100), (31, 200), (40, 200), (41, 300), (50, 300), (51, 400), (61, 500)],
)
def test_per_item_bands(nth, yuan):
    result = per_item_fee(nth)
    assert (result.method, result.yuan) == ("per_item", yuan)


def test_per_item_explanation_names_the_band_and_article():
    text = per_item_fee(41).explanation
    assert "第41件" in text and "第41至50件每件300元" in text and "第四条" in text
    assert "第1至10件免费" in per_item_fee(10).explanation


@pytest.mark.parametrize(
    ("pages", "yuan"),
    [
        (1, 0),
        (30, 0),
        (31, 10),  # 1 page at 10
        (100, 700),  # 70 pages at 10
        (101, 720),  # 70 * 10 + 1 * 20
        (200, 2700),  # 700 + 100 * 20
        (201, 2740),  # 2700 + 1 * 40
        (250, 4700),  # 2700 + 50 * 40
    ],
)
def test_per_volume_is_progressive(pages, yuan):
    result = per_volume_fee(pages)
    assert (result.method, result.yuan) == ("per_volume", yuan)


def test_per_volume_explanation_shows_each_band():
    text = per_volume_fee(101).explanation
    assert "第31至100页70页×10元=700元" in text
    assert "第101页1页×20元=20元" in text
    assert "合计720元" in text and "第五条" in text


@pytest.mark.parametrize("bad", [0, -1, 1.5, "11", True, None])
def test_invalid_numbers_raise_value_error(bad):
    with pytest.raises(ValueError, match="nth"):
        per_item_fee(bad)
    with pytest.raises(ValueError, match="pages"):
        per_volume_fee(bad)


def test_json_shape():
    assert per_item_fee(11).as_json() == {
        "method": "per_item",
        "yuan": 100,
        "explanation": per_item_fee(11).explanation,
    }
