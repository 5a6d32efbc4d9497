"""Reads for annual reports: versions, the supervisor's overview, the records behind a cell."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from gongkai.agencies.models import Agency, AgencyKind
from gongkai.agencies.scoping import get_scoped, readable_agencies, scope
from gongkai.agencies.selectors import agency_rows
from gongkai.applications.selectors import remedy_counts_records, year_counts_records
from gongkai.publishing.models import NormativeKind, NormativeRecord, YearlyFigures
from gongkai.publishing.selectors.reports import normative_filters
from gongkai.report import format as fmt
from gongkai.report.checks.levels import Member, check_levels
from gongkai.report.findings import Finding

from . import aggregates
from .models import HEADLINE_CELLS, AnnualReport, ReportStatus, YearAggregate, publication_deadline


def reports_visible_to(user) -> QuerySet[AnnualReport]:
    """Return every report version ``user`` may read, by agency, newest year and version first."""
    return scope(AnnualReport.objects.select_related("agency"), user).order_by(
        "agency__path", "-year", "-version"
    )


def report_get(user, pk: int, *, write: bool = False) -> AnnualReport:
    """Return the report version ``pk`` if ``user`` may read it (``write``: change it)."""
    return get_scoped(AnnualReport.objects.select_related("agency", "supersedes"), user, write=write, pk=pk)


def published_versions(agency, year: int) -> list[AnnualReport]:
    """Return the published versions of an agency-year, the newest first."""
    return list(
        AnnualReport.objects.filter(agency=agency, year=year, status=ReportStatus.PUBLISHED)
        .select_related("agency")
        .order_by("-version")
    )


def published_reports(agency) -> QuerySet[AnnualReport]:
    """Return the agency's published versions, newest year and version first."""
    return AnnualReport.objects.filter(agency=agency, status=ReportStatus.PUBLISHED).order_by(
        "-year", "-version"
    )


def current_versions(agency, year: int) -> list[AnnualReport]:
    return list(AnnualReport.objects.filter(agency=agency, year=year).order_by("-version"))


def is_published(agency_id: int, year: int) -> bool:
    """Return whether the agency's report for ``year`` has been published (any version)."""
    return AnnualReport.objects.filter(agency_id=agency_id, year=year, status=ReportStatus.PUBLISHED).exists()


def latest_published(agency, year: int) -> AnnualReport | None:
    return (
        AnnualReport.objects.filter(agency=agency, year=year, status=ReportStatus.PUBLISHED)
        .order_by("-version")
        .first()
    )


_OVERVIEW_FIELDS = (
    "id",
    "agency_id",
    "version",
    "status",
    "published_on",
    "error_count",
    "warning_count",
    "headline",
)
_STATUS_LABELS = dict(ReportStatus.choices)


def overview_rows(user, year: int, today: date | None = None) -> list[dict]:
    """One row per agency the user may read: its report's state for ``year``, side by side.

    Two queries: the agencies (``AgencyRow``: only what a row shows), and every version of their reports for
    the year as plain values — only the columns shown and the six figures kept beside the
    tables (``AnnualReport.headline``): a province's 300 reports would otherwise decode every
    table, narrative and finding of every version. ``row["report"]`` is ``{"pk", "version",
    "status", "status_label"}`` of the version shown, or ``None``.
    """
    today = today or timezone.localdate()
    shown_agencies = readable_agencies(user).filter(is_active=True)
    agencies = agency_rows(shown_agencies.order_by("path"))
    versions: dict[int, list[tuple]] = {}
    for report in (  # the agencies as a subquery: 300 bound ids cost more to prepare than to join
        AnnualReport.objects.filter(year=year, agency_id__in=shown_agencies.values("pk"))
        .values_list(*_OVERVIEW_FIELDS)  # tuples, read from the covering index annual_report_overview
        .order_by("-version")
    ):
        versions.setdefault(report[1], []).append(report)
    deadlines = {
        kind: publication_deadline(year, kind == AgencyKind.GOVERNMENT) for kind in AgencyKind.values
    }
    published_status = ReportStatus.PUBLISHED
    rows = []
    for agency in agencies:
        deadline = deadlines[agency.kind]
        mine = versions.get(agency.pk, ())
        published = [r for r in mine if r[3] == published_status]
        first_on = published[-1][4] if published else None
        shown = published[0] if published else (mine[0] if mine else None)
        if shown is None:
            report = errors = warnings = None
            headline = {}
        else:
            pk, _, version, status, _, errors, warnings, headline = shown
            report = {
                "pk": pk,
                "version": version,
                "status": status,
                "status_label": _STATUS_LABELS.get(status, status),
            }
        rows.append(
            {
                "agency": agency,
                "report": report,
                "published": bool(published),
                "corrected": len(published) > 1,
                "published_on": first_on,
                "deadline": deadline,
                "late": first_on > deadline if first_on else today > deadline,
                "errors": errors,
                "warnings": warnings,
                **{name: headline.get(name) for name in HEADLINE_CELLS},
            }
        )
    return rows


