"""The demo world as plain data: authorities, their inspections, leaders and yearly figures, and
the interventions their Inadequate judgements trigger. No database is touched here.

``build_world(scale, seed, today)`` returns the same World for the same arguments: every choice
comes from a ``random.Random`` seeded by the seed and the thing chosen for (an authority's
number, an intervention's authority and trigger), never from the global generator or the clock.

How the inspections are made: each authority has a level (1 Inadequate, 2 Requires improvement
or Adequate, 3 Good, 4 Outstanding) that moves at each graded inspection by a transition table
(an Inadequate authority tends to improve under intervention; SIF was the harshest framework).
The frameworks follow each other on their real dates (DOMAIN.md): SLAC to mid 2012, CPI and
TLAC to 2013, SIF from 2014 (with re-inspections and monitoring visits), ILACS from 2018 (short
inspections for Good authorities, focused visits between inspections, monitoring visits while
Inadequate, no overall grade from April 2026), and the odd JTAI. Only what was published in the
fifteen years to ``today`` is kept.
"""

import datetime
import random
from bisect import bisect_right
from dataclasses import dataclass, field

from authorities.models import LeadershipPost, LocalAuthority
from inspections.models import Area, Framework, Grade, Inspection
from interventions.duties import add_months

from . import text

D = datetime.date
T = Inspection.Type
R = LocalAuthority.Region
K = LocalAuthority.Type

YEARS = 15
BASE_AUTHORITIES = 153
SLAC_ERA = (D(2009, 9, 1), D(2012, 5, 31))
CPI_ERA = (D(2012, 6, 1), D(2013, 9, 30))
SIF_ERA = (D(2014, 1, 15), D(2017, 9, 30))
ILACS_START = D(2018, 3, 1)
FIRST_ILACS = (D(2018, 3, 1), D(2021, 12, 15))
CARE_LEAVERS_GRADED_FROM = D(2023, 1, 1)
NO_OVERALL_FROM = D(2026, 4, 1)

# The 153 children's services authorities by region and type, as in England today.
AUTHORITY_MIX = (
    (R.NORTH_EAST, K.METROPOLITAN, 5), (R.NORTH_EAST, K.UNITARY, 7),
    (R.NORTH_WEST, K.METROPOLITAN, 15), (R.NORTH_WEST, K.UNITARY, 8), (R.NORTH_WEST, K.COUNTY, 1),
    (R.YORKSHIRE, K.METROPOLITAN, 9), (R.YORKSHIRE, K.UNITARY, 6),
    (R.EAST_MIDLANDS, K.UNITARY, 6), (R.EAST_MIDLANDS, K.COUNTY, 4),
    (R.WEST_MIDLANDS, K.METROPOLITAN, 7), (R.WEST_MIDLANDS, K.UNITARY, 4),
    (R.WEST_MIDLANDS, K.COUNTY, 3),
    (R.EAST, K.UNITARY, 6), (R.EAST, K.COUNTY, 5),
    (R.LONDON, K.LONDON, 33),
    (R.SOUTH_EAST, K.UNITARY, 13), (R.SOUTH_EAST, K.COUNTY, 6),
    (R.SOUTH_WEST, K.UNITARY, 13), (R.SOUTH_WEST, K.COUNTY, 2),
)  # fmt: skip
# Synthetic ONS codes: the real type prefix, then 9 and five digits (real codes are 0000xx).
ONS_PREFIX = {K.COUNTY: "E10", K.UNITARY: "E06", K.METROPOLITAN: "E08", K.LONDON: "E09"}
NAME_WORD = {
    K.COUNTY: "County",
    K.UNITARY: "Unitary",
    K.METROPOLITAN: "Metropolitan Borough",
    K.LONDON: "London Borough",
}
NAME_PREFIX = "Demo "
# Children aged 0 to 17, by type (a range to draw from).
POPULATION = {
    K.COUNTY: (120_000, 300_000),
    K.UNITARY: (25_000, 80_000),
    K.METROPOLITAN: (45_000, 130_000),
    K.LONDON: (35_000, 85_000),
}

