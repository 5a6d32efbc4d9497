"""Public endpoints: agencies, columns, documents, annual reports and their dataset."""

from __future__ import annotations

import io

from django.http import HttpResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response

from gongkai.portal import selectors as portal
from gongkai.report.render.csv import write_csv

from .. import selectors
from ..pagination import RankedPages, cursor_with
from ..renderers import CsvRenderer
from ..serializers.common import CodesReportSerializer
from ..serializers.public import (
    AgencySerializer,
    ColumnSerializer,
    DocumentDetailSerializer,
    DocumentFilterSerializer,
    DocumentListSerializer,
)
from .base import PublicListView, PublicView

MAX_SEARCH_RESULTS = 1000

CREDIT = OpenApiParameter("credit_code", str, OpenApiParameter.PATH, description="统一社会信用代码")


@extend_schema(tags=["公开信息"], summary="机关列表")
class AgencyList(PublicListView):
    serializer_class = AgencySerializer
    pagination_class = cursor_with(("path", "id"))

    def get_queryset(self):
        return portal.active_agencies().select_related("parent")


@extend_schema(tags=["公开信息"], summary="一个机关", parameters=[CREDIT])
class AgencyDetail(PublicView):
    serializer_class = AgencySerializer

    def get(self, request, credit_code: str):
        return Response(AgencySerializer(portal.agency_by_code(credit_code)).data)


@extend_schema(tags=["公开信息"], summary="机关的栏目（树形顺序）", parameters=[CREDIT])
class ColumnList(PublicView):
    serializer_class = ColumnSerializer

    @extend_schema(responses=ColumnSerializer(many=True))
    def get(self, request, credit_code: str):
        agency = portal.agency_by_code(credit_code)
        rows = [
            {
                "id": n.column.pk,
                "name": n.column.name,
                "kind": n.column.kind,
                "parent_id": n.column.parent_id,
                "depth": n.depth,
                "is_annual_report": n.column.is_annual_report,
                "documents": n.count,
            }
            for n in portal.column_tree(agency)
        ]
        return Response(ColumnSerializer(rows, many=True).data)


class DocumentList(PublicListView):
    """Publicly visible documents, newest first; with ``q``, the most relevant first."""

    serializer_class = DocumentListSerializer
    pagination_class = cursor_with(("-published_at", "-id"))

    @extend_schema(tags=["公开信息"], summary="主动公开的信息", parameters=[DocumentFilterSerializer])
    def get(self, request, *args, **kwargs):
        self.filters = DocumentFilterSerializer(data=request.query_params)
        self.filters.is_valid(raise_exception=True)
        if self.filters.validated_data.get("q"):
            return self._search(request)
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        return selectors.public_documents_filtered(self.filters.validated_data)

    def _search(self, request):
        documents = selectors.search_public_documents(self.filters.validated_data, limit=MAX_SEARCH_RESULTS)
        pages = RankedPages()
        page = pages.paginate_list(documents, request)
        return pages.get_paginated_response(DocumentListSerializer(page, many=True).data)


@extend_schema(
    tags=["公开信息"],
    summary="一条信息：正文、附件、解读",
    parameters=[OpenApiParameter("pk", {"type": "integer", "minimum": 1}, OpenApiParameter.PATH)],
)
class DocumentDetail(PublicView):
    serializer_class = DocumentDetailSerializer

    def get(self, request, pk: int):
        document = selectors.public_document_by_id(pk)
        agency = document.agency
        interpretations, replaced = portal.related_documents(document)
        for item in (*interpretations, *replaced):
            item.agency = agency
        context = {"interpretations": interpretations, "replaced": replaced}
        return Response(DocumentDetailSerializer(document, context=context).data)


# --- annual reports ------------------------------------------------------------------------------


@extend_schema(
    tags=["年度报告"],
    summary="一个机关一个年度的年度报告（CODES.md JSON）",
    parameters=[CREDIT, OpenApiParameter("year", {"type": "integer", "minimum": 0}, OpenApiParameter.PATH)],
    responses=CodesReportSerializer,
)
class AnnualReportDetail(PublicView):
    def get(self, request, credit_code: str, year: int):
        report = selectors.published_report(credit_code, year)
        response = Response(report.to_report().to_dict())
        response["X-Report-Version"] = str(report.version)
        return response


@extend_schema(
    tags=["年度报告"],
    summary="全部已公布年度报告数据集（JSON）",
    description="每个机关每个年度一条（最新公布的版本），按机关、年度排序。",
    responses=OpenApiResponse(response=CodesReportSerializer(many=True)),
)
class DatasetJson(PublicView):
    def get(self, request):
        return Response([_entry(r) for r in selectors.dataset_reports()])


def _entry(report) -> dict:
    return {
        "credit_code": report.agency.credit_code,
        "version": report.version,
        **report.to_report().to_dict(),
    }


@extend_schema(
    tags=["年度报告"],
    summary="全部已公布年度报告数据集（CSV，UTF-8 带 BOM）",
    description="一行一份报告，一列一个单元格（section.row.cell）；空单元格表示未知，不是0。",
    responses={(200, "text/csv"): OpenApiResponse(response=OpenApiTypes.STR)},
)
class DatasetCsv(PublicView):
    renderer_classes = [JSONRenderer, CsvRenderer]

    def get(self, request):
        buffer = io.StringIO(newline="")
        buffer.write("\ufeff")
        reports = selectors.dataset_reports()
        write_csv(
            buffer,
            [(r.to_report(), (r.agency.credit_code, str(r.version))) for r in reports],
            extra=("credit_code", "version"),
        )
        response = HttpResponse(buffer.getvalue(), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = 'attachment; filename="gongkai-annual-reports.csv"'
        return response