def _cell(tables: dict, section: str, row: str, cell: str):
    return ((tables.get(section) or {}).get(row) or {}).get(cell)


def cell_records(
    agency: Agency, year: int, section: str, row: str, cell: str, *, user=None
) -> tuple[str, QuerySet | None]:
    """Return (kind, queryset) of the records one cell counts; kind names the list to show.

    With ``user``, only the records ``user`` may read.
    """
    kind, records = _cell_records(agency, year, section, row, cell)
    return kind, (scope(records, user) if user is not None else records)


def _cell_records(agency: Agency, year: int, section: str, row: str, cell: str) -> tuple[str, QuerySet]:
    if section == "applications":
        return "applications", year_counts_records(agency, year, row, cell).select_related("agency")
    if section == "remedies":
        return "remedies", remedy_counts_records(agency, year, row, cell).select_related("application")
    if section == "proactive" and row in ("rules", "normative_documents"):
        kind = NormativeKind.RULE if row == "rules" else NormativeKind.NORMATIVE
        records = NormativeRecord.objects.filter(normative_filters(year)[cell], agency=agency, kind=kind)
        return "normative", records.order_by("issued_on")
    if section == "proactive":
        return "figures", YearlyFigures.objects.filter(agency=agency, year=year)
    raise ValueError(f"unknown cell {section}.{row}.{cell}")


def valid_cell(section: str, row: str, cell: str) -> bool:
    return (section, row, cell) in set(fmt.all_cell_paths())


# --- yearly aggregates ---------------------------------------------------------------------------


@dataclass(frozen=True)
class YearFigures:
    """One agency-year's figures from ``YearAggregate`` (exact; see ``aggregates.py``).

    ``proactive``, ``applications`` and ``remedies`` are the report's sections 二, 三 and 四 in
    the CODES.md JSON layout (``applications[row][column]``, ``remedies[group][cell]``,
    ``proactive[row][cell]``; a proactive figure not entered is ``None``, the fee amount a
    ``Decimal``). The scalars repeat the figures the supervisor's pages rank by.
    """

    agency_id: int
    year: int
    proactive: dict
    applications: dict
    remedies: dict
    published: int  # documents first published in the year and still public
    media: list = field(default_factory=list)  # [{"platform", "posts", "accounts", "followers_*"}]
    fee_yuan: Decimal = Decimal(0)  # information-processing fees paid in the year (元)
    applications_new: int = 0  # row 一 总计
    applications_handled: int = 0  # row 三（七） 总计
    applications_disclosed: int = 0  # rows 予以公开 + 部分公开, 总计
    carried_forward: int = 0  # row 四 总计
    overdue: int = 0  # answered in the year after the due date
    remedies_total: int = 0  # the three groups' 总计
    remedies_corrected: int = 0  # the three groups' 结果纠正

    def cell(self, section: str, row: str, cell: str):
        """Return one cell of the tables (``None`` when unknown, e.g. a figure not entered)."""
        value = ((getattr(self, section) or {}).get(row) or {}).get(cell)
        if section == "proactive" and row == "fees" and value is not None:
            return Decimal(value)
        return value

    @property
    def carried_over(self) -> int:
        return self.applications["carried_over"]["total"]

    def tables(self) -> dict:
        """Return the three sections as ``AnnualReport.tables`` holds them."""
        return {"proactive": self.proactive, "applications": self.applications, "remedies": self.remedies}


_FIGURE_FIELDS = [f.name for f in YearFigures.__dataclass_fields__.values() if f.name not in ("agency_id",)]
_VALUE_FIELDS = ["agency_id", *_FIGURE_FIELDS]


def _figures_of(row: YearAggregate) -> YearFigures:
    return YearFigures(agency_id=row.agency_id, **{name: getattr(row, name) for name in _FIGURE_FIELDS})


