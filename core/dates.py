"""Dates and times as GOV.UK writes them: "5 January 2016", "3:42pm".

One definition for Python (``govuk_date``, ``govuk_time``, ``govuk_datetime``) and templates
(the filters of the same names, built in to every template by ``config.settings``). No page
shows a time any other way (not Django's "8:47 p.m.", nor "20:47"): core/tests/test_dates.py.
"""

import datetime

from django.utils import timezone


def govuk_date(value: datetime.date | datetime.datetime | str | None, empty: str = "") -> str:
    """ "5 January 2016"; an ISO string is read first; ``empty`` for no date."""
    if not value:
        return empty
    if isinstance(value, str):
        value = datetime.date.fromisoformat(value)
    if isinstance(value, datetime.datetime):
        value = timezone.localtime(value) if timezone.is_aware(value) else value
    return f"{value.day} {value:%B %Y}"


def govuk_time(value: datetime.datetime) -> str:
    """ "3:42pm", "12pm" for midday, in the service's time zone."""
    local = timezone.localtime(value) if timezone.is_aware(value) else value
    hour = local.hour % 12 or 12
    suffix = "am" if local.hour < 12 else "pm"
    if local.minute == 0:
        return f"{hour}{suffix}"
    return f"{hour}:{local.minute:02d}{suffix}"


def govuk_datetime(value: datetime.datetime | None, empty: str = "") -> str:
    """ "5 January 2016 at 3:42pm"."""
    if not value:
        return empty
    return f"{govuk_date(value)} at {govuk_time(value)}"
