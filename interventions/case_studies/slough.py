"""Slough (E06000039): a direction for an independent trust, October 2014 (a smaller case).

From the Isle of Wight Cabinet paper of 9 November 2017 (paragraph 37.5), DOMAIN.md and the
Ofsted data. The sources give months, not days, for the review, the direction and the trust.
"""

from . import sources as src
from .facts import (
    MONTH,
    AssessmentConcluded,
    AssessmentStarted,
    Case,
    DirectionIssued,
    InspectionKey,
    MinisterDecided,
    Opened,
    OptionConsidered,
    OptionDecided,
    ProgressLogged,
    StatusChanged,
    d,
)
from .reference import SLOUGH

SOURCE = src.ISLE_OF_WIGHT_2017
REVIEW = "independent-review"
TRUST = "An independent trust to deliver children's services"

SLOUGH_2014 = Case(
    slug="slough-2014",
    ons_code=SLOUGH,
    title="Slough: direction for an independent trust, October 2014",
    facts=(
        Opened(
            on=d("2014-02-11"),
            source=src.OFSTED,
            trigger=InspectionKey(SLOUGH, "SIF", "standard", d("2014-02-11")),
            trigger_summary=(
                "Single inspection framework inspection (from November 2013), published 11"
                " February 2014: Inadequate overall and for help and protection, looked after"
                " and permanence, care leavers and leadership."
            ),
            background="Safeguarding was also Inadequate in the inspection published in June 2011.",
        ),
        AssessmentStarted(
            on=d("2014-07-01"),
            source=SOURCE,
            dated=MONTH,
            note="DfE commissioned the review after the inspection; the review was published"
            " in July 2014 and its start date is not in the sources",
            key=REVIEW,
            presumption_applies=True,
        ),
        OptionConsidered(
            on=d("2014-07-01"),
            source=SOURCE,
            dated=MONTH,
            assessment=REVIEW,
            name=TRUST,
            model="childrens_trust",
            description="An independent, not-for-profit trust delivers children's social care.",
        ),
        OptionDecided(
            on=d("2014-07-01"),
            source=SOURCE,
            dated=MONTH,
            assessment=REVIEW,
            name=TRUST,
            outcome="recommended",
            why="The independent review published in July 2014.",
        ),
        AssessmentConcluded(
            on=d("2014-07-01"),
            source=SOURCE,
            dated=MONTH,
            key=REVIEW,
            recommendation=(
                "Independent review commissioned by DfE: an independent trust should deliver"
                " children's social care services in Slough."
            ),
            model="childrens_trust",
        ),
        StatusChanged(
            on=d("2014-07-01"),
            source=SOURCE,
            dated=MONTH,
            status="awaiting_decision",
            why="Independent review published: recommends an independent trust",
        ),
        MinisterDecided(
            on=d("2014-10-01"),
            source=SOURCE,
            dated=MONTH,
            assessment=REVIEW,
            stage="confirmed",
            decided_by="Secretary of State for Education",
            decision="Directed that an independent trust deliver children's services in Slough.",
        ),
        DirectionIssued(
            on=d("2014-10-01"),
            source=SOURCE,
            dated=MONTH,
            requires_trust=True,
            requirements=(
                "Under section 497A of the Education Act 1996: an independent trust to be"
                " appointed to deliver children's services in Slough."
            ),
        ),
        StatusChanged(
            on=d("2014-10-01"),
            source=SOURCE,
            dated=MONTH,
            status="implementation",
            why="Direction issued: set up an independent trust",
        ),
        ProgressLogged(
            on=d("2015-10-01"),
            source=SOURCE,
            dated=MONTH,
            kind="letter",
            summary="Slough Children's Services Trust set up as a not-for-profit company.",
        ),
        StatusChanged(
            on=d("2015-10-01"),
            source=SOURCE,
            dated=MONTH,
            status="monitoring",
            why="The trust began delivering children's services",
        ),
        ProgressLogged(
            on=d("2016-02-17"),
            source=src.OFSTED,
            kind="letter",
            summary=(
                "Ofsted's re-inspection (November to December 2015), published 17 February"
                " 2016, judged Slough Inadequate again. Deciding on and setting up the trust"
                " took too long, and some arrangements, such as who leads on commissioning,"
                " were not yet agreed."
            ),
        ),
    ),
)

CASES = (SLOUGH_2014,)
