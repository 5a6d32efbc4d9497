"""Checks of an annual report, in the manner of Django's system checks.

``check_report(report, previous=None)`` returns findings with stable ids. The ids are an API —
the staff pages, the auditor's JSON and stored results refer to them — so an id is never
renumbered or reused; a retired check keeps its id unused.

======================  =======  ===========================================================
id                      level    meaning
======================  =======  ===========================================================
report.E001             error    a section of the six (RULES.md §6) is missing
report.E002             error    a statistical table (section 二, 三 or 四) is missing
report.E003             error    section 三, per column: 一 + 二 ≠ 三（七） + 四
report.E004             error    section 三, per column: 三（七）总计 ≠ the sum of the 21 outcome rows
report.E005             error    section 三, per row: 总计 column ≠ the sum of the six applicant columns
report.E006             error    section 四, per group: 总计 ≠ 维持 + 纠正 + 其他 + 尚未审结
report.E007             error    a negative value in any cell (the fee amount included)
report.E008             error    a fractional count (only the fee amount in 万元 may be a decimal)
report.W001             warning  a figure in the narrative contradicts the tables (收到/受理…申请 N 件, 上年结转 N 件,
                                 答复/办结 N 件, 予以公开 N 件 …, 行政复议/行政诉讼 N 件, "未发生行政复议",
                                 制发/废止/现行有效规范性文件 N 件, 行政许可/处罚/强制 N 件)
report.W002             warning  a total stated in the narrative differs from the items it lists
                                 (website columns vs "发布网站信息 N 条"; "…N 件，其中…" breakdowns): items
                                 adding up to more than the total, or, after 分别为, to anything else
report.W003             warning  section 六 does not state the information-processing fee (信息处理费)
report.W004             warning  row 二 (carried over) ≠ last year's row 四 (carried forward), per column
report.W005             warning  the narrative is more than 90 % identical to last year's (difflib ratio on the
                                 whitespace-free narrative; both ≥ 200 characters; see history.py)
report.W006             warning  现行有效 ≠ last year's 现行有效 + 本年制发 − 本年废止 (规章, 行政规范性文件)
report.W007             warning  a year-on-year jump in new applications, remedies or corrections (history.py's
                                 OUR RULE: at least doubled or halved, and by at least 20 / 5 / 3)
report.I001             info     how many cells are unknown; identities involving them were skipped
report.I002             info     the report is in an older format; the 2021 checks were not run
report.I003             info     the previous report given is not the previous year's; no year-over-year checks
======================  =======  ===========================================================

A None cell is never taken for 0: an identity involving one is skipped, and report.I001 says
once how many cells were unknown. Narrative phrases are matched with precompiled patterns; the
checks of one report take well under a millisecond (see tests/report/test_checks.py).

Pure: imports nothing from Django.
"""

from __future__ import annotations

from collections.abc import Collection

from .. import format as fmt
from ..findings import Finding, info
from ..model import Report
from .figures import check_fee_statement, check_figures
from .history import check_history
from .listing import check_listings
from .prose import Prose
from .tables import check_applications, check_cells, check_remedies, check_structure

__all__ = ["check_report"]


def check_report(
    report: Report, *, previous: Report | None = None, boilerplate: Collection[str] = ()
) -> list[Finding]:
    """Return every finding about one report, errors first in printed order, then warnings and info.

    ``previous`` is the same agency's report for the year before, enabling report.W004–W007;
    ``boilerplate`` lists sentences drafted by the platform itself, left out of report.W005.
    """
    if report.format != fmt.FORMAT_2021:
        name = fmt.FORMAT_NAMES.get(report.format, report.format)
        return [info("report.I002", f"本报告为{name}，不适用 2021 年格式的核对。")]
    texts = {key: Prose.of(report.text.get(key, "")) for key in fmt.TEXT_KEYS}
    findings = [
        *check_structure(report),
        *check_cells(report),
        *check_applications(report),
        *check_remedies(report),
        *check_figures(report, texts),
        *check_listings(texts),
        *check_fee_statement(texts),
    ]
    if previous is not None:
        findings.extend(check_history(report, previous, boilerplate=boilerplate))
    order = {"error": 0, "warning": 1, "info": 2}
    return sorted(findings, key=lambda f: order[f.level])
