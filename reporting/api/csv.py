"""``?format=csv`` on every list endpoint: every matching row (not a page), one value per column,
for Excel, R and pandas, written as the dashboard's CSV is (``reporting.dashboard.csv``: the
columns, ISO dates, a byte order mark, and cells a spreadsheet would run as formulas quoted).
"""

from __future__ import annotations

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse
from rest_framework.renderers import BaseRenderer, JSONRenderer
from rest_framework.response import Response

from reporting.dashboard.csv import records_csv

from .params import Param, choice

FORMAT = choice(
    "format",
    "json (the default: a page of results) or csv (every matching row, one value per column)",
    [("json", "JSON"), ("csv", "CSV, UTF-8 with a byte order mark")],
)
CSV_RESPONSE = OpenApiResponse(OpenApiTypes.STR, "With format=csv: every matching row as CSV")


class CsvRenderer(BaseRenderer):
    media_type = "text/csv"
    format = "csv"
    charset = "utf-8"

    def render(self, data, accepted_media_type=None, renderer_context=None) -> bytes:
        return records_csv(renderer_context["view"].get_serializer(), data)


class CsvListMixin:
    """A list endpoint that also answers ``?format=csv`` (or ``Accept: text/csv``): every row,
    as a download. A refusal is JSON whatever was asked for."""

    renderer_classes = [JSONRenderer, CsvRenderer]
    csv_params: list[Param] = [FORMAT]

    @property
    def wants_csv(self) -> bool:
        return getattr(self.request, "accepted_renderer", None).__class__ is CsvRenderer

    def paginate_queryset(self, queryset):
        if self.wants_csv:
            self.paginator.check_params(self.request)  # ignored, but not wrong
            return queryset[:]
        return super().paginate_queryset(queryset)

    def get_paginated_response(self, data):
        if self.wants_csv:
            return Response(data)
        return super().get_paginated_response(data)

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        if self.wants_csv and response.status_code == 200:
            name = request.resolver_match.url_name if request.resolver_match else "records"
            response["Content-Disposition"] = f'attachment; filename="{name}.csv"'
        return response

    def handle_exception(self, exc):
        response = super().handle_exception(exc)
        self.request.accepted_renderer = JSONRenderer()
        self.request.accepted_media_type = JSONRenderer.media_type
        return response
