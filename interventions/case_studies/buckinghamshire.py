"""Buckinghamshire (E06000060): a commissioner tests the presumption and finds no ADM, 2018.

At the time the council was Buckinghamshire County Council (E10000002), replaced by
Buckinghamshire Council on 1 April 2020. The reference data attaches the county council's
inspections to its successor, so the intervention is recorded there too, with a note.

Dated facts are from Hampshire's Cabinet report of 16 April 2018 and the commissioner's report
to the Secretary of State of June 2018. The report gives no diary: the dates of the diagnostic
work, interviews and audits it describes between March and May 2018 are illustrative, as are the
RAG ratings, which follow the report's assessment of each service.
"""

from . import sources as src
from .facts import (
    AMBER,
    APPROXIMATE,
    CARE_LEAVERS,
    CHILDREN_IN_CARE,
    FRONT_DOOR,
    HELP_AND_PROTECTION,
    ILLUSTRATIVE,
    IMPROVING,
    LEADERSHIP,
    MONTH,
    NO_CHANGE,
    PARTNERSHIPS,
    QUALITY_ASSURANCE,
    RED,
    WORKFORCE,
    ActionRaised,
    AssessmentConcluded,
    AssessmentStarted,
    Case,
    CommissionerAppointed,
    DirectionIssued,
    InspectionKey,
    Opened,
    OptionConsidered,
    OptionDecided,
    PartnershipStarted,
    ProgressLogged,
    Rating,
    StatusChanged,
    d,
)
from .reference import BUCKINGHAMSHIRE, HAMPSHIRE

REPORT = src.BUCKINGHAMSHIRE_2018
ADM = "adm"
NO_ADM = "No ADM: improve under the council's new leadership, with external support"
PARTNERSHIP = "Partnership with another authority (the Hampshire and Isle of Wight model)"
TRUST = "An independent children's trust"


def r(theme: str, rag: str, direction: str, rationale: str = "") -> Rating:
    return Rating(theme, rag, direction, rationale)


def work(on: str, kind: str, summary: str, *ratings: Rating) -> ProgressLogged:
    """Commissioner and Hampshire work the June 2018 report describes; the day is illustrative."""
    return ProgressLogged(
        on=d(on), source=REPORT, dated=ILLUSTRATIVE, kind=kind, summary=summary, ratings=ratings
    )


def recommendation(title: str, owner: str, description: str = "") -> ActionRaised:
    return ActionRaised(
        on=d("2018-06-01"),
        source=REPORT,
        dated=MONTH,
        title=title,
        owner=owner,
        description=description,
        source_kind="report",
    )


