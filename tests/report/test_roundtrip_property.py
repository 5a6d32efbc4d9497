"""Render → read is the identity: random consistent reports, every renderer, read back by content.

Reports respect every identity of RULES.md §6 and carry a narrative drawn from a small set of
Chinese sentences. Each is rendered in one format, read back through ``read_report`` (so the
sniffing is exercised too) and compared cell by cell; the checks must find no error in it.
Only the PDF round trip may be skipped, on a machine without a CJK font (an environment, not
a missing reader: a reader that fails to import fails the test).
"""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Callable
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gongkai.report import format as fmt
from gongkai.report.checks import check_report
from gongkai.report.model import Report
from gongkai.report.read import read_report
from gongkai.report.render import render

AGENCIES = ("洛阳市教育局", "偃师区人民政府", "洛阳市自然资源和规划局", "栾川县卫生健康委员会")
SENTENCES = (
    "本机关认真贯彻落实《中华人民共和国政府信息公开条例》。",
    "持续完善政务公开全清单，按时做好公开。",
    "进一步优化网站栏目设置，调整梳理版面。",
    "加强政策解读，增强解读时效。",
    "依法依规做好依申请公开工作，均在法定期限内答复。",
    "严格执行信息发布“三审三校”机制。",
    "定期开展政务公开专题业务培训。",
    "信息公开内容的广度和时效性有待进一步提高。",
)
FEE_SENTENCE = "依据《政府信息公开信息处理费管理办法》，本年度本机关未收取信息处理费。"

EXAMPLES = {"txt": 25, "html": 25, "md": 25, "json": 25, "docx": 10, "pdf": 5}


# --- random consistent reports --------------------------------------------------------------------

counts = st.one_of(st.just(0), st.integers(0, 9), st.integers(0, 5000))
small = st.one_of(st.just(0), st.just(0), st.integers(1, 30))
paragraph = st.lists(st.sampled_from(SENTENCES), min_size=1, max_size=3).map("".join)
narrative = st.lists(paragraph, min_size=1, max_size=3).map("\n".join)
fees = st.decimals(min_value=0, max_value=100000, places=3, allow_nan=False, allow_infinity=False)


@st.composite
def consistent_reports(draw: st.DrawFn) -> Report:
    """Draw a complete report whose tables satisfy every identity of RULES.md §6."""
    report = Report(agency=draw(st.sampled_from(AGENCIES)), year=draw(st.integers(2021, 2025)))
    report.text = {
        "overview": draw(narrative),
        "problems": draw(narrative),
        "other": draw(narrative) + FEE_SENTENCE,
    }
    for table in fmt.PROACTIVE_TABLES:
        for row in table.rows:
            for cell in table.cells:
                value = _fee(draw(fees)) if cell.decimal else draw(counts)
                report.set("proactive", row.code, cell.code, value)
    for column in fmt.APPLICANT_CATEGORIES:
        _draw_column(draw, report, column)
    for row in fmt.APPLICATION_ROWS:
        cells = report.applications[row.code]
        cells["total"] = sum(cells[c] for c in fmt.APPLICANT_CATEGORIES)
    for group in fmt.REMEDY_GROUPS:
        cells = report.remedies[group.code]
        for part in fmt.REMEDY_PARTS:
            cells[part] = draw(small)
        cells["total"] = sum(cells[p] for p in fmt.REMEDY_PARTS)
    return report


def _fee(value: Decimal) -> int | Decimal:
    """Keep the fee as the model reads it back: integral amounts are ints, others keep their digits."""
    value = value.normalize()
    return int(value) if value == value.to_integral_value() else value


def _draw_column(draw: st.DrawFn, report: Report, column: str) -> None:
    """Fill one applicant column: outcomes, then carried over/forward and new so 一+二 = 三（七）+四."""
    apps = report.applications
    for code in fmt.OUTCOME_CODES:
        apps[code][column] = draw(small)
    handled = sum(apps[code][column] for code in fmt.OUTCOME_CODES)
    forward = draw(small)
    carried = min(draw(small), handled + forward)
    apps["total_handled"][column] = handled
    apps["carried_forward"][column] = forward
    apps["carried_over"][column] = carried
    apps["new_this_year"][column] = handled + forward - carried


# --- the round trip ---------------------------------------------------------------------------------


def _cannot_run(kind: str) -> str | None:
    """Return why the round trip cannot run here: only the PDF one needs a CJK font on the machine."""
    if kind == "pdf" and not _has_cjk_font():
        return "no CJK font for WeasyPrint (run scripts/ensure-cjk-font.sh)"
    return None


def _has_cjk_font() -> bool:
    if shutil.which("fc-list") is None:
        return False
    listed = subprocess.run(["fc-list", ":lang=zh", "family"], capture_output=True, text=True, check=False)
    return bool(listed.stdout.strip())


def _as_bytes(rendered: str | bytes) -> bytes:
    return rendered.encode("utf-8") if isinstance(rendered, str) else rendered


def _squeeze(text: str) -> str:
    return "".join(text.split())


def assert_round_trip(report: Report, kind: str) -> None:
    result = read_report(_as_bytes(render(report, kind)), source=f"report.{kind}")
    assert result.readable, [str(f) for f in result.findings]
    back = result.report
    assert back is not None
    differences = [
        (".".join(path), value, back.get(*path)) for path, value in report.cells() if back.get(*path) != value
    ]
    assert differences == []
    assert (back.agency, back.year, back.format) == (report.agency, report.year, report.format)
    assert {k: _squeeze(back.text[k]) for k in fmt.TEXT_KEYS} == {
        k: _squeeze(report.text[k]) for k in fmt.TEXT_KEYS
    }
    assert [f for f in check_report(back) if f.is_error] == []


def _round_trip_test(kind: str) -> Callable[..., None]:
    """Return the round-trip test of one format, with that format's example budget."""

    @pytest.mark.skipif(_cannot_run(kind) is not None, reason=_cannot_run(kind) or "")
    @settings(
        max_examples=EXAMPLES[kind],
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )
    @given(report=consistent_reports())
    def test(report: Report) -> None:
        assert_round_trip(report, kind)

    test.__name__ = f"test_render_then_read_is_the_identity_{kind}"
    return test


test_render_then_read_is_the_identity_txt = _round_trip_test("txt")
test_render_then_read_is_the_identity_html = _round_trip_test("html")
test_render_then_read_is_the_identity_md = _round_trip_test("md")
test_render_then_read_is_the_identity_json = _round_trip_test("json")
test_render_then_read_is_the_identity_docx = _round_trip_test("docx")
test_render_then_read_is_the_identity_pdf = _round_trip_test("pdf")


@given(report=consistent_reports())
@settings(max_examples=50, deadline=None)
def test_generated_reports_are_consistent(report: Report) -> None:
    """The generator itself: the checks find nothing in what it draws (else the round trip proves little)."""
    assert check_report(report) == []
