"""Everything one report reads: an intervention's records, and its authority's, as the history
tables held them at the report's cut-off (see ``sources.known_rows``).

About twenty-five indexed queries whatever the size of the tables: each reads one model's
history rows for this intervention or authority only.

The authority is read with its predecessors (the councils a reorganisation replaced), so that a
report names the council as it was in the period (``councils_on``): Buckinghamshire County
Council in 2018, Buckinghamshire Council from April 2020.
"""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db import models

from authorities.models import (
    LeadershipPost,
    LocalAuthority,
    StatisticalNeighbour,
    YearlyStatistics,
)
from inspections.models import Inspection, Judgement, PresumptionRule
from interventions.models import (
    Action,
    ADMAssessment,
    ADMOption,
    BoardMeeting,
    Commissioner,
    CommissionerAppointment,
    ImprovementBoard,
    ImprovementNotice,
    ImprovementPartnership,
    Intervention,
    MinisterialDecision,
    PartnerDayLog,
    ProgressEntry,
    StatusChange,
    StatutoryDirection,
    Theme,
    ThemeRating,
)

from .sources import known_rows


@dataclass(frozen=True)
class Period:
    """A reporting period, both days included."""

    start: datetime.date
    end: datetime.date

    def __contains__(self, day: datetime.date | None) -> bool:
        return day is not None and self.start <= day <= self.end

    @property
    def previous_end(self) -> datetime.date:
        return self.start - datetime.timedelta(days=1)


def by_pk(rows: Iterable[models.Model]) -> dict[int, models.Model]:
    return {row.instance_type._meta.pk.value_from_object(row): row for row in rows}


def ids(rows: Iterable[models.Model], attribute: str = "id") -> list[int]:
    """The distinct, sorted values of ``attribute`` among ``rows`` (for an ``__in`` filter)."""
    return sorted({getattr(row, attribute) for row in rows if getattr(row, attribute)})


