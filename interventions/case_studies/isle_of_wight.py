"""Isle of Wight (E06000046): Hampshire runs the Island's children's services, 2013 to 2018.

Not a commissioner case: a direction of June 2013 required a five-year strategic partnership with
Hampshire County Council for children's safeguarding and education, Hampshire's Director of
Children's Services became the Island's, and Professor Ray Jones independently chaired the
improvement board until DfE's review found it no longer required in February 2015. The Island
reported through its own committees and DfE's reviews: nobody owed the Minister a quarterly
report. The Council's own options paper of November 2017 recommended continuing the partnership
voluntarily when the direction ended; DfE lifted the direction in June 2018, and the sources end
there, so the intervention closes then.

Dated facts are from the Isle of Wight Cabinet paper of 9 November 2017 unless named otherwise.
What Ofsted, DfE and the two councils did are events with their actors: there is no commissioner
to have concluded anything. The options paper is the Council's, so it is an event, not an ADM
assessment (which is a commissioner's test of the presumption). The only ratings are Ofsted's
grades of November 2014.
"""

from decimal import Decimal

from . import sources as src
from .facts import (
    AMBER,
    APPROXIMATE,
    CARE_LEAVERS,
    CHILDREN_IN_CARE,
    HELP_AND_PROTECTION,
    ILLUSTRATIVE,
    IMPROVING,
    LEADERSHIP,
    MONTH,
    BoardEstablished,
    BoardStoodDown,
    Case,
    Closed,
    DirectionIssued,
    DirectionRevoked,
    InspectionKey,
    Opened,
    PartnershipEnded,
    PartnershipStarted,
    PostHeld,
    ProgressLogged,
    SourcesEnd,
    StatusChanged,
    d,
    graded,
)
from .reference import HAMPSHIRE, ISLE_OF_WIGHT

IOW = src.ISLE_OF_WIGHT_2017
DIRECTED = "hampshire-directed"
VOLUNTARY = "hampshire-voluntary"
# The direction was lifted no later than this day (Community Care reported it then).
LIFTED = "2018-06-18"
LIFTED_NOTE = (
    "No later than 18 June 2018: the Cabinet Member told a scrutiny committee that DfE had"
    " written to say the direction was lifted (also OnTheWight)"
)

PARTNERSHIP_TERMS = (
    "Hampshire's Director of Children's Services is the Isle of Wight's, with full delegated"
    " responsibility for the strategic and operational management of all children's services"
    " within the Council's constitution and policy framework, supported by Hampshire's"
    " departmental management team. The Isle of Wight keeps political control and"
    " accountability, financial responsibility and the employment of its staff. Payment at full"
    " cost recovery: direct salary costs, direct overheads, and percentages for departmental and"
    " back-office overheads."
)


def event(on: str, actor: str, summary: str, source=IOW, **more) -> ProgressLogged:
    """Something someone did (Ofsted, DfE, a council), as the source tells it."""
    return ProgressLogged(
        on=d(on), source=source, kind="event", actor=actor, summary=summary, **more
    )


