"""One intervention as the records stood at the end of a day, and the portfolio read that way.

Where each fact comes from, and why:

- What people record and change (interventions, notices, directions, appointments, ratings,
  ADM assessments, decisions, partnerships, reports) is read from the history tables
  (``reporting.history.as_at``), today included. A past day then shows what the records said
  that day, and today's view is the same code as any other day's, so the two cannot disagree.
- Published reference data (authorities, Ofsted inspections, yearly statistics) and leadership
  posts are read from the live tables by their own dates (publication date, year, start date):
  the reference-data loader writes their history on the day it runs, so their history says when
  we loaded them, not when they happened.

Every function here runs a fixed number of queries, whatever the number of rows.
"""

from __future__ import annotations

import datetime
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any, NamedTuple

from django.db import models
from django.db.models import OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Concat
from django.utils import timezone

from authorities.models import LocalAuthority
from core.dates import govuk_date
from inspections.models import (
    Grade,
    Inspection,
)
from interventions import duties
from interventions.duties import whole_months_between
from interventions.models import (
    ADMAssessment,
    CommissionerAppointment,
    ImprovementNotice,
    ImprovementPartnership,
    Intervention,
    MinisterialDecision,
    ProgressEntry,
    StatusChange,
    StatutoryDirection,
    Theme,
    ThemeRating,
)
from reporting.history import as_at
from reporting.models import Report

from .vocabulary import RAG_ORDER, Instrument, RagLevel, ReportStatus


def judgement_text(inspection: Inspection | None) -> str:
    """ "Inadequate (SIF, 5 January 2016)": the latest judgement as the dashboard shows it."""
    if inspection is None:
        return "No graded inspection"
    grade = inspection.headline_grade
    label = Grade(grade).label if grade else "No overall grade"
    day = inspection.publication_date or inspection.inspection_date
    return f"{label} ({inspection.label}, {govuk_date(day)})"


@dataclass(frozen=True)
class ReportState:
    """Where an intervention's quarterly reporting stood on a day."""

    status: str
    next_due: datetime.date | None
    overdue: list[Report] = field(default_factory=list)
    last_submitted: Report | None = None

    @property
    def label(self) -> str:
        return ReportStatus(self.status).label

    @property
    def text(self) -> str:
        if self.status == ReportStatus.NONE:
            return self.label
        if self.status == ReportStatus.OVERDUE:
            first = self.overdue[0]
            more = f" and {len(self.overdue) - 1} more" if len(self.overdue) > 1 else ""
            return f"Overdue: {first.period_label}, due {govuk_date(first.due_on)}{more}"
        due = f"next due {govuk_date(self.next_due)}" if self.next_due else "none due"
        if self.status == ReportStatus.SUBMITTED:
            return f"Submitted: {self.last_submitted.period_label}; {due}"
        return f"Due {govuk_date(self.next_due)}" if self.next_due else "None due"


