"""Who changed what, across every history table: the rows of the admins' audit page.

One query reads a page of history rows from all the tracked models at once: a UNION ALL of
each history table's rows (filtered by user and dates) ordered by ``history_date`` with a
LIMIT, which PostgreSQL answers from the tables' ``history_date`` indexes, reading only the
rows up to the end of the page however many there are. Then one query for the users on the page and
one per kind of record on it, for what each record is called now. Why: docs/adr/0007.
"""

from __future__ import annotations

import datetime
import functools
from collections import defaultdict
from dataclasses import dataclass

from django.apps import apps
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.db import connection, models
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.text import capfirst

from .history import has_history

CHANGE_TYPES = {"+": "Created", "~": "Changed", "-": "Deleted"}
COLUMNS = (
    "history_date",
    "record_type",
    "history_id",
    "object_id",
    "history_type",
    "history_user_id",
    "history_change_reason",
)


@functools.cache
def tracked_models() -> dict[str, type[models.Model]]:
    """Every model with history, by label ("interventions.action"), in name order."""
    found = [model for model in apps.get_models() if has_history(model)]
    found.sort(key=lambda model: str(model._meta.verbose_name_plural).casefold())
    return {model._meta.label_lower: model for model in found}


def record_type_choices() -> list[tuple[str, str]]:
    return [(label, capfirst(m._meta.verbose_name_plural)) for label, m in tracked_models().items()]


@dataclass(frozen=True)
class Filters:
    user_id: int | None = None
    record_type: str | None = None  # a label from tracked_models()
    since: datetime.date | None = None
    until: datetime.date | None = None  # inclusive


@dataclass(frozen=True)
class Change:
    """One history row, ready to show."""

    when: datetime.datetime
    user: object | None
    record_type: str
    record: str
    url: str | None
    change_type: str
    reason: str


def changes(filters: Filters, *, offset: int = 0, limit: int = 50) -> list[Change]:
    """The history rows ``filters`` select, newest first, ``limit`` of them from ``offset``.

    One statement: each table's rows up to the end of the page, newest first (a backward scan
    of its ``history_date`` index), joined by UNION ALL and sorted once, so PostgreSQL never
    reads every row a filter matches in every table. It is written as SQL, not built with the
    ORM: building and compiling the union of some thirty tables' querysets made the page take
    93 ms at the bench's scale 1, and 22 ms written this way (bench/README.md)."""
    labels = [filters.record_type] if filters.record_type else list(tracked_models())
    where, where_params = _conditions(filters)
    quote = connection.ops.quote_name
    parts, params = [], []
    for n, label in enumerate(labels):
        table, key = _history_columns(label)
        # Names from the models, quoted; every value a placeholder.
        parts.append(
            "SELECT * FROM (SELECT history_date, CAST(%s AS TEXT) AS record_type, history_id, "  # noqa: S608
            f"CAST({quote(key)} AS TEXT) AS object_id, history_type, history_user_id, "
            f"history_change_reason FROM {quote(table)}{where} "
            f"ORDER BY history_date DESC, history_id DESC LIMIT %s) AS {quote(f'part{n}')}"
        )
        params += [label, *where_params, offset + limit]
    sql = " UNION ALL ".join(parts)
    # Ties on the date are broken the same way every time, so that pages neither skip a row
    # nor repeat one.
    sql += " ORDER BY history_date DESC, record_type, history_id DESC LIMIT %s OFFSET %s"
    with connection.cursor() as cursor:
        cursor.execute(sql, [*params, limit, offset])
        page = [dict(zip(COLUMNS, row, strict=True)) for row in cursor.fetchall()]
    for row in page:
        row["history_date"] = _aware(row["history_date"])
    return _describe(page)


@functools.cache
def _history_columns(label: str) -> tuple[str, str]:
    """The record type's history table, and its column holding the record's key."""
    model = tracked_models()[label]
    history = getattr(model, model._meta.simple_history_manager_attribute).model
    return history._meta.db_table, history._meta.get_field(model._meta.pk.attname).column


def _conditions(filters: Filters) -> tuple[str, list]:
    """The WHERE clause (with its leading space, or empty) and its parameters."""
    conditions, params = [], []
    if filters.user_id is not None:
        conditions.append("history_user_id = %s")
        params.append(filters.user_id)
    if filters.since is not None:
        conditions.append("history_date >= %s")
        params.append(_start_of(filters.since))
    if filters.until is not None:
        conditions.append("history_date < %s")
        params.append(_start_of(filters.until + datetime.timedelta(days=1)))
    return (" WHERE " + " AND ".join(conditions) if conditions else ""), params


def _aware(value) -> datetime.datetime:
    """A ``history_date`` as read: aware from PostgreSQL, text in UTC from SQLite."""
    if isinstance(value, str):
        value = datetime.datetime.fromisoformat(value)
    return value if timezone.is_aware(value) else value.replace(tzinfo=datetime.UTC)


def _start_of(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def _describe(page: list[dict]) -> list[Change]:
    """Name each row's user and record: one query for the users, one per kind of record."""
    user_ids = {row["history_user_id"] for row in page} - {None}
    users = get_user_model()._default_manager.in_bulk(user_ids)
    ids_by_type = defaultdict(set)
    for row in page:
        ids_by_type[row["record_type"]].add(row["object_id"])
    names = {
        label: _record_names(tracked_models()[label], ids) for label, ids in ids_by_type.items()
    }
    return [
        Change(
            when=row["history_date"],
            user=users.get(row["history_user_id"]),
            record_type=capfirst(tracked_models()[row["record_type"]]._meta.verbose_name),
            record=names[row["record_type"]].get(
                row["object_id"], f"Record {row['object_id']} (no longer exists)"
            ),
            url=_history_url(tracked_models()[row["record_type"]], row["object_id"]),
            change_type=CHANGE_TYPES.get(row["history_type"], row["history_type"]),
            reason=row["history_change_reason"] or "",
        )
        for row in page
    ]


def _record_names(model: type[models.Model], ids: set[str]) -> dict[str, str]:
    """What each record is called now, by its key as text. A record's name may use the records
    it belongs to (an action's intervention's authority): select_related() joins them."""
    records = model._default_manager.filter(pk__in=ids).select_related()
    return {str(record.pk): str(record) for record in records}


def _history_url(model: type[models.Model], object_id: str) -> str | None:
    """The record's history page in the admin, if the admin shows that model."""
    if not admin.site.is_registered(model):
        return None
    opts = model._meta
    try:
        return reverse(f"admin:{opts.app_label}_{opts.model_name}_history", args=[object_id])
    except NoReverseMatch:
        return None
