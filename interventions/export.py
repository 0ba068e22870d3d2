"""One case exported: its timeline as CSV, one value per column (ids, ISO dates), for a
spreadsheet or another system. The printable summary is a page (``InterventionPrintView``)."""

from __future__ import annotations

import csv
from collections.abc import Iterable, Iterator

from django.http import HttpResponse

from core.spreadsheets import csv_safe

from .models import Intervention
from .timeline import TimelineItem

HEADINGS = [
    "intervention_id",
    "authority_ons_code",
    "authority",
    "date",
    "event",
    "by",
    "description",
    "detail",
    "detail_illustrative",
    "source",
    "illustrative",
    "sources_end",
    "link",
]


def timeline_rows(intervention: Intervention, items: Iterable[TimelineItem]) -> Iterator[list]:
    """A row for each detail of each item, oldest first (one row for an item with none), so
    that each column holds one value."""
    case = [intervention.pk, intervention.authority.ons_code, intervention.authority.name]
    for item in sorted(items, key=lambda item: (item.date, item.rank)):
        event = [item.date.isoformat(), item.title, item.byline, item.description]
        end = [item.source, _yes(item.illustrative), _yes(item.is_end), item.href]
        for detail in item.details or [None]:
            text = detail.text if detail else ""
            flag = _yes(detail.illustrative) if detail else ""
            yield [*case, *event, text, flag, *end]


def _yes(value: bool) -> str:
    return "yes" if value else "no"


def timeline_csv(intervention: Intervention, items: Iterable[TimelineItem]) -> HttpResponse:
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    filename = f"intervention-{intervention.pk}-{intervention.authority.ons_code}-timeline.csv"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    writer = csv.writer(response)
    writer.writerow(HEADINGS)
    for row in timeline_rows(intervention, items):
        writer.writerow([csv_safe(value) if isinstance(value, str) else value for value in row])
    return response