class Snapshot:
    """The records of one intervention as known at ``cutoff``."""

    def __init__(self, intervention: Intervention, cutoff: datetime.datetime):
        self.cutoff = cutoff
        iid = intervention.pk
        rows = known_rows(Intervention, cutoff, id=iid)
        # The intervention itself always exists: it is what the report is about.
        self.intervention = rows[0] if rows else intervention.history.earliest("history_date")
        aid = self.intervention.authority_id
        self._load_intervention_records(iid)
        self._load_authority_records(aid)
        self._load_figures(aid)
        self.users = self._load_users()

    def known(self, model: type[models.Model], **filters) -> list[models.Model]:
        return known_rows(model, self.cutoff, **filters)

    def _load_intervention_records(self, iid: int) -> None:
        # Children are read by the ids of the parents already loaded, as a list: a subquery
        # here lets PostgreSQL choose a scan of the whole history table (bench/README.md).
        known = self.known
        self.status_changes = known(StatusChange, intervention_id=iid)
        self.notices = known(ImprovementNotice, intervention_id=iid)
        self.directions = known(StatutoryDirection, intervention_id=iid)
        self.appointments = known(CommissionerAppointment, intervention_id=iid)
        self.commissioners = by_pk(
            known(Commissioner, id__in=ids(self.appointments, "commissioner_id"))
        )
        self.boards = known(ImprovementBoard, intervention_id=iid)
        self.meetings = known(BoardMeeting, board_id__in=ids(self.boards))
        self.entries = known(ProgressEntry, intervention_id=iid)
        self.ratings = known(ThemeRating, entry_id__in=ids(self.entries))
        self.themes = by_pk(known(Theme))
        self.actions = known(Action, intervention_id=iid)
        self.assessments = known(ADMAssessment, intervention_id=iid)
        self.options = known(ADMOption, assessment_id__in=ids(self.assessments))
        self.decisions = known(MinisterialDecision, intervention_id=iid)

    def _load_authority_records(self, aid: int) -> None:
        known = self.known
        # Which councils a reorganisation replaced is reference data that never changes once
        # loaded: read from the links as they are, the councils themselves as known.
        Link = LocalAuthority.successors.through
        predecessor_ids = sorted(
            Link.objects.filter(to_localauthority_id=aid).values_list(
                "from_localauthority_id", flat=True
            )
        )
        self.partnerships = known(ImprovementPartnership, supported_id=aid)
        self.day_logs = known(PartnerDayLog, partnership_id__in=ids(self.partnerships))
        self.leaders = known(LeadershipPost, authority_id__in=[aid, *predecessor_ids])
        self.inspections = known(Inspection, authority_id=aid)
        self.judgements = known(Judgement, inspection_id__in=ids(self.inspections))
        self.rules = known(PresumptionRule)
        other_ids = {aid, *predecessor_ids}
        other_ids |= {row.supporting_id for row in self.partnerships}
        other_ids |= {row.partner_id for row in self.options if row.partner_id}
        other_ids |= {
            row.recommended_partner_id for row in self.assessments if row.recommended_partner_id
        }
        self.authorities = by_pk(known(LocalAuthority, id__in=sorted(other_ids)))
        self.authority = self.authorities.get(aid) or LocalAuthority.history.filter(
            id=aid
        ).earliest("history_date")
        self.predecessors = [
            self.authorities[pk] for pk in predecessor_ids if pk in self.authorities
        ]

    def _load_figures(self, aid: int) -> None:
        """DfE's yearly figures for the authority (and its predecessors, whose years stay with
        them), its statistical neighbours and England."""
        known = self.known
        self.neighbours = sorted(
            known(StatisticalNeighbour, authority_id=aid), key=lambda row: row.rank
        )
        area_ids = [aid, *(row.id for row in self.predecessors)]
        area_ids += [row.neighbour_id for row in self.neighbours]
        self.figures = known(YearlyStatistics, authority_id__in=sorted(set(area_ids)))
        self.national_figures = known(YearlyStatistics, level=YearlyStatistics.Level.NATIONAL)
        self.neighbour_names = {
            row.id: row.name
            for row in known(LocalAuthority, id__in=[n.neighbour_id for n in self.neighbours])
        }

    def _load_users(self) -> dict[int, models.Model]:
        """The accounts that wrote any of the history rows read (one query)."""
        rows = [self.intervention, self.authority]
        for value in vars(self).values():
            if isinstance(value, dict):
                value = list(value.values())
            if isinstance(value, list):
                rows.extend(value)
        user_ids = {getattr(row, "history_user_id", None) for row in rows} - {None}
        return {user.pk: user for user in get_user_model().objects.filter(pk__in=user_ids)}

    def authority_name(self, authority_id: int | None) -> str:
        row = self.authorities.get(authority_id)
        return row.name if row is not None else ""

    def councils_on(self, day: datetime.date) -> list[models.Model]:
        """The council or councils the authority was on ``day``: its predecessors that still
        existed then (a reorganisation's end date is their last day), else itself."""
        then = [row for row in self.predecessors if row.end_date and row.end_date >= day]
        return sorted(then, key=lambda row: row.name) or [self.authority]

    def inspection_instances(self) -> list[tuple[Inspection, models.Model, list]]:
        """The authority's inspections as model instances (each with its judgements as known,
        served to ``inspection.grades`` as a prefetch would), with their history rows."""
        judgements: dict[int, list] = {}
        for row in self.judgements:
            judgements.setdefault(row.inspection_id, []).append(row)
        result = []
        for row in self.inspections:
            inspection = row.instance
            own = judgements.get(row.id, [])
            cached = Judgement.objects.all()
            cached._result_cache = [judgement.instance for judgement in own]
            cached._prefetch_done = True
            inspection._prefetched_objects_cache = {"judgements": cached}
            result.append((inspection, row, own))
        return result
