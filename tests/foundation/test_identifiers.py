import pytest

from gongkai.core.identifiers import (
    credit_code_problem,
    is_valid_credit_code,
    is_valid_resident_id,
    luhn_valid,
    mask_identifier,
    resident_id_problem,
)


@pytest.mark.parametrize(
    "code",
    ["91110000600037341L", "91350100M000100Y43", "11410300MB1520437" + "0"],
)
def test_credit_code_check_characters(code):
    # The first two are real published codes; the third is checked against its own check char.
    if code.startswith("1141"):
        from gongkai.core.identifiers import credit_code_check_char

        code = code[:17] + credit_code_check_char(code[:17])
    assert is_valid_credit_code(code)


@pytest.mark.parametrize(
    ("code", "why"),
    [
        ("91110000600037341M", "校验位"),
        ("91110000600037341", "18位"),
        ("9111000060003734IL", "字符"),
        ("", "18位"),
    ],
)
def test_credit_code_rejections_say_why(code, why):
    assert why in credit_code_problem(code)


def test_resident_id_standard_example():
    assert is_valid_resident_id("11010519491231002X")
    assert "校验位" in resident_id_problem("110105194912310021")
    assert "出生日期" in resident_id_problem("110105194913310020")


def test_luhn():
    assert luhn_valid("4111111111111111")
    assert not luhn_valid("4111111111111112")


def test_mask():
    assert mask_identifier("11010519491231002X") == "110***********002X"
    assert mask_identifier("13812345678") == "138****5678"