LEVEL_GRADE = {
    1: Grade.INADEQUATE,
    2: Grade.REQUIRES_IMPROVEMENT,
    3: Grade.GOOD,
    4: Grade.OUTSTANDING,
}
OLD_SCALE = {Framework.SLAC, Framework.CPI, Framework.TLAC}
# The chance of each next level (1-4) given the last: improvement is likelier than decline.
TRANSITIONS = {
    1: (0.28, 0.55, 0.17, 0.00),
    2: (0.15, 0.50, 0.33, 0.02),
    3: (0.05, 0.22, 0.58, 0.15),
    4: (0.02, 0.08, 0.45, 0.45),
}
# SIF judged more harshly than the others: multipliers on the chance of each level (1-4).
HARSHNESS = {Framework.SIF: (2.0, 1.0, 0.7, 0.2)}
SIF_KEY_AREAS = (Area.HELP_AND_PROTECTION, Area.LOOKED_AFTER_AND_PERMANENCE, Area.LEADERSHIP)


def seeded(*parts: object) -> random.Random:
    """A generator for one thing: the same parts always give the same choices, whatever else
    was generated before (a string seed is hashed with SHA-512, not Python's salted hash)."""
    return random.Random(":".join(str(part) for part in parts))  # noqa: S311 (not for secrets)


def rand_date(rng: random.Random, first: D, last: D) -> D:
    return first + datetime.timedelta(days=rng.randint(0, max((last - first).days, 0)))


def days(n: int) -> datetime.timedelta:
    return datetime.timedelta(days=n)


# ---------------------------------------------------------------------------------------------
# Authorities and what happened to them


@dataclass(eq=False)
class PlannedInspection:
    authority: "PlannedAuthority"
    framework: str
    type: str
    publication_date: D
    inspection_date: D | None
    grades: dict[str, str] = field(default_factory=dict)
    level: int | None = None  # the headline level of a graded inspection
    themes: str = ""
    priority_action_named: bool | None = None

    @property
    def is_graded(self) -> bool:
        return self.type not in Inspection.UNGRADED_TYPES

    @property
    def is_inadequate(self) -> bool:
        """As ``Inspection.is_inadequate`` decides it (SLAC: either overall judgement; no
        overall grade: any area)."""
        if self.framework == Framework.SLAC:
            areas = (Area.SAFEGUARDING, Area.LOOKED_AFTER)
            return any(self.grades.get(a) == Grade.INADEQUATE for a in areas)
        if Area.OVERALL in self.grades:
            return self.grades[Area.OVERALL] == Grade.INADEQUATE
        return Grade.INADEQUATE in self.grades.values()

    @property
    def is_systemic(self) -> bool:
        keys = {Framework.SIF: SIF_KEY_AREAS}.get(self.framework)
        if self.framework == Framework.ILACS:
            keys = [a for a in self.grades if a != Area.OVERALL]
        return bool(keys) and all(self.grades.get(a) == Grade.INADEQUATE for a in keys)

    @property
    def label(self) -> str:
        if self.type == T.STANDARD and self.framework != Framework.ILACS:
            return self.framework
        return f"{self.framework} {T(self.type).label.lower()}"

    @property
    def serious_concerns(self) -> bool:
        """A visit that named areas for priority action: it can trigger an intervention."""
        return self.type == T.FOCUSED_VISIT and bool(self.priority_action_named)


@dataclass(eq=False)
class PlannedPost:
    role: str
    person_name: str
    start_date: D
    end_date: D | None
    is_interim: bool


