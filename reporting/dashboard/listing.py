"""The list of interventions that the national dashboard (and its CSV) and the API show: filtered,
sorted, totalled, and built in full only for the page shown.

An intervention's full state (``InterventionState``: its notices, directions,
appointments, partnerships, ratings, reports, latest inspection...) costs about a millisecond
to build. Building every open intervention's before showing 25 of them made the dashboard grow
with the portfolio (248 ms for 243 open interventions; bench/README.md). So the list is first
made from what is cheap to know about every row:

- its outline: the intervention's own record and its authority, which answer the filters by
  region and status, the sorts by authority, region, status and months open, and whether it
  is open (``outline_states``);
- for today, its standing (``Standing``): the instrument in force, the worst current RAG
  rating and where reporting stands, which answer the other filters and the totals. They are
  read in SQL from the live tables (``standings_today``): nothing can have been recorded after
  the end of today yet, so the live rows are the history at the end of today.

Then only the page's rows are built in full (``StatesInOrder``), on any day. A sort by any
other column (the commissioner, the judgement...) builds every row's full state first, as it
always did: correct, and slower as the portfolio grows. So does a past day's list when its
filters or totals read every row's standing: there a standing is worked out from the history
rows that a full state reads anyway (a state holding only those cost as much as a full one,
bench/README.md), so the full states are built once. A past day's list with neither (the API's
list) builds one page's.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from django.db.models import Exists, OuterRef, QuerySet, Subquery
from django.utils import timezone

from authorities.models import LocalAuthority
from interventions.models import (
    ImprovementNotice,
    Intervention,
    StatutoryDirection,
    Theme,
)
from reporting.models import Report

from .state import (
    InterventionState,
    full_states,
    intervention_rows,
    last_entry_on,
    newest_ratings,
    next_report_due,
    outline_states,
    portfolio,
    prefetch_duties,
)
from .table import DashboardFilters, Standing, Totals, filter_states, sort_states, totals
from .vocabulary import RAG_ORDER, Instrument, RagLevel, ReportStatus

# Sorts an intervention's outline answers: the list can be sorted without its full state.
OUTLINE_SORTS = {"authority", "region", "months_open", "status"}


class StatesInOrder(Sequence):
    """The full states of interventions listed in order, built only for the slice asked for:
    a paginator counts them all and builds one page's."""

    def __init__(self, day: datetime.date, rows: list, authorities: dict[int, LocalAuthority]):
        self.day = day
        self.rows = rows  # the interventions' own records, in the list's order
        self.authorities = authorities

    def __len__(self) -> int:
        return len(self.rows)

    def __getitem__(self, index):
        rows = self.rows[index] if isinstance(index, slice) else [self.rows[index]]
        states = full_states(self.day, rows, self.authorities)
        return states if isinstance(index, slice) else states[0]


@dataclass(frozen=True)
class Listing:
    """The rows to show, in order (a sequence whose slices are full states), and the totals
    over all of them."""

    states: Sequence[InterventionState]
    totals: Totals | None


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
    their totals unless ``with_totals`` is off."""
    reads_standings = with_totals or filters.asks_standing
    if key not in OUTLINE_SORTS or (reads_standings and day != timezone.localdate()):
        states = portfolio(day, interventions, open_only=open_only)
        states = [state for state in states if keep is None or keep(state)]
        shown = sort_states(filter_states(states, filters), key, descending)
        return Listing(shown, totals(shown) if with_totals else None)
    rows = intervention_rows(day, interventions, open_only=open_only)
    outlines = outline_states(day, rows)
    authorities = {state.authority.pk: state.authority for state in outlines}
    kept = {row.id for row in rows}
    if keep is not None:
        kept = {state.pk for state in outlines if keep(state)}
    rows = [row for row in rows if row.id in kept]
    outlines = [state for state in outlines if state.pk in kept]
    standings = None
    if reads_standings:  # today's, read in SQL
        standings = standings_today(day, rows)
        outlines = filter_states(outlines, filters, standings)
    else:  # only the filters by region and status, which read the outline
        outlines = filter_states(outlines, filters)
    shown = sort_states(outlines, key, descending)
    by_pk = {row.id: row for row in rows}
    return Listing(
        StatesInOrder(day, [by_pk[state.pk] for state in shown], authorities),
        totals(shown, standings) if with_totals else None,
    )


def standings_today(day: datetime.date, rows: list) -> dict[int, Standing]:
    """Each intervention's standing at the end of ``day`` (today), read from the live tables in
    six queries, for the interventions' own records ``rows`` (``intervention_rows``).

    Exactly what the full state says (``Standing.of``): the direction or notice in force, the
    worst of each theme's latest rating among entries dated by ``day``, the reporting status
    of ``report_state`` and whether it is stale (``Intervention.is_stale``).
    """
    themes = list(Theme.objects.order_by("pk").values_list("pk", flat=True))
    newest = newest_ratings(day)

    def in_force(instruments):
        return instruments.in_force_on(day).filter(intervention_id=OuterRef("pk"))

    facts = (
        Intervention.objects.filter(pk__in=[row.id for row in rows])
        .order_by()
        .annotate(
            has_direction=Exists(in_force(StatutoryDirection.objects)),
            has_notice=Exists(in_force(ImprovementNotice.objects)),
            overdue=Exists(Report.objects.overdue(day).filter(intervention_id=OuterRef("pk"))),
            last_entry=last_entry_on(day),
            has_report=Exists(Report.objects.filter(intervention_id=OuterRef("pk"))),
            **{
                f"theme_{theme}": Subquery(newest.filter(theme_id=theme).values("rag")[:1])
                for theme in themes
            },
        )
        .values(
            "pk",
            "has_direction",
            "has_notice",
            "overdue",
            "last_entry",
            "has_report",
            *(f"theme_{t}" for t in themes),
        )
    )
    by_pk = {fact["pk"]: fact for fact in facts}
    instances = {row.id: row.instance for row in rows}
    prefetch_duties(list(instances.values()))
    last_ended = {
        pk: (ended.kind, ended.start)
        for pk, instance in instances.items()
        if not by_pk[pk]["overdue"] and (ended := instance.last_ended_report_period(day))
    }
    submitted = set(
        Report.objects.filter(
            status=Report.Status.SUBMITTED,
            intervention_id__in=list(last_ended),
            period_start__in={start for _kind, start in last_ended.values()},
        ).values_list("intervention_id", "kind", "period_start")
    )

    def next_due(pk: int) -> datetime.date | None:
        return next_report_due(instances[pk], day)

    standings = {}
    for pk, fact in by_pk.items():
        rags = {fact[f"theme_{theme}"] for theme in themes}
        if fact["overdue"]:
            report = ReportStatus.OVERDUE
        elif pk in last_ended and (pk, *last_ended[pk]) in submitted:
            report = ReportStatus.SUBMITTED
        elif pk not in last_ended and not fact["has_report"] and not next_due(pk):
            report = ReportStatus.NONE
        else:
            report = ReportStatus.DUE
        standings[pk] = Standing(
            instrument=(
                Instrument.DIRECTION
                if fact["has_direction"]
                else Instrument.NOTICE
                if fact["has_notice"]
                else Instrument.NONE
            ),
            rag_level=next((level for level in RAG_ORDER[:-1] if level in rags), RagLevel.NONE),
            report_status=report,
            stale=instances[pk].is_stale(fact["last_entry"], day),
        )
    return standings
