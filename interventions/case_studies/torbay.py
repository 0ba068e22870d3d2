"""Torbay (E06000027): an improvement notice 2011-2014, then a direction from May 2016.

The 2016 intervention is the fullest case study: a commissioner (John Coughlan, Hampshire's chief
executive) who visits one day a month and chairs the Children's Improvement Board; Hampshire's
children's services as expert advisers with up to 200 days a year; the test of the presumption
(the integrated care organisation, a trust, and Cornwall, Devon and Plymouth as partners);
the recommendation of Plymouth on 5 April 2017, the Minister "minded to" on 30 June 2017; a
revised direction in October 2017 and the partnership with Plymouth live from 1 April 2018.

Dated facts come from the Torbay Council report of 20 July 2017, Hampshire's reports of May 2016
and April 2018 and the Ofsted data. The commissioner's monthly visits, the board's meeting dates,
the partner days and every RAG rating are illustrative (``ILLUSTRATIVE``): the sources describe
the pattern (one day a month, a board chaired by the commissioner, 200 days a year, findings that
improved "from a low baseline" while "pace and sustainability remain problematic"), not the
diary. Each rating follows the findings its entry describes, and moves where the sources say
things changed: the new DCS's management grip in 2017, and the re-inspection of August 2018 that
again found help and protection and leadership Inadequate.
"""

from decimal import Decimal

from . import sources as src
from .facts import (
    AMBER,
    APPROXIMATE,
    CARE_LEAVERS,
    CHILDREN_IN_CARE,
    DECLINING,
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
    ActionClosed,
    ActionRaised,
    AssessmentConcluded,
    AssessmentStarted,
    BoardEstablished,
    BoardMet,
    Case,
    Closed,
    CommissionerAppointed,
    DirectionIssued,
    DirectionRevised,
    InspectionKey,
    MinisterDecided,
    NoticeIssued,
    NoticeLifted,
    NoticeRevised,
    Opened,
    OptionConsidered,
    OptionDecided,
    PartnerDaysLogged,
    PartnershipStarted,
    ProgressLogged,
    Rating,
    StatusChanged,
    d,
)
from .reference import CORNWALL, DEVON, HAMPSHIRE, PLYMOUTH, TORBAY

COMMISSIONER = "John Coughlan"
MINISTER = "Minister of State for Children and Families"
BOARD = "cib"
HAMPSHIRE_SUPPORT = "hampshire-expert-adviser"
PLYMOUTH_PARTNERSHIP = "plymouth-adm"
ADM = "adm"

ICO = "Transfer to the integrated care organisation (ICO)"
RETAIN = "Torbay keeps its children's services, with support"
TRUST = "A free-standing children's trust"
WITH_CORNWALL = "Partnership with Cornwall Council"
WITH_DEVON = "Partnership with Devon County Council"
WITH_PLYMOUTH = "Partnership with Plymouth City Council"


def r(theme: str, rag: str, direction: str, rationale: str = "") -> Rating:
    return Rating(theme, rag, direction, rationale)


def visit(on: str, summary: str, *ratings: Rating, kind: str = "visit") -> ProgressLogged:
    """One of the commissioner's days in Torbay (illustrative: the sources say one a month)."""
    return ProgressLogged(
        on=d(on),
        source=src.TORBAY_2017,
        dated=ILLUSTRATIVE,
        kind=kind,
        summary=summary,
        ratings=ratings,
    )


def board(on: str, summary: str, decisions: str, *ratings: Rating) -> BoardMet:
    return BoardMet(
        on=d(on),
        source=src.TORBAY_2017,
        dated=ILLUSTRATIVE,
        board=BOARD,
        attendees=(
            "John Coughlan (commissioner, chair); Torbay's Mayor and Executive Lead for Adults"
            " and Children; Torbay's chief executive and Director of Children's Services;"
            " Hampshire's Director of Children's Services; police, health, schools and the"
            " Local Safeguarding Children Board"
        ),
        decisions=decisions,
        summary=summary,
        ratings=ratings,
    )


def days(on: str, number: str, description: str) -> PartnerDaysLogged:
    return PartnerDaysLogged(
        on=d(on),
        source=src.HAMPSHIRE_2016,
        dated=ILLUSTRATIVE,
        note="Days claimed from DfE for Hampshire officers' time; the monthly figures are"
        " illustrative, within the 200-day allowance",
        partnership=HAMPSHIRE_SUPPORT,
        days=Decimal(number),
        description=description,
    )


TORBAY_2011 = Case(
    slug="torbay-2011",
    ons_code=TORBAY,
    title="Torbay: improvement notice, 2011 to 2014",
    facts=(
        Opened(
            on=d("2010-10-22"),
            source=src.OFSTED,
            trigger=InspectionKey(TORBAY, "SLAC", "standard", d("2010-10-22")),
            trigger_summary=(
                "Safeguarding and looked after children inspection by Ofsted and the Care"
                " Quality Commission, published October 2010: safeguarding Inadequate."
            ),
        ),
        NoticeIssued(
            on=d("2011-01-31"),
            source=src.TORBAY_DIRECTION_2016,
            note="Torbay Council's report of 20 July 2017 gives January 2011",
            requirements=(
                "Improve safeguarding services for children and young people against the"
                " targets in the notice, following the poor performance the October 2010"
                " inspection found."
            ),
        ),
        StatusChanged(
            on=d("2011-01-31"),
            source=src.TORBAY_DIRECTION_2016,
            status="monitoring",
            why="Improvement notice issued; progress monitored against its targets",
        ),
        NoticeRevised(
            on=d("2012-04-19"),
            source=src.TORBAY_DIRECTION_2016,
            note="Torbay Council's report of 20 July 2017 gives April 2012",
            requirements=(
                "Revised targets: clarify their focus going into the second year of"
                " improvement and reflect the progress made under the first notice."
            ),
        ),
        NoticeLifted(
            on=d("2014-02-04"),
            source=src.TORBAY_DIRECTION_2016,
            note="Lifted as a result of progress; the child protection inspection published"
            " 9 April 2013 had judged services adequate",
        ),
        Closed(
            on=d("2014-02-04"),
            source=src.TORBAY_DIRECTION_2016,
            why="Improvement notice lifted as a result of progress",
        ),
    ),
)