ISLE_OF_WIGHT_2013 = Case(
    slug="isle-of-wight-2013",
    ons_code=ISLE_OF_WIGHT,
    title="Isle of Wight: directed partnership with Hampshire, 2013 to 2018",
    facts=(
        Opened(
            on=d("2013-01-15"),
            source=src.OFSTED,
            trigger=InspectionKey(ISLE_OF_WIGHT, "CPI", "standard", d("2013-01-15")),
            trigger_summary=(
                "Unannounced child protection inspection in 2012, published 15 January 2013:"
                " Inadequate. DfE was also concerned about the Island's secondary schools."
            ),
            background=(
                "Six Directors of Children's Services in the eight years before the"
                " partnership; the DCS at the time of the inspection also directed adult"
                " services. The service had become professionally isolated and"
                " self-referential, with heavy reliance on agency social workers."
            ),
        ),
        DirectionIssued(
            on=d("2013-06-01"),
            source=src.ISLE_OF_WIGHT_DIRECTION_LIFTED,
            dated=MONTH,
            note="DfE's letter lifting the direction says it was first issued in June 2013",
            requires_improvement_partner=True,
            expires_on=d("2018-06-30"),
            requirements=(
                "Enter a strategic partnership with Hampshire County Council for five years,"
                " unless revoked earlier, to secure the necessary improvements in children's"
                " safeguarding and education services; establish a Children's Improvement"
                " Board."
            ),
        ),
        StatusChanged(
            on=d("2013-06-01"),
            source=src.ISLE_OF_WIGHT_DIRECTION_LIFTED,
            dated=MONTH,
            status="implementation",
            why="Direction issued: a five-year strategic partnership with Hampshire",
        ),
        event(
            "2013-06-19",
            "Isle of Wight Council Cabinet and Full Council",
            "Cabinet, subject to Full Council, and then Full Council approved the strategic"
            " partnership with Hampshire County Council and appointed John Coughlan,"
            " Hampshire's Director of Children's Services, as the Isle of Wight's Director of"
            " Children's Services from 1 July 2013.",
        ),
        PartnershipStarted(
            on=d("2013-07-01"),
            source=IOW,
            key=DIRECTED,
            supporting=HAMPSHIRE,
            model="runs_services",
            legal_basis="directed",
            under_direction=True,
            note="The budget is the 2017 provision: about £1.3m a year including a 15% overhead"
            " charge, plus about £700,000 a year for services outside the agreement",
            break_clauses=(
                "A five-year agreement, reviewed annually, with a three-year break clause"
                " (Torbay Council report, 20 July 2017)."
            ),
            annual_budget=Decimal("1300000"),
            overhead_percent=Decimal("15"),
            funded_by="Isle of Wight Council",
            heads_of_terms=PARTNERSHIP_TERMS,
        ),
        PostHeld(
            on=d("2013-07-01"),
            source=IOW,
            ons_code=ISLE_OF_WIGHT,
            role="dcs",
            person="John Coughlan",
            ends_on=d("2015-10-31"),
            note="Replaced in November 2015",
        ),
        BoardEstablished(
            on=d("2013-07-01"),
            source=IOW,
            dated=ILLUSTRATIVE,
            note="Established as the direction required; no source dates it or its meetings",
            key="cib",
            name="Isle of Wight Children's Improvement Board",
            chair_name="Professor Ray Jones",
            independent_chair=True,
        ),
        StatusChanged(
            on=d("2013-07-01"),
            source=IOW,
            status="monitoring",
            why="Partnership live: Hampshire's DCS became the Isle of Wight's DCS",
        ),
        event(
            "2014-06-01",
            "Ofsted",
            "Ofsted re-inspected the Island's arrangements for school improvement: \u201cOfsted's"
            " judgements were overwhelmingly positive and described the arrangements put in"
            ' place through the strategic partnership as "effective" meaning that the work being'
            " done was considered to be leading to schools improving and children and young"
            " people doing better.\u201d",
            dated=MONTH,
        ),
        event(
            "2014-11-19",
            "Ofsted",
            "Ofsted's single inspection framework inspection (September and October 2014),"
            " published 19 November 2014, judged the Island Requires improvement overall and in"
            " every judgement: \u201cOfsted's judgements saw the council's arrangements moving"
            " from being inadequate to requires improvement.\u201d",
            note="Published 19 November 2014 (Ofsted data)",
            ratings=(
                graded(
                    LEADERSHIP,
                    AMBER,
                    IMPROVING,
                    "Ofsted: leadership, management and governance Requires improvement.",
                ),
                graded(
                    HELP_AND_PROTECTION,
                    AMBER,
                    IMPROVING,
                    "Ofsted: children who need help and protection Requires improvement, after"
                    " the Inadequate child protection inspection of 2012. \u201cOfsted's"
                    " judgements saw the council's arrangements moving from being inadequate to"
                    " requires improvement.\u201d",
                ),
                graded(
                    CHILDREN_IN_CARE,
                    AMBER,
                    IMPROVING,
                    "Ofsted: children looked after and achieving permanence, and adoption"
                    " performance, Requires improvement.",
                ),
                graded(
                    CARE_LEAVERS,
                    AMBER,
                    IMPROVING,
                    "Ofsted: experiences and progress of care leavers Requires improvement.",
                ),
            ),
        ),
        event(
            "2015-02-01",
            "Department for Education",
            "The Department for Education formally reviewed progress against the improvement"
            " plans and \u201cconcluded that while the Statutory Direction should remain in"
            " place, the Children's Improvement Board was no longer required given the rapid"
            " improvements that had been made to the Local Safeguarding Children's Board in"
            " holding partners to account for the safeguarding of children on the"
            " Island.\u201d",
            dated=MONTH,
        ),
        BoardStoodDown(on=d("2015-02-01"), source=IOW, dated=MONTH, key="cib"),
        event(
            "2015-11-01",
            "Isle of Wight Council",
            "\u201cIn November 2015, Steve Crocker was appointed as the Director of Children's"
            " Services as a replacement to John Coughlan who moved to his new position as Chief"
            " Executive of Hampshire County Council.\u201d",
            dated=MONTH,
            note="Appointing the Director of Children's Services is a Full Council function"
            " (paragraph 5 of the Cabinet paper)",
        ),
        PostHeld(
            on=d("2015-11-01"),
            source=IOW,
            dated=MONTH,
            ons_code=ISLE_OF_WIGHT,
            role="dcs",
            person="Steve Crocker",
        ),
        PostHeld(
            on=d("2015-11-01"),
            source=IOW,
            dated=MONTH,
            ons_code=HAMPSHIRE,
            role="chief_executive",
            person="John Coughlan",
        ),
        PostHeld(
            on=d("2015-11-01"),
            source=IOW,
            dated=ILLUSTRATIVE,
            note="Inferred: under the partnership Hampshire's DCS is the Island's DCS, and the"
            " Torbay report of July 2017 names Steve Crocker as Hampshire's DCS",
            ons_code=HAMPSHIRE,
            role="dcs",
            person="Steve Crocker",
        ),
        event(
            "2016-09-08",
            "Isle of Wight Council Executive",
            "\u201cIn September 2016, a summary report was presented to members detailing the"
            " evidence of the progress made since the inception of the Children's Services"
            " strategic partnership\u201d, and the practice and management improvements still"
            " needed, which form the revised improvement plans.",
            note="The Executive's paper of 8 September 2016 (background paper 56)",
        ),
        event(
            "2017-06-01",
            "Department for Education",
            "\u201cIn June 2017 Department for Education officials again reviewed the progress"
            " of the partnership under the terms of the statutory direction and were extremely"
            " positive about the progress made.\u201d",
            dated=MONTH,
        ),
        event(
            "2017-07-01",
            "Isle of Wight Council's Internal Audit Service (PwC)",
            "Internal audit of the partnership with Hampshire: its documentation, operational"
            " plans, reporting and exit planning. \u201cThe outcome of that review concluded"
            " that there was satisfactory evidence to suggest that the partnership was working"
            " to the benefit of the council in its improvement journey, with a few minor"
            " suggested improvements required.\u201d",
            dated=MONTH,
        ),
        event(
            "2017-07-01",
            "Ofsted",
            "The Council voluntarily took part in Ofsted's thematic pilot inspection of children"
            " in need and child protection services, to help test the new framework's methods."
            " \u201cThe feedback received from this pilot inspection was very encouraging,"
            " indicating that the current arrangements continue to be and demonstrating strong"
            " outcomes and improvement.\u201d",
            dated=MONTH,
        ),
        event(
            "2017-11-09",
            "Isle of Wight Council Cabinet",
            "A paper to Cabinet weighed the options for when the directed partnership ends in"
            " June 2018: let it expire and take services back in house; extend the partnership"
            " with Hampshire; partner another authority (none close enough was rated Good or"
            " Outstanding); or commission a not-for-profit trust. It recommended option 2:"
            " \u201cTo extend the current strategic partnership with Hampshire County Council"
            " into the longer term, with break clauses in the agreement to review after each"
            " substantive Ofsted inspection/every five years\u201d, voluntarily, under new"
            " heads of terms. The partnership costs about £1.3m a year, and \u201cthere have"
            " been some £4.3 million savings delivered in the delivery of children's services"
            " in the period 2014 to 2016\u201d.",
        ),
        event(
            "2018-04-16",
            "Hampshire County Council Cabinet",
            "Hampshire's Cabinet was told that the partnership \u201chas proved so successful"
            " that both Cabinets have recently agreed to sustain the partnership on an"
            " indefinite and voluntary basis upon the end of the Statutory Direction that"
            " initially encompassed it.\u201d",
            source=src.HAMPSHIRE_2018,
        ),
        event(
            LIFTED,
            "Department for Education",
            "DfE told the Council's Cabinet Member for Children's Services that the statutory"
            " direction compelling the Island to partner with Hampshire had been lifted; the"
            " partnership continues voluntarily.",
            source=src.COMMUNITY_CARE_2018,
            dated=APPROXIMATE,
            note=LIFTED_NOTE,
        ),
        DirectionRevoked(
            on=d(LIFTED), source=src.COMMUNITY_CARE_2018, dated=APPROXIMATE, note=LIFTED_NOTE
        ),
        PartnershipEnded(
            on=d(LIFTED), source=src.COMMUNITY_CARE_2018, dated=APPROXIMATE, key=DIRECTED
        ),
        PartnershipStarted(
            on=d(LIFTED),
            source=src.HAMPSHIRE_2018,
            dated=APPROXIMATE,
            note="Agreed by both Cabinets to begin upon the end of the direction, which was"
            " lifted no later than 18 June 2018",
            key=VOLUNTARY,
            supporting=HAMPSHIRE,
            model="runs_services",
            legal_basis="voluntary",
            break_clauses=(
                "Review after each substantive Ofsted inspection or every five years; either"
                " council may end it on three months' notice once the direction is lifted."
            ),
            annual_budget=Decimal("1300000"),
            overhead_percent=Decimal("15"),
            funded_by="Isle of Wight Council",
            heads_of_terms=PARTNERSHIP_TERMS
            + " New heads of terms set the partnership outcomes, performance outputs and"
            " resources for future performance monitoring (Appendix A, November 2017).",
        ),
        Closed(
            on=d(LIFTED),
            source=src.COMMUNITY_CARE_2018,
            dated=APPROXIMATE,
            exit_reason="direction_revoked",
            why="DfE lifted the direction; the partnership with Hampshire continues voluntarily",
        ),
        SourcesEnd(on=d(LIFTED), source=src.COMMUNITY_CARE_2018, dated=APPROXIMATE),
    ),
)

CASES = (ISLE_OF_WIGHT_2013,)
