"""Dates and times as GOV.UK writes them, in every template (a builtin: see config.settings)."""

import datetime

from django import template

from core import dates

register = template.Library()


@register.filter
def govuk_date(value: datetime.date | datetime.datetime | str | None, empty: str = "") -> str:
    """``{{ day|govuk_date }}``: "5 January 2016"; ``{{ day|govuk_date:"None" }}`` for no date."""
    return dates.govuk_date(value, empty)


@register.filter
def govuk_time(value: datetime.datetime | None, empty: str = "") -> str:
    """``{{ moment|govuk_time }}``: "3:42pm", "12pm" for midday."""
    return dates.govuk_time(value) if value else empty


@register.filter
def govuk_datetime(value: datetime.datetime | None, empty: str = "") -> str:
    """``{{ moment|govuk_datetime }}``: "5 January 2016 at 3:42pm"."""
    return dates.govuk_datetime(value, empty)