TORBAY_2016 = Case(
    slug="torbay-2016",
    ons_code=TORBAY,
    title="Torbay: statutory direction from May 2016",
    facts=(
        Opened(
            on=d("2016-01-05"),
            source=src.OFSTED,
            trigger=InspectionKey(TORBAY, "SIF", "standard", d("2016-01-05")),
            trigger_summary=(
                "Single inspection framework inspection from 12 October 2015, published"
                " 5 January 2016: overall Inadequate; help and protection Inadequate; looked"
                " after and permanence, adoption and care leavers Requires improvement;"
                " leadership, management and governance Inadequate. The second Inadequate"
                " after the safeguarding inspection of 2010."
            ),
            # Calendar quarters, so that "2017 Q2" is April to June 2017.
            reporting_starts_on=d("2016-04-01"),
            background=(
                "Demographics 2015/16: 25,100 children under 18 (18.9% of the population);"
                " 21.6% in poverty; 1,376 children in need; 209 child protection plans; 290"
                " children looked after, 47% of them living out of the authority. In 2015"
                " Torbay won £1.25m from the DfE Children's Social Care Innovation Fund (SWIFT),"
                " one strand of which explored moving children's services into the integrated"
                " care organisation with Torbay and South Devon NHS Foundation Trust."
            ),
        ),
        ProgressLogged(
            on=d("2016-03-07"),
            source=src.HAMPSHIRE_2016,
            dated=APPROXIMATE,
            note="Early March 2016",
            kind="diagnostic",
            summary=(
                "Scoping visit led by Hampshire's Director of Children's Services with a small"
                " team of senior managers, before the direction. Torbay is well resourced in"
                " money and staff and many systems can be adapted, so it starts stronger than"
                " the Isle of Wight did in 2012/13. But Ofsted's findings stand: ineffective"
                " leadership and high turnover, unreliable performance information, delay at"
                " referral, assessment and planning, incident-led practice, an underdeveloped"
                " early help offer, and 35% of referrals ending in no further action (10% in"
                " Hampshire). Baseline ratings from the inspection and the visit."
            ),
            ratings=(
                r(
                    LEADERSHIP,
                    RED,
                    NO_CHANGE,
                    "Ofsted: leaders ineffective in improving practice;"
                    " high turnover in the senior team.",
                ),
                r(
                    FRONT_DOOR,
                    RED,
                    NO_CHANGE,
                    "Thresholds not understood or applied; 35% of"
                    " referrals end in no further action; early help uncoordinated.",
                ),
                r(
                    HELP_AND_PROTECTION,
                    RED,
                    NO_CHANGE,
                    "Delay at assessment and planning;"
                    " incident-led practice; conference chairs do not challenge drift.",
                ),
                r(
                    CHILDREN_IN_CARE,
                    AMBER,
                    NO_CHANGE,
                    "Requires improvement: decisions to look"
                    " after children not timely, particularly in chronic neglect.",
                ),
                r(CARE_LEAVERS, AMBER, NO_CHANGE, "Requires improvement at inspection."),
                r(
                    WORKFORCE,
                    RED,
                    NO_CHANGE,
                    "Management oversight and supervision variable;"
                    " sickness absence; inconsistent management style.",
                ),
                r(
                    QUALITY_ASSURANCE,
                    RED,
                    NO_CHANGE,
                    "Performance information unreliable; audit"
                    " findings not used to improve practice.",
                ),
                r(
                    PARTNERSHIPS,
                    RED,
                    NO_CHANGE,
                    "No overview of early help across partners;"
                    " long waits for CAMHS; domestic abuse services underdeveloped.",
                ),
            ),
        ),
        DirectionIssued(
            on=d("2016-05-13"),
            source=src.TORBAY_2017,
            dated=APPROXIMATE,
            note="The seeds say May 2016; Community Care reported on 13 May 2016 that the"
            " direction was issued that week",
            requires_commissioner=True,
            requires_improvement_partner=True,
            requirements=(
                "Co-operate with the commissioner appointed by the Secretary of State, John"
                " Coughlan, and with Hampshire County Council's children's services as expert"
                " advisers. The commissioner gives independent strategic oversight, chairs the"
                " Children's Improvement Board, reports to the Minister every quarter, and"
                " reviews whether transferring children's social care into the integrated care"
                " organisation is the most effective way to secure and sustain improvement."
            ),
        ),
        CommissionerAppointed(
            on=d("2016-05-13"),
            source=src.TORBAY_2017,
            dated=APPROXIMATE,
            note="Appointed by the May 2016 direction",
            name=COMMISSIONER,
            title="Chief Executive",
            organisation="Hampshire County Council",
            appointed_by=MINISTER,
        ),
        StatusChanged(
            on=d("2016-05-13"),
            source=src.TORBAY_2017,
            dated=APPROXIMATE,
            status="initial_review",
            why="Direction issued and commissioner appointed: initial review of the presumption",
        ),
        BoardEstablished(
            on=d("2016-05-13"),
            source=src.HAMPSHIRE_2016,
            dated=APPROXIMATE,
            note="The mandatory multi-agency board existed before the direction; the"
            " commissioner chairs it from his appointment",
            key=BOARD,
            name="Torbay Children's Improvement Board",
            chair_name=COMMISSIONER,
            chaired_by_commissioner=True,
        ),
        PartnershipStarted(
            on=d("2016-05-13"),
            source=src.HAMPSHIRE_2016,
            dated=APPROXIMATE,
            note="Made under the May 2016 direction; Hampshire expected about 12 months of"
            " work. The DfE standard day rate is not in the sources",
            key=HAMPSHIRE_SUPPORT,
            supporting=HAMPSHIRE,
            model="expert_adviser",
            legal_basis="directed",
            under_direction=True,
            day_allowance_per_year=Decimal("200"),
            funded_by="DfE, at its standard day rate (no cost to Hampshire taxpayers)",
            heads_of_terms=(
                "Commissioner chairs the Children's Improvement Board; advise, challenge and"
                " support the board, the senior leadership team and the political leadership;"
                " advise on the ICO and on appointing an interim DCS; peer mentoring; redesign"
                " MASH workflows and agree a consistent threshold; review post-MASH workflows,"
                " policies and procedures; a revised approach to fostering and placements;"
                " better performance information and its use; review IT systems; challenge the"
                " LSCB; aspirant managers training; a Hampshire peer review at about ten months."
            ),
        ),
        AssessmentStarted(
            on=d("2016-05-13"),
            source=src.TORBAY_2017,
            dated=APPROXIMATE,
            note="Torbay falls within the presumption as a consequence of repeated failure",
            key=ADM,
            presumption_applies=True,
        ),
        OptionConsidered(
            on=d("2016-05-13"),
            source=src.TORBAY_2017,
            dated=APPROXIMATE,
            assessment=ADM,
            name=ICO,
            model="integrated_care",
            description=(
                "Move children's services into the integrated care organisation run with"
                " Torbay and South Devon NHS Foundation Trust, alongside adult social care:"
                " Torbay's own proposal, funded through SWIFT, with transfer envisaged for"
                " March 2017."
            ),
            pros=(
                "Builds on the ICO for adult social care; the Trust's leadership and commitment"
                " were exemplary; Mutual Ventures found it feasible and with merit."
            ),
            cons=(
                "No precedent on the UK mainland; separates children's social care from"
                " education; little specialist children's social care experience in the Trust;"
                " recent financial issues in the risk share affected confidence."
            ),
            risks=(
                "Governance, financial volatility, asymmetry of expertise and readiness, and"
                " systemic risk (Mutual Ventures); the wider health economy changing through"
                " the Sustainability and Transformation Programme."
            ),
        ),
        OptionConsidered(
            on=d("2016-05-13"),
            source=src.TORBAY_2017,
            dated=APPROXIMATE,
            assessment=ADM,
            name=RETAIN,
            model="retain",
            description=(
                "Torbay keeps full control of its children's services, with support: kept open"
                " by the commissioner, with DfE's tacit agreement, subject to further"
                " assessment."
            ),
            pros="No disruption from a change of governance while services improve.",
            cons="Improvement in Torbay has historically been slow and fragile.",
            risks="A small unitary council with a high dependency on external support.",
        ),
        ProgressLogged(
            on=d("2016-05-25"),
            source=src.HAMPSHIRE_2016,
            kind="letter",
            summary=(
                "Hampshire's Executive Member for Children's Services approved the use of"
                " Hampshire managers to support Torbay: up to 200 days a year at the DfE"
                " standard day rate, led by Hampshire's Director of Children's Services and a"
                " small team, without detriment to Hampshire's own services."
            ),
        ),
        ActionRaised(
            on=d("2016-05-25"),
            source=src.HAMPSHIRE_2016,
            title="Hampshire peer review to benchmark progress",
            owner="Hampshire's Director of Children's Services",
            description="A Hampshire peer review at an agreed point, potentially ten months in.",
            due_on=d("2017-03-31"),
        ),
        days("2016-05-31", "6", "Planning the improvement programme with Torbay's senior team."),
        board(
            "2016-06-16",
            "First board meeting chaired by the commissioner. The board will hold senior"
            " managers and the wider children's partnership to account; the improvement plan"
            " is re-based on Ofsted's recommendations and Hampshire's programme.",
            "Agreed Hampshire's programme and the first priorities: MASH and thresholds,"
            " reliable performance information, homeless 16 and 17 year olds, and allegations"
            " against people who work with children.",
        ),
        ActionRaised(
            on=d("2016-06-16"),
            source=src.HAMPSHIRE_2016,
            dated=ILLUSTRATIVE,
            title="Redesign the MASH workflows and agree a threshold document with partners",
            owner="Torbay's Director of Children's Services, with Hampshire",
            due_on=d("2016-12-31"),
            source_kind="board_meeting",
            from_board=BOARD,
        ),
        ActionRaised(
            on=d("2016-06-16"),
            source=src.HAMPSHIRE_2016,
            dated=ILLUSTRATIVE,
            title="Rebuild the monthly performance dataset so the board can rely on it",
            owner="Torbay's head of performance, with Hampshire",
            due_on=d("2016-09-30"),
            source_kind="board_meeting",
            from_board=BOARD,
        ),
        ActionRaised(
            on=d("2016-06-16"),
            source=src.HAMPSHIRE_2016,
            dated=ILLUSTRATIVE,
            title="Make arrangements for homeless 16 and 17 year olds robust",
            owner="Torbay's Director of Children's Services and housing",
            description="Assess each young person's needs and whether they should be looked"
            " after, as Ofsted found this was not routinely done.",
            due_on=d("2016-09-30"),
            source_kind="board_meeting",
            from_board=BOARD,
        ),
        ActionRaised(
            on=d("2016-06-16"),
            source=src.HAMPSHIRE_2016,
            dated=ILLUSTRATIVE,
            title="Make responses to allegations against people who work with children timely",
            owner="Torbay's Director of Children's Services",
            due_on=d("2016-10-31"),
            source_kind="board_meeting",
            from_board=BOARD,
        ),
        days("2016-06-30", "18", "MASH workflow redesign; peer mentoring of team managers."),
        visit(
            "2016-07-14",
            "Day in Torbay: met the MASH and assessment teams and a group of social workers."
            " Caseloads are high in the assessment teams and agency staff are many; staff"
            " welcome Hampshire's mentors.",
            r(WORKFORCE, RED, NO_CHANGE, "Agency reliance and caseloads unchanged so far."),
        ),
        days("2016-07-29", "20", "MASH redesign; performance dataset; fostering review."),
        ProgressLogged(
            on=d("2016-08-01"),
            source=src.TORBAY_2017,
            dated=MONTH,
            kind="letter",
            summary=(
                "Initial report to the Secretary of State. The ICO proposal has not matured"
                " enough for the transfer in March 2017 envisaged at the direction: Torbay"
                " should urgently review it, swiftly and apart from the improvement work."
                " There should be no immediate move to an alternative delivery model; the focus"
                " stays on improving services for children."
            ),
            ratings=(
                r(LEADERSHIP, RED, NO_CHANGE),
                r(FRONT_DOOR, RED, IMPROVING, "MASH redesign under way with Hampshire."),
                r(HELP_AND_PROTECTION, RED, NO_CHANGE),
                r(CHILDREN_IN_CARE, AMBER, NO_CHANGE),
                r(CARE_LEAVERS, AMBER, NO_CHANGE),
                r(WORKFORCE, RED, NO_CHANGE),
                r(QUALITY_ASSURANCE, RED, IMPROVING, "Monthly performance dataset being rebuilt."),
                r(PARTNERSHIPS, RED, NO_CHANGE),
            ),
        ),
        ActionRaised(
            on=d("2016-08-01"),
            source=src.TORBAY_2017,
            dated=MONTH,
            title="Review the ICO option urgently, apart from the improvement work",
            owner="Torbay Council's chief executive",
            due_on=d("2016-12-31"),
            source_kind="report",
        ),
        visit(
            "2016-08-18",
            "Day in Torbay: met the Executive Lead for Adults and Children and group leaders"
            " on their responsibilities for children's services; observed the MASH.",
        ),
        days("2016-08-31", "14", "Political leadership briefings; MASH; summer casework audit."),
        board(
            "2016-09-22",
            "Board reviewed the first rebuilt performance report and the arrangements for"
            " homeless 16 and 17 year olds, now with joint assessments with housing.",
            "Homeless young people's protocol signed off. Fostering and placements to be"
            " reviewed next.",
            r(QUALITY_ASSURANCE, RED, IMPROVING, "First reliable dataset; audit programme begun."),
        ),
        ActionClosed(
            on=d("2016-09-22"),
            source=src.TORBAY_2017,
            dated=ILLUSTRATIVE,
            title="Make arrangements for homeless 16 and 17 year olds robust",
        ),
        ActionRaised(
            on=d("2016-09-22"),
            source=src.HAMPSHIRE_2016,
            dated=ILLUSTRATIVE,
            title="Develop a revised approach to fostering and commissioning placements",
            owner="Torbay's head of service for children in care",
            due_on=d("2017-06-30"),
            source_kind="board_meeting",
            from_board=BOARD,
        ),
        days("2016-09-30", "20", "Fostering review; thresholds workshops with partners."),
        visit(
            "2016-10-13",
            "Joint case audit with Hampshire managers of child in need and child protection"
            " cases: drift in child in need plans, management oversight recorded but not"
            " changing plans, and conference chairs not challenging delay.",
            r(HELP_AND_PROTECTION, RED, NO_CHANGE, "Audit confirms drift and weak oversight."),
            kind="case_audit",
        ),
        days("2016-10-31", "18", "Joint case audit; supervision standards; IT system review."),
        ActionClosed(
            on=d("2016-10-31"),
            source=src.TORBAY_2017,
            dated=ILLUSTRATIVE,
            title="Rebuild the monthly performance dataset so the board can rely on it",
        ),
        ProgressLogged(
            on=d("2016-11-01"),
            source=src.TORBAY_2017,
            dated=MONTH,
            kind="letter",
            summary=(
                "Quarterly report to the Secretary of State: reasonable progress is being made,"
                " but with a high dependency on external support. The firm conclusion is that"
                " there is no reasonable prospect of Torbay running its children's services"
                " unilaterally in the foreseeable future: the challenge of sustainable,"
                " consistent improvement is too great for a small unitary council."
            ),
            ratings=(
                r(LEADERSHIP, RED, NO_CHANGE, "Significant corporate governance challenges."),
                r(FRONT_DOOR, RED, IMPROVING),
                r(HELP_AND_PROTECTION, RED, IMPROVING),
                r(CHILDREN_IN_CARE, AMBER, NO_CHANGE),
                r(CARE_LEAVERS, AMBER, IMPROVING),
                r(
                    WORKFORCE,
                    AMBER,
                    IMPROVING,
                    "Permanent team managers appointed; supervision"
                    " more regular; agency reliance falling.",
                ),
                r(
                    QUALITY_ASSURANCE,
                    AMBER,
                    IMPROVING,
                    "Performance information now reliable"
                    " enough for the board to scrutinise; monthly audits established.",
                ),
                r(PARTNERSHIPS, RED, NO_CHANGE),
            ),
        ),
        OptionDecided(
            on=d("2016-11-01"),
            source=src.TORBAY_2017,
            dated=MONTH,
            assessment=ADM,
            name=RETAIN,
            outcome="discounted",
            why=(
                "Commissioner's November 2016 report: no reasonable prospect of Torbay running"
                " its children's services unilaterally in the foreseeable future."
            ),
        ),
        board(
            "2016-11-24",
            "Board heard the commissioner's conclusion that Torbay cannot run its services"
            " alone, and reviewed progress on allegations management and the MASH.",
            "Allegations against staff now handled within timescales. Hampshire's aspirant"
            " managers training to be offered to Torbay's managers.",
        ),
        ActionClosed(
            on=d("2016-11-24"),
            source=src.TORBAY_2017,
            dated=ILLUSTRATIVE,
            title="Make responses to allegations against people who work with children timely",
        ),
        ActionRaised(
            on=d("2016-11-24"),
            source=src.HAMPSHIRE_2016,
            dated=ILLUSTRATIVE,
            title="Offer team and service managers Hampshire's aspirant managers training",
            owner="Hampshire's workforce development team",
            due_on=d("2017-03-31"),
            source_kind="board_meeting",
            from_board=BOARD,
        ),
        days("2016-11-30", "17", "Aspirant managers training; MASH go-live preparation."),
        ProgressLogged(
            on=d("2016-12-01"),
            source=src.TORBAY_2017,
            dated=MONTH,
            kind="letter",
            summary=(
                "Mutual Ventures completed its review of the ICO for Torbay: feasible and with"
                " merit, but with challenges of governance, financial volatility, asymmetry of"
                " expertise and readiness, and systemic risk; no transfer until improvement is"
                " sustained. The commissioner will test the ICO against other options,"
                " including free-standing trusts and inter-authority arrangements."
            ),
        ),
        ActionClosed(
            on=d("2016-12-01"),
            source=src.TORBAY_2017,
            dated=MONTH,
            title="Review the ICO option urgently, apart from the improvement work",
        ),
        OptionConsidered(
            on=d("2016-12-01"),
            source=src.TORBAY_2017,
            dated=MONTH,
            assessment=ADM,
            name=TRUST,
            model="childrens_trust",
            description=(
                "Children's services run by an independent trust working to the council, as"
                " in Doncaster and Slough."
            ),
            pros="Can free the service from a council's constraints.",
            cons="Slow to set up; does not bring the depth of specialist expertise Torbay needs.",
            risks="Instability while it is established.",
        ),
        visit(
            "2016-12-08",
            "Day in Torbay: met the Trust's chief executive about the Mutual Ventures review,"
            " and staff at the children in care team about placements out of the area.",
        ),
        days("2016-12-21", "10", "Children in care placements; fostering recruitment plan."),
        ProgressLogged(
            on=d("2017-01-01"),
            source=src.TORBAY_2017,
            dated=MONTH,
            kind="letter",
            summary=(
                "The commissioner wrote to councils in the South West to test their appetite"
                " for partnership with Torbay's children's services: locality and"
                " accessibility matter, as Hampshire's work with the Isle of Wight showed, and"
                " Hampshire's involvement is time-limited. Cornwall, Devon and Plymouth"
                " expressed an interest."
            ),
        ),
        OptionConsidered(
            on=d("2017-01-01"),
            source=src.TORBAY_2017,
            dated=MONTH,
            assessment=ADM,
            name=WITH_CORNWALL,
            model="adm_partnership",
            partner=CORNWALL,
            description="An inter-authority partnership with Cornwall Council.",
            pros="Cornwall is the one high-performing authority in the region.",
        ),
        OptionConsidered(
            on=d("2017-01-01"),
            source=src.TORBAY_2017,
            dated=MONTH,
            assessment=ADM,
            name=WITH_DEVON,
            model="adm_partnership",
            partner=DEVON,
            description="An inter-authority partnership with Devon County Council.",
            pros="A considered and credible proposal; Torbay's neighbour.",
            cons=(
                "Requires improvement (May 2015, after Inadequate in 2013); recruiting to its"
                " Assistant Director for safeguarding."
            ),
        ),
        OptionConsidered(
            on=d("2017-01-01"),
            source=src.TORBAY_2017,
            dated=MONTH,
            assessment=ADM,
            name=WITH_PLYMOUTH,
            model="adm_partnership",
            partner=PLYMOUTH,
            description=(
                "An inter-authority partnership with Plymouth City Council covering the full"
                " range of children's services, education and social care."
            ),
            pros=(
                "A generally stronger performance profile and history than Devon; stronger"
                " synergy as coastal and largely urban areas; long-term stability in its senior"
                " management team."
            ),
            cons="Requires improvement (January 2015), not Good or Outstanding.",
            risks="A partner not yet judged Good: a pragmatic choice in a region short of them.",
        ),
        board(
            "2017-01-26",
            "Board reviewed the MASH after its redesign and the threshold document drafted"
            " with partners; the commissioner briefed members on the approach to councils in"
            " the South West.",
            "Threshold document to go to the LSCB for sign-off by all partners.",
            r(FRONT_DOOR, RED, IMPROVING, "MASH redesign live; threshold document drafted."),
        ),
        days("2017-01-31", "17", "Thresholds with partners; team manager development."),
        OptionDecided(
            on=d("2017-02-15"),
            source=src.TORBAY_2017,
            dated=APPROXIMATE,
            note="Between the approach in January 2017 and the meetings of 30 March 2017",
            assessment=ADM,
            name=WITH_CORNWALL,
            outcome="discounted",
            why=(
                "Cornwall withdrew when its Director of Children's Services was appointed"
                " Commissioner for Worcestershire."
            ),
        ),
        ProgressLogged(
            on=d("2017-02-15"),
            source=src.TORBAY_2017,
            dated=APPROXIMATE,
            note="Between the approach in January 2017 and the meetings of 30 March 2017",
            kind="letter",
            summary=(
                "Cornwall withdrew. The commissioner asked Devon and Plymouth for brief written"
                " submissions on their motivation, their capacity to support Torbay and their"
                " own improvement journeys, and sent both the Isle of Wight and Hampshire"
                " partnership agreement as a guide."
            ),
        ),
        ActionRaised(
            on=d("2017-02-15"),
            source=src.TORBAY_2017,
            dated=APPROXIMATE,
            title="Meet Devon and Plymouth to explore their proposals in detail",
            owner="Commissioner, with Hampshire's and Torbay's Directors of Children's Services",
            due_on=d("2017-03-31"),
            source_kind="progress_entry",
            from_entry_kind="letter",
        ),
        visit(
            "2017-02-16",
            "Day in Torbay: the threshold document is agreed by all partners and in use;"
            " contacts ending in no further action are falling and decisions in the MASH are"
            " quicker.",
            r(
                FRONT_DOOR,
                AMBER,
                IMPROVING,
                "Threshold agreed by partners and applied; MASH"
                " decisions timely; fewer referrals with no further action.",
            ),
        ),
        ActionClosed(
            on=d("2017-02-16"),
            source=src.TORBAY_2017,
            dated=ILLUSTRATIVE,
            title="Redesign the MASH workflows and agree a threshold document with partners",
        ),
        days("2017-02-28", "16", "Preparing the peer review; care leavers' pathway plans."),
        ProgressLogged(
            on=d("2017-03-09"),
            source=src.TORBAY_2017,
            kind="letter",
            summary=(
                "The commissioner wrote to the chief executive of Torbay and South Devon NHS"
                " Foundation Trust discounting the ICO for children's services: it could not"
                " give a timely and sustainable solution, given the dislocation from education,"
                " the Trust's lack of specialist children's social care experience, the recent"
                " financial issues in the risk share and the time needed to make a partnership"
                " secure. No reflection on the Trust, whose leadership had been exemplary."
            ),
        ),
        OptionDecided(
            on=d("2017-03-09"),
            source=src.TORBAY_2017,
            assessment=ADM,
            name=ICO,
            outcome="discounted",
            why=(
                "Letter to the Trust's chief executive, 9 March 2017: no timely and sustainable"
                " solution (dislocation from education; little specialist experience; the risk"
                " share's financial issues; time to reach a secure partnership)."
            ),
        ),
        visit(
            "2017-03-15",
            "Hampshire peer review, about ten months into the programme: the front door is"
            " much improved and assessments are timelier; practice with children in need and"
            " child protection is still variable; quality assurance is established but not"
            " yet driving practice everywhere.",
            r(HELP_AND_PROTECTION, RED, IMPROVING, "Timelier assessments; practice variable."),
            r(CHILDREN_IN_CARE, AMBER, IMPROVING),
            r(CARE_LEAVERS, AMBER, NO_CHANGE),
            r(QUALITY_ASSURANCE, AMBER, IMPROVING),
            kind="peer_review",
        ),
        ActionClosed(
            on=d("2017-03-15"),
            source=src.HAMPSHIRE_2016,
            dated=ILLUSTRATIVE,
            title="Hampshire peer review to benchmark progress",
        ),
        board(
            "2017-03-23",
            "Board received the peer review. Members discussed the governance options and the"
            " meetings with Devon and Plymouth planned for 30 March.",
            "Peer review findings to shape the refreshed improvement plan.",
        ),
        ActionClosed(
            on=d("2017-03-23"),
            source=src.HAMPSHIRE_2016,
            dated=ILLUSTRATIVE,
            title="Offer team and service managers Hampshire's aspirant managers training",
        ),
        ProgressLogged(
            on=d("2017-03-30"),
            source=src.TORBAY_2017,
            kind="interview",
            summary=(
                "Separate meetings with Devon County Council and Plymouth City Council to"
                " explore their proposals, led by the commissioner with Steve Crocker"
                " (Hampshire's Director of Children's Services) and Andy Dempsey (Torbay's"
                " Director of Children's Services): not an interview process but two-way"
                " discussions to find the best fit of two credible organisations."
            ),
        ),
        ActionClosed(
            on=d("2017-03-30"),
            source=src.TORBAY_2017,
            title="Meet Devon and Plymouth to explore their proposals in detail",
        ),
        days("2017-03-31", "19", "Peer review; refreshed improvement plan."),
        ProgressLogged(
            on=d("2017-04-05"),
            source=src.TORBAY_2017,
            kind="letter",
            summary=(
                "The commissioner wrote to DfE recommending a partnership with Plymouth City"
                " Council as the best option for sustainable improvement within a reasonable"
                " time: the full range of children's services, education and social care, with"
                " Torbay's participation under a statutory direction. Serious prospects of a"
                " wider partnership with Devon, or of local government reorganisation, would"
                " be material for the Minister."
            ),
        ),
        OptionDecided(
            on=d("2017-04-05"),
            source=src.TORBAY_2017,
            assessment=ADM,
            name=WITH_DEVON,
            outcome="discounted",
            why=(
                "Not recommended on 5 April 2017: Plymouth was the better fit. Devon's proposal"
                " was considered and credible."
            ),
        ),
        OptionDecided(
            on=d("2017-04-05"),
            source=src.TORBAY_2017,
            assessment=ADM,
            name=WITH_PLYMOUTH,
            outcome="recommended",
            why="Recommended to DfE on 5 April 2017.",
        ),
        AssessmentConcluded(
            on=d("2017-04-05"),
            source=src.TORBAY_2017,
            key=ADM,
            recommendation=(
                "A partnership with Plymouth City Council's children's services, covering"
                " education and social care, with Torbay's participation subject to a DfE"
                " statutory direction. Plymouth has a stronger performance profile and history"
                " than Devon, a closer fit as a coastal and largely urban area, and long-term"
                " stability in its senior management."
            ),
            model="adm_partnership",
            partner=PLYMOUTH,
        ),
        StatusChanged(
            on=d("2017-04-05"),
            source=src.TORBAY_2017,
            status="awaiting_decision",
            why="Commissioner recommended a partnership with Plymouth to DfE",
        ),
        visit(
            "2017-04-13",
            "Day in Torbay: met partners at the LSCB. The early help offer is now coordinated"
            " across agencies and the LSCB holds partners to account; CAMHS waiting times are"
            " being tackled with the clinical commissioning group.",
            r(
                PARTNERSHIPS,
                AMBER,
                IMPROVING,
                "Early help coordinated across partners; stronger"
                " LSCB challenge; CAMHS waits being tackled.",
            ),
            r(FRONT_DOOR, AMBER, IMPROVING),
        ),
        ProgressLogged(
            on=d("2017-04-24"),
            source=src.TORBAY_2017,
            kind="interview",
            summary=(
                "The commissioner met the Mayor, the Executive Lead for Adults and Children and"
                " the group leaders to discuss his recommendation of Plymouth in detail."
            ),
        ),
        ProgressLogged(
            on=d("2017-04-28"),
            source=src.TORBAY_2017,
            kind="letter",
            summary=(
                "Torbay's chief executive wrote to Plymouth's chief executive with Torbay's"
                " initial thinking on the partnership; officers and the commissioner began"
                " meeting to draft heads of terms."
            ),
        ),
        ActionRaised(
            on=d("2017-04-28"),
            source=src.TORBAY_2017,
            title="Develop heads of terms for the partnership with Plymouth",
            owner="Torbay's and Plymouth's chief executives, with the commissioner",
            due_on=d("2017-07-20"),
            source_kind="progress_entry",
            from_entry_kind="letter",
        ),
        days("2017-04-28", "12", "Transition planning; children in care reviews."),
        OptionDecided(
            on=d("2017-05-01"),
            source=src.TORBAY_2017,
            dated=MONTH,
            assessment=ADM,
            name=TRUST,
            outcome="discounted",
            why=(
                "Mutual Ventures' comparison of the ICO with other options (May 2017) found a"
                " local authority partnership the best option for the region."
            ),
        ),
        board(
            "2017-05-11",
            "Board reviewed the quarter's audits and the workforce plan, and heard the"
            " commissioner's recommendation of Plymouth and the next steps on heads of terms.",
            "Audit themes to be reported to every meeting. Workforce plan approved.",
            r(QUALITY_ASSURANCE, AMBER, IMPROVING),
            r(WORKFORCE, AMBER, NO_CHANGE),
        ),
        days("2017-05-31", "16", "Child protection practice workshops; audit moderation."),
        visit(
            "2017-06-15",
            "Audit of child protection plans with Hampshire managers: conferences are timelier,"
            " plans clearer and repeat plans fewer; management oversight is visible on files.",
            r(
                HELP_AND_PROTECTION,
                AMBER,
                IMPROVING,
                "Timelier conferences, clearer plans and fewer repeat plans in the June audit.",
            ),
            kind="case_audit",
        ),
        board(
            "2017-06-22",
            "Board noted the new Director of Children's Services' grip on performance and the"
            " council's constructive engagement with the recommendation.",
            "Heads of terms to go to Council in July. Improvement plan refreshed.",
            r(
                LEADERSHIP,
                AMBER,
                IMPROVING,
                "The new DCS and senior team give management grip;"
                " members engage constructively with the ADM.",
            ),
        ),
        MinisterDecided(
            on=d("2017-06-30"),
            source=src.TORBAY_2017,
            assessment=ADM,
            stage="minded_to",
            decided_by=MINISTER,
            decision=(
                "Minded to accept the commissioner's recommendation that Plymouth is the most"
                " appropriate partner for Torbay's children's services. Torbay to keep working"
                " with the commissioner under the existing direction to develop the new"
                " operating model. The commissioner to consider the Local Partnerships review"
                " and update the Minister if it changes his view; any alternative must match"
                " the pace of the Plymouth proposal."
            ),
            next_update_due_on=d("2017-09-30"),
            note="Update requested for September 2017",
        ),
        ActionRaised(
            on=d("2017-06-30"),
            source=src.TORBAY_2017,
            title="Update the Minister on progress towards the Plymouth partnership",
            owner="Commissioner",
            due_on=d("2017-09-30"),
        ),
        ActionRaised(
            on=d("2017-06-30"),
            source=src.TORBAY_2017,
            title="Consider the Local Partnerships review and tell the Minister if it matters",
            owner="Commissioner",
            description="Update the Minister if the review materially changes the view of the"
            " most appropriate partner.",
            due_on=d("2017-09-30"),
        ),
        days("2017-06-30", "15", "Heads of terms support; child protection audit."),
        ProgressLogged(
            on=d("2017-07-07"),
            source=src.TORBAY_2017,
            kind="letter",
            summary=(
                "Dr Sarah Wollaston MP and Kevin Foster MP wrote supporting a wider partnership"
                " between Torbay and Devon. The commissioner is concerned that the MPs are"
                " fully apprised of the reasons for recommending Plymouth."
            ),
        ),
        visit(
            "2017-07-13",
            "Day in Torbay: met frontline managers about the partnership and its effect on"
            " staff; reassured them about the pace and the continuity of the improvement plan.",
        ),
        ProgressLogged(
            on=d("2017-07-20"),
            source=src.TORBAY_2017,
            kind="letter",
            summary=(
                "Torbay Council gave its chief executive and Director of Children's Services"
                " delegated authority to develop a detailed partnership agreement in line with"
                " the direction, with Plymouth as the commissioner's recommended partner, and"
                " final proposals to come to Council in September 2017. Heads of terms agreed;"
                " April 2018 is the target for go-live."
            ),
        ),
        ActionClosed(
            on=d("2017-07-20"),
            source=src.TORBAY_2017,
            title="Develop heads of terms for the partnership with Plymouth",
        ),
        ActionRaised(
            on=d("2017-07-20"),
            source=src.TORBAY_2017,
            title="Present final partnership proposals to Council for approval",
            owner="Torbay's chief executive and Director of Children's Services",
            due_on=d("2017-09-30"),
        ),
        days("2017-07-31", "10", "Partnership agreement workstreams; care leavers."),
        visit(
            "2017-08-17",
            "Day in Torbay: social worker turnover rose over the summer and agency use is up"
            " again in two teams; managers are holding caseloads steady.",
            r(WORKFORCE, AMBER, DECLINING, "Summer turnover; agency use up in two teams."),
        ),
        ActionRaised(
            on=d("2017-08-17"),
            source=src.TORBAY_2017,
            dated=ILLUSTRATIVE,
            title="Reduce reliance on agency social workers through targeted recruitment",
            owner="Torbay's Director of Children's Services",
            due_on=d("2018-03-31"),
            source_kind="progress_entry",
            from_entry_kind="visit",
        ),
        days("2017-08-31", "9", "Recruitment campaign design; supervision audit."),
        board(
            "2017-09-14",
            "Board reviewed the quarter's performance and the partnership agreement ahead of"
            " Council. Children in care reviews are timelier.",
            "Partnership agreement endorsed for Council.",
            r(CHILDREN_IN_CARE, AMBER, IMPROVING),
        ),
        ProgressLogged(
            on=d("2017-09-29"),
            source=src.TORBAY_2017,
            dated=ILLUSTRATIVE,
            note="The Minister asked for an update in September 2017; the day is illustrative",
            kind="letter",
            summary=(
                "Update to the Minister: the partnership with Plymouth is on course for April"
                " 2018 and the Local Partnerships review does not change the recommended"
                " partner. Improvement continues but depends on external support."
            ),
            ratings=(
                r(LEADERSHIP, AMBER, IMPROVING),
                r(FRONT_DOOR, AMBER, NO_CHANGE),
                r(HELP_AND_PROTECTION, AMBER, NO_CHANGE),
                r(CHILDREN_IN_CARE, AMBER, IMPROVING),
                r(CARE_LEAVERS, AMBER, NO_CHANGE),
                r(WORKFORCE, AMBER, DECLINING),
                r(QUALITY_ASSURANCE, AMBER, NO_CHANGE),
                r(PARTNERSHIPS, AMBER, IMPROVING),
            ),
        ),
        ActionClosed(
            on=d("2017-09-29"),
            source=src.TORBAY_2017,
            dated=ILLUSTRATIVE,
            title="Update the Minister on progress towards the Plymouth partnership",
        ),
        ActionClosed(
            on=d("2017-09-29"),
            source=src.TORBAY_2017,
            dated=ILLUSTRATIVE,
            title="Consider the Local Partnerships review and tell the Minister if it matters",
        ),
        ActionClosed(
            on=d("2017-09-29"),
            source=src.TORBAY_2017,
            dated=ILLUSTRATIVE,
            title="Present final partnership proposals to Council for approval",
        ),
        days("2017-09-29", "14", "Transition project plan with Plymouth."),
        MinisterDecided(
            on=d("2017-10-01"),
            source=src.GOVUK_TORBAY_DIRECTIONS,
            dated=ILLUSTRATIVE,
            note="The sources do not date the confirmation: dated with the direction of October"
            " 2017 that replaced May 2016's; the partnership went live on 1 April 2018",
            assessment=ADM,
            stage="confirmed",
            decided_by=MINISTER,
            decision=(
                "Confirmed the partnership with Plymouth City Council as Torbay's alternative"
                " delivery model, under a statutory direction to Torbay; Plymouth enters"
                " voluntarily as lead partner."
            ),
        ),
        DirectionRevised(
            on=d("2017-10-01"),
            source=src.GOVUK_TORBAY_DIRECTIONS,
            dated=MONTH,
            note="GOV.UK: a direction issued in October 2017 replaced the May 2016 direction."
            " Its terms are not in the sources: they follow the commissioner's recommendation",
            requires_commissioner=True,
            requires_improvement_partner=True,
            requirements=(
                "Continue to co-operate with the commissioner, and enter a partnership with"
                " Plymouth City Council for the delivery of children's services, education and"
                " social care, as the commissioner recommended on 5 April 2017."
            ),
        ),
        StatusChanged(
            on=d("2017-10-01"),
            source=src.GOVUK_TORBAY_DIRECTIONS,
            dated=MONTH,
            status="implementation",
            why="Revised direction: implement the partnership with Plymouth",
        ),
        visit(
            "2017-10-19",
            "Day in Torbay: met the joint Torbay and Plymouth project board; staff briefings"
            " on the partnership planned for November.",
        ),
        days("2017-10-31", "15", "Joint project board; practice standards alignment."),
        board(
            "2017-11-23",
            "Board reviewed the fostering strategy and the transition plan. More local foster"
            " carers approved; fewer children placed out of the area.",
            "Fostering strategy adopted. Transition risks to be reported to each meeting.",
            r(
                CHILDREN_IN_CARE,
                AMBER,
                IMPROVING,
                "Fostering strategy adopted; fewer children placed out of the area.",
            ),
            r(HELP_AND_PROTECTION, AMBER, NO_CHANGE),
        ),
        ActionClosed(
            on=d("2017-11-23"),
            source=src.TORBAY_2017,
            dated=ILLUSTRATIVE,
            title="Develop a revised approach to fostering and commissioning placements",
        ),
        days("2017-11-30", "14", "Fostering strategy; transition workstreams."),
        visit(
            "2017-12-14",
            "Day in Torbay: met care leavers and their personal advisers; pathway plans are"
            " more up to date, accommodation still a concern.",
        ),
        days("2017-12-20", "8", "Care leavers' accommodation review."),
        visit(
            "2018-01-18",
            "Day in Torbay: the recruitment campaign has filled most vacancies with permanent"
            " social workers and agency use is falling again.",
            r(
                WORKFORCE,
                AMBER,
                IMPROVING,
                "Vacancies filled with permanent staff; agency use falling.",
            ),
        ),
        board(
            "2018-01-25",
            "Board reviewed performance and readiness for go-live on 1 April.",
            "Go-live readiness checklist agreed.",
        ),
        days("2018-01-31", "13", "Go-live readiness; audit of children in need."),
        visit(
            "2018-02-15",
            "Day in Torbay: met staff teams with Plymouth's leadership; practice standards and"
            " the case recording system to converge over time.",
        ),
        days("2018-02-28", "12", "Handover of the improvement programme to Plymouth."),
        board(
            "2018-03-22",
            "Last board before go-live: transition arrangements agreed with Plymouth; Hampshire"
            " to taper its support over the following months.",
            "Board to continue under the partnership, with the commissioner in the chair"
            " during transition.",
            r(
                LEADERSHIP,
                AMBER,
                IMPROVING,
                "Transition to the Plymouth partnership planned and agreed.",
            ),
        ),
        ActionRaised(
            on=d("2018-03-22"),
            source=src.HAMPSHIRE_2018,
            dated=ILLUSTRATIVE,
            title="Hand the improvement programme over to Plymouth as Hampshire tapers out",
            owner="Hampshire's and Plymouth's Directors of Children's Services",
            due_on=d("2018-09-30"),
            source_kind="board_meeting",
            from_board=BOARD,
        ),
        days("2018-03-29", "12", "Handover; final Hampshire audit of the front door."),
        PartnershipStarted(
            on=d("2018-04-01"),
            source=src.HAMPSHIRE_2018,
            key=PLYMOUTH_PARTNERSHIP,
            supporting=PLYMOUTH,
            model="adm_partnership",
            legal_basis="directed",
            under_direction=True,
            note="Torbay takes part under the direction; Plymouth enters voluntarily as lead"
            " partner (Torbay Council report, 20 July 2017)",
            break_clauses=(
                "Duration to be agreed; the Hampshire and Isle of Wight model was five years,"
                " reviewed annually, with a three-year break clause."
            ),
            heads_of_terms=(
                "Heads of terms (July 2017): guiding principles for the development work, the"
                " essential features of the partnership and its governance, and the overriding"
                " objective of sustainable improvement in services and outcomes for children."
                " The full range of children's services, education and social care."
            ),
        ),
        StatusChanged(
            on=d("2018-04-01"),
            source=src.HAMPSHIRE_2018,
            status="monitoring",
            why="The partnership with Plymouth (the ADM) went live on 1 April 2018",
        ),
        ProgressLogged(
            on=d("2018-04-16"),
            source=src.HAMPSHIRE_2018,
            kind="letter",
            summary=(
                "Hampshire's Cabinet was told that performance has substantially improved but"
                " the pace and sustainability of improvement remain problematic; Hampshire's"
                " support has been well delivered and received and will close or taper"
                " substantially over the next three months. A full Ofsted inspection is due."
            ),
        ),
        visit(
            "2018-04-19",
            "Day in Torbay: first visit under the partnership. The front door is stable but"
            " practice with children in need is uneven and improvements are not yet secure.",
            r(HELP_AND_PROTECTION, AMBER, NO_CHANGE, "Improvement real but not yet sustained."),
            r(FRONT_DOOR, AMBER, NO_CHANGE),
            r(QUALITY_ASSURANCE, AMBER, NO_CHANGE),
        ),
        days("2018-04-30", "8", "Transition support to Plymouth's leadership."),
        board(
            "2018-05-24",
            "Board reviewed the first weeks of the partnership and preparation for the"
            " expected Ofsted re-inspection.",
            "Self-assessment for Ofsted to be refreshed.",
        ),
        days("2018-05-31", "6", "Inspection preparation support."),
        visit(
            "2018-06-14",
            "Day in Torbay as the service prepared for Ofsted's re-inspection: met the"
            " leadership and front-line managers; the self-assessment is candid that practice"
            " with children in need is still inconsistent.",
        ),
        days("2018-06-29", "5", "Inspection preparation support."),
        board(
            "2018-07-19",
            "Board met after the Ofsted re-inspection fieldwork; inspectors' feedback showed"
            " progress in care but continuing weaknesses in help and protection.",
            "Plan to respond to the inspection once the report is published.",
            r(LEADERSHIP, AMBER, NO_CHANGE),
            r(
                HELP_AND_PROTECTION,
                AMBER,
                DECLINING,
                "Inspectors' feedback on help and protection.",
            ),
        ),
        days("2018-07-31", "4", "Hampshire's final months of tapered support."),
        ProgressLogged(
            on=d("2018-08-24"),
            source=src.OFSTED,
            kind="letter",
            summary=(
                "Ofsted's SIF re-inspection, published 24 August 2018, judged Torbay Inadequate"
                " overall: help and protection Inadequate; leadership, management and"
                " governance Inadequate; looked after and permanence and care leavers Requires"
                " improvement; adoption Good."
            ),
            ratings=(
                r(
                    HELP_AND_PROTECTION,
                    RED,
                    DECLINING,
                    "Re-inspection: help and protection Inadequate.",
                ),
                r(
                    LEADERSHIP,
                    RED,
                    DECLINING,
                    "Re-inspection: leadership, management and governance Inadequate.",
                ),
                r(
                    CHILDREN_IN_CARE,
                    AMBER,
                    IMPROVING,
                    "Re-inspection: adoption Good; looked"
                    " after and permanence Requires improvement.",
                ),
                r(CARE_LEAVERS, AMBER, NO_CHANGE, "Re-inspection: Requires improvement."),
            ),
        ),
        ActionRaised(
            on=d("2018-08-24"),
            source=src.OFSTED,
            dated=ILLUSTRATIVE,
            title="Revise the improvement plan in response to the re-inspection",
            owner="Torbay's Director of Children's Services, with Plymouth",
            due_on=d("2018-10-31"),
            source_kind="progress_entry",
            from_entry_kind="letter",
        ),
        days("2018-08-31", "3", "Hampshire's last tapered support."),
    ),
)

CASES = (TORBAY_2011, TORBAY_2016)
