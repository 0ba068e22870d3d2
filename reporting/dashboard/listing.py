"""The list of interventions that the national dashboard (and its CSV) and the API show: filtered,
sorted, totalled, and built in full only for the page shown.

An intervention's full state (``InterventionState``: its notices, directions,
appointments, partnerships, ratings, reports, latest inspection...) costs about a millisecond
to build, and more as its history grows. Building every one of them before showing 25 made every
list grow with the portfolio. So a list is made from:

- each row's outline: the intervention's own record and its authority, which answer the filters
  by region and status, the sorts by authority, region, status and months open, and whether it
  is open (``outline_states``), read afresh for every list;
- each row's facts (``RowFacts``): its standing (the instrument in force, the worst current RAG
  rating, where reporting stands, whether it is stale) and every column's sort value, worked out
  from its full state once, then kept in the ``rows`` cache under the versions of the records
  it is made from (core.record_versions, docs/adr/0028). A change to one intervention's records
  remakes that row's facts alone; any day, today or past, is read the same way;

then only the page's rows are built in full (``StatesInOrder``). What the API and the CSVs
write of a row (its serialized record, ``KeptRecords``) is kept beside its facts, under the same
versions, so a download of every row builds only the full states of rows whose records changed.
"""

from __future__ import annotations

import datetime
import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.cache import caches
from django.db.models import QuerySet

from authorities.models import LocalAuthority
from core import record_versions
from core.page_cache import KEPT_FOR
from interventions.models import Intervention

from .state import InterventionState, full_states, intervention_rows, outline_states
from .table import (
    COLUMNS,
    Cell,
    DashboardFilters,
    Standing,
    Totals,
    cells,
    filter_states,
    sort_states,
    totals,
)

logger = logging.getLogger(__name__)

# Sorts an intervention's outline answers: the list can be sorted without its full state.
OUTLINE_SORTS = {"authority", "region", "months_open", "status"}


class StatesInOrder(Sequence):
    """The full states of interventions listed in order, built only for the slice asked for:
    a paginator counts them all and builds one page's. States already ``built`` (by id) are
    used as they are."""

    def __init__(
        self,
        day: datetime.date,
        rows: list,
        authorities: dict[int, LocalAuthority],
        built: dict[int, InterventionState] | None = None,
        versions: dict[tuple[str, int], str] | None = None,
    ):
        self.day = day
        self.rows = rows  # the interventions' own records, in the list's order
        self.authorities = authorities
        self.built = built or {}
        # The versions read before ``built`` was (``row_facts``), or None if none were read.
        self.versions = versions

    def __len__(self) -> int:
        return len(self.rows)

    def __getitem__(self, index):
        rows = self.rows[index] if isinstance(index, slice) else [self.rows[index]]
        states = self.of(rows)
        return states if isinstance(index, slice) else states[0]

    def of(self, rows: list) -> list[InterventionState]:
        """The full states of these rows, in order: those not built yet, built together."""
        missing = [row for row in rows if row.id not in self.built]
        if missing:
            self.built.update(
                (state.pk, state) for state in full_states(self.day, missing, self.authorities)
            )
        return [self.built[row.id] for row in rows]


@dataclass(frozen=True)
class Listing:
    """The rows to show, in order (a sequence whose slices are full states), and the totals
    over all of them; and, when every row's facts were read, those facts in the same order
    (what the dashboard's table shows, without building a page of full states)."""

    states: Sequence[InterventionState]
    totals: Totals | None
    facts: Sequence[RowFacts] | None = None


@dataclass(frozen=True)
class RowFacts:
    """What the list reads of a row besides its outline, to filter, sort and total it (its
    standing and each column's sort value), and what the dashboard's table shows of it (its
    cells, and its authority's ONS code for the link). Worked out from the full state, so
    exactly what a full state says; kept in the ``rows`` cache under the versions of the row's
    records (``row_facts``)."""

    standing: Standing
    sort: dict[str, Any]
    cells: tuple[Cell, ...]
    ons_code: str

    @classmethod
    def of(cls, state: InterventionState) -> RowFacts:
        return cls(
            Standing.of(state),
            {column.key: column.sort(state) for column in COLUMNS},
            tuple(cells(state)),
            state.authority.ons_code,
        )


def row_key(day: datetime.date, row, versions: dict[tuple[str, int], str]) -> str | None:
    """The key a row's facts on ``day`` are kept under: the versions of its intervention's
    records, its authority's and the rest (core.record_versions), or None if one is unknown."""
    parts = [
        versions.get((record_versions.INTERVENTION, row.id)),
        versions.get((record_versions.AUTHORITY, row.authority_id)),
        versions.get((record_versions.REFERENCE, 0)),
    ]
    if not all(parts):
        return None
    return ":".join(["row", settings.RELEASE, day.isoformat(), str(row.id), *parts])


def versions_of(rows: list) -> dict[tuple[str, int], str]:
    """The versions of the rows' records (core.record_versions), none with ROW_CACHE off."""
    if not settings.ROW_CACHE:
        return {}
    ids, authorities = {row.id for row in rows}, {row.authority_id for row in rows}
    return record_versions.tokens(ids, authorities) or {}  # None off PostgreSQL


