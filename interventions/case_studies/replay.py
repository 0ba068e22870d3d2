"""One case's facts, each turned into interventions service calls (or skipped if already there).

Every handler first looks for its record by natural key. If the record exists, or already shows
the change, it counts UNCHANGED and writes nothing; otherwise it calls the service and counts
CREATED or UPDATED. The caller runs each handler inside ``fact_time``, which dates the history.

Every record written from a fact that can say where it comes from (``models.Sourced``) gets the
fact's source title and, if the fact is illustrative, ``illustrative=True``; each RAG rating is
illustrative on its own terms too (``facts.Rating``). A ``ReportReceived`` is not written here:
the reporting app records it as a submitted report.
"""

from collections import Counter
from collections.abc import Iterable

from django.core.exceptions import ValidationError

from authorities.models import LeadershipPost, LocalAuthority
from core.history import (
    CREATED,
    UNCHANGED,
    UPDATED,
    apply_changes,
    provenance,
    save_with_history,
)
from inspections.models import Inspection

from .. import services
from ..models import (
    Action,
    ADMAssessment,
    Commissioner,
    ImprovementBoard,
    ImprovementPartnership,
    Intervention,
    Theme,
)
from . import facts as f


class Replay:
    """Applies one case's facts to the database through the services."""

    def __init__(self, case: f.Case, *, by, themes: dict[str, Theme], counts: Counter):
        self.case, self.by, self.themes, self.counts = case, by, themes, counts
        self.authority = LocalAuthority.objects.get(ons_code=case.ons_code)
        self.intervention: Intervention | None = None
        self.partnerships: dict[str, ImprovementPartnership] = {}
        self.boards: dict[str, ImprovementBoard] = {}
        self.assessments: dict[str, ADMAssessment] = {}

    def apply(self, fact: f.Fact) -> None:
        # DirectionRevised is a DirectionIssued, so look up the exact type. Every record the
        # fact creates names its document, and is illustrative if the fact is.
        with provenance(fact.source.title, illustrative=is_illustrative(fact)):
            getattr(self, HANDLERS[type(fact)])(fact)

    def count(self, kind: str, result: str) -> None:
        self.counts[f"{kind} {result}"] += 1

    # The intervention -------------------------------------------------------------------------

    def opened(self, fact: f.Opened) -> None:
        self.intervention = Intervention.objects.filter(
            authority=self.authority, opened_on=fact.on
        ).first()
        if self.intervention:
            self.count("interventions", UNCHANGED)
            return
        trigger = self.inspection(fact.trigger)
        notes = [fact.background, f"Case study: {self.case.title}.", fact.provenance]
        self.intervention = services.open_intervention(
            self.authority,
            by=self.by,
            opened_on=fact.on,
            reason=f"Opened on the {trigger.label} {trigger.date_text}" if trigger else "Opened",
            trigger_inspection=trigger,
            trigger_summary=fact.trigger_summary,
            reporting_period_months=fact.reporting_period_months,
            notes="\n\n".join(filter(None, notes)),
        )
        self.count("interventions", CREATED)

    def status_changed(self, fact: f.StatusChanged) -> None:
        to = fact.status
        if self.intervention.status_changes.filter(to_status=to, changed_on=fact.on).exists():
            self.count("status changes", UNCHANGED)
            return
        services.change_status(self.intervention, to, on=fact.on, reason=fact.why, by=self.by)
        self.count("status changes", CREATED)

    def closed(self, fact: f.Closed) -> None:
        if self.intervention.closed_on == fact.on:
            self.count("status changes", UNCHANGED)
            return
        services.close_intervention(
            self.intervention,
            on=fact.on,
            exit_reason=fact.exit_reason,
            reason=fact.why,
            by=self.by,
        )
        self.count("status changes", CREATED)

    def sources_end(self, fact: f.SourcesEnd) -> None:
        if self.intervention.sources_end_on == fact.on:
            self.count("records ending with their sources", UNCHANGED)
            return
        services.mark_sources_end(
            self.intervention,
            on=fact.on,
            by=self.by,
            reason=f"The sources end here: {fact.source.title}",
        )
        self.count("records ending with their sources", CREATED)

    # Notices and directions -------------------------------------------------------------------

    def notice_issued(self, fact: f.NoticeIssued) -> None:
        if self.intervention.notices.filter(issued_on=fact.on).exists():
            self.count("notices", UNCHANGED)
            return
        services.issue_notice(
            self.intervention,
            by=self.by,
            issued_on=fact.on,
            reason=fact.reason,
            requirements=fact.requirements,
            next_review_on=fact.next_review_on,
            notes=fact.provenance,
        )
        self.count("notices", CREATED)

    def notice_revised(self, fact: f.NoticeRevised) -> None:
        if self.intervention.notices.filter(issued_on=fact.on).exists():
            self.count("notices", UNCHANGED)
            return
        services.revise_notice(
            self.intervention.notices.open().get(),
            by=self.by,
            revised_on=fact.on,
            reason=fact.reason,
            requirements=fact.requirements,
            notes=fact.provenance,
        )
        self.count("notices", CREATED)

    def notice_lifted(self, fact: f.NoticeLifted) -> None:
        notice = self.intervention.notices.order_by("issued_on").last()
        if notice.lifted_on:
            self.count("notices", UNCHANGED)
            return
        services.lift_notice(notice, by=self.by, lifted_on=fact.on, reason=fact.reason)
        self.count("notices", UPDATED)

    def direction_terms(self, fact: f.DirectionIssued) -> dict:
        return {
            "requires_commissioner": fact.requires_commissioner,
            "requires_improvement_partner": fact.requires_improvement_partner,
            "requires_trust": fact.requires_trust,
            "requires_other_authority": fact.requires_other_authority,
            "requirements": fact.requirements,
            "expires_on": fact.expires_on,
            "next_review_on": fact.next_review_on,
            "notes": fact.provenance,
        }

    def direction_issued(self, fact: f.DirectionIssued) -> None:
        if self.intervention.directions.filter(issued_on=fact.on).exists():
            self.count("directions", UNCHANGED)
            return
        services.issue_direction(
            self.intervention,
            by=self.by,
            issued_on=fact.on,
            reason=fact.reason,
            **self.direction_terms(fact),
        )
        self.count("directions", CREATED)

    def direction_revised(self, fact: f.DirectionRevised) -> None:
        if self.intervention.directions.filter(issued_on=fact.on).exists():
            self.count("directions", UNCHANGED)
            return
        services.revise_direction(
            self.intervention.directions.open().get(),
            by=self.by,
            revised_on=fact.on,
            reason=fact.reason,
            **self.direction_terms(fact),
        )
        self.count("directions", CREATED)

    def direction_revoked(self, fact: f.DirectionRevoked) -> None:
        direction = self.intervention.directions.order_by("issued_on").last()
        if direction.revoked_on:
            self.count("directions", UNCHANGED)
            return
        services.revoke_direction(direction, by=self.by, revoked_on=fact.on, reason=fact.reason)
        self.count("directions", UPDATED)

    # People -----------------------------------------------------------------------------------

    def commissioner_appointed(self, fact: f.CommissionerAppointed) -> None:
        commissioner = self.commissioner(fact)
        if self.intervention.appointments.filter(
            commissioner=commissioner, starts_on=fact.on
        ).exists():
            self.count("appointments", UNCHANGED)
            return
        services.appoint_commissioner(
            self.intervention,
            commissioner,
            by=self.by,
            starts_on=fact.on,
            ends_on=fact.ends_on,
            reason=fact.reason,
            appointed_by=fact.appointed_by,
            notes=fact.provenance,
        )
        self.count("appointments", CREATED)

    def commissioner(self, fact: f.CommissionerAppointed) -> Commissioner:
        """The commissioner of that name (John Coughlan serves Torbay and Buckinghamshire)."""
        commissioner = Commissioner.objects.filter(name=fact.name).first()
        if commissioner:
            return commissioner
        commissioner = Commissioner(
            name=fact.name, title=fact.title, organisation=fact.organisation
        )
        save_with_history(commissioner, by=self.by, reason=fact.reason)
        self.count("commissioners", CREATED)
        return commissioner

    def post_held(self, fact: f.PostHeld) -> None:
        key = {
            "authority": self.authority_by_code(fact.ons_code),
            "role": fact.role,
            "person_name": fact.person,
            "start_date": fact.on,
        }
        post = LeadershipPost.objects.filter(**key).first() or LeadershipPost(**key)
        values = {"end_date": fact.ends_on, "is_interim": fact.is_interim}
        self.count("leadership posts", apply_changes(post, values, by=self.by, reason=fact.reason))

    # Partnerships and boards ------------------------------------------------------------------

    def partnership_started(self, fact: f.PartnershipStarted) -> None:
        supporting = self.authority_by_code(fact.supporting)
        partnership = ImprovementPartnership.objects.filter(
            supporting=supporting, supported=self.authority, starts_on=fact.on, model=fact.model
        ).first()
        if partnership:
            self.partnerships[fact.key] = partnership
            self.count("partnerships", UNCHANGED)
            return
        direction = self.intervention.directions.open().first() if fact.under_direction else None
        self.partnerships[fact.key] = services.start_partnership(
            supporting,
            self.authority,
            by=self.by,
            model=fact.model,
            legal_basis=fact.legal_basis,
            starts_on=fact.on,
            reason=fact.reason,
            intervention=self.intervention,
            direction=direction,
            break_clauses=fact.break_clauses,
            day_allowance_per_year=fact.day_allowance_per_year,
            day_rate=fact.day_rate,
            annual_budget=fact.annual_budget,
            overhead_percent=fact.overhead_percent,
            funded_by=fact.funded_by,
            heads_of_terms=fact.heads_of_terms,
            notes=fact.provenance,
        )
        self.count("partnerships", CREATED)

    def partnership_ended(self, fact: f.PartnershipEnded) -> None:
        partnership = self.partnerships[fact.key]
        if partnership.ends_on == fact.on:
            self.count("partnerships", UNCHANGED)
            return
        services.end_partnership(partnership, by=self.by, ends_on=fact.on, reason=fact.reason)
        self.count("partnerships", UPDATED)

    def partner_days_logged(self, fact: f.PartnerDaysLogged) -> None:
        partnership = self.partnerships[fact.partnership]
        if partnership.day_logs.filter(worked_on=fact.on).exists():
            self.count("partner day logs", UNCHANGED)
            return
        services.log_partner_days(
            partnership,
            by=self.by,
            worked_on=fact.on,
            days=fact.days,
            description=fact.description,
        )
        self.count("partner day logs", CREATED)

    def board_established(self, fact: f.BoardEstablished) -> None:
        board = self.intervention.boards.filter(name=fact.name).first()
        if board:
            self.boards[fact.key] = board
            self.count("boards", UNCHANGED)
            return
        self.boards[fact.key] = services.set_up_board(
            self.intervention,
            by=self.by,
            name=fact.name,
            chair_name=fact.chair_name,
            independent_chair=fact.independent_chair,
            chaired_by_commissioner=fact.chaired_by_commissioner,
            established_on=fact.established_on,
            reason=fact.reason,
            notes=fact.provenance,
        )
        self.count("boards", CREATED)

    def board_stood_down(self, fact: f.BoardStoodDown) -> None:
        board = self.boards[fact.key]
        if board.stood_down_on:
            self.count("boards", UNCHANGED)
            return
        services.stand_down_board(board, by=self.by, stood_down_on=fact.on, reason=fact.reason)
        self.count("boards", UPDATED)

    def board_met(self, fact: f.BoardMet) -> None:
        board = self.boards[fact.board]
        meeting = board.meetings.filter(held_on=fact.on).first()
        if meeting:
            self.count("board meetings", UNCHANGED)
        else:
            meeting = services.record_board_meeting(
                self.intervention,
                board=board,
                by=self.by,
                held_on=fact.on,
                attendees=fact.attendees,
                decisions=fact.decisions,
                notes=f"{fact.summary}\n\n{fact.provenance}",
            )
            self.count("board meetings", CREATED)
        self.record_entry(
            fact, kind="board_meeting", summary=fact.summary, ratings=fact.ratings, meeting=meeting
        )

    # The presumption and the Minister ---------------------------------------------------------

    def assessment_started(self, fact: f.AssessmentStarted) -> None:
        assessment = self.intervention.adm_assessments.filter(started_on=fact.on).first()
        if assessment:
            self.assessments[fact.key] = assessment
            self.count("ADM assessments", UNCHANGED)
            return
        self.assessments[fact.key] = services.record_adm_assessment(
            self.intervention,
            by=self.by,
            started_on=fact.on,
            reason=fact.reason,
            presumption_applies=fact.presumption_applies,
        )
        self.count("ADM assessments", CREATED)

    def option_considered(self, fact: f.OptionConsidered) -> None:
        assessment = self.assessments[fact.assessment]
        if assessment.options.filter(name=fact.name).exists():
            self.count("ADM options", UNCHANGED)
            return
        services.add_adm_option(
            assessment,
            by=self.by,
            name=fact.name,
            model=fact.model,
            reason=fact.reason,
            partner=self.authority_by_code(fact.partner),
            description=fact.description,
            pros=fact.pros,
            cons=fact.cons,
            risks=fact.risks,
        )
        self.count("ADM options", CREATED)

    def option_decided(self, fact: f.OptionDecided) -> None:
        option = self.assessments[fact.assessment].options.get(name=fact.name)
        if option.outcome == fact.outcome and option.outcome_on == fact.on:
            self.count("ADM options", UNCHANGED)
            return
        services.decide_option(
            option, by=self.by, outcome=fact.outcome, on=fact.on, reason=fact.why
        )
        self.count("ADM options", UPDATED)

    def assessment_concluded(self, fact: f.AssessmentConcluded) -> None:
        assessment = self.assessments[fact.key]
        if assessment.concluded_on == fact.on:
            self.count("ADM assessments", UNCHANGED)
            return
        services.conclude_adm_assessment(
            assessment,
            by=self.by,
            concluded_on=fact.on,
            recommendation=fact.recommendation,
            reason=fact.reason,
            recommended_model=fact.model,
            recommended_partner=self.authority_by_code(fact.partner),
            compelling_reasons=fact.compelling_reasons,
        )
        self.count("ADM assessments", UPDATED)

    def minister_decided(self, fact: f.MinisterDecided) -> None:
        decisions = self.intervention.ministerial_decisions
        if decisions.filter(stage=fact.stage, decided_on=fact.on).exists():
            self.count("ministerial decisions", UNCHANGED)
            return
        services.record_ministerial_decision(
            self.intervention,
            by=self.by,
            stage=fact.stage,
            decided_on=fact.on,
            decision=fact.decision,
            reason=fact.reason,
            assessment=self.assessments.get(fact.assessment),
            decided_by=fact.decided_by,
            next_update_due_on=fact.next_update_due_on,
        )
        self.count("ministerial decisions", CREATED)

    # The commissioner's log and actions -------------------------------------------------------

    def progress_logged(self, fact: f.ProgressLogged) -> None:
        self.record_entry(
            fact, kind=fact.kind, summary=fact.summary, ratings=fact.ratings, actor=fact.actor
        )

    def record_entry(
        self, fact: f.Fact, *, kind: str, summary: str, ratings, meeting=None, actor: str = ""
    ):
        """A progress entry, unless the intervention already has one of this kind, by this
        actor, that day."""
        entries = self.intervention.progress_entries
        if entries.filter(occurred_on=fact.on, kind=kind, actor=actor).exists():
            self.count("progress entries", UNCHANGED)
            return
        services.record_progress(
            self.intervention,
            by=self.by,
            occurred_on=fact.on,
            kind=kind,
            summary=summary,
            ratings=self.ratings(ratings, fact),
            board_meeting=meeting,
            actor=actor,
        )
        self.count("progress entries", CREATED)

    def report_received(self, fact: f.ReportReceived) -> None:
        # The reporting app records it as a submitted report (facts.received_reports).
        self.count("reports received (recorded by reporting)", UNCHANGED)

    def action_raised(self, fact: f.ActionRaised) -> None:
        if self.intervention.actions.filter(title=fact.title).exists():
            self.count("actions", UNCHANGED)
            return
        details = {
            "description": fact.description,
            "owner": fact.owner,
            "due_on": fact.due_on,
            "source": fact.source_kind,
            "illustrative": is_illustrative(fact),
            "created_on": fact.on,
            **self.action_origin(fact),
        }
        services.create_action(
            self.intervention, by=self.by, title=fact.title, reason=fact.reason, **details
        )
        self.count("actions", CREATED)

    def action_origin(self, fact: f.ActionRaised) -> dict:
        if fact.from_board:
            return {"source_meeting": self.boards[fact.from_board].meetings.get(held_on=fact.on)}
        if fact.from_entry_kind:
            entries = self.intervention.progress_entries
            return {"source_entry": entries.get(occurred_on=fact.on, kind=fact.from_entry_kind)}
        return {}

    def action_closed(self, fact: f.ActionClosed) -> None:
        action = self.intervention.actions.get(title=fact.title)
        if action.status == fact.status:
            self.count("actions", UNCHANGED)
            return
        completed_on = fact.on if fact.status == Action.Status.DONE else None
        # An action closed on no source's word is illustrative from then on.
        illustrative = action.illustrative or is_illustrative(fact)
        services.update_action(
            action,
            by=self.by,
            reason=fact.reason,
            status=fact.status,
            completed_on=completed_on,
            illustrative=illustrative,
        )
        self.count("actions", UPDATED)

    # Lookups ----------------------------------------------------------------------------------

    def authority_by_code(self, ons_code: str | None) -> LocalAuthority | None:
        return LocalAuthority.objects.get(ons_code=ons_code) if ons_code else None

    def inspection(self, key: f.InspectionKey | None) -> Inspection | None:
        if key is None:
            return None
        return Inspection.objects.get(
            authority__ons_code=key.ons_code,
            framework=key.framework,
            type=key.type,
            publication_date=key.publication_date,
        )

    def ratings(self, ratings: Iterable[f.Rating], fact: f.Fact) -> list[tuple]:
        """(theme, rag, direction, rationale, illustrative) for ``services.record_progress``:
        a rating is illustrative if its fact is, or if no source states it."""
        missing = {r.theme for r in ratings} - set(self.themes)
        if missing:
            raise ValidationError(f"No RAG theme has the code {', '.join(sorted(missing))}")
        return [
            (
                self.themes[r.theme],
                r.rag,
                r.direction,
                r.rationale,
                is_illustrative(fact) or r.illustrative,
            )
            for r in ratings
        ]