@dataclass(eq=False)
class PlannedAuthority:
    number: int
    region: str
    type: str
    deprivation: float  # 0 (least) to 1 (most deprived): drives figures and neighbours
    population: int
    inspections: list[PlannedInspection] = field(default_factory=list)
    posts: list[PlannedPost] = field(default_factory=list)
    neighbours: list["PlannedAuthority"] = field(default_factory=list)
    _levels: tuple | None = field(default=None, repr=False)

    @property
    def name(self) -> str:
        return f"{NAME_PREFIX}{NAME_WORD[self.type]} {self.number:04d}"

    @property
    def ons_code(self) -> str:
        return f"{ONS_PREFIX[self.type]}9{self.number:05d}"

    @property
    def dfe_code(self) -> str:
        # Real DfE codes run from 201 to 938: these never collide with one.
        return f"{self.number % 200:03d}"

    def graded(self) -> list[PlannedInspection]:
        return [i for i in self.inspections if i.is_graded]

    def level_on(self, day: D) -> int | None:
        """The level of the latest graded inspection published on or before ``day``."""
        if self._levels is None:
            graded = self.graded()
            self._levels = ([i.publication_date for i in graded], [i.level for i in graded])
        dates, levels = self._levels
        index = bisect_right(dates, day)
        return levels[index - 1] if index else None


def authority_slots(count: int) -> list[tuple[str, str]]:
    """(region, type) for ``count`` authorities: every 153 in the real mix, and any first few
    spread across it (each next slot goes to the group furthest behind its share)."""
    total = sum(n for _, _, n in AUTHORITY_MIX)
    slots = []
    for index in range(count):
        position = index % total
        if position == 0:
            taken = [0] * len(AUTHORITY_MIX)
        group = max(
            range(len(AUTHORITY_MIX)),
            key=lambda g: AUTHORITY_MIX[g][2] * (position + 1) / total - taken[g],
        )
        taken[group] += 1
        slots.append(AUTHORITY_MIX[group][:2])
    return slots


def plan_authorities(count: int, seed: int, today: D) -> list[PlannedAuthority]:
    start = D(today.year - YEARS, today.month, min(today.day, 28))
    authorities = []
    for number, (region, type_) in enumerate(authority_slots(count), start=1):
        rng = seeded(seed, "authority", number)
        low, high = POPULATION[type_]
        authority = PlannedAuthority(
            number=number,
            region=region,
            type=type_,
            deprivation=rng.random(),
            population=rng.randint(low, high),
        )
        authority.inspections = [
            i for i in plan_inspections(authority, rng, today) if i.publication_date >= start
        ]
        authority.posts = plan_posts(rng, start, today)
        authorities.append(authority)
    plan_neighbours(authorities)
    return authorities


def plan_neighbours(authorities: list[PlannedAuthority]) -> None:
    """Ten neighbours each: the most alike in deprivation, of the same type where there are
    enough, like DfE's statistical neighbours."""
    by_type: dict[str, list[PlannedAuthority]] = {}
    for authority in authorities:
        by_type.setdefault(authority.type, []).append(authority)
    for authority in authorities:
        pool = by_type[authority.type] if len(by_type[authority.type]) > 10 else authorities
        others = [a for a in pool if a is not authority]
        others.sort(key=lambda a: (abs(a.deprivation - authority.deprivation), a.number))
        authority.neighbours = others[:10]


# ---------------------------------------------------------------------------------------------
# Inspections


def next_level(rng: random.Random, level: int, framework: str) -> int:
    factors = HARSHNESS.get(framework, (1, 1, 1, 0.5 if framework in OLD_SCALE else 1))
    weights = [w * f for w, f in zip(TRANSITIONS[level], factors, strict=True)]
    return rng.choices((1, 2, 3, 4), weights=weights)[0]


def grade(level: int, framework: str) -> str:
    if level == 2 and framework in OLD_SCALE:
        return Grade.ADEQUATE
    return LEVEL_GRADE[level]


