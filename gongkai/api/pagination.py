"""Cursor pagination: stable pages while records are added, no counting of whole tables."""

from __future__ import annotations

import base64
from urllib import parse

from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.pagination import CursorPagination
from rest_framework.response import Response
from rest_framework.utils.urls import remove_query_param, replace_query_param

PAGE_SIZE = 20
MAX_PAGE_SIZE = 100


class Cursor(CursorPagination):
    page_size = PAGE_SIZE
    max_page_size = MAX_PAGE_SIZE
    page_size_query_param = "page_size"
    ordering = ("-id",)
    invalid_cursor_message = "翻页游标无效"

    def get_page_size(self, request) -> int:
        """Refuse a malformed ``page_size`` instead of silently ignoring it."""
        raw = request.query_params.get(self.page_size_query_param)
        if raw is None:
            return self.page_size
        if not raw.isdigit() or not 1 <= int(raw) <= self.max_page_size:
            raise ValidationError({self.page_size_query_param: f"每页条数应为1至{self.max_page_size}的整数"})
        return int(raw)


def cursor_with(ordering: tuple[str, ...]) -> type[Cursor]:
    return type("Cursor", (Cursor,), {"ordering": ordering})


class RankedPages(Cursor):
    """Pages over a list already in order (search results by relevance); the cursor is an offset."""

    def paginate_list(self, items: list, request) -> list:
        self.request = request
        self.base_url = request.build_absolute_uri()
        self.page_size = self.get_page_size(request)
        encoded = request.query_params.get(self.cursor_query_param)
        offset = 0
        if encoded:
            try:
                query = parse.parse_qs(
                    base64.b64decode(encoded.encode("ascii"), validate=True).decode("ascii")
                )
                offset = int(query.get("o", ["0"])[0])
                if offset < 0:
                    raise ValueError
            except (ValueError, TypeError, UnicodeError):
                raise NotFound(self.invalid_cursor_message) from None
        self.offset, self.total = offset, len(items)
        return items[offset : offset + self.page_size]

    def _link(self, offset: int | None) -> str | None:
        if offset is None:
            return None
        if offset <= 0:
            return remove_query_param(self.base_url, self.cursor_query_param)
        token = base64.b64encode(parse.urlencode({"o": offset}).encode("ascii")).decode("ascii")
        return replace_query_param(self.base_url, self.cursor_query_param, token)

    def get_paginated_response(self, data):
        following = self.offset + self.page_size
        return Response(
            {
                "next": self._link(following if following < self.total else None),
                "previous": self._link(max(0, self.offset - self.page_size) if self.offset > 0 else None),
                "results": data,
            }
        )
