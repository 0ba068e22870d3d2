"""Where a report's facts come from: history rows, read as they stood at the report's cut-off,
and the references each fact keeps to them.

A report shows every record as the history tables held it at its cut-off (the end of the
period's last day for a first version; the moment of reopening for a later one): the latest
history row written before the cut-off. A record first entered after the cut-off (a visit
logged a few days late, or reference data loaded years later) is shown as first recorded, so
that late entries are not lost and later edits still cannot change what the report says.

Every fact names its sources as ``"app_label.model:history_id"``; ``Sources`` collects what the
report page shows about each (which record, when it was written, by whom and why).
"""

import datetime
from collections.abc import Iterable

from django.contrib.auth import get_user_model
from django.db import connection, models
from django.utils import timezone

from .history import history_model


def ref(row: models.Model) -> str:
    """The reference a fact keeps to one history row: ``"interventions.progressentry:42"``."""
    return f"{row.instance_type._meta.label_lower}:{row.history_id}"


def known_rows(
    model: type[models.Model], cutoff: datetime.datetime, **stable_filters
) -> list[models.Model]:
    """Each record's history row as known at ``cutoff`` (see the module docstring), by pk.

    ``stable_filters`` must name fields a record never changes (its parent's id), so that the
    database reads only the rows of this report's records, through an index.
    """
    History = history_model(model)
    pk = model._meta.pk.attname
    rows = History.objects.filter(**stable_filters).select_related(None)
    if connection.vendor == "postgresql":
        before = rows.filter(history_date__lt=cutoff).order_by(pk, "-history_date", "-history_id")
        chosen = {getattr(row, pk): row for row in before.distinct(pk)}
        after = rows.filter(history_date__gte=cutoff).order_by(pk, "history_date", "history_id")
        for row in after.distinct(pk):
            chosen.setdefault(getattr(row, pk), row)
    else:
        chosen = {}
        for row in rows.order_by(pk, "history_date", "history_id"):
            key = getattr(row, pk)
            if row.history_date < cutoff or key not in chosen:
                chosen[key] = row
    known = [row for row in chosen.values() if row.history_type != "-"]
    return sorted(known, key=lambda row: getattr(row, pk))


class Sources:
    """The history rows a report's facts cite, and a description of each for the report."""

    def __init__(self) -> None:
        self._rows: dict[str, models.Model] = {}

    def cite(self, *rows: models.Model | None) -> list[str]:
        """References to ``rows`` (None is skipped), remembered for the sources table."""
        refs = []
        for row in rows:
            if row is None:
                continue
            key = ref(row)
            self._rows[key] = row
            refs.append(key)
        return sorted(set(refs))

    def cite_all(self, rows: Iterable[models.Model]) -> list[str]:
        return self.cite(*rows)

    def table(self) -> dict[str, dict]:
        """Each cited row: what it is, when it was written, by whom and why (sorted by key)."""
        user_ids = {row.history_user_id for row in self._rows.values() if row.history_user_id}
        users = {
            user.pk: user.get_full_name() or user.get_username()
            for user in get_user_model().objects.filter(pk__in=user_ids)
        }
        table = {}
        for key in sorted(self._rows):
            row = self._rows[key]
            opts = row.instance_type._meta
            table[key] = {
                "model": str(opts.verbose_name),
                "object_id": getattr(row, opts.pk.attname),
                "change": {"+": "created", "~": "changed", "-": "deleted"}[row.history_type],
                "recorded_at": timezone.localtime(row.history_date).isoformat(),
                "recorded_by": users.get(row.history_user_id, ""),
                "reason": row.history_change_reason or "",
            }
        return table
