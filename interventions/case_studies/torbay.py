"""Torbay (E06000027): an improvement notice 2011-2014, then a direction from May 2016.

The 2016 intervention: a commissioner (John Coughlan, Hampshire's chief executive) who chairs
the Children's Improvement Board and reports to the Secretary of State; Hampshire's children's
services as expert advisers with up to 200 days a year; the test of the presumption (the
integrated care organisation, a trust, and Cornwall, Devon and Plymouth as partners); the
recommendation of Plymouth on 5 April 2017, the Minister "minded to" on 30 June 2017; a direction
of October 2017 replacing May 2016's, and the partnership with Plymouth live from 1 April 2018.
The sources end with Ofsted's re-inspection, published 24 August 2018: Inadequate again.

Dated facts come from the Torbay Council report of 20 July 2017, Hampshire's reports of May 2016
and April 2018, the Ofsted data and public pages quoting DfE's directions. The commissioner's
reports of August 2016, November 2016 and 5 April 2017 are ``ReportReceived``, quoting the
Torbay Council report's account of them. What others did (Ofsted, Hampshire, Mutual Ventures,
Torbay Council, MPs) is an event with its actor. No source gives a board meeting's date, a
visit's findings, partner days by month or the Minister's confirmation of Plymouth, so none is
recorded. Ratings come from Ofsted's grades, except where a rationale quotes the sentence an
illustrative rating follows.
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
    PASSAGE_BREAK,
    QUALITY_ASSURANCE,
    RED,
    WORKFORCE,
    ActionClosed,
    ActionRaised,
    AssessmentConcluded,
    AssessmentStarted,
    BoardEstablished,
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
    PartnershipStarted,
    ProgressLogged,
    ReportReceived,
    SourcesEnd,
    StatusChanged,
    d,
    graded,
    interpreted,
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

OFSTED = "Ofsted"
TORBAY_COUNCIL = "Torbay Council"
BETWEEN_APPROACH_AND_MEETINGS = (
    "The sources give no date between the approach of January 2017 and the meetings of"
    " 30 March 2017"
)


def event(on: str, actor: str, summary: str, source=src.TORBAY_2017, **more) -> ProgressLogged:
    """Something someone other than the commissioner did, as the source tells it."""
    return ProgressLogged(
        on=d(on), source=source, kind="event", actor=actor, summary=summary, **more
    )


def passages(*quoted: str) -> str:
    return PASSAGE_BREAK.join(quoted)


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
            exit_reason="notice_lifted",
            why="Improvement notice lifted as a result of progress",
        ),
        SourcesEnd(on=d("2014-02-04"), source=src.TORBAY_DIRECTION_2016),
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
            background=(
                "Demographics 2015/16: 25,100 children under 18 (18.9% of the population);"
                " 21.6% in poverty; 1,376 children in need; 209 child protection plans; 290"
                " children looked after, 47% of them living out of the authority. In 2015"
                " Torbay won £1.25m from the DfE Children's Social Care Innovation Fund (SWIFT),"
                " one strand of which explored moving children's services into the integrated"
                " care organisation with Torbay and South Devon NHS Foundation Trust."
            ),
        ),
        event(
            "2016-01-05",
            OFSTED,
            "Ofsted published its single inspection framework report: Torbay's children's"
            " services Inadequate overall. Children who need help and protection Inadequate;"
            " children looked after and achieving permanence, adoption performance and care"
            " leavers Requires improvement; leadership, management and governance Inadequate."
            " The improvement to adequate at the child protection inspection of 2013 had not"
            " been sustained.",
            source=src.HAMPSHIRE_2016,
            note="Published 5 January 2016 (Ofsted data); the judgements and findings as"
            " Hampshire's report of 25 May 2016 lists them",
            ratings=(
                graded(
                    LEADERSHIP,
                    RED,
                    NO_CHANGE,
                    "Ofsted: leadership, management and governance Inadequate. \u201cLeaders and"
                    " managers in the local authority have been ineffective in prioritising,"
                    " challenging and improving the quality of practice\u201d",
                ),
                graded(
                    HELP_AND_PROTECTION,
                    RED,
                    DECLINING,
                    "Ofsted: children who need help and protection Inadequate, after adequate at"
                    " the 2013 child protection inspection. \u201cThis trajectory of improvement"
                    " has not been sustained.\u201d",
                ),
                graded(
                    CHILDREN_IN_CARE,
                    AMBER,
                    NO_CHANGE,
                    "Ofsted: children looked after and achieving permanence, and adoption"
                    " performance, Requires improvement.",
                ),
                graded(
                    CARE_LEAVERS,
                    AMBER,
                    NO_CHANGE,
                    "Ofsted: experiences and progress of care leavers Requires improvement.",
                ),
                interpreted(
                    FRONT_DOOR,
                    RED,
                    NO_CHANGE,
                    "Children and families experience delay in gaining access to help and"
                    " protection at referral, assessment and planning stages",
                ),
                interpreted(
                    WORKFORCE,
                    RED,
                    NO_CHANGE,
                    "Management oversight and supervision remain variable in timeliness and"
                    " quality",
                ),
                interpreted(
                    QUALITY_ASSURANCE,
                    RED,
                    NO_CHANGE,
                    "Performance information is not reliable and, therefore, cannot be used to"
                    " enable effective scrutiny of activity.",
                ),
                interpreted(
                    PARTNERSHIPS,
                    RED,
                    NO_CHANGE,
                    "There is no coordinated overview of early help provision across Torbay and"
                    " no evaluation of its impact",
                ),
            ),
        ),
        event(
            "2016-03-07",
            "Hampshire County Council's Director of Children's Services",
            "Before the direction, Hampshire's Director of Children's Services led a visit to"
            " Torbay with a small team of senior managers for an initial scoping exercise:"
            " \u201cTorbay is well resourced, both financially and in terms of staffing levels,"
            " and in a good position to deliver sustained improvement to become a good"
            " Children's Services.\u201d Torbay's data for 2015/16 showed 35% of referrals"
            " ending with no further action, against 10% in Hampshire.",
            source=src.HAMPSHIRE_2016,
            dated=APPROXIMATE,
            note="Early March 2016",
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
                " Children's Improvement Board, reports to the Secretary of State every"
                " quarter, and reviews whether transferring children's social care into the"
                " integrated care organisation is the most effective way to secure and sustain"
                " improvement."
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
            " commissioner chairs it from his appointment. No source dates its meetings",
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
            " work. The DfE standard day rate and the days claimed are not in the sources",
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
            cons="Service improvement in Torbay has historically been slow and fragile.",
            risks="A small unitary council with a high dependency on external support.",
        ),
        event(
            "2016-05-25",
            "Hampshire County Council's Executive Member for Children's Services",
            "Hampshire's Executive Member for Children's Services approved the use of"
            " Hampshire managers to support Torbay: up to 200 days a year at the DfE standard"
            " day rate, led by Hampshire's Director of Children's Services and a small team,"
            " without detriment to Hampshire's own services.",
            source=src.HAMPSHIRE_2016,
        ),
        ReportReceived(
            on=d("2016-08-01"),
            source=src.TORBAY_2017,
            dated=MONTH,
            note="Quoted as Torbay Council's report of 20 July 2017 gives its substance",
            title="The commissioner's initial report to the Secretary of State on Torbay, August"
            " 2016",
            overall_assessment=passages(
                "This reflected a concern that the proposal had not matured sufficiently to"
                " enable the transfer of service in March 2017 as had been envisaged at the"
                " time of the Statutory Direction in May 2016.",
            ),
            recommendation=passages(
                "The Commissioner's initial report in August 2016 concluded that an urgent"
                " review of Torbay's proposal for the transfer of services into the ICO was"
                " required and that this should be completed swiftly.",
                "The report further concluded that there should be no immediate move of"
                " services to an alternative delivery model with the initial focus remaining on"
                " improving services for children.",
            ),
        ),
        ActionRaised(
            on=d("2016-08-01"),
            source=src.TORBAY_2017,
            dated=MONTH,
            title="Review the ICO option urgently, apart from the improvement work",
            owner=TORBAY_COUNCIL,
            description=(
                "\u201cthe Commissioner requested that Torbay urgently complete an initial"
                " exploration of an ICO model as a distinct and separate piece of work to ensure"
                " it did not detract from or interfere with the improvement work underway in"
                " social care.\u201d"
            ),
            source_kind="report",
        ),
        ReportReceived(
            on=d("2016-11-01"),
            source=src.TORBAY_2017,
            dated=MONTH,
            note="Quoted as Torbay Council's report of 20 July 2017 gives its substance",
            title="The commissioner's report to the Secretary of State on Torbay, November 2016",
            overall_assessment=passages(
                "He recognised that reasonable progress was being made on the improvement"
                " journey but there was a high dependency on external support",
                "Torbay Council 'will not by itself be positioned to deliver in future and,"
                " more importantly, sustain safe, let alone, good standards in these"
                " (Children's) services'.",
            ),
            recommendation=passages(
                "the Commissioner offered the firm conclusion that in any event there was no"
                " reasonable prospect of Torbay Borough Council being able to run its"
                " children's services unilaterally in the foreseeable future.",
            ),
            risks=passages(
                "the scale of the challenge of achieving sustainable and consistent improvement"
                " was, in his opinion, too great for a small unitary council.",
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
        event(
            "2016-12-01",
            "Mutual Ventures, commissioned by Torbay Council",
            "Mutual Ventures completed its review of the ICO as the alternative delivery model:"
            " \u201cthe ICO model was both feasible and had merit, although those conclusions"
            " were tempered by a range of challenges including governance, financial"
            " volatility, asymmetry of expertise and readiness, and systemic risk.\u201d"
            " Transfer should wait until improvement is sustained. In reviewing it, the"
            " commissioner acknowledged that the ICO may be viable but should now be tested"
            " against other options, including free-standing trusts and inter-authority"
            " arrangements.",
            dated=MONTH,
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
                "Children's services placed within an independent trust, as in Doncaster and"
                " Slough."
            ),
        ),
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
            pros="A considered and credible proposal.",
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
        OptionDecided(
            on=d("2017-02-15"),
            source=src.TORBAY_2017,
            dated=ILLUSTRATIVE,
            note=BETWEEN_APPROACH_AND_MEETINGS,
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
            dated=ILLUSTRATIVE,
            note=BETWEEN_APPROACH_AND_MEETINGS,
            kind="letter",
            summary=(
                "Cornwall having withdrawn, the commissioner asked Devon and Plymouth for brief"
                " written submissions on their motivation, their capacity to support Torbay and"
                " their own improvement journeys, and sent both the Isle of Wight and Hampshire"
                " partnership agreement as a guide."
            ),
        ),
        ActionRaised(
            on=d("2017-02-15"),
            source=src.TORBAY_2017,
            dated=ILLUSTRATIVE,
            note=BETWEEN_APPROACH_AND_MEETINGS,
            title="Meet Devon and Plymouth to explore their proposals in detail",
            owner="Commissioner, with Hampshire's and Torbay's Directors of Children's Services",
            source_kind="progress_entry",
            from_entry_kind="letter",
        ),
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
        ReportReceived(
            on=d("2017-04-05"),
            source=src.TORBAY_2017,
            note="A letter to DfE, quoted as Torbay Council's report of 20 July 2017 gives its"
            " substance",
            title="The commissioner's letter to DfE recommending Torbay's partner, 5 April 2017",
            overall_assessment=passages(
                "Plymouth evidences a generally stronger performance profile and history than"
                " Devon, although both are currently judged requires improvement.",
                "Analysis of the data shows a stronger synergy between Plymouth and Torbay as"
                " coastal and largely urban locations.",
                "Plymouth has had long term stability in its senior management team whereas"
                " Devon were then in the process of recruiting to their Assistant Director"
                " Safeguarding post.",
            ),
            recommendation=passages(
                "the Commissioner wrote to the DfE recommending that a partnership with Plymouth"
                " City Council Children's Services provided the best option for sustainable"
                " improvements in children's services in Torbay within a reasonable timescale.",
                "The Commissioner further recommended that the partnership should include the"
                " full range of Children's Services (both education and social care) and that"
                " Torbay's participation be subject to a DfE Statutory Direction.",
            ),
            risks=passages(
                "the Commissioner acknowledged that if there were 'serious and imminent"
                " possibilities of a wider partnership with Devon County Council' or 'of deeper"
                " local government reorganisation' these would be a material consideration for"
                " the Minister in coming to a decision.",
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
        ProgressLogged(
            on=d("2017-04-24"),
            source=src.TORBAY_2017,
            kind="interview",
            summary=(
                "The commissioner met the Mayor, the Executive Lead for Adults and Children and"
                " the group leaders to discuss his recommendation of Plymouth in detail."
            ),
        ),
        event(
            "2017-04-28",
            "Torbay Council's Chief Executive",
            "Torbay's chief executive wrote to Plymouth's chief executive with Torbay's initial"
            " thinking on the salient features of a partnership; officers and the commissioner"
            " then met to develop heads of terms.",
        ),
        ActionRaised(
            on=d("2017-04-28"),
            source=src.TORBAY_2017,
            title="Develop heads of terms for the partnership with Plymouth",
            owner="Torbay's and Plymouth's officers, with the commissioner",
            source_kind="progress_entry",
            from_entry_kind="event",
        ),
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
            description="The Minister requested an update on progress in September 2017.",
            due_on=d("2017-09-30"),
        ),
        ActionRaised(
            on=d("2017-06-30"),
            source=src.TORBAY_2017,
            title="Consider the Local Partnerships review and tell the Minister if it matters",
            owner="Commissioner",
            description="Update the Minister if the review materially changes the view of the"
            " most appropriate partner.",
        ),
        event(
            "2017-07-07",
            "Dr Sarah Wollaston MP and Kevin Foster MP",
            "Dr Sarah Wollaston MP and Kevin Foster MP wrote supporting a wider partnership"
            " between Torbay Council and Devon County Council. The commissioner expressed a"
            " strong concern that the MPs be fully apprised of the reasons for recommending"
            " Plymouth.",
        ),
        event(
            "2017-07-20",
            TORBAY_COUNCIL,
            "Torbay Council was asked to give its chief executive and Director of Children's"
            " Services delegated authority to develop a detailed partnership agreement in line"
            " with the direction, with Plymouth as the commissioner's recommended partner and"
            " final proposals to come to Council in September 2017. Heads of terms were"
            " attached; April 2018 is the target for go-live.",
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
        ActionClosed(
            on=d("2017-09-29"),
            source=src.TORBAY_2017,
            dated=ILLUSTRATIVE,
            note="No source says when: the direction of October 2017 and the partnership's"
            " going live in April 2018 follow it",
            title="Update the Minister on progress towards the Plymouth partnership",
        ),
        ActionClosed(
            on=d("2017-09-29"),
            source=src.TORBAY_2017,
            dated=ILLUSTRATIVE,
            note="No source says when: the partnership went live in April 2018",
            title="Present final partnership proposals to Council for approval",
        ),
        DirectionRevised(
            on=d("2017-10-01"),
            source=src.GOVUK_TORBAY_DIRECTIONS,
            dated=MONTH,
            note="GOV.UK: a direction issued in October 2017 replaced the May 2016 direction."
            " Its terms are not in the sources",
            requires_commissioner=True,
            requires_improvement_partner=True,
            requirements=(
                "Replaces the direction of May 2016. Its terms are not in the sources: the"
                " commissioner had recommended that Torbay's participation in a partnership with"
                " Plymouth City Council be subject to a DfE statutory direction."
            ),
        ),
        StatusChanged(
            on=d("2017-10-01"),
            source=src.GOVUK_TORBAY_DIRECTIONS,
            dated=MONTH,
            status="implementation",
            why="A new direction replaced May 2016's; the partnership with Plymouth in hand",
        ),
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
        event(
            "2018-04-16",
            "Hampshire County Council Cabinet",
            "Hampshire's Cabinet received its Chief Executive's update on Torbay: the"
            " partnership with Plymouth goes live in April 2018, and Hampshire's support will"
            " come to a close or taper substantially. \u201cPerformance has undoubtedly"
            " substantially improved but the pace and sustainability of improvement remains"
            " problematic.\u201d A further full Ofsted inspection is due.",
            source=src.HAMPSHIRE_2018,
            ratings=(
                interpreted(
                    HELP_AND_PROTECTION,
                    RED,
                    IMPROVING,
                    "Performance has undoubtedly substantially improved but the pace and"
                    " sustainability of improvement remains problematic.",
                ),
            ),
        ),
        event(
            "2018-08-24",
            OFSTED,
            "Ofsted's single inspection framework re-inspection, published 24 August 2018,"
            " judged Torbay Inadequate overall: help and protection Inadequate; leadership,"
            " management and governance Inadequate; looked after and permanence and care"
            " leavers Requires improvement; adoption Good.",
            source=src.OFSTED,
            ratings=(
                graded(
                    HELP_AND_PROTECTION,
                    RED,
                    NO_CHANGE,
                    "Ofsted re-inspection: children who need help and protection Inadequate, as"
                    " in 2016.",
                ),
                graded(
                    LEADERSHIP,
                    RED,
                    NO_CHANGE,
                    "Ofsted re-inspection: leadership, management and governance Inadequate, as"
                    " in 2016.",
                ),
                graded(
                    CHILDREN_IN_CARE,
                    AMBER,
                    IMPROVING,
                    "Ofsted re-inspection: looked after and permanence Requires improvement;"
                    " adoption performance Good (Requires improvement in 2016).",
                ),
                graded(
                    CARE_LEAVERS,
                    AMBER,
                    NO_CHANGE,
                    "Ofsted re-inspection: care leavers Requires improvement, as in 2016.",
                ),
            ),
        ),
        SourcesEnd(on=d("2018-08-24"), source=src.OFSTED),
    ),
)

CASES = (TORBAY_2011, TORBAY_2016)
