"""Writing many rows with exactly the history rows the services would have written, in bulk.

The demo data has millions of progress entries, ratings, actions, meetings and partner-day logs.
Saving each through its service costs a dozen queries (validation, the insert, the history
insert) and building a Django model instance for each costs more time than the database does,
so here rows are plain values, written with PostgreSQL's COPY (``executemany`` on SQLite, for
the tests). Each row's history rows are those simple-history writes (see its
``bulk_history_create``): every tracked field as it stood after each step, with the step's
``history_date`` (when it happened), ``history_user`` (who), reason and type ("+" for the
create, "~" for each change), and for a versioned model the version each save gave it.
``reporting/tests/test_generate_demo_data.py`` checks them against the services' own rows.

Rows are not validated one by one (``full_clean`` on a rating is a query): the generator makes
them valid by construction, and the database enforces every constraint.
"""

import datetime
import io
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.db import connection, models

from interventions.models import Versioned


@dataclass
class Step:
    when: datetime.datetime
    kind: str  # "+" or "~"
    by: object  # a user or None
    reason: str
    before: dict  # the values (by attname) this step changed, as they were before it


class Row:
    """A row to be written: its values by attname (a foreign key may hold another Row, whose
    id it takes once that row is written) and the steps that made it."""

    __slots__ = ("model", "values", "steps", "id")

    def __init__(self, model: type[models.Model], values: dict, steps: list[Step]):
        self.model, self.values, self.steps, self.id = model, values, steps, None


class Recorder:
    """Collects new rows and their changes, then writes them and their history in bulk.

    ``create`` and ``change`` mirror a service's ``save_with_history`` on a new and on an
    existing row: fields not given take their model defaults; ``change`` sets the values and,
    for a ``Versioned`` model, adds one to the version, as ``Versioned.save`` does. Models are
    written in the order given, parents before children.
    """

    def __init__(self, order: list[type[models.Model]]) -> None:
        self.rows: dict[type[models.Model], list[Row]] = {model: [] for model in order}
        self.defaults = {model: model_defaults(model) for model in order}
        self.counts: dict[str, int] = defaultdict(int)

    def create(self, model: type[models.Model], *, when, by, reason: str, **values) -> Row:
        row = Row(model, {**self.defaults[model], **values}, [Step(when, "+", by, reason, {})])
        self.rows[model].append(row)
        return row

    def change(self, row: Row, *, when, by, reason: str, **values) -> None:
        before = {name: row.values[name] for name in values}
        row.values.update(values)
        if issubclass(row.model, Versioned):
            before["version"] = row.values["version"]
            row.values["version"] += 1
        row.steps.append(Step(when, "~", by, reason, before))

    def write(self) -> None:
        for model, rows in self.rows.items():
            if not rows:
                continue
            for row, id_ in zip(rows, reserve_ids(model, len(rows)), strict=True):
                row.id = id_
            fields = model._meta.concrete_fields
            insert(model, [f.column for f in fields], [model_values(row, fields) for row in rows])
            History = model.history.model
            # valid_to is the database's to write (core.temporal).
            columns = [
                f for f in History._meta.concrete_fields if f.name not in {"history_id", "valid_to"}
            ]
            attnames = [f.attname for f in columns]
            history = [values for row in rows for values in history_values(row, fields, attnames)]
            insert(History, [f.column for f in columns], history)
            self.counts[model._meta.label] += len(rows)
            self.counts[History._meta.label] += len(history)
            rows.clear()


def model_defaults(model: type[models.Model]) -> dict:
    """Each field's default ("" for text, None for a nullable field), as a new instance has."""
    return {f.attname: f.get_default() for f in model._meta.concrete_fields}


def fk(value):
    return value.id if isinstance(value, Row) else value


def model_values(row: Row, fields) -> list:
    values = row.values
    return [row.id if f.primary_key else fk(values[f.attname]) for f in fields]


def history_values(row: Row, fields, attnames: list[str]) -> list[list]:
    """The values (of ``attnames``) of the row's history rows, oldest first: the final values,
    walked back step by step."""
    values = {f.attname: row.id if f.primary_key else fk(row.values[f.attname]) for f in fields}
    found = []
    for step in reversed(row.steps):
        values["history_date"] = step.when
        values["history_change_reason"] = step.reason
        values["history_type"] = step.kind
        values["history_user_id"] = step.by.pk if step.by is not None else None
        found.append([values[name] for name in attnames])
        values.update({name: fk(value) for name, value in step.before.items()})
    return found[::-1]


def reserve_ids(model: type[models.Model], count: int) -> range:
    """``count`` new primary keys, taken from the table's own sequence on PostgreSQL (so the
    services' later rows never collide with them) or after the largest on SQLite."""
    table = model._meta.db_table
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT setval(s, nextval(s) + %s - 1) FROM pg_get_serial_sequence(%s, 'id') s",
                [count, table],
            )
            last = cursor.fetchone()[0]
            return range(last - count + 1, last + 1)
        cursor.execute(f"SELECT coalesce(max(id), 0) FROM {connection.ops.quote_name(table)}")  # noqa: S608
        first = cursor.fetchone()[0] + 1
        return range(first, first + count)


def insert(model: type[models.Model], columns: list[str], rows: list[list]) -> None:
    table = connection.ops.quote_name(model._meta.db_table)
    names = ", ".join(connection.ops.quote_name(column) for column in columns)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.copy_expert(f"COPY {table} ({names}) FROM STDIN", copy_text(rows))
        else:
            marks = ", ".join(["%s"] * len(columns))
            rows = [[sqlite_value(value) for value in row] for row in rows]
            cursor.executemany(f"INSERT INTO {table} ({names}) VALUES ({marks})", rows)  # noqa: S608


def copy_text(rows: list[list]) -> io.StringIO:
    """Rows in COPY's text format."""
    buffer = io.StringIO()
    for row in rows:
        buffer.write("\t".join(map(copy_value, row)))
        buffer.write("\n")
    buffer.seek(0)
    return buffer


def sqlite_value(value):
    """As Django writes a value to SQLite: datetimes as naive UTC text."""
    if isinstance(value, datetime.datetime):
        return connection.ops.adapt_datetimefield_value(value)
    if isinstance(value, datetime.date):
        return connection.ops.adapt_datefield_value(value)
    return value


ESCAPES = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})


def copy_value(value) -> str:
    if value is None:
        return "\\N"
    if isinstance(value, bool):
        return "t" if value else "f"
    if isinstance(value, str):
        return value.translate(ESCAPES)
    if isinstance(value, datetime.datetime | datetime.date):
        return value.isoformat()
    if isinstance(value, int | Decimal):
        return str(value)
    raise TypeError(f"Cannot write {value!r} with COPY")
