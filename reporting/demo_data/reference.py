"""Writing the planned authorities, neighbours, yearly figures, leaders and inspections.

Through the reference-data loaders' own path (``core.history.check_new`` and
``create_in_bulk``): each row validated, inserted in bulk with one history row ("+", the
generator's system user, a reason). Each history row is dated when the fact became known (an
inspection when Ofsted published it, a leader when they started, a year's figures when DfE
published them), through simple-history's ``_history_date``, so that reports and "as at" views
read them as they would have stood.
"""

import datetime
from collections import defaultdict
from decimal import Decimal

from authorities.models import (
    LeadershipPost,
    LocalAuthority,
    StatisticalNeighbour,
    YearlyStatistics,
)
from authorities.services import COUNT_COLUMNS
from core.dating import moment
from core.history import check_new, create_in_bulk
from inspections.models import Inspection, Judgement

from .plan import PlannedAuthority, World, seeded

SOURCE = "Demo data generator"


def write_reference_data(world: World, *, by) -> tuple[dict, dict]:
    """Returns the authorities by number and the inspections by planned inspection."""
    known_from = moment(world.start)
    authorities = {}
    for planned in world.authorities:
        authorities[planned.number] = LocalAuthority(
            ons_code=planned.ons_code,
            dfe_code=planned.dfe_code,
            name=planned.name,
            official_name=f"{planned.name} Council",
            type=planned.type,
            region=planned.region,
        )
    _create(LocalAuthority, authorities.values(), by, "Demo data: authority", known_from)
    neighbours = [
        StatisticalNeighbour(
            authority=authorities[planned.number],
            neighbour=authorities[neighbour.number],
            rank=rank,
        )
        for planned in world.authorities
        for rank, neighbour in enumerate(planned.neighbours, start=1)
    ]
    _create(StatisticalNeighbour, neighbours, by, "Demo data: statistical neighbours", known_from)
    write_statistics(world, authorities, by)
    posts = [
        _dated(
            LeadershipPost(authority=authorities[planned.number], **vars(post)),
            post.start_date,
        )
        for planned in world.authorities
        for post in planned.posts
    ]
    _create(LeadershipPost, posts, by, "Demo data: leader in post")
    return authorities, write_inspections(world, authorities, by)


def _dated(instance, day: datetime.date, sequence: int = 0):
    instance._history_date = moment(day, sequence)
    return instance


def _create(model, instances, by, reason: str, when: datetime.datetime | None = None) -> None:
    rows = []
    for instance in instances:
        if when is not None:
            instance._history_date = when
        check_new(instance, SOURCE, None)
        rows.append((instance, SOURCE, None))
    create_in_bulk(model, rows, by=by, reason=reason)


def write_inspections(world: World, authorities: dict, by) -> dict[int, Inspection]:
    inspections: dict[int, Inspection] = {}
    judgements = []
    for planned in world.authorities:
        for item in planned.inspections:
            inspection = _dated(
                Inspection(
                    authority=authorities[planned.number],
                    framework=item.framework,
                    type=item.type,
                    inspection_date=item.inspection_date,
                    publication_date=item.publication_date,
                    themes=item.themes,
                    priority_action_named=item.priority_action_named,
                    source=SOURCE,
                ),
                item.publication_date,
            )
            inspections[id(item)] = inspection
            judgements.extend(
                _dated(
                    Judgement(inspection=inspection, area=area, grade=grade), item.publication_date
                )
                for area, grade in item.grades.items()
            )
    _create(Inspection, inspections.values(), by, "Demo data: Ofsted report published")
    _create(Judgement, judgements, by, "Demo data: Ofsted report published")
    return inspections


# Yearly figures ------------------------------------------------------------------------------

# Rates per 10,000 children for the least and the most deprived authority.
RATES = {
    "cla": (35, 120),
    "cin": (230, 520),
    "cpp": (25, 75),
    "referrals": (380, 750),
}
# The count fields (named as DfE's columns), summed for regions and England.
COUNTS = COUNT_COLUMNS


def authority_figures(planned: PlannedAuthority, year: int, seed: int) -> dict:
    """One authority's figures for the year ending 31 March ``year``: rates by deprivation,
    drifting a little from year to year."""
    rng = seeded(seed, "figures", planned.number, year)
    population = int(planned.population * (1 + 0.004 * (year - 2012)))

    def rate(measure: str) -> float:
        low, high = RATES[measure]
        return (low + (high - low) * planned.deprivation) * rng.uniform(0.88, 1.12)

    cla = round(rate("cla") * population / 10000)
    cin = round(rate("cin") * population / 10000)
    return {
        "population_0_17": population,
        "cla_31_march": cla,
        "cla_started_in_year": round(cla * rng.uniform(0.3, 0.45)),
        "cla_ceased_in_year": round(cla * rng.uniform(0.28, 0.44)),
        "cin_31_march": cin,
        "cpp_31_march": round(rate("cpp") * population / 10000),
        "cin_episodes_in_year": round(cin * rng.uniform(1.4, 1.8)),
        "referrals_in_year": round(rate("referrals") * population / 10000),
        "rereferral_percent": Decimal(str(round(rng.uniform(14, 30), 1))),
    }


def with_rates(figures: dict) -> dict:
    """Add the published rates per 10,000 children, to one decimal place."""
    population = figures["population_0_17"]
    for count, rate in YearlyStatistics.RATES.values():
        value = Decimal(figures[count] * 10000) / Decimal(population)
        figures[rate] = value.quantize(Decimal("0.1"))
    return figures


def write_statistics(world: World, authorities: dict, by) -> None:
    """Each authority's figures for fifteen years, with the regional and national totals."""
    last = (
        world.today.year
        if world.today >= datetime.date(world.today.year, 11, 1)
        else world.today.year - 1
    )
    rows = []
    for year in range(last - 14, last + 1):
        published = datetime.date(year, 11, 1)
        totals: dict[str, dict] = defaultdict(lambda: dict.fromkeys(COUNTS, 0))
        for planned in world.authorities:
            figures = authority_figures(planned, year, world.seed)
            for area in (planned.region, ""):
                for name in COUNTS:
                    totals[area][name] += figures[name]
            rows.append(
                YearlyStatistics(
                    year=year,
                    level=YearlyStatistics.Level.LOCAL_AUTHORITY,
                    authority=authorities[planned.number],
                    region=planned.region,
                    **with_rates(figures),
                )
            )
        for area, figures in sorted(totals.items()):
            level = YearlyStatistics.Level.REGIONAL if area else YearlyStatistics.Level.NATIONAL
            rows.append(
                YearlyStatistics(year=year, level=level, region=area, **with_rates(figures))
            )
        for row in rows[-len(world.authorities) - len(totals) :]:
            _dated(row, published)
    _create(YearlyStatistics, rows, by, "Demo data: DfE figures published")