BUCKINGHAMSHIRE_2018 = Case(
    slug="buckinghamshire-2018",
    ons_code=BUCKINGHAMSHIRE,
    title="Buckinghamshire: commissioner and improvement partner from February 2018",
    facts=(
        Opened(
            on=d("2018-01-29"),
            source=src.OFSTED,
            trigger=InspectionKey(BUCKINGHAMSHIRE, "SIF", "reinspection", d("2018-01-29")),
            trigger_summary=(
                "Single inspection framework re-inspection published 29 January 2018:"
                " Inadequate overall, and for help and protection, looked after and permanence,"
                " and leadership, management and governance; adoption Good; care leavers"
                " Requires improvement. The second Inadequate in succession (August 2014), so"
                " the presumption applies."
            ),
            background=(
                "The council then was Buckinghamshire County Council (E10000002), replaced by"
                " Buckinghamshire Council on 1 April 2020; the reference data attaches its"
                " inspections to the successor. After 2014 an independently chaired improvement"
                " board oversaw a data-driven programme that promised more than it delivered. A"
                " new chief executive arrived in late 2016 and a new Director of Children's"
                " Services in late 2017, on the eve of the inspection. The former Secretary of"
                " State was minded to create a single unitary council for the county."
            ),
        ),
        ProgressLogged(
            on=d("2018-02-15"),
            source=src.HAMPSHIRE_2018,
            dated=APPROXIMATE,
            note="Mid-February 2018",
            kind="letter",
            summary=(
                "With the Leader's in-principle support, Hampshire bid to DfE to lead the"
                " intervention and take the commissioner's role: its work with Torbay would"
                " reduce from April, Buckinghamshire is a better geographical fit, and a"
                " comparable county council is instructive for both."
            ),
        ),
        DirectionIssued(
            on=d("2018-02-28"),
            source=src.HAMPSHIRE_2018,
            dated=APPROXIMATE,
            note="The commissioner reports to the Minister under a statutory direction; DfE"
            " confirmed the appointment at the end of February 2018. The direction's own date"
            " is not in the sources",
            requires_commissioner=True,
            requires_improvement_partner=True,
            requirements=(
                "Co-operate with the commissioner, John Coughlan, and with Hampshire County"
                " Council as improvement partner. The commissioner reports to the Minister and"
                " tests the presumption: whether the council's governance can secure"
                " sustainable improvement without an alternative delivery model."
            ),
        ),
        CommissionerAppointed(
            on=d("2018-02-28"),
            source=src.HAMPSHIRE_2018,
            dated=APPROXIMATE,
            note="End of February 2018",
            name="John Coughlan",
            title="Chief Executive",
            organisation="Hampshire County Council",
            appointed_by="Department for Education",
        ),
        PartnershipStarted(
            on=d("2018-02-28"),
            source=src.HAMPSHIRE_2018,
            dated=APPROXIMATE,
            note="Work began at once; Hampshire's Cabinet approved the arrangement on 16 April"
            " 2018",
            key="hampshire-improvement-partner",
            supporting=HAMPSHIRE,
            model="improvement_partner",
            legal_basis="directed",
            under_direction=True,
            funded_by="DfE's funding model for interventions (full cost recovery)",
            heads_of_terms=(
                "For probably up to six months: Hampshire's Director of Children's Services"
                " leads diagnostic exercises with Buckinghamshire's senior leadership to"
                " understand the improvement challenge and the improvement plan, informing the"
                " commissioner's judgement on the presumption."
            ),
        ),
        StatusChanged(
            on=d("2018-02-28"),
            source=src.HAMPSHIRE_2018,
            dated=APPROXIMATE,
            status="initial_review",
            why="Commissioner appointed: diagnostic work and the presumption test",
        ),
        AssessmentStarted(
            on=d("2018-02-28"),
            source=src.HAMPSHIRE_2018,
            dated=APPROXIMATE,
            note="Two Inadequate overall judgements in succession",
            key=ADM,
            presumption_applies=True,
        ),
        OptionConsidered(
            on=d("2018-02-28"),
            source=REPORT,
            dated=APPROXIMATE,
            assessment=ADM,
            name=NO_ADM,
            model="retain",
            description=(
                "The council keeps its children's services under its new leadership, with"
                " external support brokered by DfE to verify progress, keep the pace and add"
                " resource."
            ),
            pros=(
                "An exceptionally strong core of chief executive, DCS and assistant director;"
                " clear political commitment; an effective corporate system."
            ),
            cons="A long journey: at least three years to sustained improvement.",
            risks="Local government reorganisation disrupting the service.",
        ),
        OptionConsidered(
            on=d("2018-02-28"),
            source=REPORT,
            dated=APPROXIMATE,
            assessment=ADM,
            name=PARTNERSHIP,
            model="runs_services",
            description="Another authority runs the services, as Hampshire does for the Isle of"
            " Wight.",
            cons="Cost, delay and disruption to a rapidly developing improvement programme.",
        ),
        OptionConsidered(
            on=d("2018-02-28"),
            source=REPORT,
            dated=APPROXIMATE,
            assessment=ADM,
            name=TRUST,
            model="childrens_trust",
            description="An independent trust runs children's services for the council.",
            pros="Can be a catalyst where the political or corporate environment is dysfunctional.",
            cons="Substantial, diverting rebuilding; cost, delay and disruption.",
        ),
        work(
            "2018-03-08",
            "diagnostic",
            "Hampshire's Director of Children's Services began the diagnostic exercises with"
            " Buckinghamshire's senior leadership, starting from Ofsted's findings and the"
            " improvement plan being developed. Baseline ratings from the inspection.",
            r(
                LEADERSHIP,
                RED,
                NO_CHANGE,
                "Ofsted: leadership, management and governance"
                " Inadequate, though improving leadership had too little time to take effect.",
            ),
            r(FRONT_DOOR, RED, NO_CHANGE, "Ofsted: help and protection Inadequate."),
            r(HELP_AND_PROTECTION, RED, NO_CHANGE, "Ofsted: help and protection Inadequate."),
            r(
                CHILDREN_IN_CARE,
                RED,
                NO_CHANGE,
                "Ofsted: looked after and permanence Inadequate; adoption Good.",
            ),
            r(CARE_LEAVERS, AMBER, NO_CHANGE, "Ofsted: Requires improvement."),
            r(WORKFORCE, RED, NO_CHANGE, "Practice quality weak behind good timeliness figures."),
            r(QUALITY_ASSURANCE, RED, NO_CHANGE, "Data chased at the expense of casework quality."),
            r(PARTNERSHIPS, AMBER, NO_CHANGE, "Strong corporate support; partners engaged."),
        ),
        work(
            "2018-03-15",
            "interview",
            "Met the Leader, the Lead Member, the chief executive and the DCS together and"
            " separately, and the Corporate Management Team. The political leadership accepts"
            " the judgement and is committed; the new chief executive had questioned the"
            " optimistic self-assessment of 2016.",
        ),
        work(
            "2018-03-22",
            "visit",
            "Visited the area offices at Aylesbury, Amersham and High Wycombe: front-line"
            " managers and practitioners were not surprised by the judgement and describe"
            " a culture that chased red indicators. The Wycombe office breeds professional"
            " exclusion.",
        ),
        work(
            "2018-04-12",
            "case_audit",
            "Hampshire managers joined individual case audits and reviewed the Multi-Agency"
            " Safeguarding Hub: roles and thresholds are unclear, causing delay and confusion"
            " in allocation and in stepping cases up and down.",
            r(FRONT_DOOR, RED, NO_CHANGE, "MASH model flawed: unclear roles and thresholds."),
        ),
        ProgressLogged(
            on=d("2018-04-16"),
            source=src.HAMPSHIRE_2018,
            kind="letter",
            summary=(
                "Hampshire's Cabinet endorsed the actions taken and approved Hampshire as"
                " Buckinghamshire's improvement partner, with the chief executive as DfE"
                " commissioner and Hampshire's DCS overseeing the improvement programme."
            ),
        ),
        work(
            "2018-04-26",
            "interview",
            "Met partners (police, health, schools), the independent chair of the safeguarding"
            " board and the previous independent chair of the improvement board. Partners"
            " accept they must take on their own responsibilities in a clearer early help"
            " system.",
        ),
        work(
            "2018-05-10",
            "interview",
            "Met representatives of the four district councils about local government"
            " reorganisation, and discussed it with MHCLG officials. The districts argue the"
            " improvement and a unitary council should not run at the same time.",
        ),
        work(
            "2018-05-24",
            "interview",
            "Met the Solutions Group of front-line managers and the Principal Social Worker."
            " Staff describe the new leadership as open and the strengthening families"
            " methodology as needing time to embed.",
        ),
        ProgressLogged(
            on=d("2018-06-01"),
            source=REPORT,
            dated=MONTH,
            kind="letter",
            summary=(
                "Report to the Secretary of State. Ofsted's judgement was accurate and is"
                " accepted. Earlier progress was partial; a new chief executive, DCS and almost"
                " entirely new senior team are now making substantial inroads, too late for the"
                " inspection. No valid case for an alternative delivery model; external support"
                " recommended; children's services must be protected from, and not split by,"
                " local government reorganisation; expect at least three years to sustained"
                " improvement."
            ),
            ratings=(
                r(
                    LEADERSHIP,
                    AMBER,
                    IMPROVING,
                    "An exceptionally strong core of chief"
                    " executive, DCS and assistant director, and a permanent new senior team.",
                ),
                r(
                    FRONT_DOOR,
                    RED,
                    IMPROVING,
                    "MASH under review by the new service manager;"
                    " early help to link with social care.",
                ),
                r(
                    HELP_AND_PROTECTION,
                    RED,
                    IMPROVING,
                    "Child in need and child protection teams merged; workloads still high.",
                ),
                r(
                    CHILDREN_IN_CARE,
                    RED,
                    IMPROVING,
                    "About half placed out of county; a new"
                    " children's home and three more planned.",
                ),
                r(
                    CARE_LEAVERS,
                    AMBER,
                    IMPROVING,
                    "Children in care and care leavers teams brought together.",
                ),
                r(
                    WORKFORCE,
                    AMBER,
                    IMPROVING,
                    "Morale lifting under visible leaders; culture change will take three years.",
                ),
                r(
                    QUALITY_ASSURANCE,
                    AMBER,
                    IMPROVING,
                    "The Beyond Auditing approach puts quality alongside the numbers.",
                ),
                r(PARTNERSHIPS, AMBER, NO_CHANGE, "Training, HR and IT support strong."),
            ),
        ),
        OptionDecided(
            on=d("2018-06-01"),
            source=REPORT,
            dated=MONTH,
            assessment=ADM,
            name=PARTNERSHIP,
            outcome="discounted",
            why="Not necessary or justified: the council has the corporate capacity to change.",
        ),
        OptionDecided(
            on=d("2018-06-01"),
            source=REPORT,
            dated=MONTH,
            assessment=ADM,
            name=TRUST,
            outcome="discounted",
            why="The circumstances in which a trust is a catalyst for change do not apply.",
        ),
        OptionDecided(
            on=d("2018-06-01"),
            source=REPORT,
            dated=MONTH,
            assessment=ADM,
            name=NO_ADM,
            outcome="recommended",
            why="Recommended to the Secretary of State in June 2018.",
        ),
        AssessmentConcluded(
            on=d("2018-06-01"),
            source=REPORT,
            dated=MONTH,
            key=ADM,
            recommendation=(
                "No alternative delivery model. Endorse improvement planning under the internal"
                " leadership; commission external support, possibly brokered jointly by the"
                " council and DfE; put primacy on supporting front-line managers and staff;"
                " protect children's services from any reorganisation and do not split them;"
                " recognise that sustained improvement will take at least three years."
            ),
            model="retain",
            compelling_reasons=(
                "Clear political commitment backed by an exceptionally strong core of senior"
                " officers and an effective corporate system: an ADM would bring cost, delay"
                " and disruption that would at best slow the improvement programme."
            ),
        ),
        StatusChanged(
            on=d("2018-06-01"),
            source=REPORT,
            dated=MONTH,
            status="awaiting_decision",
            why="Commissioner's report to the Secretary of State: no ADM",
        ),
        recommendation(
            "Commission external support to oversee and monitor the improvement plan",
            "Buckinghamshire County Council and DfE",
            "Whether to back it with a direction is for DfE.",
        ),
        recommendation(
            "Review the function of the Multi-Agency Safeguarding Hub",
            "MASH service manager",
            "Clarify roles and thresholds within the MASH and with partners.",
        ),
        recommendation(
            "Revise the early help offer to link closely with social care",
            "Buckinghamshire's Director of Children's Services",
        ),
        recommendation(
            "Develop the new senior leadership team and team managers",
            "Buckinghamshire's Director of Children's Services",
        ),
        recommendation(
            "Review the role and structure of conference chairs and reviewing officers",
            "Buckinghamshire's Director of Children's Services",
        ),
        recommendation(
            "Protect children's services from any local government reorganisation",
            "Buckinghamshire County Council, with MHCLG",
            "Fire-wall the department's staff, services and systems; do not split commissioning"
            " or delivery of children's services.",
        ),
    ),
)

CASES = (BUCKINGHAMSHIRE_2018,)