def is_illustrative(fact: f.Fact) -> bool:
    return fact.dated == f.ILLUSTRATIVE


HANDLERS: dict[type, str] = {
    f.Opened: "opened",
    f.StatusChanged: "status_changed",
    f.Closed: "closed",
    f.SourcesEnd: "sources_end",
    f.NoticeIssued: "notice_issued",
    f.NoticeRevised: "notice_revised",
    f.NoticeLifted: "notice_lifted",
    f.DirectionIssued: "direction_issued",
    f.DirectionRevised: "direction_revised",
    f.DirectionRevoked: "direction_revoked",
    f.CommissionerAppointed: "commissioner_appointed",
    f.PostHeld: "post_held",
    f.PartnershipStarted: "partnership_started",
    f.PartnershipEnded: "partnership_ended",
    f.PartnerDaysLogged: "partner_days_logged",
    f.BoardEstablished: "board_established",
    f.BoardStoodDown: "board_stood_down",
    f.BoardMet: "board_met",
    f.AssessmentStarted: "assessment_started",
    f.OptionConsidered: "option_considered",
    f.OptionDecided: "option_decided",
    f.AssessmentConcluded: "assessment_concluded",
    f.MinisterDecided: "minister_decided",
    f.ProgressLogged: "progress_logged",
    f.ReportReceived: "report_received",
    f.ActionRaised: "action_raised",
    f.ActionClosed: "action_closed",
}
