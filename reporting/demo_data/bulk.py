"""Writing many rows with exactly the history rows the services would have written, in bulk.

The demo data has millions of progress entries, ratings, actions, meetings and partner-day logs.
Saving each through its service costs several queries (validation, the insert, the history
insert); here the final rows are inserted with ``bulk_create`` and their history rows built as
simple-history builds them (``bulk_history_create``): every tracked field as it stood after each
step, the step's ``history_date`` (when it happened), ``history_user`` (who), reason and type
("+" for the create, "~" for each change) and, for a versioned model, the version each save
gave it. ``reporting/tests/test_generate_demo_data.py`` checks the rows match the services'.

The rows are not validated one by one (``full_clean`` on a rating is a query): the generator
makes them valid by construction, and the database enforces every constraint.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass

from django.db import models

from interventions.models import Versioned

BATCH_SIZE = 2000


@dataclass
class Step:
    when: datetime.datetime
    kind: str  # "+" or "~"
    by: object  # a user or None
    reason: str
    before: dict  # the values (by attname) this step changed, as they were before it


class Recorder:
    """Collects new rows and their changes, then writes them and their history in bulk.

    ``create`` and ``change`` mirror a service's ``save_with_history`` on a new and on an
    existing row: ``change`` sets the values and, for a ``Versioned`` model, adds one to the
    version, as ``Versioned.save`` does. Models are written in the order given, parents before
    children: a child may point to a parent not yet written (its key is filled in when the
    parent is).
    """

    def __init__(self, order: list[type[models.Model]]) -> None:
        self.rows: dict[type[models.Model], list[tuple[models.Model, list[Step]]]] = {
            model: [] for model in order
        }
        self.steps: dict[int, list[Step]] = {}
        self.counts: dict[str, int] = defaultdict(int)

    def create(self, instance: models.Model, *, when, by, reason: str) -> models.Model:
        steps = [Step(when, "+", by, reason, {})]
        self.steps[id(instance)] = steps
        self.rows[type(instance)].append((instance, steps))
        return instance

    def change(self, instance: models.Model, *, when, by, reason: str, **values) -> None:
        before = {}
        for attname, value in values.items():
            before[attname] = getattr(instance, attname)
            setattr(instance, attname, value)
        if isinstance(instance, Versioned):
            before["version"] = instance.version
            instance.version += 1
        self.steps[id(instance)].append(Step(when, "~", by, reason, before))

    def write(self) -> None:
        for model, rows in self.rows.items():
            instances = [instance for instance, _ in rows]
            model.objects.bulk_create(instances, batch_size=BATCH_SIZE)
            # Looked up once: ``Model.history`` builds a new manager class on every access.
            History = model.history.model
            history = [
                row for instance, steps in rows for row in history_rows(History, instance, steps)
            ]
            History.objects.bulk_create(history, batch_size=BATCH_SIZE)
            self.counts[model._meta.label] += len(instances)
            self.counts[History._meta.label] += len(history)
            rows.clear()
        self.steps.clear()


def history_rows(History, instance: models.Model, steps: list[Step]) -> list[models.Model]:
    """One history row per step, oldest first: the final values, walked back step by step."""
    values = {f.attname: getattr(instance, f.attname) for f in History.tracked_fields}
    rows = []
    for step in reversed(steps):
        rows.append(
            History(
                history_date=step.when,
                history_user=step.by,
                history_change_reason=step.reason,
                history_type=step.kind,
                **values,
            )
        )
        values.update(step.before)
    return rows[::-1]
