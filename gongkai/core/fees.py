"""The information-processing fee (《政府信息公开信息处理费管理办法》, 国办函〔2020〕109号, RULES.md §4).

The agency charges either per item (按件, Fee Measures art. 4) or per volume (按量, art. 5), never
both for one application (art. 3). Both scales are progressive. Amounts are whole yuan, returned
as ``int``: every rate in the Measures is a whole number of yuan.

This module imports nothing from Django.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

__all__ = ["FeeResult", "per_item_fee", "per_volume_fee"]

FREE_ITEMS_PER_MONTH = 10  # Fee Measures art. 4
SECOND_BAND_LAST_ITEM = 30  # Fee Measures art. 4: the 11th–30th at 100 yuan
SECOND_BAND_YUAN = 100
LATER_BAND_SIZE = 10  # Fee Measures art. 4: from the 31st, bands of 10
LATER_BAND_STEP_YUAN = 100  # each band 100 yuan per item dearer than the one before

# Fee Measures art. 5: (first page, last page or None, yuan per page)
PAGE_BANDS: tuple[tuple[int, int | None, int], ...] = (
    (1, 30, 0),
    (31, 100, 10),
    (101, 200, 20),
    (201, None, 40),
)


@dataclass(frozen=True, slots=True)
class FeeResult:
    """A fee, the method it was computed by, and a Chinese explanation citing the Measures."""

    method: Literal["per_item", "per_volume"]
    yuan: int
    explanation: str

    def as_json(self) -> dict[str, object]:
        """Return the JSON shape printed by ``gongkai fee``."""
        return {"method": self.method, "yuan": self.yuan, "explanation": self.explanation}


def _positive_int(value: object, zh: str, en: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValueError(
            f"{zh}必须是正整数，实际为 {value!r} / {en} must be a positive integer, got {value!r}"
        )
    if value < 1:
        raise ValueError(f"{zh}必须不小于1，实际为 {value} / {en} must be at least 1, got {value}")
    return value


def per_item_fee(nth: int) -> FeeResult:
    """Return the fee for the ``nth`` application of one applicant in one calendar month.

    Fee Measures art. 4: the 1st–10th are free; the 11th–30th cost 100 yuan each; from the 31st,
    bands of 10 applications, each band 100 yuan per item dearer than the one before (31st–40th
    200, 41st–50th 300, ...). The count is cumulative per applicant per calendar month.
    """
    nth = _positive_int(nth, "本月申请序号", "nth")
    if nth <= FREE_ITEMS_PER_MONTH:
        yuan = 0
        band = f"第1至{FREE_ITEMS_PER_MONTH}件免费"
    elif nth <= SECOND_BAND_LAST_ITEM:
        yuan = SECOND_BAND_YUAN
        band = f"第{FREE_ITEMS_PER_MONTH + 1}至{SECOND_BAND_LAST_ITEM}件每件{SECOND_BAND_YUAN}元"
    else:
        index = (nth - SECOND_BAND_LAST_ITEM - 1) // LATER_BAND_SIZE
        yuan = SECOND_BAND_YUAN + LATER_BAND_STEP_YUAN * (index + 1)
        first = SECOND_BAND_LAST_ITEM + 1 + index * LATER_BAND_SIZE
        band = f"第{first}至{first + LATER_BAND_SIZE - 1}件每件{yuan}元"
    explanation = (
        f"按件计收：同一申请人本月第{nth}件申请，{band}，本件收费{yuan}元"
        "（《政府信息公开信息处理费管理办法》第四条）。"
    )
    return FeeResult(method="per_item", yuan=yuan, explanation=explanation)


def per_volume_fee(pages: int) -> FeeResult:
    """Return the fee for ``pages`` pages of one application, progressively by band.

    Fee Measures art. 5: pages 1–30 free; pages 31–100 10 yuan each; 101–200 20 yuan each; from
    page 201, 40 yuan each. Each band is charged only for the pages that fall in it, so 101 pages
    cost 70 × 10 + 1 × 20 = 720 yuan.
    """
    pages = _positive_int(pages, "页数", "pages")
    total = 0
    parts: list[str] = []
    for first, last, rate in PAGE_BANDS:
        if pages < first:
            break
        upto = pages if last is None else min(pages, last)
        count = upto - first + 1
        total += count * rate
        label = f"第{first}至{upto}页" if upto != first else f"第{first}页"
        parts.append(f"{label}免费" if rate == 0 else f"{label}{count}页×{rate}元={count * rate}元")
    explanation = (
        f"按量计收：共{pages}页，{'；'.join(parts)}；合计{total}元"
        "（《政府信息公开信息处理费管理办法》第五条）。"
    )
    return FeeResult(method="per_volume", yuan=total, explanation=explanation)