@dataclass
class InterventionState:
    """One intervention as the records stood at the end of a day."""

    pk: int
    day: datetime.date
    authority: LocalAuthority
    status: str
    opened_on: datetime.date
    closed_on: datetime.date | None
    reporting_period_months: int
    # The intervention's history row in force that day (``intervention_rows``): ``record``, the
    # intervention as it stood, is built from it only when asked for (a list of a thousand rows
    # reads it for few of them).
    history_row: Any = field(default=None, repr=False)
    notices: list = field(default_factory=list)
    directions: list = field(default_factory=list)
    appointments: list = field(default_factory=list)
    partnerships: list = field(default_factory=list)
    assessments: list = field(default_factory=list)
    decisions: list = field(default_factory=list)
    ratings: list = field(default_factory=list)
    latest_inspection: Inspection | None = None
    report: ReportState | None = None
    # The latest progress entry dated by the day (None for none), and whether the change
    # that closed the intervention is illustrative (its exit is not in the sources).
    last_entry_on: datetime.date | None = None
    exit_illustrative: bool = False
    # Read only where a page shows them (``attach_status_changes``).
    status_changes: list = field(default_factory=list)

    @cached_property
    def record(self) -> Intervention:
        """The intervention's own record as it stood: its rules (sources' end, staleness) are
        its own."""
        return self.history_row.instance

    @property
    def is_open(self) -> bool:
        return self.closed_on is None or self.closed_on > self.day

    @property
    def status_label(self) -> str:
        return Intervention.Status(self.status).label

    @property
    def sources_end_on(self) -> datetime.date | None:
        return self.record.sources_end_on

    @property
    def sources_ended(self) -> bool:
        """Whether the day shown is past the last day the record's sources cover: nothing
        after that is known, so the intervention is not shown as open and current."""
        return self.record.sources_ended_by(self.day)

    @property
    def record_ended_on(self) -> datetime.date | None:
        """The last day the record covers by the day shown: its closing or its sources' end,
        whichever came first (None while it runs on)."""
        ends = [
            self.closed_on if not self.is_open else None,
            self.sources_end_on if self.sources_ended else None,
        ]
        return min(filter(None, ends), default=None)

    @property
    def months_open(self) -> int:
        """Completed months from opening to the day shown, or to the record's end."""
        return whole_months_between(self.opened_on, self.record_ended_on or self.day)

    @property
    def is_stale(self) -> bool:
        """Open, its sources not ended, and nothing recorded for six months by the day shown
        (``Intervention.is_stale``: the latest entry, status change or opening)."""
        return self.is_open and self.record.is_stale(self.last_entry_on, self.day)

    @property
    def duty_records(self) -> duties.Records:
        """What the reporting duties are worked out from, as the records stood that day."""
        return duties.Records(self.record, self.appointments, self.directions, self.notices)

    @cached_property
    def reporting_duties(self) -> list[duties.Duty]:
        """Who owed reports, from when, as the records stood that day."""
        return duties.duties(self.record, self.duty_records)

    @property
    def exit_reason(self) -> str:
        return "" if self.is_open else self.record.exit_reason

    @property
    def exit_text(self) -> str:
        """ "Closed 30 June 2018: direction revoked", or "" while open."""
        if self.is_open:
            return ""
        text = self.record.exit_text
        return f"{text} (illustrative)" if self.exit_illustrative else text

    @property
    def standing_text(self) -> tuple[str, str, str]:
        """The status cell: (tag text, tag colour, text beside it); no tag for a plain status.
        Closed: its exit. Sources ended: where, and the status they last record. Stale: the
        status and when anything was last recorded."""
        if not self.is_open:
            return "", "", self.exit_text
        if self.sources_ended:
            tag = f"Sources end {govuk_date(self.sources_end_on)}"
            return tag, "grey", f"{self.status_label} when they end"
        if self.is_stale:
            since = govuk_date(self.last_recorded_on)
            return "Stale", "orange", f"{self.status_label}: nothing recorded since {since}"
        return "", "", self.status_label

    @property
    def last_recorded_on(self) -> datetime.date:
        """What staleness counts from: the latest entry, status change or opening."""
        return self.record.last_recorded_on(self.last_entry_on)

    # Worked out once a state is complete (as the lists are filled before anything reads it):
    # every column and the sort read them again.
    @cached_property
    def direction(self):
        """The statutory direction in force that day, if any."""
        return next(
            (d for d in reversed(self.directions) if d.instance.is_in_force_on(self.day)), None
        )

    @cached_property
    def notice(self):
        return next(
            (n for n in reversed(self.notices) if n.instance.is_in_force_on(self.day)), None
        )

    @property
    def instrument(self) -> str:
        if self.direction is not None:
            return Instrument.DIRECTION
        if self.notice is not None:
            return Instrument.NOTICE
        return Instrument.NONE

    @property
    def instrument_label(self) -> str:
        """What is in force; for a closed intervention, what it last rested on."""
        instrument = self.instrument
        if instrument == Instrument.NONE and not self.is_open:
            if self.directions:
                return f"{Instrument.DIRECTION.label} (ended)"
            if self.notices:
                return f"{Instrument.NOTICE.label} (ended)"
        return Instrument(instrument).label

    @property
    def next_direction_review(self) -> datetime.date | None:
        direction = self.direction
        return direction.next_review_on if direction else None

    @cached_property
    def commissioners(self) -> list[str]:
        return [a.commissioner.name for a in self.appointments if a.instance.is_current(self.day)]

    @property
    def commissioner_text(self) -> str:
        return ", ".join(self.commissioners)

    @property
    def rag(self) -> dict[str, int]:
        counts = Counter(rating.rag for rating in self.ratings)
        return {rag: counts[rag] for rag in ThemeRating.Rag.values}

    @property
    def rag_level(self) -> str:
        counts = self.rag
        return next((level for level in RAG_ORDER[:-1] if counts[level]), RagLevel.NONE)

    @property
    def rag_text(self) -> str:
        if not self.ratings:
            return "Not rated"
        return ", ".join(f"{number} {rag}" for rag, number in self.rag.items())

    @property
    def travel(self) -> dict[str, int]:
        counts = Counter(rating.direction for rating in self.ratings)
        return {direction: counts[direction] for direction in ThemeRating.Direction.values}

    @property
    def travel_text(self) -> str:
        if not self.ratings:
            return "Not rated"
        labels = dict(ThemeRating.Direction.choices)
        return ", ".join(
            f"{number} {labels[direction].lower()}" for direction, number in self.travel.items()
        )

    @property
    def judgement_text(self) -> str:
        return judgement_text(self.latest_inspection)

    @property
    def assessment(self):
        """The latest ADM assessment recorded by that day."""
        return self.assessments[-1] if self.assessments else None

    @property
    def recommendation_text(self) -> str:
        """ "Inter-authority partnership (ADM) with Plymouth, 5 April 2017", or ""."""
        assessment = self.assessment
        if assessment is None or not (
            assessment.recommended_model or assessment.recommended_partner_id
        ):
            return ""
        parts = []
        if assessment.recommended_model:
            parts.append(assessment.get_recommended_model_display())
        if assessment.recommended_partner_id:
            partner = assessment.recommended_partner.name
            parts.append(f"with {partner}" if parts else partner)
        text = " ".join(parts)
        if assessment.concluded_on:
            text += f", {govuk_date(assessment.concluded_on)}"
        return text

    @property
    def decision(self):
        """The Minister's latest decision made by that day."""
        return self.decisions[-1] if self.decisions else None

    @property
    def decision_text(self) -> str:
        decision = self.decision
        if decision is None:
            return ""
        return f"{decision.get_stage_display()}, {govuk_date(decision.decided_on)}"

    @property
    def adm_text(self) -> str:
        """The ADM recommendation and the Minister's decision, in one line."""
        parts = []
        if self.recommendation_text:
            parts.append(f"Recommended: {self.recommendation_text}")
        if self.decision_text:
            parts.append(f"Minister: {self.decision_text}")
        return ". ".join(parts)