def area_levels(rng: random.Random, level: int, areas: list[str]) -> dict[str, int]:
    """Levels for the areas behind a headline ``level``: none below it, at least one at it (an
    Inadequate area makes the whole inspection Inadequate), some a grade better."""
    levels = {area: min(4, level + (rng.random() < 0.3)) for area in areas}
    if min(levels.values()) > level:
        levels[rng.choice(areas)] = level
    return levels


def graded_inspection(
    authority: PlannedAuthority, rng: random.Random, framework: str, type_: str, published: D,
    level: int,
) -> PlannedInspection:  # fmt: skip
    started = published - days(rng.randint(42, 70)) if published >= ILACS_START else None
    inspection = PlannedInspection(authority, framework, type_, published, started, level=level)
    g = inspection.grades
    if framework == Framework.SLAC:
        looked_after = max(1, min(4, level + rng.choice((0, 0, 1, -1)))) if level > 1 else 2
        for area, value in ((Area.SAFEGUARDING, level), (Area.LOOKED_AFTER, looked_after)):
            g[area] = grade(value, framework)
        g[Area.SAFEGUARDING_CAPACITY] = grade(max(2, level), framework)
        g[Area.LOOKED_AFTER_CAPACITY] = grade(max(2, looked_after), framework)
        inspection.level = min(level, looked_after)
    elif framework in (Framework.CPI, Framework.TLAC):
        g[Area.OVERALL] = grade(level, framework)
    elif framework == Framework.SIF:
        g[Area.OVERALL] = grade(level, framework)
        keys = area_levels(rng, level, list(SIF_KEY_AREAS))
        if level == 1:  # half of the Inadequate ones are Inadequate throughout: systemic
            keys = {a: 1 if rng.random() < 0.5 else v for a, v in keys.items()}
        others = (Area.ADOPTION, Area.CARE_LEAVERS, Area.LSCB_REVIEW)
        levels = {**keys, **{a: max(1, min(4, level + rng.choice((-1, 0, 1, 1)))) for a in others}}
        g.update({area: grade(value, framework) for area, value in levels.items()})
    else:  # ILACS
        areas = [Area.IMPACT_OF_LEADERS, Area.HELP_AND_PROTECTION, Area.CHILDREN_IN_CARE]
        if published >= CARE_LEAVERS_GRADED_FROM:
            areas.append(Area.CARE_LEAVERS)
        g.update({a: grade(v, framework) for a, v in area_levels(rng, level, areas).items()})
        if published < NO_OVERALL_FROM:
            g[Area.OVERALL] = grade(level, framework)
    return inspection


def visit(
    authority: PlannedAuthority, rng: random.Random, framework: str, type_: str, published: D
) -> PlannedInspection:
    started = published - days(rng.randint(21, 35)) if published >= ILACS_START else None
    inspection = PlannedInspection(authority, framework, type_, published, started)
    if type_ == T.JTAI:
        inspection.themes = rng.choice(text.JTAI_THEMES)
    else:
        inspection.themes = rng.choice(text.VISIT_THEMES)
        inspection.priority_action_named = type_ == T.FOCUSED_VISIT and rng.random() < 0.12
    return inspection