def year_figures(agency_ids: Iterable[int], years: Iterable[int]) -> dict[tuple[int, int], YearFigures]:
    """Return ``{(agency_id, year): YearFigures}`` for every pair of ``agency_ids`` × ``years``.

    The interface the supervisor's pages, the consolidated report and the cross-level checks
    read: one query over ``YearAggregate`` (kept exact in each writing transaction), no scan of
    the records. Years after this one have no figures and are left out. A pair with no row yet
    (an agency without any write since the year began, or data loaded around the signals) is
    counted from the records once and stored, so the answer is always complete and exact.

    Not scoped: the caller passes agency ids it has taken from ``readable_agencies(user)``.
    """
    ids = sorted({int(a) for a in agency_ids})
    wanted = sorted({int(y) for y in years if int(y) <= aggregates.this_year()})
    if not ids or not wanted:
        return {}
    rows = YearAggregate.objects.filter(agency_id__in=ids, year__in=wanted).order_by().values(*_VALUE_FIELDS)
    found = {(row["agency_id"], row["year"]): YearFigures(**row) for row in rows}  # no model instances
    missing = [(a, y) for a in ids for y in wanted if (a, y) not in found]
    if missing:
        existing = set(Agency.objects.filter(pk__in={a for a, _ in missing}).values_list("pk", flat=True))
        with transaction.atomic():  # a recount locks its row (a read outside a request's transaction too)
            for agency_id, year in missing:
                if agency_id in existing:
                    found[(agency_id, year)] = _figures_of(aggregates.recount(agency_id, year))
    return found


# --- the consolidated report: drill-down and checks across levels ------------------------------


def _contributions_by_agency(report: AnnualReport) -> dict[int, dict[tuple[str, str, str], object]]:
    """Return what the report counted for each included agency, every cell (0 where not listed)."""
    paths = fmt.all_cell_paths()
    counted: dict[int, dict] = {m["id"]: dict.fromkeys(paths, 0) for m in report.members}
    for key, listed in (report.contributions or {}).items():
        path = tuple(key.split("|"))
        for agency_id, value in listed:
            if agency_id in counted:
                counted[agency_id][path] = Decimal(value) if isinstance(value, str) else value
    return counted


def _latest_published_of(agency_ids: list[int], year: int) -> dict[int, AnnualReport]:
    latest: dict[int, AnnualReport] = {}
    for found in (
        AnnualReport.objects.filter(agency_id__in=agency_ids, year=year, status=ReportStatus.PUBLISHED)
        .select_related("agency")
        .order_by("agency_id", "-version")
    ):
        latest.setdefault(found.agency_id, found)
    return latest


def cell_contributions(report: AnnualReport, section: str, row: str, cell: str) -> dict:
    """Return who contributed what to one cell of a consolidated report, beside their own reports.

    ``{"rows": [{"agency_id", "name", "counted", "published", "report"}], "zero": n}``: every
    included agency that contributed a non-zero or unknown figure, with the figure its own
    latest published report prints for the cell (``None`` when it has none); ``zero`` counts
    the included agencies that contributed 0.
    """
    path = (section, row, cell)
    counted = _contributions_by_agency(report)
    published = _latest_published_of([m["id"] for m in report.members], report.year)
    rows = []
    for member in report.members:
        value = counted.get(member["id"], {}).get(path, 0)
        if value == 0:
            continue
        mine = published.get(member["id"])
        rows.append(
            {
                "agency_id": member["id"],
                "name": member["name"],
                "own": member["id"] == report.agency_id,
                "counted": value,
                "published": _cell(mine.tables, *path) if mine is not None else None,
                "report": mine,
            }
        )
    return {"rows": rows, "zero": len(report.members) - len(rows)}


def level_findings(report: AnnualReport) -> list[Finding]:
    """Check a consolidated report against its subtree's published reports (report/checks/levels.py).

    The government's own part and what was counted for each agency come from the version
    itself (frozen with it); the subtree's reports are their latest published versions.
    """
    if not report.consolidated:
        return []
    counted = _contributions_by_agency(report)
    others = [m for m in report.members if m["id"] != report.agency_id]
    published = _latest_published_of([m["id"] for m in others], report.year)
    members = [
        Member(
            name=m["name"],
            report=published[m["id"]].to_report() if m["id"] in published else None,
            counted=counted.get(m["id"], {}),
        )
        for m in others
    ]
    return check_levels(report.to_report(), members, own=counted.get(report.agency_id))