def portfolio(
    day: datetime.date,
    interventions: QuerySet[Intervention],
    *,
    open_only: bool = True,
    authority: LocalAuthority | None = None,
) -> list[InterventionState]:
    """Every intervention in ``interventions`` (the user's scope) as it stood at the end of
    ``day``, open ones only unless ``open_only`` is off; one authority's if ``authority``."""
    rows = intervention_rows(day, interventions, open_only=open_only, authority=authority)
    return full_states(day, rows)


def full_states(
    day: datetime.date, rows: list, authorities: dict[int, LocalAuthority] | None = None
) -> list[InterventionState]:
    """The full states of the interventions whose own records are ``rows`` (as
    ``intervention_rows`` reads them), in that order; ``authorities`` by id if already read."""
    states = {state.pk: state for state in outline_states(day, rows, authorities)}
    _attach_related(states, day)
    _attach_ratings(states, day)
    _attach_reports(states, rows, day)
    _attach_exits(states, day)
    latest = Inspection.objects.latest_graded_by_authority(
        {state.authority.pk for state in states.values()}, day
    )
    for state in states.values():
        state.latest_inspection = latest.get(state.authority.pk)
    return list(states.values())


def intervention_rows(
    day: datetime.date,
    interventions: QuerySet[Intervention],
    *,
    open_only: bool = True,
    authority: LocalAuthority | None = None,
) -> list:
    """The interventions' own records as they stood at the end of ``day`` (one query), in the
    order the dashboard lists them before sorting."""
    rows = as_at(Intervention, day).filter(id__in=interventions.values("pk"), opened_on__lte=day)
    if authority is not None:
        rows = rows.filter(authority_id=authority.pk)
    if open_only:
        rows = rows.filter(Q(closed_on__isnull=True) | Q(closed_on__gt=day))
    return list(rows.order_by("opened_on", "id"))


