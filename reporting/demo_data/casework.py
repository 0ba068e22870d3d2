"""Carrying out each intervention's timeline through ``interventions.services``, call by call.

Every event runs inside ``fact_time`` for its day, so the history rows the services write are
dated when the event happened (with the services' own reasons). DfE's decisions are made by the
demo official; the commissioner's (the board, the ADM assessment) by the commissioner's account,
or by the generator's system user for a commissioner who never signed in.
"""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from core.dates import govuk_date
from core.dating import fact_time, moment
from interventions import services
from interventions.duties import add_months
from interventions.models import (
    ADMOption,
    Commissioner,
    DeliveryModel,
    ImprovementPartnership,
    Intervention,
)

from .plan import PlannedIntervention
from .timeline import PlannedCommissioner, Timeline

D = datetime.date
MINISTER = "Minister for Children and Families"
CHOICES = {
    # choice: (option name, model, recommendation)
    "retain": (
        "The council keeps its services, with an improvement partner",
        DeliveryModel.RETAIN,
        "The council should keep its children's services, supported by an improvement partner "
        "and reviewed every six months.",
    ),
    "trust": (
        "A children's trust",
        DeliveryModel.CHILDRENS_TRUST,
        "Children's social care should move to an independent children's trust.",
    ),
    "partnership": (
        "A partnership with another council",
        DeliveryModel.ADM_PARTNERSHIP,
        "Children's social care should be run in partnership with a strong neighbouring council.",
    ),
}


@dataclass
class People:
    """Who acts: the demo official for DfE, and each commissioner's account if they have one."""

    official: object
    system: object
    accounts: dict[int, object]  # commissioner number -> user
    commissioners: dict[int, Commissioner] = field(default_factory=dict)

    def actor(self, commissioner: PlannedCommissioner):
        return self.accounts.get(commissioner.number, self.system)


