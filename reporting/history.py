"""Reading the audited history tables: the state of records as they stood on a past day, and
what changed within a period.

Dashboards "as at" a date and the quarterly reports read from here, never from today's rows, so
what they show is what the records said then. Days are whole days in the service's time zone:
"as at 30 June 2017" means every change made up to midnight at the end of 30 June.
"""

import datetime
import functools
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import models
from django.db.models import Q


def start_of_day(day: datetime.date) -> datetime.datetime:
    """The first instant of ``day`` in the service's time zone."""
    return datetime.datetime.combine(day, datetime.time.min, tzinfo=ZoneInfo(settings.TIME_ZONE))


def end_of_day(day: datetime.date) -> datetime.datetime:
    """The first instant after ``day`` (exclusive bound), in the service's time zone."""
    return start_of_day(day + datetime.timedelta(days=1))


@functools.cache
def history_model(model: type[models.Model]) -> type[models.Model]:
    """The historical model simple-history made for ``model`` (looked up once: reading the
    ``history`` descriptor builds a manager each time)."""
    return model.history.model


def as_at(model: type[models.Model], day: datetime.date, **stable_filters) -> models.QuerySet:
    """Each object's latest history row on or before the end of ``day``: the record as it stood.

    Objects deleted by then are left out. ``stable_filters`` narrow the rows (use them only for
    fields an object never changes, its parent's id say, so that they select whole histories).
    Each history row knows when the next one took over (``valid_to``, kept by the database:
    ``core.temporal``), so the row in force at the end of ``day`` is the one whose validity
    spans that instant: a range lookup, not a sort of every object's history
    (docs/adr/0025). The result is a queryset of historical rows: filter, order or count it
    further as you like.
    """
    History = history_model(model)
    end = end_of_day(day)
    return (
        History.objects.filter(history_date__lt=end, **stable_filters)
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=end))
        .exclude(history_type="-")
    )
