"""The words the dashboard's pages, its CSV and the API share: what an intervention rests on, its
worst RAG rating, where its reporting stands, and which interventions are shown."""

from __future__ import annotations

from django.db import models

from interventions.models import (
    Intervention,
)


class Instrument(models.TextChoices):
    """What the intervention rests on that day: the type of intervention."""

    DIRECTION = "direction", "Statutory direction"
    NOTICE = "notice", "Improvement notice"
    NONE = "none", "None in force"


class RagLevel(models.TextChoices):
    """The worst of an intervention's current theme ratings."""

    RED = "red", "Red"
    AMBER = "amber", "Amber"
    GREEN = "green", "Green"
    NONE = "none", "Not rated"


class ReportStatus(models.TextChoices):
    OVERDUE = "overdue", "Overdue"
    DUE = "due", "Due"
    SUBMITTED = "submitted", "Submitted"
    NONE = "none", "None owed"


# GOV.UK tag colours for each value (colour is never the only signal: the text says it too).
RAG_COLOURS = {RagLevel.RED: "red", RagLevel.AMBER: "orange", RagLevel.GREEN: "green"}
REPORT_COLOURS = {ReportStatus.OVERDUE: "red", ReportStatus.SUBMITTED: "green"}

# Worst first, for sorting.
RAG_ORDER = [RagLevel.RED, RagLevel.AMBER, RagLevel.GREEN, RagLevel.NONE]
REPORT_ORDER = [ReportStatus.OVERDUE, ReportStatus.DUE, ReportStatus.SUBMITTED, ReportStatus.NONE]
STATUS_ORDER = list(Intervention.Status.values)
OPEN_STATUSES = [
    (value, label) for value, label in Intervention.Status.choices if value != "closed"
]


class Showing(models.TextChoices):
    """Which interventions the dashboard lists: open ones by default."""

    OPEN = "open", "Open"
    CLOSED = "closed", "Closed"
    ALL = "all", "All"
