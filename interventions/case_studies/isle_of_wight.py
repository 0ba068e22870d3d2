"""Isle of Wight (E06000046): Hampshire runs the Island's children's services, 2013 to 2018.

Not a commissioner case: a direction of June 2013 required a five-year strategic partnership with
Hampshire County Council for children's safeguarding and education, Hampshire's Director of
Children's Services became the Island's, and Professor Ray Jones independently chaired the
improvement board until DfE stood it down in February 2015. The Council's own options appraisal
of November 2017 (an ADM assessment in all but name) chose to continue the partnership
voluntarily when the direction ended in June 2018.

Dated facts are from the Isle of Wight Cabinet paper of 9 November 2017 unless named otherwise.
The few RAG ratings are illustrative, following the inspections and reviews they sit on.
"""

from decimal import Decimal

from . import sources as src
from .facts import (
    AMBER,
    CARE_LEAVERS,
    CHILDREN_IN_CARE,
    FRONT_DOOR,
    GREEN,
    HELP_AND_PROTECTION,
    IMPROVING,
    LEADERSHIP,
    MONTH,
    NO_CHANGE,
    PARTNERSHIPS,
    QUALITY_ASSURANCE,
    WORKFORCE,
    AssessmentConcluded,
    AssessmentStarted,
    BoardEstablished,
    BoardStoodDown,
    Case,
    Closed,
    DirectionIssued,
    DirectionRevoked,
    InspectionKey,
    Opened,
    OptionConsidered,
    OptionDecided,
    PartnershipEnded,
    PartnershipStarted,
    PostHeld,
    ProgressLogged,
    Rating,
    StatusChanged,
    d,
)
from .reference import HAMPSHIRE, ISLE_OF_WIGHT

IOW = src.ISLE_OF_WIGHT_2017
DIRECTED = "hampshire-directed"
VOLUNTARY = "hampshire-voluntary"
OPTIONS = "options-2017"

EXPIRE = "Let the partnership expire and take services back in house"
EXTEND = "Extend the strategic partnership with Hampshire"
ANOTHER = "A strategic partnership with another local authority"
TRUST = "Commission or create a not-for-profit trust"

PARTNERSHIP_TERMS = (
    "Hampshire's Director of Children's Services is the Isle of Wight's, with full delegated"
    " responsibility for the strategic and operational management of all children's services"
    " within the Council's constitution and policy framework, supported by Hampshire's"
    " departmental management team. The Isle of Wight keeps political control and"
    " accountability, financial responsibility and the employment of its staff. Payment at full"
    " cost recovery: direct salary costs, direct overheads, and percentages for departmental and"
    " back-office overheads."
)


