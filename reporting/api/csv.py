"""``?format=csv`` on every list endpoint: every matching row (not a page), one value per column,
for Excel, R and pandas.

The columns come from the endpoint's serializer, so a column is there even when its value is
empty: a nested object's fields become columns named by their path (``authority_ons_code``,
``rag_red``), a list of values is one column (values joined by "; "), and lists of records
(an inspection's judgements, an entry's ratings) are left to the JSON. Dates are ISO 8601, as
in the JSON; true and false are ``true`` and ``false``; null is empty. UTF-8 with a byte order
mark, so that Excel reads it as UTF-8; a text that a spreadsheet would run as a formula is
quoted as the dashboard's CSV does (``reporting.dashboard.csv.csv_safe``).
"""

from __future__ import annotations

import csv
import io

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse
from rest_framework import serializers
from rest_framework.renderers import BaseRenderer, JSONRenderer
from rest_framework.response import Response

from reporting.dashboard.csv import csv_safe

from .params import Param, choice

BOM = "\ufeff"
FORMAT = choice(
    "format",
    "json (the default: a page of results) or csv (every matching row, one value per column)",
    [("json", "JSON"), ("csv", "CSV, UTF-8 with a byte order mark")],
)
CSV_RESPONSE = OpenApiResponse(OpenApiTypes.STR, "With format=csv: every matching row as CSV")


def columns(serializer: serializers.Serializer, prefix: tuple[str, ...] = ()) -> list[tuple]:
    """Each column's path through the serialized record, in the serializer's field order."""
    paths = []
    for name, field in serializer.fields.items():
        path = (*prefix, name)
        if isinstance(field, serializers.ListSerializer):
            continue  # a list of records: in the JSON only
        if isinstance(field, serializers.Serializer):
            paths.extend(columns(field, path))
        else:
            paths.append(path)
    return paths


def cell(record: dict, path: tuple[str, ...]) -> str:
    value = record
    for name in path:
        value = value.get(name) if isinstance(value, dict) else None
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return csv_safe("; ".join(str(item) for item in value))
    return csv_safe(value) if isinstance(value, str) else str(value)


class CsvRenderer(BaseRenderer):
    media_type = "text/csv"
    format = "csv"
    charset = "utf-8"

    def render(self, data, accepted_media_type=None, renderer_context=None) -> bytes:
        paths = columns(renderer_context["view"].get_serializer())
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\r\n")
        writer.writerow(["_".join(path) for path in paths])
        for record in data:
            writer.writerow([cell(record, path) for path in paths])
        return (BOM + out.getvalue()).encode("utf-8")


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
