"""The dashboard's form, and the day to look back to that every DfE page (dashboard, watchlist,
authority page) asks for."""

from __future__ import annotations

import datetime

from django import forms
from django.utils import timezone

from authorities.models import LocalAuthority
from core.forms import GovukDateField
from interventions.models import STALE_AFTER_MONTHS

from .table import DashboardFilters
from .vocabulary import OPEN_STATUSES, Instrument, RagLevel, ReportStatus, Showing


def any_choice(choices, label: str = "Any") -> list[tuple[str, str]]:
    return [("", label), *choices]


class AsAtForm(forms.Form):
    """A day to look back to, given as day, month and year; empty means today."""

    date = GovukDateField(
        required=False,
        label="Show as it stood on",
        help_text="For example, 30 6 2017. Leave empty for today",
        error_name="the date",
    )

    def clean_date(self) -> datetime.date | None:
        day = self.cleaned_data.get("date")
        if day and day > timezone.localdate():
            raise forms.ValidationError("The date must be today or in the past")
        return day

    @property
    def day(self) -> datetime.date:
        """The day asked for (today if none); only once the form is valid."""
        return self.cleaned_data.get("date") or timezone.localdate()


STALE_CHOICES = [
    ("", "Any"),
    ("stale", f"Stale: nothing recorded for {STALE_AFTER_MONTHS} months"),
    ("current", "Not stale"),
]


def choice_field(choices, invalid: str, label: str | None = None) -> forms.ChoiceField:
    """An optional choice among ``choices``; ``invalid`` is the error for any other value."""
    return forms.ChoiceField(
        label=label, required=False, choices=choices, error_messages={"invalid_choice": invalid}
    )


def filter_field(choices, any_label: str, what: str, label: str | None = None):
    """A filter: one of ``choices`` or ``any_label`` (empty: no filter)."""
    return choice_field(any_choice(choices, any_label), f"Choose {what} from the list", label)


def region_field() -> forms.ChoiceField:
    return filter_field(LocalAuthority.Region.choices, "All regions", "a region")


class DashboardForm(AsAtForm):
    region = region_field()
    type = filter_field(Instrument.choices, "All types", "a type", "Type")
    status = filter_field(OPEN_STATUSES, "All statuses", "a status")
    rag = filter_field(RagLevel.choices, "Any rating", "a RAG rating", "Worst RAG rating")
    report = filter_field(
        ReportStatus.choices, "Any report status", "a report status", "Report status"
    )
    showing = choice_field(Showing.choices, "Choose open, closed or all", "Open or closed")
    stale = choice_field(STALE_CHOICES, "Choose whether to show stale interventions", "Recording")

    FILTERS = ("region", "type", "status", "rag", "report")

    @property
    def filters(self) -> DashboardFilters:
        showing = self.shows
        return DashboardFilters(
            **{name: self.cleaned_data[name] for name in self.FILTERS},
            showing="" if showing == Showing.ALL else showing,
            stale={"": None, "stale": True, "current": False}[self.cleaned_data["stale"]],
        )

    @property
    def shows(self) -> str:
        """Open (by default), closed or all, once the form is valid."""
        return self.cleaned_data.get("showing") or Showing.OPEN


def as_at_query(day: datetime.date | None) -> str:
    """The query string that asks another page for the same day ("" for today)."""
    if day is None or day == timezone.localdate():
        return ""
    return f"date-day={day.day}&date-month={day.month}&date-year={day.year}"
