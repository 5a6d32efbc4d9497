"""A small judged query set over the demo data: what a person looking for each query wants.

Each entry is (query, the words every relevant title contains). Relevance is judged on titles,
as a reader scanning the catalogue would; the search engine also reads bodies and attachments,
so it may find more, which counts against nothing here: this measures recall.
Used by tests/ux/test_pages.py (a floor) and bench/search_quality.py (the figure).
"""

from __future__ import annotations

JUDGED: list[tuple[str, tuple[str, ...]]] = [
    ("普通高中招生", ("普通高中招生",)),
    ("洛教基〔2022〕18号", ("义务教育阶段学校招生入学工作规程",)),
    ("校外培训机构", ("校外培训机构",)),
    ("学籍管理", ("学籍管理",)),
    ("民办学校", ("民办学校",)),
    ("教师资格", ("教师资格",)),
    ("老旧小区改造", ("老旧小区改造",)),
    ("加装电梯", ("加装电梯",)),
    ("义务教育招生", ("义务教育", "招生")),
    ("智慧教室", ("智慧教室",)),
    ("燃气安全", ("燃气安全",)),
    ("政府采购意向", ("政府采购意向",)),
    # Annual reports (their own entries in the index) and policy interpretations (issue 13 point 4).
    ("年度报告", ("政府信息公开工作年度报告",)),
    ("2024年政府信息公开工作年度报告", ("2024年政府信息公开工作年度报告",)),
    ("政策解读", ("政策解读",)),
    ("招生 解读", ("招生", "解读")),
]


def recall(search, documents) -> tuple[float, list[tuple[str, int, int]]]:
    """Return the mean recall over the judged set and, per query, (query, relevant, found).

    ``search(query)`` returns the index keys of everything found; ``documents`` is (key, title) of
    what the public can find: documents and annual reports (``searchable_titles``). A query whose relevant set is empty is left out (it judges nothing).
    """
    rows = []
    for query, words in JUDGED:
        relevant = {pk for pk, title in documents if all(w in title for w in words)}
        if not relevant:
            continue
        found = relevant & set(search(query))
        rows.append((query, len(relevant), len(found)))
    mean = sum(found / relevant for _, relevant, found in rows) / len(rows) if rows else 0.0
    return mean, rows


def searchable_titles() -> list[tuple[int, str]]:
    """Return (index key, title) of the public documents and of the annual reports the public reads."""
    from gongkai.annual_report.models import AnnualReport, ReportStatus
    from gongkai.publishing.selectors import published_documents
    from gongkai.search.models import report_key
    from gongkai.search.records import report_record

    documents = list(published_documents().values_list("pk", "title"))
    reports = AnnualReport.objects.filter(status=ReportStatus.PUBLISHED).select_related("agency")
    return documents + [(report_key(r.pk), str(r)) for r in reports if report_record(r) is not None]
