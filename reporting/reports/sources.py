"""Where a report's facts come from: history rows, read as they stood at the report's cut-off,
and the references each fact keeps to them.

A report shows every record as the history tables held it at its cut-off (the end of the
period's last day for a first version; the moment of reopening for a later one): the latest
history row written before the cut-off. A record first entered after the cut-off (a visit
logged a few days late, or reference data loaded years later) is shown as first recorded, so
that late entries are not lost and later edits still cannot change what the report says.

Every fact keeps two kinds of reference, collected by ``Sources``:
- ``sources``: the history rows it was read from, as ``"app_label.model:history_id"``. They are
  for machines (the report's annex, and locking the entries a submitted report drew on), never
  printed in the document.
- ``cites``: the documents a reader can look up, from each record's ``source`` field (a council
  paper, an Ofsted report), or "Recorded in the service by NAME on DATE" for what people entered.
Each fact also says whether it is ``illustrative``: resting on a record no source gives.
"""

import datetime
import hashlib
from collections.abc import Iterable

from django.db import connection, models
from django.utils import timezone

from core.dates import govuk_date
from core.models import Sourced

from ..history import history_model

# History rows written by a process (a loader, the case studies) point to an account like this.
SYSTEM_ACCOUNT_PREFIX = "system:"


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


def own_document(row: models.Model) -> str:
    """The document a record says it comes from (its ``source`` field), or "". An action's
    ``source`` says which part of the work raised it, not a document, so it has none."""
    model = row.instance_type
    if not issubclass(model, Sourced):
        return ""
    if model._meta.get_field("source").choices:
        return ""
    return (row.source or "").strip()


def document_key(text: str) -> str:
    return "doc:" + hashlib.sha256(text.encode("utf-8")).hexdigest()[:12]


class Sources:
    """The history rows a report's facts rest on, and the documents they cite."""

    def __init__(self, users: dict | None = None) -> None:
        self._rows: dict[str, models.Model] = {}
        self._citations: dict[str, dict] = {}
        self._users = users or {}

    def cite(self, *rows: models.Model | None) -> list[str]:
        """References to ``rows`` (None is skipped), remembered for the annex."""
        refs = []
        for row in rows:
            if row is None:
                continue
            key = ref(row)
            self._rows[key] = row
            refs.append(key)
        return sorted(set(refs))

    def fact(
        self, *rows: models.Model | None, also: Iterable = (), document: str = ""
    ) -> dict[str, object]:
        """What a fact keeps about where it comes from (merge it into the fact's dict):

        - ``sources``: the history rows of ``rows`` and of ``also`` (rows read, such as a
          rating's theme or the previous rating, that are not what the fact states);
        - ``cites``: ``document`` if given (an Ofsted report for an inspection and its
          judgements), else each of ``rows``' own document, or who recorded it in the service;
        - ``illustrative``: whether any of ``rows`` is marked illustrative.
        """
        rows = [row for row in rows if row is not None]
        keys = self.cite(*rows, *also)
        cites = [self.document(document)] if document else [self._citation(r) for r in rows]
        return {
            "sources": keys,
            "cites": sorted(set(cites)),
            "illustrative": any(bool(getattr(row, "illustrative", False)) for row in rows),
        }

    def _by_process(self, row: models.Model) -> bool:
        user = self._users.get(row.history_user_id)
        return user is not None and user.get_username().startswith(SYSTEM_ACCOUNT_PREFIX)

    def document(self, text: str, kind: str = "document") -> str:
        """The key of a citation of a document (remembered for the citations table)."""
        key = document_key(text)
        self._citations.setdefault(key, {"kind": kind, "text": text})
        return key

    def _citation(self, row: models.Model) -> str:
        text = own_document(row)
        if text:
            return self.document(text)
        user = self._users.get(row.history_user_id)
        reason = (row.history_change_reason or "").strip()
        if self._by_process(row):
            # Loaded by a process: the case studies write the document into the reason.
            process = user.get_username().removeprefix(SYSTEM_ACCOUNT_PREFIX)
            return self.document(reason or f"Loaded by the {process} process", kind="loaded")
        day = timezone.localtime(row.history_date).date()
        if user is None:
            return self.document(reason or f"Recorded in the service on {govuk_date(day)}")
        key = f"service:{user.pk}:{day.isoformat()}"
        name = user.get_full_name() or user.get_username()
        self._citations.setdefault(
            key,
            {
                "kind": "service",
                "text": f"Recorded in the service by {name} on {govuk_date(day)}",
                "by": name,
                "on": day.isoformat(),
            },
        )
        return key

    def citations(self) -> dict[str, dict]:
        """Every document cited (sorted by key)."""
        return {key: self._citations[key] for key in sorted(self._citations)}

    def table(self) -> dict[str, dict]:
        """Each history row read: what it is, when it was written, by whom and why (by key)."""
        table = {}
        for key in sorted(self._rows):
            row = self._rows[key]
            opts = row.instance_type._meta
            user = self._users.get(row.history_user_id)
            table[key] = {
                "model": str(opts.verbose_name),
                "object_id": getattr(row, opts.pk.attname),
                "change": {"+": "created", "~": "changed", "-": "deleted"}[row.history_type],
                "recorded_at": timezone.localtime(row.history_date).isoformat(),
                "recorded_by": (user.get_full_name() or user.get_username()) if user else "",
                "reason": row.history_change_reason or "",
            }
        return table
