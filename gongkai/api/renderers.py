"""A renderer that lets a client ask for ``Accept: text/csv`` (errors still come back as JSON text)."""

from __future__ import annotations

import json

from rest_framework.renderers import BaseRenderer


class CsvRenderer(BaseRenderer):
    media_type = "text/csv"
    format = "csv"
    charset = "utf-8"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        if isinstance(data, str | bytes):
            return data
        return json.dumps(data, ensure_ascii=False)
