"""The authority page's content on a day: inspections, yearly figures against its statistical
neighbours and England, leadership and its turnover, interventions and partnerships."""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Q, QuerySet

from authorities.models import ONE_DP, LeadershipPost, LocalAuthority, YearlyStatistics
from inspections.models import (
    AREA_ORDER,
    Inspection,
)
from inspections.presumption import years_before
from interventions.models import (
    ImprovementPartnership,
    Intervention,
)
from reporting.dashboard.state import InterventionState, portfolio
from reporting.history import as_at


@dataclass(frozen=True)
class Measure:
    key: str
    label: str
    count_label: str


MEASURES = [
    Measure("cla", "Children looked after per 10,000 children", "Children looked after"),
    Measure("cin", "Children in need per 10,000 children", "Children in need"),
    Measure(
        "cpp",
        "Children on a child protection plan per 10,000 children",
        "Children on a child protection plan",
    ),
]


@dataclass(frozen=True)
class YearFigures:
    """One year of one measure: the authority, its neighbours' average, and England."""

    year: int
    count: int | None
    rate: Decimal | None
    neighbours: Decimal | None
    neighbours_with_figures: int
    england: Decimal | None

    @property
    def label(self) -> str:
        """ "2016 to 2017": the year ending 31 March, as DfE names it."""
        return f"{self.year - 1} to {self.year}"


@dataclass(frozen=True)
class MeasureFigures:
    measure: Measure
    years: list[YearFigures]

    @property
    def has_rates(self) -> bool:
        return any(
            value is not None
            for year in self.years
            for value in (year.rate, year.neighbours, year.england)
        )


def last_year_ended(day: datetime.date) -> int:
    """The latest year ending 31 March on or before ``day``."""
    return day.year if (day.month, day.day) >= (3, 31) else day.year - 1


def yearly_figures(
    authority: LocalAuthority, neighbours: list[LocalAuthority], day: datetime.date
) -> list[MeasureFigures]:
    """Each measure by year (years ending 31 March on or before ``day``), in one query."""
    neighbour_ids = [neighbour.pk for neighbour in neighbours]
    rows = YearlyStatistics.objects.filter(
        Q(level=YearlyStatistics.Level.NATIONAL)
        | Q(
            level=YearlyStatistics.Level.LOCAL_AUTHORITY,
            authority_id__in=[authority.pk, *neighbour_ids],
        )
    ).filter(year__lte=last_year_ended(day))
    own, england, others = {}, {}, defaultdict(list)
    for row in rows:
        if row.level == YearlyStatistics.Level.NATIONAL:
            england[row.year] = row
        elif row.authority_id == authority.pk:
            own[row.year] = row
        else:
            others[row.year].append(row)
    years = sorted(set(own) | set(england) | set(others))
    return [
        MeasureFigures(measure, [_year(measure, y, own, england, others) for y in years])
        for measure in MEASURES
    ]


def _year(measure: Measure, year: int, own: dict, england: dict, others: dict) -> YearFigures:
    mine = own.get(year)
    rates = [r for row in others[year] if (r := row.rate_per_10000(measure.key)) is not None]
    average = (sum(rates) / len(rates)).quantize(ONE_DP, ROUND_HALF_UP) if rates else None
    count_name = YearlyStatistics.RATES[measure.key][0]
    return YearFigures(
        year=year,
        count=getattr(mine, count_name) if mine else None,
        rate=mine.rate_per_10000(measure.key) if mine else None,
        neighbours=average,
        neighbours_with_figures=len(rates),
        england=england[year].rate_per_10000(measure.key) if year in england else None,
    )


@dataclass(frozen=True)
class Turnover:
    role: str
    people: int
    since: datetime.date


@dataclass
class AuthorityProfile:
    """Everything the authority page shows, as it stood on a day."""

    authority: LocalAuthority
    day: datetime.date
    inspections: list[Inspection]
    neighbours: list[LocalAuthority]
    figures: list[MeasureFigures]
    posts: list[LeadershipPost]
    turnover: list[Turnover]
    interventions: list[InterventionState]
    partnerships: list

    @property
    def graded_inspections(self) -> list[Inspection]:
        return [inspection for inspection in self.inspections if inspection.is_graded]

    @property
    def inspection_rows(self) -> list[tuple[Inspection, list[tuple[str, str, list]]]]:
        """Each inspection with its (area, grade, sources) in Ofsted's order: the sources are
        the imported files and lines each grade was read from (its provenance)."""
        return [
            (
                i,
                [
                    (j.get_area_display(), j.get_grade_display(), list(j.sources.all()))
                    for j in i.judgements_in_order()
                ],
            )
            for i in self.inspections
        ]

    @property
    def judgement_areas(self) -> list[str]:
        """The areas any graded inspection judged, in Ofsted's order."""
        judged = {area for i in self.graded_inspections for area in i.grades}
        return [area for area in AREA_ORDER if area in judged]


TURNOVER_YEARS = 5


def authority_profile(
    authority: LocalAuthority, day: datetime.date, interventions: QuerySet[Intervention]
) -> AuthorityProfile:
    """The authority page's content on ``day``; interventions limited to ``interventions``."""
    inspections = list(
        Inspection.objects.filter(authority=authority)
        .filter(
            Q(publication_date__lte=day)
            | Q(publication_date__isnull=True, inspection_date__lte=day)
        )
        .prefetch_related("judgements__sources")
        .latest_first()
    )
    neighbours = list(authority.ranked_neighbours())
    posts = list(
        LeadershipPost.objects.filter(authority=authority, start_date__lte=day).order_by(
            "role", "-start_date"
        )
    )
    return AuthorityProfile(
        authority=authority,
        day=day,
        inspections=inspections,
        neighbours=neighbours,
        figures=yearly_figures(authority, neighbours, day),
        posts=posts,
        turnover=leadership_turnover(posts, day),
        interventions=portfolio(day, interventions, open_only=False, authority=authority),
        partnerships=partnerships_as_at(authority, day, interventions),
    )


def leadership_turnover(posts: list[LeadershipPost], day: datetime.date) -> list[Turnover]:
    """How many different people started in each role in the five years to ``day``.

    Counted as ``LeadershipPostQuerySet.turnover`` counts, over the posts already read: a
    person who moves from interim to permanent counts once.
    """
    since = years_before(day, TURNOVER_YEARS)
    return [
        Turnover(
            role=label,
            people=len(
                {p.person_name for p in posts if p.role == role and since <= p.start_date <= day}
            ),
            since=since,
        )
        for role, label in LeadershipPost.Role.choices
    ]


def partnerships_as_at(
    authority: LocalAuthority, day: datetime.date, interventions: QuerySet[Intervention]
) -> list:
    """Partnerships the authority gave or received, as recorded by ``day`` (history rows).

    A partnership made under an intervention the user may not see is left out.
    """
    rows = (
        as_at(ImprovementPartnership, day)
        .filter(Q(supporting_id=authority.pk) | Q(supported_id=authority.pk))
        .filter(starts_on__lte=day)
        .filter(Q(intervention_id__isnull=True) | Q(intervention_id__in=interventions.values("pk")))
        .select_related("supporting", "supported")
        .order_by("-starts_on", "-id")
    )
    return list(rows)
