"""Each intervention's life as dated events, still plain data: opening, the notice or direction
and its reviews, the commissioner, the board, the improvement partner, the ADM assessment and the
Minister's decisions, re-inspections, and the exit. ``casework`` turns each event into one call
of a service in ``interventions.services``.

Commissioners come from a pool shared by all interventions, as in life: a commissioner serves at
most two interventions at once, and some serve several over the years.
"""

import datetime
import random
from dataclasses import dataclass, field

from core.dates import govuk_date
from interventions.duties import add_months
from interventions.models import DeliveryModel, ImprovementPartnership, Intervention

from . import text
from .plan import PlannedAuthority, PlannedIntervention, World, days, seeded

D = datetime.date
S = Intervention.Status

ORGANISATIONS = (
    ("Chief Executive", True),
    ("Former Director of Children's Services", True),
    ("Independent children's services adviser", False),
)


@dataclass(eq=False)
class PlannedCommissioner:
    number: int
    name: str
    title: str
    organisation: str
    appointments: list[tuple[D, D | None]] = field(default_factory=list)
    has_account: bool = False

    @property
    def username(self) -> str:
        return f"demo-commissioner-{self.number:04d}"

    def busy_on(self, day: D) -> int:
        return sum(
            1 for start, end in self.appointments if start <= day and (end is None or end >= day)
        )


@dataclass(frozen=True)
class Event:
    on: D
    action: str  # the name of a Casework method
    args: dict


@dataclass(eq=False)
class Timeline:
    """One intervention's events (up to ``today``) and the periods its activity fills."""

    intervention: PlannedIntervention
    events: list[Event] = field(default_factory=list)
    # (commissioner, first day, last day or None): who logs the progress entries when.
    appointments: list[tuple[PlannedCommissioner, D, D | None]] = field(default_factory=list)
    board: tuple[D, D | None] | None = None
    partnerships: list[tuple[D, D | None]] = field(default_factory=list)

    def add(self, on: D, action: str, **args) -> None:
        self.events.append(Event(on, action, args))

    def move(self, on: D, to: str, reason: str) -> None:
        self.add(on, "change_status", to=to, reason=reason)


class CommissionerPool:
    def __init__(self, world: World):
        self.world = world
        self.commissioners: list[PlannedCommissioner] = []

    def appoint(self, rng: random.Random, day: D, end: D | None) -> PlannedCommissioner:
        """A commissioner free on ``day`` (serving fewer than two, appointed first within eight
        years), or a new one."""
        free = [
            c
            for c in self.commissioners
            if c.busy_on(day) < 2 and add_months(c.appointments[0][0], 96) > day
        ]
        chosen = rng.choice(free) if free and rng.random() < 0.6 else self.new(rng)
        chosen.appointments.append((day, end))
        return chosen

    def new(self, rng: random.Random) -> PlannedCommissioner:
        title, from_council = rng.choice(ORGANISATIONS)
        council = rng.choice(self.world.authorities).name if from_council else ""
        commissioner = PlannedCommissioner(
            number=len(self.commissioners) + 1,
            name=text.person(rng),
            title=f"{title}, {council}" if council else title,
            organisation=council or "Independent",
        )
        self.commissioners.append(commissioner)
        return commissioner

    def decide_accounts(self) -> None:
        """Everyone appointed on ``today`` signs in; of the others, about a third did."""
        today = self.world.today
        for commissioner in self.commissioners:
            rng = seeded(self.world.seed, "account", commissioner.number)
            current = commissioner.busy_on(today) > 0
            commissioner.has_account = current or rng.random() < 0.3


def plan_timelines(world: World) -> tuple[list[Timeline], list[PlannedCommissioner]]:
    pool = CommissionerPool(world)
    timelines = [plan_timeline(world, pool, iv) for iv in world.interventions]
    pool.decide_accounts()
    return timelines, pool.commissioners


