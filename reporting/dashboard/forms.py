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


class DashboardForm(AsAtForm):
    region = forms.ChoiceField(
        required=False,
        choices=any_choice(LocalAuthority.Region.choices, "All regions"),
        error_messages={"invalid_choice": "Choose a region from the list"},
    )
    type = forms.ChoiceField(
        label="Type",
        required=False,
        choices=any_choice(Instrument.choices, "All types"),
        error_messages={"invalid_choice": "Choose a type from the list"},
    )
    status = forms.ChoiceField(
        required=False,
        choices=any_choice(OPEN_STATUSES, "All statuses"),
        error_messages={"invalid_choice": "Choose a status from the list"},
    )
    rag = forms.ChoiceField(
        label="Worst RAG rating",
        required=False,
        choices=any_choice(RagLevel.choices, "Any rating"),
        error_messages={"invalid_choice": "Choose a RAG rating from the list"},
    )
    report = forms.ChoiceField(
        label="Report status",
        required=False,
        choices=any_choice(ReportStatus.choices, "Any report status"),
        error_messages={"invalid_choice": "Choose a report status from the list"},
    )
    showing = forms.ChoiceField(
        label="Open or closed",
        required=False,
        choices=Showing.choices,
        error_messages={"invalid_choice": "Choose open, closed or all"},
    )
    stale = forms.ChoiceField(
        label="Recording",
        required=False,
        choices=STALE_CHOICES,
        error_messages={"invalid_choice": "Choose whether to show stale interventions"},
    )

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