class Casework:
    def __init__(self, line: Timeline, people: People, authorities: dict, inspections: dict):
        self.line, self.people = line, people
        self.planned: PlannedIntervention = line.intervention
        self.authorities, self.inspections = authorities, inspections
        self.authority = authorities[self.planned.authority.number]
        self.intervention: Intervention | None = None
        self.board = None
        self.partnerships: list = []  # (partnership, first day, last day or None)
        self.assessment = None

    def run(self) -> None:
        previous, sequence = None, 0
        for event in self.line.events:
            sequence = sequence + 1 if event.on == previous else 0
            previous = event.on
            with fact_time(moment(event.on, sequence)):
                getattr(self, event.action)(event.on, **event.args)

    # Helpers -----------------------------------------------------------------------------------

    @property
    def official(self):
        return self.people.official

    def commissioner_on(self, day: D) -> PlannedCommissioner:
        """The commissioner appointed latest by ``day`` (the first one before any starts)."""
        current = [c for c, first, last in self.line.appointments if first <= day]
        return current[-1] if current else self.line.appointments[0][0]

    def commissioner_actor(self, day: D):
        """Who writes the commissioner's record on ``day``: the commissioner appointed that day,
        or the demo official when none is (the services let only those two write it)."""
        appointed = [
            c
            for c, first, last in self.line.appointments
            if first <= day and (last is None or day <= last)
        ]
        return self.people.actor(appointed[-1]) if appointed else self.official

    def open_direction(self):
        return self.intervention.directions.open().get()

    def open_notice(self):
        return self.intervention.notices.open().first()

    # The intervention ---------------------------------------------------------------------------

    def open(self, day: D, reporting_months: int) -> None:
        trigger = self.planned.trigger
        found = "Inadequate" if trigger.is_inadequate else "areas for priority action named"
        what = f"{trigger.label} published {govuk_date(trigger.publication_date)}: {found}"
        self.intervention = services.open_intervention(
            self.authority,
            by=self.official,
            opened_on=day,
            reason=f"Opened on the {what}",
            trigger_inspection=self.inspections[id(trigger)],
            trigger_summary=what,
            reporting_period_months=reporting_months,
            notes=f"Demo data, intervention {self.planned.number}.",
        )

    def change_status(self, day: D, to: str, reason: str) -> None:
        services.change_status(self.intervention, to, on=day, reason=reason, by=self.official)

    def issue_direction(self, day: D, partner_required: bool) -> None:
        # Reviewed at six months, then yearly (``timeline.schedule_reviews``).
        services.issue_direction(
            self.intervention,
            by=self.official,
            issued_on=day,
            requires_commissioner=True,
            requires_improvement_partner=partner_required,
            requirements="Co-operate with the commissioner and deliver the improvement plan.",
            next_review_on=add_months(day, 6),
        )

    def issue_notice(self, day: D, partner_required: bool = False, reason: str = "") -> None:
        services.issue_notice(
            self.intervention,
            by=self.official,
            issued_on=day,
            reason=reason,
            requirements="Deliver the improvement plan and report progress to the board.",
            next_review_on=add_months(day, 6),
        )

    def revise_direction(self, day: D, reason: str, **changes) -> None:
        services.revise_direction(
            self.open_direction(),
            by=self.official,
            revised_on=day,
            reason=reason,
            next_review_on=add_months(day, 6),
            **changes,
        )

    def notice_to_direction(self, day: D) -> None:
        reason = "Replaced by a statutory direction: services were judged Inadequate again"
        services.lift_notice(self.open_notice(), by=self.official, lifted_on=day, reason=reason)
        self.issue_direction(day, partner_required=True)

    def revoke_direction(self, day: D, reason: str) -> None:
        services.revoke_direction(
            self.open_direction(), by=self.official, revoked_on=day, reason=reason
        )
        self.issue_notice(day, reason="Improvement notice issued as the direction was revoked")

    def review(self, day: D, next_review_on: D) -> None:
        instrument = self.intervention.directions.open().first() or self.open_notice()
        services.schedule_review(
            instrument,
            by=self.official,
            next_review_on=next_review_on,
            reason="Six-monthly review: the next review is set",
        )

    def close(self, day: D, reason: str) -> None:
        if notice := self.open_notice():
            services.lift_notice(notice, by=self.official, lifted_on=day, reason=reason)
        if direction := self.intervention.directions.open().first():
            services.revoke_direction(direction, by=self.official, revoked_on=day, reason=reason)
        for appointment in self.intervention.appointments.filter(ends_on__isnull=True):
            services.end_appointment(appointment, by=self.official, ends_on=day, reason=reason)
        for partnership, _, _ in self.partnerships:
            if partnership.ends_on is None:
                services.end_partnership(partnership, by=self.official, ends_on=day, reason=reason)
        if self.board is not None:
            services.stand_down_board(
                self.board, by=self.official, stood_down_on=day, reason=reason
            )
        services.close_intervention(
            self.intervention,
            on=day,
            exit_reason=Intervention.ExitReason.DIRECTION_REVOKED,
            reason=reason,
            by=self.official,
        )

    # People -----------------------------------------------------------------------------------

    def appoint(self, day: D, commissioner: PlannedCommissioner) -> None:
        services.appoint_commissioner(
            self.intervention,
            self.commissioner_model(commissioner),
            by=self.official,
            starts_on=day,
            appointed_by=MINISTER,
        )

    def commissioner_model(self, planned: PlannedCommissioner) -> Commissioner:
        known = self.people.commissioners
        if planned.number not in known:
            known[planned.number] = services.add_commissioner(
                by=self.official,
                name=planned.name,
                title=planned.title,
                organisation=planned.organisation,
                user=self.people.accounts.get(planned.number),
            )
        return known[planned.number]

    def end_appointment(self, day: D, commissioner: PlannedCommissioner, reason: str) -> None:
        appointment = self.intervention.appointments.get(
            commissioner=self.commissioner_model(commissioner), ends_on__isnull=True
        )
        services.end_appointment(appointment, by=self.official, ends_on=day, reason=reason)

    # The board and the partner -----------------------------------------------------------------

    def set_up_board(self, day: D, commissioner_chairs: bool, chair: str) -> None:
        if commissioner_chairs:
            chair = self.commissioner_on(day).name
        self.board = services.set_up_board(
            self.intervention,
            by=self.commissioner_actor(day),
            established_on=day,
            chair_name=chair,
            independent_chair=not commissioner_chairs,
            chaired_by_commissioner=commissioner_chairs,
        )

    def start_partnership(self, day: D, partner, model, legal_basis, days_a_year, day_rate):
        directed = legal_basis == ImprovementPartnership.LegalBasis.DIRECTED
        partnership = services.start_partnership(
            self.authorities[partner.number],
            self.authority,
            by=self.official,
            model=model,
            legal_basis=legal_basis,
            starts_on=day,
            intervention=self.intervention,
            direction=self.intervention.directions.open().first() if directed else None,
            day_allowance_per_year=Decimal(days_a_year),
            day_rate=Decimal(day_rate),
            funded_by="DfE",
            heads_of_terms="Support to deliver the improvement plan; a monthly report of days "
            "used and their impact to the improvement board.",
        )
        end = next(last for first, last in self.line.partnerships if first == day)
        self.partnerships.append((partnership, day, end))

    def end_partnership(self, day: D, reason: str) -> None:
        partnership = self.partnerships[-1][0]
        services.end_partnership(partnership, by=self.official, ends_on=day, reason=reason)

    # The presumption and the Minister ----------------------------------------------------------

    def start_assessment(self, day: D, partner) -> None:
        partner_name = self.authorities[partner.number].name
        self.assessment = services.record_adm_assessment(
            self.intervention,
            by=self.commissioner_actor(day),
            started_on=day,
            presumption_applies=True,
            options=[
                {
                    "name": name,
                    "model": model,
                    "partner": self.authorities[partner.number] if key == "partnership" else None,
                    "description": recommendation,
                    "pros": "Builds on the improvements already made"
                    if key == "retain"
                    else f"Brings in proven leadership ({partner_name} is judged Good or better)",
                    "cons": "Takes time to set up and distracts from practice"
                    if key != "retain"
                    else "Relies on the current leadership holding its course",
                    "risks": "Staff turnover during any transition",
                }
                for key, (name, model, recommendation) in CHOICES.items()
            ],
        )

    def conclude_assessment(self, day: D, choice: str, partner) -> None:
        by = self.commissioner_actor(day)
        chosen_name = CHOICES[choice][0]
        for option in self.assessment.options.order_by("pk"):
            if option.name != chosen_name:
                services.decide_option(
                    option,
                    by=by,
                    outcome=ADMOption.Outcome.DISCOUNTED,
                    on=day,
                    reason="Weighed against the recommended option: less likely to sustain "
                    "improvement for children",
                )
        recommended = self.assessment.options.get(name=chosen_name)
        services.decide_option(
            recommended,
            by=by,
            outcome=ADMOption.Outcome.RECOMMENDED,
            on=day,
            reason="The option most likely to bring lasting improvement",
        )
        _, model, recommendation = CHOICES[choice]
        services.conclude_adm_assessment(
            self.assessment,
            by=by,
            concluded_on=day,
            recommendation=recommendation,
            recommended_model=model,
            recommended_partner=recommended.partner,
            compelling_reasons="Leadership is stable and improvement has begun"
            if choice == "retain"
            else "",
        )

    def decide(self, day: D, stage: str, choice: str) -> None:
        verb = "is minded to accept" if stage == "minded_to" else "confirmed"
        services.record_ministerial_decision(
            self.intervention,
            by=self.official,
            stage=stage,
            decided_on=day,
            decision=f"The Minister {verb} the commissioner's recommendation: "
            f"{CHOICES[choice][0].lower()}.",
            assessment=self.assessment,
            decided_by=MINISTER,
            next_update_due_on=add_months(day, 3) if stage == "minded_to" else None,
        )
