"""Slough (E06000039): a direction for an independent trust, October 2014 (a smaller case).

From the Isle of Wight Cabinet paper of 9 November 2017 (paragraph 37.5), DOMAIN.md and the
Ofsted data. The sources give months, not days, for the review, the direction and the trust.
No commissioner: the review DfE commissioned, the Secretary of State's direction, the trust's
setting up and Ofsted's re-inspection are what others did, recorded as events with their
actors. The sources do not say what the review recommended, only what it was for. They end with
Ofsted's re-inspection, published 17 February 2016.
"""

from . import sources as src
from .facts import (
    MONTH,
    Case,
    DirectionIssued,
    InspectionKey,
    MinisterDecided,
    Opened,
    ProgressLogged,
    SourcesEnd,
    StatusChanged,
    d,
)
from .reference import SLOUGH

SOURCE = src.ISLE_OF_WIGHT_2017
SECRETARY_OF_STATE = "Secretary of State for Education"

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
        ProgressLogged(
            on=d("2014-07-01"),
            source=SOURCE,
            dated=MONTH,
            kind="event",
            actor="Independent review commissioned by the Department for Education",
            summary=(
                "\u201cFollowing the 2013 inspection, the Department for Education commissioned"
                " an independent review, published in July 2014, to advise on how best to"
                " deliver children's social care services in Slough.\u201d"
            ),
            note="The sources do not say what the review recommended",
        ),
        StatusChanged(
            on=d("2014-07-01"),
            source=SOURCE,
            dated=MONTH,
            status="awaiting_decision",
            why="Independent review published: how best to deliver children's social care",
        ),
        MinisterDecided(
            on=d("2014-10-01"),
            source=SOURCE,
            dated=MONTH,
            stage="confirmed",
            decided_by=SECRETARY_OF_STATE,
            decision=(
                "Intervened under section 497A of the Education Act 1996 and directed that an"
                " independent trust should be appointed to deliver children's services in"
                " Slough."
            ),
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
            kind="event",
            actor="The Slough Trust",
            summary=(
                "\u201cThe Slough Trust was set up in October 2015 as a not for profit"
                " company.\u201d"
            ),
        ),
        StatusChanged(
            on=d("2015-10-01"),
            source=SOURCE,
            dated=MONTH,
            status="monitoring",
            why="The trust was set up to deliver children's services",
        ),
        ProgressLogged(
            on=d("2016-02-17"),
            source=SOURCE,
            note="Published 17 February 2016 (Ofsted data)",
            kind="event",
            actor="Ofsted",
            summary=(
                "Ofsted's re-inspection (November to December 2015), published 17 February"
                " 2016, judged Slough Inadequate again. Ofsted found that the decision to"
                " establish an alternative delivery model and the process of establishing the"
                " trust took too long, and that some arrangements, such as who is to take the"
                " lead on commissioning, had yet to be agreed."
            ),
        ),
        SourcesEnd(on=d("2016-02-17"), source=src.OFSTED),
    ),
)

CASES = (SLOUGH_2014,)
