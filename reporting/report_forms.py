"""Forms for the report workflow: the commissioner's narrative, a reason to return or reopen, and
the report list's filters."""

import datetime

from django import forms
from django.db.models import QuerySet

from authorities.models import LocalAuthority

from .models import Report


class NarrativeForm(forms.Form):
    overall_assessment = forms.CharField(
        label="Overall assessment",
        widget=forms.Textarea,
        required=False,
        help_text="Your assessment of progress in the period. The draft was written from the "
        "records: rewrite it and replace the text in square brackets.",
    )
    risks = forms.CharField(
        label="Risks",
        widget=forms.Textarea,
        required=False,
        help_text="The risks to improvement the Minister should know about",
    )
    recommendation = forms.CharField(
        label="Recommendation to the Minister",
        widget=forms.Textarea,
        required=False,
    )


class ReasonForm(forms.Form):
    """A reason, kept in the history, for sending a report back or reopening it."""

    reason = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), max_length=500)

    def __init__(self, *args, label: str, required_message: str, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["reason"]
        field.label = label
        field.error_messages = {
            "required": required_message,
            "max_length": "Reason must be 500 characters or fewer",
        }


# ---------------------------------------------------------------------------------------------
# The report list's filters


OVERDUE = "overdue"
STATUS_CHOICES = [
    ("", "Any status"),
    (Report.Status.DRAFT, "Draft"),
    (Report.Status.SIGNED_OFF, "Signed off"),
    (Report.Status.SUBMITTED, "Submitted"),
    (OVERDUE, "Overdue (past its due date and not submitted)"),
]


def quarter_of(day: datetime.date) -> tuple[int, int]:
    return day.year, (day.month - 1) // 3 + 1


def quarter_value(year: int, quarter: int) -> str:
    return f"{year}-Q{quarter}"


def quarter_label(year: int, quarter: int) -> str:
    first, last = datetime.date(year, 3 * quarter - 2, 1), datetime.date(year, 3 * quarter, 1)
    return f"{first:%B} to {last:%B %Y}"


def quarter_bounds(value: str) -> tuple[datetime.date, datetime.date]:
    year, quarter = int(value[:4]), int(value[-1])
    start = datetime.date(year, 3 * quarter - 2, 1)
    after = datetime.date(year + (quarter == 4), (3 * quarter) % 12 + 1, 1)
    return start, after - datetime.timedelta(days=1)


class ReportFilterForm(forms.Form):
    """Filters for the report list (GET). The choices come from the reports the user may see,
    so a commissioner is offered only their own authorities and periods."""

    authority = forms.ChoiceField(
        label="Local authority",
        required=False,
        error_messages={"invalid_choice": "Choose a local authority from the list"},
    )
    status = forms.ChoiceField(
        label="Status",
        required=False,
        choices=STATUS_CHOICES,
        error_messages={"invalid_choice": "Choose a status from the list"},
    )
    period = forms.ChoiceField(
        label="Period ending in",
        required=False,
        help_text="The quarter in which the reporting period ended",
        error_messages={"invalid_choice": "Choose a period from the list"},
    )

    def __init__(self, data, *, reports: QuerySet[Report]):
        super().__init__(data)
        authorities = LocalAuthority.objects.filter(
            pk__in=reports.values("intervention__authority_id")
        ).order_by("name", "pk")
        self.fields["authority"].choices = [
            ("", "All local authorities"),
            *((str(pk), name) for pk, name in authorities.values_list("pk", "name")),
        ]
        ends = reports.order_by().values_list("period_end", flat=True).distinct()
        quarters = sorted({quarter_of(day) for day in ends}, reverse=True)
        self.fields["period"].choices = [
            ("", "All periods"),
            *((quarter_value(*q), quarter_label(*q)) for q in quarters),
        ]

    def filter(self, reports: QuerySet[Report]) -> QuerySet[Report]:
        """The reports the valid filters let through (call after ``is_valid``)."""
        data = self.cleaned_data
        if data.get("authority"):
            reports = reports.filter(intervention__authority_id=int(data["authority"]))
        status = data.get("status")
        if status == OVERDUE:
            reports = reports.overdue()
        elif status:
            reports = reports.filter(status=status)
        if data.get("period"):
            reports = reports.filter(period_end__range=quarter_bounds(data["period"]))
        return reports

    @property
    def is_filtered(self) -> bool:
        return self.is_bound and any(self.data.get(name) for name in self.fields)
