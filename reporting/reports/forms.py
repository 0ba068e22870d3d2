"""Forms for the report workflow: the commissioner's narrative, a reason to return or reopen, and
the report list's filters."""

import datetime
import re

from django import forms
from django.db.models import QuerySet
from django.utils.text import Truncator

from authorities.models import LocalAuthority

from ..models import Report

# Enough for a 40-page report in any one box (about 2,500 characters a page). More is refused
# with a message, never cut short: nothing typed is lost.
LONG_TEXT_MAX = 100_000
# services.narrative_token: a SHA-256 in hex.
TOKEN = re.compile(r"[0-9a-f]{64}")
# How much of the other person's text a conflict message quotes.
QUOTE = 60


def long_text(label: str, help_text: str = "", **kwargs) -> forms.CharField:
    return forms.CharField(
        label=label,
        widget=forms.Textarea,
        required=False,
        max_length=LONG_TEXT_MAX,
        help_text=help_text,
        error_messages={"max_length": f"{label} must be {LONG_TEXT_MAX:,} characters or fewer"},
        **kwargs,
    )


class NarrativeForm(forms.Form):
    """The narrative, and the token of the narrative the form was built from
    (``services.narrative_token``): a save from an out-of-date page is refused, and what was
    typed shown back."""

    TEXT_FIELDS = ("overall_assessment", "risks", "recommendation")

    overall_assessment = long_text(
        "Overall assessment",
        "Your assessment of progress in the period. The draft was written from the records: "
        "rewrite it and replace the text in square brackets.",
    )
    risks = long_text("Risks", "The risks to improvement the Minister should know about")
    recommendation = long_text("Recommendation to the Minister")
    based_on = forms.CharField(widget=forms.HiddenInput, required=False)

    # Set by show_conflict: the fields someone else changed, with their saved text.
    saved: dict[str, str] | None = None

    def clean(self):
        cleaned = super().clean()
        if not TOKEN.fullmatch(cleaned.get("based_on") or ""):
            self.add_error(
                None,
                "This page is out of date. Your text has not been saved: it is shown below so "
                "you can copy it. Then open the narrative again",
            )
        return cleaned

    def show_conflict(self, current, *, who: str, token: str) -> None:
        """Someone saved the narrative after this form was opened: say so, keep what was typed,
        show what is saved now beside each box that differs, and carry the current token, so
        that saving again knowingly replaces their text."""
        self.saved = {
            name: getattr(current, name)
            for name in self.TEXT_FIELDS
            if getattr(current, name) != self.cleaned_data.get(name, "")
        }
        self.add_error(
            None,
            f"This report was changed by {who} while you were editing it. Your text has not "
            "been saved: it is shown below so you can copy it",
        )
        for name, theirs in self.saved.items():
            quoted = Truncator(theirs).chars(QUOTE) or "nothing"
            self.add_error(
                name, f"{self.fields[name].label} was changed to “{quoted}”: yours is shown here"
            )
        self.data = self.data.copy()
        self.data[self.add_prefix("based_on")] = token

    def refuse(self, message: str) -> None:
        """The narrative can no longer be saved (signed off meanwhile): keep what was typed."""
        self.add_error(None, f"{message}. Your text is shown below so you can copy it")


class ReasonForm(forms.Form):
    """A reason, kept in the history, for sending a report back or reopening it."""

    reason = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), max_length=LONG_TEXT_MAX)

    def __init__(self, *args, label: str, required_message: str, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["reason"]
        field.label = label
        field.error_messages = {
            "required": required_message,
            "max_length": f"Reason must be {LONG_TEXT_MAX:,} characters or fewer",
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


def quarter_dates(year: int, quarter: int) -> tuple[datetime.date, datetime.date]:
    """The first and last day of a calendar quarter: (2017, 2) -> (1 April, 30 June 2017)."""
    start = datetime.date(year, 3 * quarter - 2, 1)
    after = datetime.date(year + (quarter == 4), (3 * quarter) % 12 + 1, 1)
    return start, after - datetime.timedelta(days=1)


def quarter_label(year: int, quarter: int) -> str:
    first, last = quarter_dates(year, quarter)
    return f"{first:%B} to {last:%B %Y}"


def quarter_bounds(value: str) -> tuple[datetime.date, datetime.date]:
    return quarter_dates(int(value[:4]), int(value[-1]))


def choice(label: str, what: str, **kwargs) -> forms.ChoiceField:
    """An optional filter chosen from a list; a value not in it says so (``what``)."""
    return forms.ChoiceField(
        label=label,
        required=False,
        error_messages={"invalid_choice": f"Choose {what} from the list"},
        **kwargs,
    )


class ReportFilterForm(forms.Form):
    """Filters for the report list (GET). The choices come from the reports the user may see,
    so a commissioner is offered only their own authorities and periods."""

    authority = choice("Local authority", "a local authority")
    status = choice("Status", "a status", choices=STATUS_CHOICES)
    period = choice(
        "Period ending in", "a period", help_text="The quarter in which the reporting period ended"
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
