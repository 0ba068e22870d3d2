"""A small intervention with a year of records, each written through the interventions services
with its history dated on the day it happened (as the case-study loader does), for the report
tests. Calendar quarters from 1 January 2017; the second quarter (April to June) is the busy one.
"""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from authorities.models import LeadershipPost
from core.dating import fact_time, moment
from core.history import save_with_history, system_user
from inspections.models import Area, Grade, Inspection, Judgement
from interventions import services
from interventions.models import (
    Action,
    DeliveryModel,
    ImprovementPartnership,
    Intervention,
    ProgressEntry,
    Theme,
)
from interventions.tests.factories import LocalAuthorityFactory, ThemeFactory

D = datetime.date
Q2 = (D(2017, 4, 1), D(2017, 6, 30))


def on(day: datetime.date, reason: str = "Recorded at the time", sequence: int = 0):
    """History rows written inside this block are dated midday on ``day``."""
    return fact_time(moment(day, sequence), reason)


@dataclass
class World:
    intervention: Intervention
    by: object
    themes: list
    partner: object
    q2_visit: ProgressEntry
    inspection: Inspection


def build_world(commissioner_user=None, name: str = "Northtown") -> World:
    by = system_user("report-tests")
    authority = LocalAuthorityFactory(name=name)
    partner = LocalAuthorityFactory(name=f"{name} Partner")
    themes = list(Theme.objects.filter(active=True).order_by("order")[:2])
    if len(themes) < 2:  # a transactional test elsewhere flushed the seeded themes
        themes = [ThemeFactory(name="Leadership"), ThemeFactory(name="Front door")]
    with on(D(2017, 1, 1), "Intervention opened"):
        intervention = services.open_intervention(authority, by=by, opened_on=D(2017, 1, 1))
    set_up_people(intervention, by, commissioner_user)
    q1_records(intervention, by, themes)
    q2_visit = q2_records(intervention, by, themes, partner)
    inspection = publish_inspection(authority, D(2017, 5, 20))
    return World(intervention, by, themes, partner, q2_visit, inspection)


def set_up_people(intervention, by, commissioner_user) -> None:
    # Appointed on the day the intervention opened: reports fall in calendar quarters.
    with on(D(2017, 1, 1), "Commissioner appointed"):
        person = services.add_commissioner(
            by=by, name="Alex Example", email="alex@example.gov.uk", user=commissioner_user
        )
        services.appoint_commissioner(intervention, person, by=by, starts_on=D(2017, 1, 1))
    with on(D(2017, 1, 20), "Direction issued"):
        services.issue_direction(
            intervention, by=by, issued_on=D(2017, 1, 20), requires_commissioner=True
        )
    with on(D(2017, 4, 18), "New director of children's services"):
        post = LeadershipPost(
            authority=intervention.authority,
            role=LeadershipPost.Role.DCS,
            person_name="Sam Leader",
            start_date=D(2017, 4, 18),
            is_interim=True,
        )
        save_with_history(post, by=by, reason="New director of children's services")


def q1_records(intervention, by, themes) -> None:
    first, second = themes
    with on(D(2017, 2, 1), "Board set up"):
        board = services.set_up_board(
            intervention, by=by, chair_name="Alex Example", established_on=D(2017, 2, 1)
        )
    with on(D(2017, 2, 10), "Board met"):
        services.record_board_meeting(
            intervention, board=board, by=by, held_on=D(2017, 2, 10), decisions="Plan"
        )
    with on(D(2017, 3, 9), "Visit"):
        services.record_progress(
            intervention,
            by=by,
            occurred_on=D(2017, 3, 9),
            kind=ProgressEntry.Kind.VISIT,
            summary="First visit: the front door is unsafe.",
            ratings=[
                (first, "red", "no_change", "Unsafe front door"),
                (second, "amber", "no_change", ""),
            ],
        )