def r(theme: str, rag: str, direction: str, rationale: str = "") -> Rating:
    return Rating(theme, rag, direction, rationale)


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
        ProgressLogged(
            on=d("2013-06-19"),
            source=IOW,
            kind="letter",
            summary=(
                "Cabinet, subject to Full Council, and then Full Council approved the strategic"
                " partnership with Hampshire County Council and appointed John Coughlan,"
                " Hampshire's Director of Children's Services, as the Isle of Wight's Director"
                " of Children's Services from 1 July 2013."
            ),
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
            dated=MONTH,
            note="Established as the direction required; its first meeting's date is not in"
            " the sources",
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
        ProgressLogged(
            on=d("2014-06-01"),
            source=IOW,
            dated=MONTH,
            kind="visit",
            summary=(
                "Ofsted re-inspected the Island's arrangements for school improvement: an"
                " overwhelmingly positive outcome, judging the partnership's arrangements"
                " effective: schools are improving and children doing better."
            ),
        ),
        ProgressLogged(
            on=d("2014-11-19"),
            source=src.OFSTED,
            kind="letter",
            summary=(
                "Ofsted's single inspection framework inspection (September and October 2014),"
                " published 19 November 2014, judged the Island Requires improvement overall"
                " and in every judgement: out of Inadequate in a relatively short time, in line"
                " with most authorities under the new, tougher framework."
            ),
            ratings=(
                r(
                    LEADERSHIP,
                    AMBER,
                    IMPROVING,
                    "Requires improvement; stable leadership through the partnership.",
                ),
                r(FRONT_DOOR, AMBER, IMPROVING),
                r(
                    HELP_AND_PROTECTION,
                    AMBER,
                    IMPROVING,
                    "Requires improvement, from Inadequate in 2013.",
                ),
                r(CHILDREN_IN_CARE, AMBER, NO_CHANGE),
                r(CARE_LEAVERS, AMBER, NO_CHANGE),
                r(WORKFORCE, AMBER, IMPROVING, "Caseloads reduced; less reliance on agency staff."),
                r(QUALITY_ASSURANCE, AMBER, IMPROVING),
                r(PARTNERSHIPS, AMBER, IMPROVING),
            ),
        ),
        ProgressLogged(
            on=d("2015-02-01"),
            source=IOW,
            dated=MONTH,
            kind="letter",
            summary=(
                "DfE formally reviewed progress against the improvement plans: the direction"
                " stays, but the Children's Improvement Board is no longer required, because"
                " the Local Safeguarding Children Board now holds partners to account."
            ),
        ),
        BoardStoodDown(on=d("2015-02-01"), source=IOW, dated=MONTH, key="cib"),
        ProgressLogged(
            on=d("2015-11-01"),
            source=IOW,
            dated=MONTH,
            kind="letter",
            summary=(
                "Steve Crocker became the Isle of Wight's Director of Children's Services,"
                " replacing John Coughlan, who became Chief Executive of Hampshire County"
                " Council."
            ),
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
            dated=MONTH,
            note="Inferred: under the partnership Hampshire's DCS is the Island's DCS, and the"
            " Torbay report of July 2017 names Steve Crocker as Hampshire's DCS",
            ons_code=HAMPSHIRE,
            role="dcs",
            person="Steve Crocker",
        ),
        ProgressLogged(
            on=d("2016-09-01"),
            source=IOW,
            dated=MONTH,
            kind="letter",
            summary=(
                "Summary report to members on progress since the partnership began, and on the"
                " practice and management improvements still needed, which form the revised"
                " improvement plans."
            ),
        ),
        ProgressLogged(
            on=d("2017-06-01"),
            source=IOW,
            dated=MONTH,
            kind="letter",
            summary=(
                "DfE officials reviewed the partnership's progress under the direction and"
                " were extremely positive."
            ),
            ratings=(
                r(
                    LEADERSHIP,
                    GREEN,
                    IMPROVING,
                    "DfE's review was extremely positive about the"
                    " stable, consistent leadership of the partnership.",
                ),
                r(WORKFORCE, AMBER, IMPROVING),
                r(PARTNERSHIPS, AMBER, IMPROVING),
            ),
        ),
        ProgressLogged(
            on=d("2017-07-01"),
            source=IOW,
            dated=MONTH,
            kind="diagnostic",
            summary=(
                "Internal audit (PwC) of the partnership with Hampshire: strategic"
                " documentation, operational plans, reporting and exit planning. Satisfactory"
                " evidence that the partnership works to the Council's benefit, with a few"
                " minor improvements suggested."
            ),
        ),
        ProgressLogged(
            on=d("2017-07-01"),
            source=IOW,
            dated=MONTH,
            kind="visit",
            summary=(
                "The Council voluntarily took part in Ofsted's thematic pilot inspection of"
                " children in need and child protection services, to test the new framework's"
                " methods. Very encouraging feedback: strong outcomes and continuing"
                " improvement."
            ),
            ratings=(
                r(
                    HELP_AND_PROTECTION,
                    GREEN,
                    IMPROVING,
                    "Very encouraging pilot inspection"
                    " feedback on children in need and child protection.",
                ),
                r(FRONT_DOOR, AMBER, IMPROVING),
                r(QUALITY_ASSURANCE, AMBER, IMPROVING),
            ),
        ),
        AssessmentStarted(
            on=d("2017-11-09"),
            source=IOW,
            note="The Council's own options appraisal for after the direction",
            key=OPTIONS,
            presumption_applies=False,
        ),
        OptionConsidered(
            on=d("2017-11-09"),
            source=IOW,
            assessment=OPTIONS,
            name=EXPIRE,
            model="retain",
            description=(
                "Let the agreement expire in June 2018, take back strategic management and"
                " develop alternative business models for parts of social care and education."
            ),
            pros=(
                "Direct control over senior appointments; continuing in-house provision is low"
                " risk if quality is sustained."
            ),
            cons=(
                "Would need a DCS of standing (about £182,000 to £213,000 a year with on-costs)"
                " and about £1.2m in salaries to replace Hampshire's shared managers; runs"
                " against the national policy direction towards alternative models."
            ),
            risks=(
                "A return to the senior turnover and professional isolation behind the 2012"
                " judgement; loss of social workers and more agency staff; generalists in place"
                " of school improvement expertise."
            ),
        ),
        OptionConsidered(
            on=d("2017-11-09"),
            source=IOW,
            assessment=OPTIONS,
            name=EXTEND,
            model="runs_services",
            partner=HAMPSHIRE,
            description=(
                "Continue the strategic partnership with Hampshire for the longer term, with"
                " break clauses to review it after each substantive Ofsted inspection or every"
                " five years, under new heads of terms."
            ),
            pros=(
                "Continuity of a demonstrable track record; access to wider professional"
                " networks, secondments and educational capacity; a detailed agreement already"
                " in place."
            ),
            cons="Continued cost of about £1.3m a year.",
            risks=(
                "Hampshire might not continue (low risk); DfE might extend or change the"
                " direction (low risk)."
            ),
        ),
        OptionConsidered(
            on=d("2017-11-09"),
            source=IOW,
            assessment=OPTIONS,
            name=ANOTHER,
            model="runs_services",
            description="A strategic partnership with another, nearby local authority.",
            pros="The same benefits of a partnership, if a suitable partner existed.",
            cons=(
                "It would need to be close, large enough and rated Good or Outstanding: none of"
                " the closest authorities was at its last inspection."
            ),
        ),
        OptionConsidered(
            on=d("2017-11-09"),
            source=IOW,
            assessment=OPTIONS,
            name=TRUST,
            model="childrens_trust",
            description=(
                "Commission or create a not-for-profit trust to run children's social care and"
                " education outside the Council's operational control, as in Doncaster and"
                " Slough."
            ),
            pros="Could generate income and free a new culture from the past.",
            cons=(
                "Less control and ability to intervene; set-up and procurement costs; a thin"
                " local market; unproven trusts; democratically unaccountable."
            ),
            risks=(
                "Time, complexity and instability while it is set up; staff leaving on"
                " transfer; the causes of failure left in the Council."
            ),
        ),
        OptionDecided(
            on=d("2017-11-09"),
            source=IOW,
            assessment=OPTIONS,
            name=EXPIRE,
            outcome="discounted",
            why="Risks undoing the improvements: instability and isolation, and higher cost.",
        ),
        OptionDecided(
            on=d("2017-11-09"),
            source=IOW,
            assessment=OPTIONS,
            name=ANOTHER,
            outcome="discounted",
            why="None of the closest authorities was rated Good or Outstanding.",
        ),
        OptionDecided(
            on=d("2017-11-09"),
            source=IOW,
            assessment=OPTIONS,
            name=TRUST,
            outcome="discounted",
            why="Less control, higher cost and a long, unstable transition.",
        ),
        OptionDecided(
            on=d("2017-11-09"),
            source=IOW,
            assessment=OPTIONS,
            name=EXTEND,
            outcome="recommended",
            why="Recommended to Cabinet on 9 November 2017 (option 2).",
        ),
        AssessmentConcluded(
            on=d("2017-11-09"),
            source=IOW,
            key=OPTIONS,
            recommendation=(
                "Extend the strategic partnership with Hampshire County Council into the longer"
                " term, voluntarily, with break clauses to review it after each substantive"
                " Ofsted inspection or every five years; the chief executive to settle the"
                " partnership outcomes, performance outputs and resources in new heads of"
                " terms."
            ),
            model="runs_services",
            partner=HAMPSHIRE,
        ),
        ProgressLogged(
            on=d("2018-04-16"),
            source=src.HAMPSHIRE_2018,
            kind="letter",
            summary=(
                "Hampshire's Cabinet was told that both Cabinets have agreed to sustain the"
                " partnership indefinitely and voluntarily when the direction ends: arguably"
                " the strongest example nationally of sustained improvement of a formerly"
                " failing children's services authority. Savings of £4.3m were delivered in"
                " 2014 to 2016."
            ),
        ),
        DirectionRevoked(
            on=d("2018-06-30"),
            source=IOW,
            dated=MONTH,
            note="The five-year term ended in June 2018; DfE later wrote that the direction"
            " was lifted (OnTheWight)",
        ),
        PartnershipEnded(on=d("2018-06-30"), source=IOW, dated=MONTH, key=DIRECTED),
        Closed(
            on=d("2018-06-30"),
            source=IOW,
            dated=MONTH,
            why="The direction's five-year term ended; the partnership continues voluntarily",
        ),
        PartnershipStarted(
            on=d("2018-07-01"),
            source=src.HAMPSHIRE_2018,
            dated=MONTH,
            note="Agreed by both Cabinets to begin when the direction ended in June 2018",
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
    ),
)

CASES = (ISLE_OF_WIGHT_2013,)
