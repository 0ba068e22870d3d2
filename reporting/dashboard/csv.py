"""The dashboard as CSV: exactly the rows and columns the page shows, safe to open in a
spreadsheet."""

from __future__ import annotations

import csv
import datetime

from django.http import HttpResponse

from core.spreadsheets import csv_safe

from .table import COLUMNS, cells


def dashboard_csv(states, day: datetime.date) -> HttpResponse:
    """A download of ``states`` (in order) in the dashboard's columns, as at ``day``."""
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    filename = f"interventions-as-at-{day.isoformat()}.csv"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    writer = csv.writer(response)
    writer.writerow([column.heading for column in COLUMNS])
    for state in states[:]:  # every row's full state, built at once
        writer.writerow([csv_safe(cell.plain) for cell in cells(state)])
    return response