def outline_states(
    day: datetime.date, rows: list, authorities: dict[int, LocalAuthority] | None = None
) -> list[InterventionState]:
    """States holding only each intervention's own record and its authority (one query, none
    if ``authorities`` by id are given): enough to filter and sort by authority, region, status
    and months open."""
    if authorities is None:
        authorities = LocalAuthority.objects.in_bulk({row.authority_id for row in rows})
    return [
        InterventionState(
            pk=row.id,
            day=day,
            authority=authorities[row.authority_id],
            status=row.status,
            opened_on=row.opened_on,
            closed_on=row.closed_on,
            reporting_period_months=row.reporting_period_months,
            history_row=row,
        )
        for row in rows
    ]


# Related records read as at the day: (attribute on the state, model, ordering, related rows).
RELATED: list[tuple[str, type[models.Model], tuple[str, ...], tuple[str, ...]]] = [
    ("notices", ImprovementNotice, ("issued_on", "id"), ()),
    ("directions", StatutoryDirection, ("issued_on", "id"), ()),
    ("appointments", CommissionerAppointment, ("starts_on", "id"), ("commissioner",)),
    (
        "partnerships",
        ImprovementPartnership,
        ("starts_on", "id"),
        ("supporting", "supported"),
    ),
    ("assessments", ADMAssessment, ("started_on", "id"), ("recommended_partner",)),
    ("decisions", MinisterialDecision, ("decided_on", "id"), ()),
]


def _attach_related(states: dict[int, InterventionState], day: datetime.date) -> None:
    """Fill each state's notices, directions, appointments... as they stood (one query each).

    Commissioners' and partners' names are read live: a person's or council's name is not
    what a past view is about.
    """
    for attribute, model, ordering, related in RELATED:
        rows = as_at(model, day, intervention_id__in=list(states)).order_by(*ordering)
        for row in rows.select_related(*related):
            if _dated_on_or_before(row, day):
                getattr(states[row.intervention_id], attribute).append(row)


def _dated_on_or_before(row, day: datetime.date) -> bool:
    """Leave out records entered in advance of the day they take effect."""
    for name in ("issued_on", "starts_on", "started_on", "decided_on"):
        value = getattr(row, name, None)
        if value is not None:
            return value <= day
    return True


def _attach_ratings(states: dict[int, InterventionState], day: datetime.date) -> None:
    """Each intervention's latest rating of each theme, and its latest entry's date, among
    entries dated by ``day``."""
    if day >= timezone.localdate():
        latest, last_entries = _latest_ratings_today(list(states), day)
    else:
        latest, last_entries = _latest_ratings_as_at(list(states), day)
    for (intervention_id, _theme), rating in sorted(latest.items()):
        states[intervention_id].ratings.append(rating)
    for intervention_id, last_entry_on in last_entries.items():
        states[intervention_id].last_entry_on = last_entry_on


def last_entry_on(day: datetime.date) -> Subquery:
    """The outer query's intervention's latest progress entry dated by ``day`` (its date, or
    None), read from the ``(intervention, occurred_on, id)`` index."""
    entries = ProgressEntry.objects.filter(intervention_id=OuterRef("pk"), occurred_on__lte=day)
    return Subquery(entries.order_by("-occurred_on").values("occurred_on")[:1])