def plan_inspections(authority: PlannedAuthority, rng: random.Random, today: D) -> list:
    """Every inspection and visit from SLAC (2009) to ``today``, oldest first."""
    level = rng.choices((1, 2, 3, 4), weights=(8, 45, 40, 7))[0]
    found: list[PlannedInspection] = []

    def inspect(framework: str, type_: str, published: D) -> None:
        nonlocal level
        level = next_level(rng, level, framework)
        found.append(graded_inspection(authority, rng, framework, type_, published, level))

    inspect(Framework.SLAC, T.STANDARD, rand_date(rng, *SLAC_ERA))
    if rng.random() < 0.65:
        inspect(Framework.CPI, T.STANDARD, rand_date(rng, *CPI_ERA))
    elif rng.random() < 0.6:
        inspect(Framework.TLAC, T.STANDARD, rand_date(rng, *CPI_ERA))
    published = rand_date(rng, *SIF_ERA)
    inspect(Framework.SIF, T.STANDARD, published)
    while True:
        gap = {1: (600, 820), 2: (900, 1250), 3: (1100, 1500), 4: (1200, 1600)}[level]
        following = published + days(rng.randint(*gap))
        if following < ILACS_START and level != 1:
            following = rand_date(rng, *FIRST_ILACS)
        if following >= ILACS_START:
            framework = Framework.ILACS
            type_ = T.SHORT if level >= 3 else T.STANDARD
        else:
            framework, type_ = Framework.SIF, T.REINSPECTION
        found.extend(visits_between(authority, rng, published, min(following, today), level))
        if following > today:
            break
        inspect(framework, type_, following)
        published = following
    for _ in range(rng.choice((0, 0, 1, 1, 2))):
        found.append(
            visit(authority, rng, Framework.JTAI, T.JTAI, rand_date(rng, D(2016, 1, 1), today))
        )
    return sorted(found, key=lambda i: (i.publication_date, i.framework, i.type))


def visits_between(
    authority: PlannedAuthority, rng: random.Random, after: D, before: D, level: int
) -> list[PlannedInspection]:
    """Monitoring visits about every four months while Inadequate; otherwise, under ILACS, one
    focused visit between inspections."""
    found = []
    if level == 1:
        day = after + days(rng.randint(100, 140))
        while day < before - days(60):
            framework = Framework.ILACS if day >= ILACS_START else Framework.SIF
            found.append(visit(authority, rng, framework, T.MONITORING_VISIT, day))
            day += days(rng.randint(100, 140))
    elif after >= ILACS_START or before >= ILACS_START + days(400):
        day = max(after, ILACS_START) + days(rng.randint(400, 700))
        if day < before - days(90) and rng.random() < 0.8:
            found.append(visit(authority, rng, Framework.ILACS, T.FOCUSED_VISIT, day))
    return found


# ---------------------------------------------------------------------------------------------
# Leaders


def plan_posts(rng: random.Random, start: D, today: D) -> list[PlannedPost]:
    """Each role's holders from before ``start`` to ``today``: permanent post holders for a few
    years each, with interim cover between some."""
    posts = []
    tenure = {
        LeadershipPost.Role.DCS: (500, 1900),
        LeadershipPost.Role.CHIEF_EXECUTIVE: (900, 2900),
        LeadershipPost.Role.LEAD_MEMBER: (700, 1500),
    }
    for role, (shortest, longest) in tenure.items():
        day = start - days(rng.randint(0, 1500))
        while day <= today:
            name = text.person(rng)
            if rng.random() < 0.25:  # interim cover first, sometimes made permanent
                interim_end = day + days(rng.randint(90, 270))
                posts.append(PlannedPost(role, name, day, interim_end, True))
                day = interim_end + days(1)
                name = name if rng.random() < 0.4 else text.person(rng)
            end = day + days(rng.randint(shortest, longest))
            posts.append(PlannedPost(role, name, day, end if end < today else None, False))
            day = end + days(1)
    return [post for post in posts if post.start_date <= today]


# ---------------------------------------------------------------------------------------------
# Interventions: what triggered them and how they ended


@dataclass(eq=False)
class PlannedIntervention:
    authority: PlannedAuthority
    trigger: PlannedInspection
    opened_on: D
    instrument: str  # "direction" or "notice"
    presumption: bool  # persistent or systemic failure: the ADM must be tested
    # Graded inspections while open that were Inadequate again.
    repeats: list[PlannedInspection] = field(default_factory=list)
    # The inspection that found enough improvement, and the days the exit took.
    exit_inspection: PlannedInspection | None = None
    direction_revoked_on: D | None = None
    closes_on: D | None = None  # None while still open on ``today``
    number: int = 0

    @property
    def seed_key(self) -> str:
        return f"{self.authority.number}:{self.trigger.publication_date.isoformat()}"