def q2_records(intervention, by, themes, partner) -> ProgressEntry:
    first, second = themes
    board = intervention.boards.get()
    with on(D(2017, 5, 10), "Board met"):
        meeting = services.record_board_meeting(
            intervention, board=board, by=by, held_on=D(2017, 5, 10), decisions="Audit every month"
        )
    with on(D(2017, 6, 14), "Visit"):
        visit = services.record_progress(
            intervention,
            by=by,
            occurred_on=D(2017, 6, 14),
            kind=ProgressEntry.Kind.VISIT,
            summary="Second visit: the front door is better; care planning slipped.",
            ratings=[
                (first, "amber", "improving", "Referrals screened within a day"),
                (second, "red", "declining", "Plans out of date"),
            ],
        )
    with on(D(2017, 5, 10), "Audit", sequence=1):
        services.record_progress(
            intervention,
            by=by,
            occurred_on=D(2017, 5, 10),
            kind=ProgressEntry.Kind.BOARD_MEETING,
            summary="Board: audits reviewed.",
            board_meeting=meeting,
        )
    q2_actions(intervention, by)
    q2_partnership_and_adm(intervention, by, partner)
    return visit


def q2_actions(intervention, by) -> None:
    with on(D(2017, 4, 3), "Actions agreed"):
        done = services.create_action(
            intervention,
            by=by,
            title="Fix the rota",
            due_on=D(2017, 5, 1),
            created_on=D(2017, 4, 3),
        )
        services.create_action(
            intervention, by=by, title="Audit plans", due_on=D(2017, 6, 1), created_on=D(2017, 4, 3)
        )
        services.create_action(
            intervention, by=by, title="Recruit", due_on=D(2017, 9, 1), created_on=D(2017, 4, 3)
        )
    with on(D(2017, 4, 28), "Rota fixed"):
        services.update_action(
            done, by=by, status=Action.Status.DONE, completed_on=D(2017, 4, 28), reason="Done"
        )


def q2_partnership_and_adm(intervention, by, partner) -> None:
    with on(D(2017, 4, 1), "Partnership agreed"):
        partnership = services.start_partnership(
            partner,
            intervention.authority,
            by=by,
            model=DeliveryModel.EXPERT_ADVISER,
            legal_basis=ImprovementPartnership.LegalBasis.DIRECTED,
            starts_on=D(2017, 4, 1),
            intervention=intervention,
            day_allowance_per_year=Decimal("200"),
        )
    for day, days in [(D(2017, 4, 20), "10"), (D(2017, 5, 25), "12.5"), (D(2017, 7, 5), "9")]:
        with on(day, "Days logged"):
            services.log_partner_days(partnership, by=by, worked_on=day, days=Decimal(days))
    with on(D(2017, 2, 15), "Assessment started"):
        assessment = services.record_adm_assessment(
            intervention, by=by, started_on=D(2017, 2, 15), presumption_applies=True
        )
        option = services.add_adm_option(
            assessment,
            by=by,
            name="Partnership with the partner",
            model="adm_partnership",
            partner=partner,
        )
    with on(D(2017, 5, 5), "Recommendation"):
        services.decide_option(
            option, by=by, outcome="recommended", on=D(2017, 5, 5), reason="Best"
        )
        services.conclude_adm_assessment(
            assessment,
            by=by,
            concluded_on=D(2017, 5, 5),
            recommendation="A partnership with the partner council",
            recommended_model="adm_partnership",
            recommended_partner=partner,
        )
    with on(D(2017, 6, 30), "Minister minded to"):
        services.record_ministerial_decision(
            intervention,
            by=by,
            stage="minded_to",
            decided_on=D(2017, 6, 30),
            decision="Minded to accept the partnership",
            assessment=assessment,
        )


def publish_inspection(authority, published: datetime.date) -> Inspection:
    with on(published, "Inspection published"):
        inspection = Inspection(
            authority=authority, framework="SIF", type="reinspection", publication_date=published
        )
        save_with_history(inspection, reason="Inspection published")
        for area, grade in [(Area.OVERALL, Grade.INADEQUATE), (Area.LEADERSHIP, Grade.INADEQUATE)]:
            save_with_history(Judgement(inspection=inspection, area=area, grade=grade))
    return inspection


def generate_missing(*, by, today: datetime.date) -> list:
    """Here and now, what the sweep queues (``missing_reports``, then ``generate_report`` for
    each); returns the reports made."""
    from reporting import services as report_services

    return [
        report_services.generate_report(
            Intervention.objects.get(pk=intervention_id), period.start, kind=period.kind, by=by
        )[0]
        for intervention_id, period in report_services.missing_reports(today)
    ]