def _latest_ratings_today(
    ids: list[int], day: datetime.date
) -> tuple[dict[tuple[int, int], Any], dict[int, datetime.date | None]]:
    """``_latest_ratings_as_at`` for today, from the live tables (2 queries).

    Nothing can have been recorded after the end of today yet, so the live rows are exactly
    the records as the history holds them then. Reading them lets the database find each
    intervention's latest rating of each theme by walking its entries newest first (the
    ``(intervention, occurred_on, id)`` index), instead of reading every rating ever made in the
    whole portfolio, which grew with its history (3.9 s for 160 interventions with 600 entries
    each; see bench/README.md). The latest entry's date comes in the same query.
    """
    themes = list(Theme.objects.order_by("pk").values_list("pk", flat=True))
    # Each theme's latest rating as "<rag> <direction>" (neither value has a space), so one
    # query answers without reading the ratings again.
    newest_first = newest_ratings(day).annotate(
        both=Concat("rag", models.Value(" "), "direction", output_field=models.CharField())
    )
    rows = (
        Intervention.objects.filter(pk__in=ids)
        .order_by()
        .annotate(
            last_entry=last_entry_on(day),
            **{
                f"theme_{theme}": Subquery(newest_first.filter(theme_id=theme).values("both")[:1])
                for theme in themes
            },
        )
        .values("pk", "last_entry", *(f"theme_{theme}" for theme in themes))
    )
    rows = list(rows)
    return _read_latest(rows, themes)


def _read_latest(rows: list[dict], themes: list[int]):
    """The latest ratings and entry dates of rows annotated ``theme_<id>`` ("rag direction")
    and ``last_entry``."""
    latest = {
        (row["pk"], theme): LatestRating(*row[f"theme_{theme}"].split(" "))
        for row in rows
        for theme in themes
        if row[f"theme_{theme}"] is not None
    }
    return latest, {row["pk"]: row["last_entry"] for row in rows}


class LatestRating(NamedTuple):
    """A theme's latest rating, as the dashboard reads it."""

    rag: str
    direction: str


def newest_ratings(day: datetime.date) -> QuerySet[ThemeRating]:
    """The outer query's intervention's ratings among entries dated by ``day``, newest first
    (``ThemeRatingQuerySet.newest_first``): filter by theme and take the first for that
    theme's latest rating."""
    return (
        ThemeRating.objects.filter(entry__intervention_id=OuterRef("pk"))
        .dated_by(day)
        .newest_first()
    )


def _latest_ratings_as_at(
    ids: list[int], day: datetime.date
) -> tuple[dict[tuple[int, int], Any], dict[int, datetime.date | None]]:
    """{(intervention id, theme id): its latest rating among entries dated by ``day``} and
    {intervention id: its latest entry's date}, from the history as it stood at the end of
    ``day``, in one query: ``_latest_ratings_today`` on the history rows in force then
    (``as_at``'s range lookup, docs/adr/0025). Each theme's latest rating is the rating of the
    newest entry (by date, then id, as ``latest_ratings_among`` ranks them) that rates it."""
    themes = list(Theme.objects.order_by("pk").values_list("pk", flat=True))
    entries = as_at(ProgressEntry, day).filter(intervention_id=OuterRef("pk"), occurred_on__lte=day)
    newest_first = entries.order_by("-occurred_on", "-id")

    def rating(theme: int) -> Subquery:
        both = Concat("rag", models.Value(" "), "direction", output_field=models.CharField())
        of_entry = as_at(ThemeRating, day).filter(entry_id=OuterRef("id"), theme_id=theme)
        rated = newest_first.annotate(
            both=Subquery(of_entry.annotate(both=both).values("both")[:1])
        )
        return Subquery(rated.filter(both__isnull=False).values("both")[:1])

    rows = list(
        Intervention.objects.filter(pk__in=ids)
        .order_by()
        .annotate(
            last_entry=Subquery(newest_first.values("occurred_on")[:1]),
            **{f"theme_{theme}": rating(theme) for theme in themes},
        )
        .values("pk", "last_entry", *(f"theme_{theme}" for theme in themes))
    )
    return _read_latest(rows, themes)