def kept(keys: dict[int, str | None], make: Callable[[list[int]], dict[int, Any]]) -> dict:
    """Values by id: those in the ``rows`` cache under their ``keys``, the rest made (``make``,
    given the missing ids) and then kept under theirs (a key of None: made, never kept)."""
    try:
        found = caches["rows"].get_many([key for key in keys.values() if key])
    except Exception:  # noqa: BLE001 (a cache that does not answer: the values are worked out)
        logger.warning("row cache unavailable: rows worked out afresh", exc_info=True)
        found = {}
    values = {pk: found[key] for pk, key in keys.items() if key in found}
    missing = [pk for pk in keys if pk not in values]
    made = make(missing) if missing else {}
    values.update(made)
    if any(keys[pk] for pk in made):
        try:
            caches["rows"].set_many(
                {keys[pk]: value for pk, value in made.items() if keys[pk]}, timeout=KEPT_FOR
            )
        except Exception:  # noqa: BLE001
            logger.warning("row cache unavailable: rows not kept", exc_info=True)
    return values


def row_facts(
    day: datetime.date,
    rows: list,
    authorities: dict[int, LocalAuthority],
    versions: dict[tuple[str, int], str] | None = None,
) -> tuple[dict[int, RowFacts], dict[int, InterventionState]]:
    """Each row's facts on ``day``, by id: from the ``rows`` cache, the rest from their full
    states (built together, in a fixed number of queries) and then kept; and those full states,
    by id, for the page to use.

    The versions (``versions_of``, unless given) must be read before anything else: facts kept
    under them show the records as they stood then or later, and any change to a row's records
    gives it a new key (docs/adr/0028)."""
    versions = versions_of(rows) if versions is None else versions
    by_pk = {row.id: row for row in rows}
    states = StatesInOrder(day, rows, authorities)

    def make(ids: list[int]) -> dict[int, RowFacts]:
        return {state.pk: RowFacts.of(state) for state in states.of([by_pk[pk] for pk in ids])}

    keys = {row.id: row_key(day, row, versions) for row in rows}
    return kept(keys, make), states.built


class KeptRecords(Sequence):
    """The rows of ``states`` as ``serialize`` writes them (a list of states to a list of
    records: the API's record of each row, its links absolute for ``base``, the scheme and host
    asked for), each kept in the ``rows`` cache under its row's key and ``base``; a slice
    builds only the full states of rows not kept.

    The versions are the list's (read before its full states were built), or else read here,
    before the states are built."""

    def __init__(
        self,
        states: StatesInOrder,
        serialize: Callable[[list[InterventionState]], list[dict]],
        base: str,
    ):
        self.states, self.serialize, self.base = states, serialize, base

    def __len__(self) -> int:
        return len(self.states)

    def __getitem__(self, index):
        states = self.states
        rows = states.rows[index] if isinstance(index, slice) else [states.rows[index]]
        versions = states.versions
        if versions is None:  # the list read none: read them now, and build afresh after them
            versions = versions_of(rows)
            states = StatesInOrder(states.day, states.rows, states.authorities)
        by_pk = {row.id: row for row in rows}

        def make(ids: list[int]) -> dict[int, dict]:
            page = states.of([by_pk[pk] for pk in ids])
            return dict(zip(ids, self.serialize(page), strict=True))

        keys = {
            row.id: (key := row_key(states.day, row, versions)) and f"{key}:record:{self.base}"
            for row in rows
        }
        records = kept(keys, make)
        found = [records[row.id] for row in rows]
        return found if isinstance(index, slice) else found[0]


def listing(
    day: datetime.date,
    interventions: QuerySet[Intervention],
    filters: DashboardFilters,
    key: str = "authority",
    descending: bool = False,
    *,
    open_only: bool = True,
    keep: Callable[[InterventionState], bool] | None = None,
    with_totals: bool = True,
) -> Listing:
    """The interventions in ``interventions`` as they stood at the end of ``day``, narrowed by
    ``filters`` (and ``keep``, a test of an outline state), sorted by the column ``key``; with
    their totals unless ``with_totals`` is off.

    The outline filters (region, status, open or closed) are applied first; the rest read each
    remaining row's facts (``row_facts``), and so do the totals and a sort by a column the
    outline does not answer. Only the page's rows are then built in full (``StatesInOrder``)."""
    rows = intervention_rows(day, interventions, open_only=open_only)
    outlines = outline_states(day, rows)
    authorities = {state.authority.pk: state.authority for state in outlines}
    by_outline = filters.outline
    outlines = [
        state for state in outlines if (keep is None or keep(state)) and by_outline.matches(state)
    ]
    facts, standings, built, versions = None, None, None, None
    if with_totals or filters.asks_standing or key not in OUTLINE_SORTS:
        listed = {state.pk for state in outlines}
        listed_rows = [row for row in rows if row.id in listed]
        versions = versions_of(listed_rows)
        facts, built = row_facts(day, listed_rows, authorities, versions)
        standings = {pk: fact.standing for pk, fact in facts.items()}
        outlines = filter_states(outlines, filters, standings)
    if key in OUTLINE_SORTS:
        shown = sort_states(outlines, key, descending)
    else:  # by the value kept for each row
        shown = sort_states(outlines, key, descending, lambda state: facts[state.pk].sort[key])
    by_pk = {row.id: row for row in rows}
    return Listing(
        StatesInOrder(day, [by_pk[state.pk] for state in shown], authorities, built, versions),
        totals(shown, standings) if with_totals else None,
        [facts[state.pk] for state in shown] if facts is not None else None,
    )
