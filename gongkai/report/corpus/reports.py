"""Random consistent reports: every identity of RULES.md §6 holds, figures shaped like real ones.

Real reports are mostly zeros with a few small counts and the odd large one; the draw follows
that, because runs of zeros are what make crawler text ambiguous.

Pure: imports nothing from Django.
"""

from __future__ import annotations

import random
from decimal import Decimal

from .. import format as fmt
from ..model import Report

AGENCIES = (
    "洛阳市教育局",
    "偃师区人民政府",
    "洛阳市自然资源和规划局",
    "栾川县卫生健康委员会",
    "沭阳县人民政府办公室",
    "郑州市金水区市场监督管理局",
)
SENTENCES = (
    "本机关认真贯彻落实《中华人民共和国政府信息公开条例》，持续推进政务公开标准化规范化。",
    "全年通过政府网站主动公开政府信息，及时回应社会关切。",
    "严格执行信息发布“三审三校”机制，落实保密审查责任。",
    "定期检查网站栏目更新情况，开展政务公开业务培训。",
    "依法依规做好依申请公开工作，均在法定期限内答复。",
    "信息公开内容的广度和时效性有待进一步提高。",
)
FEE_SENTENCE = "依据《政府信息公开信息处理费管理办法》，本年度本机关未收取信息处理费。"


def _count(rng: random.Random, *, busy: float = 0.4, high: int = 40) -> int:
    return rng.randint(1, high) if rng.random() < busy else 0


def random_report(rng: random.Random) -> Report:
    """Return a complete report whose tables satisfy every identity of RULES.md §6."""
    report = Report(agency=rng.choice(AGENCIES), year=rng.randint(2021, 2025))
    report.text = {
        "overview": "\n".join(rng.choice(SENTENCES) for _ in range(rng.randint(2, 6))),
        "problems": "\n".join(rng.choice(SENTENCES) for _ in range(rng.randint(1, 2))),
        "other": rng.choice(SENTENCES) + FEE_SENTENCE,
    }
    for table in fmt.PROACTIVE_TABLES:
        for row in table.rows:
            for cell in table.cells:
                if cell.decimal:
                    value: int | Decimal = rng.choice((0, 0, rng.randint(1, 5000)))
                    if value and rng.random() < 0.5:
                        value = Decimal(rng.randint(1, 10**6)) / 100
                        value = int(value) if value == value.to_integral_value() else value.normalize()
                else:
                    value = _count(rng, busy=0.6, high=rng.choice((9, 60, 3000)))
                report.set("proactive", row.code, cell.code, value)
    for column in fmt.APPLICANT_CATEGORIES:
        busy = 0.5 if column == "natural" else 0.12
        outcomes = {code: _count(rng, busy=busy, high=rng.choice((5, 30, 200))) for code in fmt.OUTCOME_CODES}
        handled = sum(outcomes.values())
        forward = _count(rng, busy=busy, high=15)
        carried = min(_count(rng, busy=busy, high=15), handled + forward)
        values = {
            **outcomes,
            "total_handled": handled,
            "carried_forward": forward,
            "carried_over": carried,
            "new_this_year": handled + forward - carried,
        }
        for code, value in values.items():
            report.set("applications", code, column, value)
    for row in fmt.APPLICATION_ROWS:
        cells = report.applications[row.code]
        cells["total"] = sum(cells[c] for c in fmt.APPLICANT_CATEGORIES)
    for group in fmt.REMEDY_GROUPS:
        cells = report.remedies[group.code]
        for part in fmt.REMEDY_PARTS:
            cells[part] = _count(rng, busy=0.3, high=rng.choice((3, 12)))
        cells["total"] = sum(cells[p] for p in fmt.REMEDY_PARTS)
    return report
