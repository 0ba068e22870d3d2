"""The dashboard as CSV: exactly the rows and columns the page shows, safe to open in a
spreadsheet."""

from __future__ import annotations

import csv
import datetime

from django.http import HttpResponse

from .table import COLUMNS, cells

# A spreadsheet runs a cell that starts with one of these as a formula.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def csv_safe(text: str) -> str:
    """The text as a spreadsheet will show it, never run it: a leading quote stops a name
    someone typed as "=HYPERLINK(...)" becoming a formula (OWASP's CSV injection advice)."""
    return f"'{text}" if text.startswith(FORMULA_STARTS) else text


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