def _attach_reports(states: dict[int, InterventionState], rows: list, day: datetime.date) -> None:
    reports: dict[int, list[Report]] = defaultdict(list)
    history = as_at(Report, day, intervention_id__in=list(states)).order_by("period_start", "id")
    for row in history:
        reports[row.intervention_id].append(row.instance)
    for row in rows:
        state = states[row.id]
        # The duties as the records stood on the day: the state's own appointments, etc.
        state.report = report_state(state.record, reports[row.id], day, state.duty_records)


def _attach_exits(states: dict[int, InterventionState], day: datetime.date) -> None:
    """Whether each closed intervention's closing is illustrative, from the change of status
    that closed it (one query, none when every state is open)."""
    closed = [pk for pk, state in states.items() if not state.is_open]
    if not closed:
        return
    changes = as_at(StatusChange, day, intervention_id__in=closed).filter(
        to_status=Intervention.Status.CLOSED, illustrative=True
    )
    for intervention_id in changes.values_list("intervention_id", flat=True):
        states[intervention_id].exit_illustrative = True


def attach_status_changes(states: list[InterventionState], day: datetime.date) -> None:
    """Each state's changes of status recorded by ``day`` and dated by then, oldest first (one
    query): for the pages and the API that list them."""
    by_pk = {state.pk: state for state in states}
    changes = as_at(StatusChange, day, intervention_id__in=list(by_pk)).filter(changed_on__lte=day)
    for change in changes.order_by("changed_on", "recorded_at", "id"):
        by_pk[change.intervention_id].status_changes.append(change)


def next_report_due(
    intervention: Intervention,
    day: datetime.date,
    reports: Sequence[Report] = (),
    records: duties.Records | None = None,
) -> datetime.date | None:
    """When the next report was due as the records stood on ``day``: the earliest of
    ``reports`` not yet submitted nor yet due, else the one the duties owe next
    (``interventions.duties.next_due``); none once the record's sources have ended (the record
    does not know what happened after)."""
    if intervention.sources_ended_by(day):
        return None
    pending = [r for r in reports if not r.is_submitted and r.due_on >= day]
    return pending[0].due_on if pending else duties.next_due(intervention, day, records)


def report_state(
    intervention: Intervention,
    reports: list[Report],
    day: datetime.date,
    records: duties.Records | None = None,
) -> ReportState:
    """Where reporting stood on ``day``, from the reports recorded by then and the periods the
    intervention's duties owed (``interventions.duties``).

    Overdue when a report not yet submitted was due before ``day``; submitted when the report for
    the latest period to have ended was submitted; otherwise due (or nothing, for an
    intervention no duty has ever owed a report). The next due date is the earliest unsubmitted
    report's, else the one the current period's report will have.

    A record loaded from documents awaits no report (``Report.is_awaited``: the sources may
    simply not include it), so none is overdue; once its sources have ended nothing is due
    next either: the record does not know what happened after.
    """
    for report in reports:
        report.intervention = intervention  # the one in hand: no query per report
    overdue = [r for r in reports if r.is_overdue(day)]
    next_due = next_report_due(intervention, day, reports, records)
    if overdue:
        return ReportState(ReportStatus.OVERDUE, next_due, overdue=overdue)
    ended = duties.last_ended_period(intervention, day, records)
    if ended is None and next_due is None and not reports:
        return ReportState(ReportStatus.NONE, None)
    owed = {(report.kind, report.period_start): report for report in reports}
    last = owed.get((ended.kind, ended.start)) if ended else None
    if last is not None and last.is_submitted:
        return ReportState(ReportStatus.SUBMITTED, next_due, last_submitted=last)
    return ReportState(ReportStatus.DUE, next_due)