def plan_timeline(world: World, pool: CommissionerPool, iv: PlannedIntervention) -> Timeline:
    rng = seeded(world.seed, "timeline", iv.seed_key)
    line = Timeline(iv)
    end = iv.closes_on or world.today
    opened = iv.opened_on
    line.add(opened, "open", reporting_months=6 if rng.random() < 0.1 else 3)
    issued = opened + days(rng.randint(0, 14))
    instruments = [(iv.instrument, issued)]
    line.add(issued, f"issue_{iv.instrument}", partner_required=rng.random() < 0.6)
    appointed = max(issued, opened + days(rng.randint(7, 30)))
    appoint(line, pool, rng, appointed)
    line.move(appointed, S.INITIAL_REVIEW, "Commissioner appointed: the initial review begins")
    board_on = opened + days(rng.randint(21, 60))
    line.board = (board_on, iv.closes_on)
    line.add(
        board_on, "set_up_board", commissioner_chairs=rng.random() < 0.5, chair=text.person(rng)
    )
    start_partnership(
        world, line, rng, opened + days(rng.randint(45, 120)), directed=iv.instrument == "direction"
    )
    if iv.presumption:
        test_presumption(world, line, rng, appointed)
    else:
        line.move(
            appointed + days(rng.randint(80, 110)),
            S.MONITORING,
            "Initial review concluded: the council keeps its services, with support",
        )
    for repeat in iv.repeats:
        day = repeat.publication_date + days(rng.randint(7, 21))
        line.move(
            day,
            S.INITIAL_REVIEW,
            f"{repeat.label} published {govuk_date(repeat.publication_date)}: Inadequate again",
        )
        if instruments[-1][0] == "notice":
            line.add(day, "notice_to_direction")
            instruments.append(("direction", day))
        else:
            line.add(
                day,
                "revise_direction",
                reason="Revised after the re-inspection judged services Inadequate again",
            )
            instruments.append(("direction", day))
        test_presumption(world, line, rng, day + days(rng.randint(7, 21)))
    exit_intervention(line, rng, instruments)
    change_commissioner(line, pool, rng, end)
    schedule_reviews(line, instruments, end)
    line.events = settle(
        sorted((e for e in line.events if e.on <= world.today), key=lambda e: e.on)
    )
    return line


# What each event needs in force (direction, notice, either) and what it leaves in force.
NEEDS = {
    "revise_direction": "direction",
    "revoke_direction": "direction",
    "notice_to_direction": "notice",
    "review": "either",
}
LEAVES = {
    "issue_direction": "direction",
    "notice_to_direction": "direction",
    "revise_direction": "direction",
    "issue_notice": "notice",
    "revoke_direction": "notice",
}


def settle(events: list[Event]) -> list[Event]:
    """The events that make sense in date order: a change of status only to a status that may
    follow the one before (a re-inspection can fall in the middle of a review, which then
    restarts), a direction revised or revoked only while one is in force, nothing after the
    intervention closes."""
    status, instrument, kept = S.TRIGGERED, None, []
    for event in events:
        if event.action == "change_status":
            to = event.args["to"]
            if to == status or to not in Intervention.TRANSITIONS[status]:
                continue
            status = to
        needs = NEEDS.get(event.action)
        if needs and (instrument is None or needs not in ("either", instrument)):
            continue
        instrument = LEAVES.get(event.action, instrument)
        kept.append(event)
        if event.action == "close":
            break
    return kept


def appoint(line: Timeline, pool: CommissionerPool, rng: random.Random, day: D) -> None:
    last = line.intervention.closes_on
    commissioner = pool.appoint(rng, day, last)
    line.appointments.append((commissioner, day, last))
    line.add(day, "appoint", commissioner=commissioner)


def change_commissioner(line: Timeline, pool: CommissionerPool, rng: random.Random, end: D) -> None:
    """A long intervention has a new commissioner part way through, sometimes."""
    commissioner, start, last = line.appointments[0]
    if (end - start).days < 3 * 365 or rng.random() >= 0.4:
        return
    handover = start + days(int((end - start).days * rng.uniform(0.4, 0.6)))
    commissioner.appointments[-1] = (start, handover)
    line.appointments[0] = (commissioner, start, handover)
    line.add(
        handover,
        "end_appointment",
        commissioner=commissioner,
        reason="The commissioner stepped down",
    )
    successor = pool.appoint(rng, handover + days(1), last)
    line.appointments.append((successor, handover + days(1), last))
    line.add(handover + days(1), "appoint", commissioner=successor)


def partner_for(
    world: World, rng: random.Random, supported: PlannedAuthority, day: D
) -> PlannedAuthority:
    """A Good or Outstanding authority on ``day``, in the same region if there is one."""
    for pool in (world.in_region(supported.region), world.authorities):
        strong = [a for a in pool if a is not supported and (a.level_on(day) or 0) >= 3]
        if strong:
            return rng.choice(strong)
    return rng.choice([a for a in world.authorities if a is not supported])