def plan_interventions(
    authorities: list[PlannedAuthority], seed: int, today: D
) -> list[PlannedIntervention]:
    """The interventions each authority's inspections trigger, numbered in order of opening."""
    found = []
    for authority in authorities:
        found.extend(authority_interventions(authority, seed, today))
    found.sort(key=lambda iv: (iv.opened_on, iv.authority.number))
    for number, intervention in enumerate(found, start=1):
        intervention.number = number
    return found


def authority_interventions(
    authority: PlannedAuthority, seed: int, today: D
) -> list[PlannedIntervention]:
    found: list[PlannedIntervention] = []
    current: PlannedIntervention | None = None
    for inspection in authority.inspections:
        day = inspection.publication_date
        if current and current.closes_on and current.closes_on < day:
            current = None
        triggers = inspection.is_inadequate or inspection.serious_concerns
        if current is None:
            if triggers and not (found and found[-1].closes_on and found[-1].closes_on >= day):
                current = open_on(authority, inspection, seed, today)
                found.append(current)
        elif inspection.is_graded and current.exit_inspection is None:
            if inspection.is_inadequate:
                current.repeats.append(inspection)
            else:
                plan_exit(current, inspection, seed, today)
    return found


def open_on(
    authority: PlannedAuthority, trigger: PlannedInspection, seed: int, today: D
) -> PlannedIntervention | None:
    rng = seeded(seed, "opened", authority.number, trigger.publication_date)
    earlier = [
        i
        for i in authority.graded()
        if i.is_inadequate
        and add_months(i.publication_date, 60) >= trigger.publication_date
        and i.publication_date < trigger.publication_date
    ]
    presumption = trigger.is_graded and (bool(earlier) or trigger.is_systemic)
    direction = presumption or (trigger.is_graded and rng.random() < 0.6)
    opened_on = min(trigger.publication_date + days(rng.randint(7, 35)), today)
    return PlannedIntervention(
        authority=authority,
        trigger=trigger,
        opened_on=opened_on,
        instrument="direction" if direction else "notice",
        presumption=presumption,
    )


def plan_exit(
    intervention: PlannedIntervention, inspection: PlannedInspection, seed: int, today: D
) -> None:
    """A direction is revoked a month or two after the improving inspection and replaced by a
    notice, lifted one or two years later; a notice alone is lifted within six months."""
    rng = seeded(seed, "exit", intervention.seed_key)
    intervention.exit_inspection = inspection
    day = inspection.publication_date
    if intervention.instrument == "direction" or intervention.repeats:
        revoked = day + days(rng.randint(20, 60))
        closes = revoked + days(rng.randint(400, 700))
        intervention.direction_revoked_on = revoked if revoked <= today else None
    else:
        closes = day + days(rng.randint(60, 180))
    intervention.closes_on = closes if closes <= today else None


# ---------------------------------------------------------------------------------------------
# The world


@dataclass
class World:
    scale: float
    seed: int
    today: D
    authorities: list[PlannedAuthority]
    interventions: list[PlannedIntervention]

    @property
    def start(self) -> D:
        return D(self.today.year - YEARS, self.today.month, min(self.today.day, 28))

    def in_region(self, region: str) -> list[PlannedAuthority]:
        if not hasattr(self, "_regions"):
            self._regions: dict[str, list[PlannedAuthority]] = {}
            for authority in self.authorities:
                self._regions.setdefault(authority.region, []).append(authority)
        return self._regions.get(region, [])


def authority_count(scale: float) -> int:
    return max(2, round(BASE_AUTHORITIES * scale))


def build_world(scale: float, seed: int, today: D) -> World:
    authorities = plan_authorities(authority_count(scale), seed, today)
    return World(scale, seed, today, authorities, plan_interventions(authorities, seed, today))
