"""Reading the audited history tables: the state of records as they stood on a past day, and
what changed within a period.

Dashboards "as at" a date and the quarterly reports read from here, never from today's rows, so
what they show is what the records said then. Days are whole days in the service's time zone:
"as at 30 June 2017" means every change made up to midnight at the end of 30 June.
"""

import datetime
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import connection, models
from django.db.models import OuterRef, Subquery


def start_of_day(day: datetime.date) -> datetime.datetime:
    """The first instant of ``day`` in the service's time zone."""
    return datetime.datetime.combine(day, datetime.time.min, tzinfo=ZoneInfo(settings.TIME_ZONE))


def end_of_day(day: datetime.date) -> datetime.datetime:
    """The first instant after ``day`` (exclusive bound), in the service's time zone."""
    return start_of_day(day + datetime.timedelta(days=1))


def history_model(model: type[models.Model]) -> type[models.Model]:
    """The historical model simple-history made for ``model``."""
    return model.history.model


def as_at(model: type[models.Model], day: datetime.date, **stable_filters) -> models.QuerySet:
    """Each object's latest history row on or before the end of ``day``: the record as it stood.

    Objects deleted by then are left out. ``stable_filters`` narrow the rows before the latest is
    chosen, so use them only for fields an object never changes (its parent's id, say), which
    lets the database use its indexes instead of reading the whole table.
    The result is a queryset of historical rows: filter, order or count it further as you like.
    """
    History = history_model(model)
    pk_name = model._meta.pk.attname
    candidates = History.objects.filter(history_date__lt=end_of_day(day), **stable_filters)
    if connection.vendor == "postgresql":
        latest_ids = (
            candidates.order_by(pk_name, "-history_date", "-history_id")
            .distinct(pk_name)
            .values("history_id")
        )
    else:
        newer = candidates.filter(**{pk_name: OuterRef(pk_name)}).order_by(
            "-history_date", "-history_id"
        )
        latest_ids = candidates.filter(history_id=Subquery(newer.values("history_id")[:1])).values(
            "history_id"
        )
    # The stable filters again on the outer query let the database find those rows by their
    # index too, instead of reading the whole history table to match the latest ids.
    return History.objects.filter(history_id__in=latest_ids, **stable_filters).exclude(
        history_type="-"
    )
