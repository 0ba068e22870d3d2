"""Records as CSV for analysts, safe to open in a spreadsheet: the dashboard's download and the
API's ``?format=csv`` (``reporting.api.csv``) are both written here.

The columns come from a serializer of the API, so the CSV and the JSON cannot disagree, and a
column is there even when its value is empty: a nested object's fields become columns named by
their path (``authority_ons_code``, ``rag_red``), a list of values is one column (values joined
by "; "), and lists of records (an inspection's judgements, an entry's ratings) are left to the
JSON. Dates are ISO 8601; true and false are ``true`` and ``false``; null is empty. UTF-8 with a
byte order mark, so that Excel reads it as UTF-8.
"""

from __future__ import annotations

import csv
import datetime
import io

from django.http import HttpResponse
from rest_framework import serializers

from core.spreadsheets import csv_safe
from reporting.api.serializers import InterventionSerializer, intervention_records

BOM = "\ufeff"


def columns(serializer: serializers.Serializer, prefix: tuple[str, ...] = ()) -> list[tuple]:
    """Each column's path through a serialized record, in the serializer's field order."""
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


def records_csv(serializer: serializers.Serializer, records) -> bytes:
    """``records`` (serialized by ``serializer``) as CSV: a heading row, then one per record."""
    paths = columns(serializer)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(["_".join(path) for path in paths])
    for record in records:
        writer.writerow([cell(record, path) for path in paths])
    return (BOM + out.getvalue()).encode("utf-8")


def dashboard_csv(states, day: datetime.date, request) -> HttpResponse:
    """A download of ``states`` (the dashboard's rows, in order) as at ``day``: the columns of
    the API's interventions, with ids and ONS codes to join on."""
    response = HttpResponse(
        records_csv(
            InterventionSerializer(context={"request": request}),
            intervention_records(states, request)[:],
        ),
        content_type="text/csv; charset=utf-8",
    )
    filename = f"interventions-as-at-{day.isoformat()}.csv"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