def start_partnership(
    world: World, line: Timeline, rng: random.Random, day: D, *, directed: bool, model: str = ""
) -> None:
    partner = partner_for(world, rng, line.intervention.authority, day)
    model = model or rng.choice(
        (
            DeliveryModel.IMPROVEMENT_PARTNER,
            DeliveryModel.IMPROVEMENT_PARTNER,
            DeliveryModel.EXPERT_ADVISER,
        )
    )
    if line.partnerships and line.partnerships[-1][1] is None:
        line.partnerships[-1] = (line.partnerships[-1][0], day - days(1))
        line.add(
            day - days(1),
            "end_partnership",
            reason="Replaced by the partnership the Minister confirmed",
        )
    line.partnerships.append((day, line.intervention.closes_on))
    basis = (
        ImprovementPartnership.LegalBasis.DIRECTED
        if directed
        else ImprovementPartnership.LegalBasis.VOLUNTARY
    )
    line.add(
        day,
        "start_partnership",
        partner=partner,
        model=model,
        legal_basis=basis,
        days_a_year=rng.choice((100, 120, 150, 200)),
        day_rate=rng.choice((650, 700, 750)),
    )


def test_presumption(world: World, line: Timeline, rng: random.Random, started: D) -> None:
    """The commissioner tests the presumption (an ADM assessment), then the Minister decides."""
    iv = line.intervention
    concluded = started + days(rng.randint(90, 120))
    choice = rng.choices(("retain", "trust", "partnership"), weights=(70, 15, 15))[0]
    partner = partner_for(world, rng, iv.authority, started)
    line.add(started, "start_assessment", partner=partner)
    line.add(concluded, "conclude_assessment", choice=choice, partner=partner)
    line.move(concluded, S.AWAITING_DECISION, "Assessment of alternative delivery models concluded")
    minded = concluded + days(rng.randint(30, 60))
    line.add(minded, "decide", stage="minded_to", choice=choice)
    confirmed = minded + days(rng.randint(45, 90))
    line.add(confirmed, "decide", stage="confirmed", choice=choice)
    line.move(confirmed, S.IMPLEMENTATION, "The Minister confirmed the way forward")
    if choice == "trust":
        line.add(
            confirmed,
            "revise_direction",
            reason="Revised to transfer functions to a children's trust",
            requires_trust=True,
        )
    elif choice == "partnership":
        line.add(
            confirmed,
            "revise_direction",
            reason="Revised for an inter-authority partnership",
            requires_other_authority=True,
        )
        start_partnership(
            world,
            line,
            rng,
            confirmed + days(1),
            directed=True,
            model=DeliveryModel.ADM_PARTNERSHIP,
        )
    line.move(
        confirmed + days(rng.randint(120, 200)),
        S.MONITORING,
        "The new arrangements are in place: monitoring",
    )


def exit_intervention(line: Timeline, rng: random.Random, instruments: list) -> None:
    """A direction is revoked and replaced by a notice; the notice is lifted and the
    intervention closes, with the commissioner, the partnership and the board."""
    iv = line.intervention
    if iv.exit_inspection is None:
        return
    inspection = iv.exit_inspection
    found = f"{inspection.label} published {govuk_date(inspection.publication_date)}"
    if iv.direction_revoked_on:
        day = iv.direction_revoked_on
        line.add(
            day,
            "revoke_direction",
            reason=f"Revoked: the {found} no longer judged services Inadequate",
        )
        line.move(day, S.MONITORING, "Direction revoked: monitoring under an improvement notice")
        instruments.append(("notice", day))
    if iv.closes_on is None:
        return
    closed = iv.closes_on
    line.add(
        closed, "close", reason=f"Improvement sustained since the {found}: intervention closed"
    )


def schedule_reviews(line: Timeline, instruments: list, end: D) -> None:
    """A notice is reviewed about every six months while in force; a direction at six months,
    then every year (each review sets the date of the next)."""
    for index, (kind, issued) in enumerate(instruments):
        until = instruments[index + 1][1] if index + 1 < len(instruments) else end
        review = add_months(issued, 6)
        while review < until:
            following = add_months(review, 12 if kind == "direction" else 6)
            line.add(review, "review", next_review_on=following)
            review = following
