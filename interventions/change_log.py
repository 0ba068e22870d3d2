"""A record's history as a person reads it: who changed what and when, old value → new value.

Built from django-simple-history's rows. Each history model is read once, with its user, and the
rows of one record are compared pairwise in memory, so the number of queries depends on the kinds
of record shown, never on how many rows there are. Values are shown as the page shows them:
choice labels, names of related records, dates in words.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.db import models
from django.template.defaultfilters import filesizeformat
from django.utils.text import capfirst

from core.dates import govuk_date, govuk_datetime

from .models import Action, BoardMeeting, Evidence, Intervention, ProgressEntry, ThemeRating

ALWAYS_HIDDEN = {"id", "version"}
NOT_SET = "Not set"


@dataclass(frozen=True)
class FieldChange:
    label: str
    old: str
    new: str


@dataclass
class ChangeEvent:
    """One history row: a record created, changed or deleted by someone, for a reason."""

    when: datetime.datetime
    who: str
    reason: str
    record: str
    kind: str  # "created", "changed" or "deleted"
    changes: list[FieldChange] = field(default_factory=list)
    order: int = 0

    @property
    def title(self) -> str:
        return f"{self.record} {self.kind}"


@dataclass(frozen=True)
class Source:
    """What to read for one kind of record: its history rows and how to show them."""

    rows: models.QuerySet
    label: Callable[[object, Callable], str] | str
    hidden: frozenset[str] = frozenset()
    labels: dict[str, str] = field(default_factory=dict)
    # Related records the label names (hidden from the changes, but read for the label).
    label_fields: tuple[str, ...] = ()


def person(user) -> str:
    if user is None:
        return "Unknown"
    return user.get_full_name() or user.get_username()


def show_value(model_field: models.Field, value, related: dict) -> str:
    """A stored value as a page shows it."""
    if value is None or value == "":
        return NOT_SET
    if model_field.choices:
        return str(dict(model_field.flatchoices).get(value, value))
    if isinstance(model_field, models.ForeignKey):
        return related.get((model_field.related_model, value), f"#{value}")
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, datetime.datetime):
        return govuk_datetime(value)
    if isinstance(value, datetime.date):
        return govuk_date(value)
    if isinstance(value, Decimal):
        return f"{value.normalize():f}"
    if model_field.name == "size" and isinstance(value, int):
        return str(filesizeformat(value)).replace("\xa0", " ")
    return str(value)


def _shown_fields(model, source: Source) -> list[models.Field]:
    hidden = ALWAYS_HIDDEN | source.hidden
    return [f for f in model._meta.concrete_fields if f.name not in hidden]


def _related_labels(rows: list, fields: list[models.Field]) -> dict:
    """Every related record the rows point to, read in one query per related model."""
    wanted: dict[type, set] = defaultdict(set)
    for model_field in fields:
        if isinstance(model_field, models.ForeignKey):
            for row in rows:
                value = getattr(row, model_field.attname)
                if value is not None:
                    wanted[model_field.related_model].add(value)
    labels = {}
    user_model = get_user_model()
    for model, pks in wanted.items():
        for pk, obj in model._default_manager.in_bulk(pks).items():
            labels[(model, pk)] = person(obj) if model is user_model else str(obj)
    return labels


def events(source: Source) -> list[ChangeEvent]:
    """The events of one kind of record, oldest first within each record."""
    rows = list(source.rows.select_related("history_user").order_by("history_date", "history_id"))
    if not rows:
        return []
    model = rows[0].instance_type
    fields = _shown_fields(model, source)
    named = [model._meta.get_field(name) for name in source.label_fields]
    related = _related_labels(rows, [*fields, *named])
    by_record: dict = defaultdict(list)
    for row in rows:
        by_record[row.id].append(row)
    found = []
    for record_rows in by_record.values():
        previous = None
        for row in record_rows:
            found.append(_event(row, previous, fields, related, source))
            previous = row
    return found


def _event(row, previous, fields, related, source: Source) -> ChangeEvent:
    def fk_label(name: str) -> str:
        model_field = row.instance_type._meta.get_field(name)
        return show_value(model_field, getattr(row, model_field.attname), related)

    label = source.label if isinstance(source.label, str) else source.label(row, fk_label)
    changes = []
    for model_field in fields:
        new = getattr(row, model_field.attname)
        old = getattr(previous, model_field.attname) if previous is not None else None
        if previous is not None and old == new:
            continue
        if previous is None and (new is None or new == "" or row.history_type == "-"):
            continue
        changes.append(
            FieldChange(
                label=source.labels.get(model_field.name, capfirst(model_field.verbose_name)),
                old=show_value(model_field, old, related) if previous is not None else "",
                new=show_value(model_field, new, related),
            )
        )
    kind = {"+": "created", "~": "changed", "-": "deleted"}[row.history_type]
    return ChangeEvent(
        when=row.history_date,
        who=person(row.history_user),
        reason=row.history_change_reason or "",
        record=label,
        kind=kind,
        changes=changes,
        order=row.history_id,
    )


def change_log(*sources: Source, limit: int | None = None) -> list[ChangeEvent]:
    """Events from every source, newest first; a change that altered nothing shown is left out
    (saving an entry only to move its version on, say)."""
    found = [
        event
        for source in sources
        for event in events(source)
        if event.changes or event.kind != "changed"
    ]
    found.sort(key=lambda event: (event.when, event.order), reverse=True)
    return found[:limit] if limit else found


# ---------------------------------------------------------------------------------------------
# What each page shows


def intervention_sources(intervention) -> list[Source]:
    return [
        Source(
            Intervention.history.filter(id=intervention.pk),
            label="Intervention",
            hidden=frozenset({"authority"}),
        )
    ]


def entry_sources(entry) -> list[Source]:
    return [
        Source(
            ProgressEntry.history.filter(id=entry.pk),
            label="Entry",
            hidden=frozenset({"intervention"}),
            labels={"locked_at": "Locked for a submitted report", "occurred_on": "Date"},
        ),
        Source(
            ThemeRating.history.filter(entry_id=entry.pk),
            label=lambda row, fk: f"Rating of {fk('theme')}",
            hidden=frozenset({"entry", "theme"}),
            label_fields=("theme",),
        ),
        Source(
            Evidence.history.filter(entry_id=entry.pk),
            label=lambda row, fk: f"Evidence {row.original_name}",
            hidden=frozenset({"entry", "file", "sha256", "uploaded_by", "uploaded_at"}),
            labels={"removed_at": "Removed", "removed_by": "Removed by"},
        ),
    ]


def action_sources(action) -> list[Source]:
    return [
        Source(
            Action.history.filter(id=action.pk),
            label="Action",
            hidden=frozenset({"intervention"}),
            labels={"owner_user": "Owner's account", "due_on": "Due date"},
        )
    ]


def meeting_sources(meeting) -> list[Source]:
    return [
        Source(
            BoardMeeting.history.filter(id=meeting.pk),
            label="Meeting",
            labels={"held_on": "Date"},
        )
    ]
