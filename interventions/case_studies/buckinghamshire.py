"""Buckinghamshire (E06000060): a commissioner tests the presumption and finds no ADM, 2018.

At the time the council was Buckinghamshire County Council (E10000002), replaced by
Buckinghamshire Council on 1 April 2020. The reference data attaches the county council's
inspections to its successor, so the intervention is recorded there too, with a note.

Dated facts are from Hampshire's Cabinet report of 16 April 2018 and the commissioner's report
to the Secretary of State of June 2018, which is recorded as what it is: a ``ReportReceived``
quoting its conclusions, recommendations and risks, for the reporting app to record as the
submitted report. The report describes the work behind it (diagnostic exercises, interviews,
case audits, a review of the MASH) but gives no diary, so the three entries for that work are
illustrative in their dates. Ratings come from Ofsted's grades of January 2018, except the three
illustrative ones whose rationales quote the sentence of the report they follow. The sources end
with the report, in June 2018.
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
    PASSAGE_BREAK,
    QUALITY_ASSURANCE,
    RED,
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
    ReportReceived,
    SourcesEnd,
    StatusChanged,
    d,
    graded,
    interpreted,
)
from .reference import BUCKINGHAMSHIRE, HAMPSHIRE

REPORT = src.BUCKINGHAMSHIRE_2018
ADM = "adm"
NO_ADM = "No ADM: improve under the council's new leadership, with external support"
PARTNERSHIP = "Partnership with another authority (the Hampshire and Isle of Wight model)"
TRUST = "An independent children's trust"

# The report's conclusion on the presumption, in its own words.
NO_VALID_CASE = (
    "In light of the above and especially because of the clear political commitment backed as it"
    " now is by an exceptionally strong core of senior officer leadership, Chief Executive, DCS"
    " and Assistant Director, I can see no valid case for the introduction of an ADM in"
    " Buckinghamshire."
)


def work(on: str, kind: str, summary: str, *ratings: Rating) -> ProgressLogged:
    """Commissioner and Hampshire work the June 2018 report describes; the day is illustrative."""
    return ProgressLogged(
        on=d(on),
        source=REPORT,
        dated=ILLUSTRATIVE,
        note="The report describes this work but not when it was done",
        kind=kind,
        summary=summary,
        ratings=ratings,
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
            on=d("2018-01-29"),
            source=src.OFSTED,
            kind="event",
            actor="Ofsted",
            summary=(
                "Ofsted's single inspection framework re-inspection, published 29 January 2018,"
                " judged Buckinghamshire's children's services Inadequate overall: help and"
                " protection, looked after and permanence, and leadership, management and"
                " governance Inadequate; adoption performance Good; care leavers Requires"
                " improvement. The previous full inspection (August 2014) was also Inadequate."
            ),
            ratings=(
                graded(
                    LEADERSHIP,
                    RED,
                    NO_CHANGE,
                    "Ofsted: leadership, management and governance Inadequate, as in 2014.",
                ),
                graded(
                    HELP_AND_PROTECTION,
                    RED,
                    NO_CHANGE,
                    "Ofsted: children who need help and protection Inadequate, as in 2014.",
                ),
                graded(
                    CHILDREN_IN_CARE,
                    RED,
                    NO_CHANGE,
                    "Ofsted: children looked after and achieving permanence Inadequate, as in"
                    " 2014; adoption performance Good.",
                ),
                graded(
                    CARE_LEAVERS,
                    AMBER,
                    NO_CHANGE,
                    "Ofsted: care leavers Requires improvement, as in 2014.",
                ),
            ),
        ),
        ProgressLogged(
            on=d("2018-02-15"),
            source=src.HAMPSHIRE_2018,
            dated=APPROXIMATE,
            note="Mid-February 2018",
            kind="event",
            actor="Hampshire County Council",
            summary=(
                "With its Leader's in-principle support, Hampshire bid to DfE to lead the"
                " intervention and take the commissioner's role: its work with Torbay would"
                " reduce from April, Buckinghamshire is a better geographical fit, and a"
                " comparable county council is instructive for both."
            ),
        ),
        DirectionIssued(
            on=d("2018-02-28"),
            source=src.HAMPSHIRE_2018,
            dated=ILLUSTRATIVE,
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
        work(
            "2018-03-07",
            "diagnostic",
            "Hampshire's Director of Children's Services, Steve Crocker, began the diagnostic"
            " exercises with Buckinghamshire's senior leadership, reviewing performance"
            " information and quality assurance systems against Ofsted's findings and the"
            " improvement plan being developed.",
        ),
        work(
            "2018-04-11",
            "interview",
            "Met the political leadership and key opposition members, the Corporate Management"
            " Team, the chief executive and the DCS (together and separately), the new senior"
            " leadership team, front-line managers and practitioners at the Aylesbury, Amersham"
            " and High Wycombe offices, partners (police, health, schools), the four district"
            " councils and the independent chairs of the improvement and safeguarding boards.",
            interpreted(
                LEADERSHIP,
                AMBER,
                IMPROVING,
                "Buckinghamshire County Council through a new Chief Executive, Director of"
                " Children's Services (DCS) and complete new leadership team, has now started to"
                " make substantial inroads on these performance and leadership issues.",
            ),
        ),
        ProgressLogged(
            on=d("2018-04-16"),
            source=src.HAMPSHIRE_2018,
            kind="event",
            actor="Hampshire County Council Cabinet",
            summary=(
                "Hampshire's Cabinet endorsed the actions taken and approved Hampshire as"
                " Buckinghamshire's improvement partner, with its chief executive as DfE"
                " commissioner and its Director of Children's Services overseeing the"
                " improvement programme."
            ),
        ),
        work(
            "2018-05-09",
            "case_audit",
            "Hampshire managers joined individual case audits and spent additional time"
            " reviewing the Multi-Agency Safeguarding Hub, given its key role in the first"
            " response to safeguarding concerns.",
            interpreted(
                FRONT_DOOR,
                RED,
                NO_CHANGE,
                "our assessments suggest the current model (or its application) is flawed and"
                " therefore not making an effective contribution at what is a pivotal aspect of"
                " the child's welfare pathway.",
            ),
            interpreted(
                QUALITY_ASSURANCE,
                AMBER,
                IMPROVING,
                "The Quality Assurance process has been reviewed and the early stages of the new"
                " system appear to be positive.",
            ),
        ),
        ReportReceived(
            on=d("2018-06-01"),
            source=REPORT,
            dated=MONTH,
            note="The report gives its month, not its day",
            title=(
                "Report into Children's Services in Buckinghamshire following inspection: report"
                " for the Secretary of State for Education by John Coughlan, Commissioner, June"
                " 2018"
            ),
            period_start=d("2018-01-29"),
            period_words=(
                "The report will assess the direction of travel of the authority since the"
                " second judgement"
            ),
            overall_assessment=PASSAGE_BREAK.join(
                (
                    "All of our analysis strongly endorses the current direction of travel of the"
                    " authority and any further supports and interventions should be designed to"
                    " work with the grain of the new leadership.",
                    "This is not to say that all is well \u2013 it manifestly is not and there is"
                    ' a huge amount of work to be done to establish and "normalise" good social'
                    " work and childcare practice sustainably across the organisation.",
                    NO_VALID_CASE,
                )
            ),
            recommendation=PASSAGE_BREAK.join(
                (
                    "There should be no alternative delivery model in Buckinghamshire;",
                    "The current direction of travel of improvement planning under internal"
                    " leadership should be endorsed;",
                    "Some external support should be commissioned, possibly under the joint"
                    " brokerage of the local authority and DfE.",
                    "A primacy should be placed on the support and development of front line"
                    " managers and staff, balancing a firm application of consistent high"
                    " standards with a systematic range of mechanisms to ensure those managers"
                    " and staff are closely involved in and own the improvement process;",
                    "The children's improvement process does not need to be an impediment to LGR"
                    ' if the "minded to" decision is progressed. However, there are two firm'
                    " caveats: the leadership and workforce in children's services should be"
                    " formally and clearly protected from any organisational upheaval that might"
                    " emanate from LGR; and no form of LGR should be undertaken which splits"
                    " either the commissioning or delivery of children's services in"
                    " Buckinghamshire.",
                    "It should be generally recognised internally and externally that the"
                    " timeline to establishing embedded and sustained effective services is"
                    " likely to be a minimum of three years.",
                )
            ),
            risks=PASSAGE_BREAK.join(
                (
                    "I would categorically not recommend and would argue strongly against any"
                    " LGR decision to split children's services in Buckinghamshire, either in"
                    " terms of commissioning or delivery, from the existing single county model."
                    " I believe that would be taking serious and unwarranted risks with"
                    " children's welfare in the county.",
                    "The current new optimism is bound to be severely tested over time and as"
                    " managers assert what must be uncompromising standards on the quality of"
                    " practice.",
                )
            ),
        ),
        OptionConsidered(
            on=d("2018-06-01"),
            source=REPORT,
            dated=MONTH,
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
            on=d("2018-06-01"),
            source=REPORT,
            dated=MONTH,
            assessment=ADM,
            name=PARTNERSHIP,
            model="runs_services",
            description="A partnership with another authority, such as the Hampshire and Isle"
            " of Wight model.",
            cons="Cost, delay and disruption to a rapidly developing improvement programme.",
        ),
        OptionConsidered(
            on=d("2018-06-01"),
            source=REPORT,
            dated=MONTH,
            assessment=ADM,
            name=TRUST,
            model="childrens_trust",
            description="An independent trust runs children's services for the council.",
            pros=(
                "Can be a catalyst for change where the political or corporate environment is"
                " dysfunctional."
            ),
            cons="Substantial, diverting rebuilding; cost, delay and disruption.",
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
        SourcesEnd(
            on=d("2018-06-30"),
            source=REPORT,
            dated=MONTH,
            note="The report of June 2018 is the last source",
        ),
    ),
)

CASES = (BUCKINGHAMSHIRE_2018,)
