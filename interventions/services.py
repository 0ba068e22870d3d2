"""Workflows on interventions: every change saved with history, who made it and why.

Views, the admin, management commands and loaders all call these functions. Each validates
(raising ``ValidationError`` with GOV.UK-style messages), saves through
``core.history.save_with_history`` (so ``full_clean`` and the history row's user and reason are
always set) and runs in one transaction. Where a key date or status changes the reason is
required; where a record is created a default reason says what happened.
"""

import datetime
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from core.history import save_with_history

from .evidence import StagedFile
from .models import (
    Action,
    ADMAssessment,
    ADMOption,
    BoardMeeting,
    Commissioner,
    CommissionerAppointment,
    DeliveryModel,
    Evidence,
    ImprovementBoard,
    ImprovementNotice,
    ImprovementPartnership,
    Intervention,
    MinisterialDecision,
    PartnerDayLog,
    ProgressEntry,
    StatusChange,
    StatutoryDirection,
    Theme,
    ThemeRating,
)

Rating = tuple[Theme, str, str, str]  # (theme, rag, direction of travel, rationale)


def _require_reason(reason: str, what: str) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": f"Enter a reason for {what}"})
    return reason


def _require_on_or_after(day: datetime.date, earliest: datetime.date, field: str, message: str):
    if day < earliest:
        raise ValidationError({field: message})


def _author(by, author):
    """Who wrote an entry: the author given, else the actor, unless the actor is a process
    (system accounts are inactive), whose loaded entries have no author."""
    if author is not None:
        return author
    return by if by is not None and by.is_active else None


# ---------------------------------------------------------------------------------------------
# The intervention and its status


@transaction.atomic
def open_intervention(
    authority,
    *,
    by,
    opened_on: datetime.date,
    reason: str = "",
    trigger_inspection=None,
    trigger_summary: str = "",
    status: str = Intervention.Status.TRIGGERED,
    reporting_period_months: int = 3,
    notes: str = "",
) -> Intervention:
    """Open an intervention in an authority (only one may be open at a time)."""
    if status == Intervention.Status.CLOSED:
        raise ValidationError(
            {"status": "Choose a status other than closed for a new intervention"}
        )
    if Intervention.objects.open().filter(authority=authority).exists():
        raise ValidationError(
            {"authority": f"{authority} already has an open intervention: close it first"}
        )
    reason = reason.strip() or "Intervention opened"
    intervention = Intervention(
        authority=authority,
        opened_on=opened_on,
        status=status,
        status_changed_on=opened_on,
        trigger_inspection=trigger_inspection,
        trigger_summary=trigger_summary,
        reporting_period_months=reporting_period_months,
        notes=notes,
    )
    save_with_history(intervention, by=by, reason=reason)
    change = StatusChange(
        intervention=intervention,
        from_status="",
        to_status=status,
        changed_on=opened_on,
        reason=reason,
        changed_by=by,
    )
    save_with_history(change, by=by, reason=reason)
    return intervention


@transaction.atomic
def change_status(
    intervention: Intervention, to: str, *, on: datetime.date, reason: str, by
) -> StatusChange:
    """Move an open intervention to another status on a date, recording the transition and
    why. Closing is ``close_intervention``: it needs an exit reason."""
    if to == Intervention.Status.CLOSED:
        raise ValidationError(
            {"status": "Close the intervention with its closing date and why it closed"}
        )
    return _move(intervention, to, on=on, reason=reason, by=by)


@transaction.atomic
def close_intervention(
    intervention: Intervention,
    *,
    on: datetime.date,
    exit_reason: str,
    reason: str,
    by,
) -> StatusChange:
    """Close an intervention on a date with why (direction revoked, notice lifted, replaced by
    a notice...). Every reporting duty ends on that day: a final report covers the last
    part-period, and nothing is owed after it."""
    if exit_reason not in Intervention.ExitReason.values:
        raise ValidationError({"exit_reason": "Choose why the intervention closed"})
    return _move(
        intervention,
        Intervention.Status.CLOSED,
        on=on,
        reason=reason,
        by=by,
        exit_reason=exit_reason,
    )


def _move(
    intervention: Intervention,
    to: str,
    *,
    on: datetime.date,
    reason: str,
    by,
    exit_reason: str = "",
) -> StatusChange:
    reason = _require_reason(reason, "the change of status")
    if to not in Intervention.Status.values:
        raise ValidationError({"status": "Choose a status"})
    # Lock the row so two changes cannot both start from the same status.
    Intervention.objects.select_for_update().filter(pk=intervention.pk).first()
    intervention.refresh_from_db()
    current = intervention.get_status_display().lower()
    if to == intervention.status:
        raise ValidationError({"status": f"The intervention is already {current}"})
    if not intervention.can_change_to(to):
        target = Intervention.Status(to).label.lower()
        raise ValidationError(
            {"status": f"An intervention that is {current} cannot move to {target}"}
        )
    _require_on_or_after(
        on,
        intervention.status_changed_on,
        "on",
        "The date of the change must be on or after the date of the last change of status"
        f" ({intervention.status_changed_on:%-d %B %Y})",
    )
    change = StatusChange(
        intervention=intervention,
        from_status=intervention.status,
        to_status=to,
        changed_on=on,
        reason=reason,
        changed_by=by,
    )
    intervention.status = to
    intervention.status_changed_on = on
    if to == Intervention.Status.CLOSED:
        intervention.closed_on, intervention.exit_reason = on, exit_reason
    save_with_history(intervention, by=by, reason=reason)
    save_with_history(change, by=by, reason=reason)
    return change


@transaction.atomic
def mark_sources_end(intervention: Intervention, *, on: datetime.date, by, reason: str):
    """Record the last day a loaded record's sources cover: nothing after it is owed or shown
    as current."""
    reason = _require_reason(reason, "recording where the sources end")
    intervention.sources_end_on = on
    save_with_history(intervention, by=by, reason=reason)
    return intervention


@transaction.atomic
def set_reporting_cadence(
    intervention: Intervention,
    *,
    by,
    reason: str,
    period_months: int,
) -> Intervention:
    """Change how often a commissioner reports on an intervention (periods still start on the
    appointment date)."""
    reason = _require_reason(reason, "changing the reporting cadence")
    intervention.reporting_period_months = period_months
    save_with_history(intervention, by=by, reason=reason)
    return intervention


# ---------------------------------------------------------------------------------------------
# Notices and directions


def _refuse_if_open(queryset, instrument: str):
    if queryset.open().exists():
        raise ValidationError(
            {
                "issued_on": f"This intervention already has {instrument} in force: revise it or"
                " end it first"
            }
        )


@transaction.atomic
def issue_notice(
    intervention: Intervention,
    *,
    by,
    issued_on: datetime.date,
    reason: str = "",
    requirements: str = "",
    next_review_on: datetime.date | None = None,
    notes: str = "",
    adviser: str = "",
    review_every_months: int = 6,
) -> ImprovementNotice:
    """Issue an improvement notice (one may be in force per intervention); an ``adviser`` named
    on it owes DfE officials a review every ``review_every_months`` (``duties``)."""
    _refuse_if_open(intervention.notices, "an improvement notice")
    notice = ImprovementNotice(
        intervention=intervention,
        issued_on=issued_on,
        adviser=adviser,
        review_every_months=review_every_months,
        requirements=requirements,
        next_review_on=next_review_on,
        notes=notes,
    )
    save_with_history(notice, by=by, reason=reason.strip() or "Improvement notice issued")
    return notice


@transaction.atomic
def revise_notice(
    notice: ImprovementNotice,
    *,
    by,
    revised_on: datetime.date,
    reason: str,
    requirements: str | None = None,
    next_review_on: datetime.date | None = None,
    notes: str = "",
) -> ImprovementNotice:
    """Replace a notice by a revised one issued on ``revised_on``; returns the new notice."""
    reason = _require_reason(reason, "revising the notice")
    _require_open(notice, "notice")
    notice.revised_on = revised_on
    save_with_history(notice, by=by, reason=reason)
    revised = ImprovementNotice(
        intervention=notice.intervention,
        issued_on=revised_on,
        requirements=notice.requirements if requirements is None else requirements,
        next_review_on=next_review_on,
        supersedes=notice,
        notes=notes,
    )
    save_with_history(revised, by=by, reason=reason)
    return revised


@transaction.atomic
def lift_notice(
    notice: ImprovementNotice, *, by, lifted_on: datetime.date, reason: str
) -> ImprovementNotice:
    """Lift a notice in force: enough progress has been made."""
    reason = _require_reason(reason, "lifting the notice")
    _require_open(notice, "notice")
    notice.lifted_on = lifted_on
    save_with_history(notice, by=by, reason=reason)
    return notice


def _require_open(instrument, name: str):
    if not instrument.is_open:
        raise ValidationError({"issued_on": f"This {name} is no longer in force"})


DIRECTION_TERMS = (
    "legal_basis",
    "requires_commissioner",
    "requires_improvement_partner",
    "requires_trust",
    "requires_other_authority",
    "requirements",
    "expires_on",
    "next_review_on",
    "notes",
)


@transaction.atomic
def issue_direction(
    intervention: Intervention,
    *,
    by,
    issued_on: datetime.date,
    reason: str = "",
    **terms: Any,
) -> StatutoryDirection:
    """Issue a statutory direction; ``terms`` are any of DIRECTION_TERMS (one may be open)."""
    _check_terms(terms)
    _refuse_if_open(intervention.directions, "a direction")
    direction = StatutoryDirection(intervention=intervention, issued_on=issued_on, **terms)
    save_with_history(direction, by=by, reason=reason.strip() or "Statutory direction issued")
    return direction


@transaction.atomic
def revise_direction(
    direction: StatutoryDirection,
    *,
    by,
    revised_on: datetime.date,
    reason: str,
    **changes: Any,
) -> StatutoryDirection:
    """Replace a direction by a revised one issued on ``revised_on``, keeping its terms except
    ``changes`` (any of DIRECTION_TERMS); returns the new direction."""
    reason = _require_reason(reason, "revising the direction")
    _check_terms(changes)
    _require_open(direction, "direction")
    direction.revised_on = revised_on
    save_with_history(direction, by=by, reason=reason)
    terms = {name: getattr(direction, name) for name in DIRECTION_TERMS}
    terms.update(next_review_on=None, notes="")
    terms.update(changes)
    revised = StatutoryDirection(
        intervention=direction.intervention, issued_on=revised_on, supersedes=direction, **terms
    )
    save_with_history(revised, by=by, reason=reason)
    return revised


@transaction.atomic
def revoke_direction(
    direction: StatutoryDirection, *, by, revoked_on: datetime.date, reason: str
) -> StatutoryDirection:
    reason = _require_reason(reason, "revoking the direction")
    _require_open(direction, "direction")
    direction.revoked_on = revoked_on
    save_with_history(direction, by=by, reason=reason)
    return direction


@transaction.atomic
def schedule_review(instrument, *, by, next_review_on: datetime.date | None, reason: str):
    """Set the next review date of a notice or direction."""
    reason = _require_reason(reason, "changing the review date")
    instrument.next_review_on = next_review_on
    save_with_history(instrument, by=by, reason=reason)
    return instrument


def _check_terms(terms: dict):
    unknown = set(terms) - set(DIRECTION_TERMS)
    if unknown:
        raise TypeError(f"Unknown direction terms: {', '.join(sorted(unknown))}")


# ---------------------------------------------------------------------------------------------
# Commissioners


@transaction.atomic
def add_commissioner(
    *,
    by,
    name: str,
    title: str = "",
    organisation: str = "",
    email: str = "",
    user=None,
    reason: str = "",
) -> Commissioner:
    """Record a commissioner; ``user`` is the account they sign in with, if they have one."""
    commissioner = Commissioner(
        name=name, title=title, organisation=organisation, email=email, user=user
    )
    save_with_history(commissioner, by=by, reason=reason.strip() or "Commissioner added")
    return commissioner


@transaction.atomic
def link_commissioner_account(commissioner: Commissioner, user, *, by, reason: str) -> Commissioner:
    """Link (or, with ``user=None``, unlink) the account a commissioner signs in with: it
    decides which interventions that account can see."""
    reason = _require_reason(reason, "changing the commissioner's account")
    commissioner.user = user
    save_with_history(commissioner, by=by, reason=reason)
    return commissioner


@transaction.atomic
def appoint_commissioner(
    intervention: Intervention,
    commissioner: Commissioner,
    *,
    by,
    starts_on: datetime.date,
    reason: str = "",
    ends_on: datetime.date | None = None,
    appointed_by: str = "",
    notes: str = "",
) -> CommissionerAppointment:
    """Appoint a commissioner to an intervention (not twice over the same dates)."""
    _require_on_or_after(
        starts_on,
        intervention.opened_on,
        "starts_on",
        "The appointment must start on or after the intervention opened",
    )
    overlapping = intervention.appointments.filter(commissioner=commissioner).exclude(
        ends_on__lt=starts_on
    )
    if ends_on is not None:
        overlapping = overlapping.filter(starts_on__lte=ends_on)
    if overlapping.exists():
        raise ValidationError(
            {"starts_on": f"{commissioner} is already appointed to this intervention then"}
        )
    appointment = CommissionerAppointment(
        intervention=intervention,
        commissioner=commissioner,
        starts_on=starts_on,
        ends_on=ends_on,
        appointed_by=appointed_by,
        notes=notes,
    )
    save_with_history(appointment, by=by, reason=reason.strip() or "Commissioner appointed")
    return appointment


@transaction.atomic
def end_appointment(
    appointment: CommissionerAppointment, *, by, ends_on: datetime.date, reason: str
) -> CommissionerAppointment:
    reason = _require_reason(reason, "ending the appointment")
    appointment.ends_on = ends_on
    save_with_history(appointment, by=by, reason=reason)
    return appointment


# ---------------------------------------------------------------------------------------------
# Improvement partnerships


@transaction.atomic
def start_partnership(
    supporting,
    supported,
    *,
    by,
    model: str,
    legal_basis: str,
    starts_on: datetime.date,
    reason: str = "",
    intervention: Intervention | None = None,
    direction: StatutoryDirection | None = None,
    ends_on: datetime.date | None = None,
    break_clauses: str = "",
    day_allowance_per_year: Decimal | None = None,
    day_rate: Decimal | None = None,
    annual_budget: Decimal | None = None,
    overhead_percent: Decimal | None = None,
    funded_by: str = "",
    heads_of_terms: str = "",
    notes: str = "",
) -> ImprovementPartnership:
    """Record a partnership in which ``supporting`` supports ``supported``."""
    partnership = ImprovementPartnership(
        supporting=supporting,
        supported=supported,
        model=model,
        legal_basis=legal_basis,
        starts_on=starts_on,
        intervention=intervention,
        direction=direction,
        ends_on=ends_on,
        break_clauses=break_clauses,
        day_allowance_per_year=day_allowance_per_year,
        day_rate=day_rate,
        annual_budget=annual_budget,
        overhead_percent=overhead_percent,
        funded_by=funded_by,
        heads_of_terms=heads_of_terms,
        notes=notes,
    )
    save_with_history(partnership, by=by, reason=reason.strip() or "Partnership started")
    return partnership


@transaction.atomic
def end_partnership(
    partnership: ImprovementPartnership, *, by, ends_on: datetime.date, reason: str
) -> ImprovementPartnership:
    reason = _require_reason(reason, "ending the partnership")
    last_logged = partnership.day_logs.order_by("-worked_on").values_list("worked_on", flat=True)
    if last_logged and last_logged[0] > ends_on:
        raise ValidationError(
            {"ends_on": f"Days are logged after that date (on {last_logged[0]:%-d %B %Y})"}
        )
    partnership.ends_on = ends_on
    save_with_history(partnership, by=by, reason=reason)
    return partnership


@transaction.atomic
def log_partner_days(
    partnership: ImprovementPartnership,
    *,
    by,
    worked_on: datetime.date,
    days: Decimal,
    description: str = "",
) -> PartnerDayLog:
    """Log days of partner support against the partnership's allowance."""
    log = PartnerDayLog(
        partnership=partnership,
        worked_on=worked_on,
        days=days,
        description=description,
        logged_by=by,
    )
    save_with_history(log, by=by, reason="Partner days logged")
    return log


# ---------------------------------------------------------------------------------------------
# Improvement boards


@transaction.atomic
def set_up_board(
    intervention: Intervention,
    *,
    by,
    chair_name: str = "",
    independent_chair: bool = False,
    chaired_by_commissioner: bool = False,
    established_on: datetime.date | None = None,
    name: str = "Children's Improvement Board",
    reason: str = "",
    notes: str = "",
) -> ImprovementBoard:
    board = ImprovementBoard(
        intervention=intervention,
        name=name,
        chair_name=chair_name,
        independent_chair=independent_chair,
        chaired_by_commissioner=chaired_by_commissioner,
        established_on=established_on,
        notes=notes,
    )
    save_with_history(board, by=by, reason=reason.strip() or "Improvement board set up")
    return board


@transaction.atomic
def stand_down_board(
    board: ImprovementBoard, *, by, stood_down_on: datetime.date, reason: str
) -> ImprovementBoard:
    reason = _require_reason(reason, "standing the board down")
    board.stood_down_on = stood_down_on
    save_with_history(board, by=by, reason=reason)
    return board


@transaction.atomic
def record_board_meeting(
    board: ImprovementBoard,
    *,
    by,
    held_on: datetime.date,
    attendees: str = "",
    decisions: str = "",
    notes: str = "",
) -> BoardMeeting:
    meeting = BoardMeeting(
        board=board,
        held_on=held_on,
        attendees=attendees,
        decisions=decisions,
        notes=notes,
    )
    save_with_history(meeting, by=by, reason="Board meeting recorded")
    return meeting


# ---------------------------------------------------------------------------------------------
# Progress entries


@transaction.atomic
def record_progress(
    intervention: Intervention,
    *,
    by,
    occurred_on: datetime.date,
    kind: str,
    summary: str,
    ratings: Iterable[Rating] = (),
    author=None,
    board_meeting: BoardMeeting | None = None,
    actor: str = "",
) -> ProgressEntry:
    """Record what the commissioner did or saw on a date, with a RAG rating per theme; or,
    with ``kind="event"`` and an ``actor``, what someone else did (a council's decision, an
    Ofsted publication).

    ``ratings`` are (theme, rag, direction, rationale), or with a fifth item saying whether the
    rating itself is illustrative; a rationale is required when a theme's rating differs from
    its previous one. The author is ``author``, else ``by`` (unless ``by`` is a process's
    system account). A loader names the document inside ``core.history.provenance``.
    """
    _require_within(intervention, occurred_on)
    entry = ProgressEntry(
        intervention=intervention,
        author=_author(by, author),
        occurred_on=occurred_on,
        kind=kind,
        summary=summary,
        board_meeting=board_meeting,
        actor=actor,
    )
    save_with_history(entry, by=by, reason="Progress recorded")
    seen = set()
    for theme, rag, direction, rationale, *flag in ratings:
        if theme.pk in seen:
            raise ValidationError({"ratings": f"Rate {theme} only once in an entry"})
        seen.add(theme.pk)
        rating = ThemeRating(
            entry=entry,
            theme=theme,
            illustrative=bool(flag and flag[0]),
        )
        _save_rating(rating, rag, direction, rationale, by, "")
    return entry


@transaction.atomic
def update_progress(entry: ProgressEntry, *, by, reason: str = "", **changes: Any) -> ProgressEntry:
    """Change an entry's date, kind, summary or board meeting (not once it is locked)."""
    allowed = {"occurred_on", "kind", "summary", "board_meeting"}
    unknown = set(changes) - allowed
    if unknown:
        raise TypeError(f"Cannot change {', '.join(sorted(unknown))} of a progress entry")
    _refuse_if_locked(entry)
    if "occurred_on" in changes:
        reason = _require_reason(reason, "changing the date of the entry")
        _require_within(entry.intervention, changes["occurred_on"])
    for name, value in changes.items():
        setattr(entry, name, value)
    save_with_history(entry, by=by, reason=reason.strip() or "Progress entry edited")
    return entry


@transaction.atomic
def rate_theme(
    entry: ProgressEntry,
    theme: Theme,
    *,
    by,
    rag: str,
    direction: str,
    rationale: str = "",
    reason: str = "",
) -> ThemeRating:
    """Add or change one theme's rating in an entry (not once the entry is locked)."""
    _refuse_if_locked(entry)
    rating = ThemeRating.objects.filter(entry=entry, theme=theme).first()
    rating = rating or ThemeRating(entry=entry, theme=theme)
    return _save_rating(rating, rag, direction, rationale, by, reason)


def _save_rating(rating: ThemeRating, rag, direction, rationale, by, reason) -> ThemeRating:
    if rating._state.adding and not rating.theme.active:
        raise ValidationError({"ratings": f"{rating.theme} is no longer rated: choose another"})
    rating.rag, rating.direction, rating.rationale = rag, direction, rationale or ""
    default = "Theme rated" if rating._state.adding else "Theme rating changed"
    save_with_history(rating, by=by, reason=reason.strip() or default)
    return rating


@transaction.atomic
def lock_entries(entries: Iterable[ProgressEntry], *, by, reason: str) -> int:
    """Lock entries a submitted report includes, so what the Minister read stays as it was.

    Returns how many were newly locked; entries already locked keep their original time.
    """
    reason = _require_reason(reason, "locking the entries")
    now = timezone.now()
    locked = 0
    for entry in entries:
        if entry.locked_at is None:
            entry.locked_at = now
            save_with_history(entry, by=by, reason=reason)
            locked += 1
    return locked


def _refuse_if_locked(entry: ProgressEntry):
    if entry.is_locked:
        raise ValidationError(
            "This entry is part of a submitted report and can no longer be changed"
        )


def _require_within(intervention: Intervention, day: datetime.date):
    if day < intervention.opened_on or (intervention.closed_on and day > intervention.closed_on):
        raise ValidationError({"occurred_on": "Enter a date while the intervention was open"})


# ---------------------------------------------------------------------------------------------
# ADM assessments and the Minister's decisions

OPTION_FIELDS = (
    "name",
    "model",
    "partner",
    "description",
    "pros",
    "cons",
    "risks",
    "outcome",
    "outcome_on",
    "outcome_reason",
)


@transaction.atomic
def record_adm_assessment(
    intervention: Intervention,
    *,
    by,
    started_on: datetime.date,
    reason: str = "",
    concluded_on: datetime.date | None = None,
    presumption_applies: bool | None = None,
    compelling_reasons: str = "",
    recommendation: str = "",
    recommended_model: str = "",
    recommended_partner=None,
    options: Iterable[dict[str, Any]] = (),
) -> ADMAssessment:
    """Record the commissioner's ADM assessment with the options weighed (dicts of
    OPTION_FIELDS; at most one recommended)."""
    assessment = ADMAssessment(
        intervention=intervention,
        started_on=started_on,
        concluded_on=concluded_on,
        presumption_applies=presumption_applies,
        compelling_reasons=compelling_reasons,
        recommendation=recommendation,
        recommended_model=recommended_model,
        recommended_partner=recommended_partner,
    )
    save_with_history(assessment, by=by, reason=reason.strip() or "ADM assessment recorded")
    for option in options:
        add_adm_option(assessment, by=by, **option)
    return assessment


@transaction.atomic
def add_adm_option(
    assessment: ADMAssessment,
    *,
    by,
    name: str,
    model: str = DeliveryModel.OTHER,
    reason: str = "",
    **details: Any,
) -> ADMOption:
    unknown = set(details) - set(OPTION_FIELDS)
    if unknown:
        raise TypeError(f"Unknown option fields: {', '.join(sorted(unknown))}")
    option = ADMOption(assessment=assessment, name=name, model=model, **details)
    save_with_history(option, by=by, reason=reason.strip() or "ADM option recorded")
    return option


@transaction.atomic
def decide_option(
    option: ADMOption, *, by, outcome: str, on: datetime.date, reason: str
) -> ADMOption:
    """Discount or recommend an option (recommending needs no other option recommended)."""
    reason = _require_reason(reason, "the decision on this option")
    option.outcome, option.outcome_on, option.outcome_reason = outcome, on, reason
    save_with_history(option, by=by, reason=reason)
    return option


@transaction.atomic
def conclude_adm_assessment(
    assessment: ADMAssessment,
    *,
    by,
    concluded_on: datetime.date,
    recommendation: str,
    reason: str = "",
    recommended_model: str = "",
    recommended_partner=None,
    presumption_applies: bool | None = None,
    compelling_reasons: str = "",
) -> ADMAssessment:
    if not recommendation.strip():
        raise ValidationError({"recommendation": "Enter the recommendation"})
    assessment.concluded_on = concluded_on
    assessment.recommendation = recommendation
    assessment.recommended_model = recommended_model
    assessment.recommended_partner = recommended_partner
    if presumption_applies is not None:
        assessment.presumption_applies = presumption_applies
    if compelling_reasons:
        assessment.compelling_reasons = compelling_reasons
    save_with_history(assessment, by=by, reason=reason.strip() or "ADM assessment concluded")
    return assessment


@transaction.atomic
def record_ministerial_decision(
    intervention: Intervention,
    *,
    by,
    stage: str,
    decided_on: datetime.date,
    decision: str,
    reason: str = "",
    assessment: ADMAssessment | None = None,
    decided_by: str = "",
    next_update_due_on: datetime.date | None = None,
) -> MinisterialDecision:
    """Record the Minister's decision: "minded to", then confirmed or rejected."""
    record = MinisterialDecision(
        intervention=intervention,
        assessment=assessment,
        stage=stage,
        decided_on=decided_on,
        decided_by=decided_by,
        decision=decision,
        next_update_due_on=next_update_due_on,
    )
    default = f"Minister's decision recorded ({MinisterialDecision.Stage(stage).label.lower()})"
    save_with_history(record, by=by, reason=reason.strip() or default)
    return record


# ---------------------------------------------------------------------------------------------
# Actions

ACTION_FIELDS = {
    "title",
    "description",
    "owner",
    "owner_user",
    "due_on",
    "status",
    "completed_on",
    "source",
    "source_entry",
    "source_meeting",
    "illustrative",
    "created_on",
}
ACTION_KEY_FIELDS = {"due_on", "status", "completed_on"}


@transaction.atomic
def create_action(
    intervention: Intervention,
    *,
    by,
    title: str,
    reason: str = "",
    **details: Any,
) -> Action:
    """Create an open action; ``details`` are any of ACTION_FIELDS. The source follows from
    ``source_entry`` or ``source_meeting`` when it is not given."""
    _check_action_fields(details)
    if "source" not in details:
        if details.get("source_entry"):
            details["source"] = Action.Source.PROGRESS_ENTRY
        elif details.get("source_meeting"):
            details["source"] = Action.Source.BOARD_MEETING
    action = Action(intervention=intervention, title=title, **details)
    _complete_if_done(action)
    save_with_history(action, by=by, reason=reason.strip() or "Action created")
    return action


@transaction.atomic
def update_action(action: Action, *, by, reason: str = "", **changes: Any) -> Action:
    """Change an action; a reason is required when its due date, status or completion date
    changes. Marking it done without a completion date completes it today."""
    _check_action_fields(changes)
    key_changed = {
        name
        for name, value in changes.items()
        if name in ACTION_KEY_FIELDS and getattr(action, name) != value
    }
    if key_changed:
        reason = _require_reason(reason, "changing the due date or status")
    for name, value in changes.items():
        setattr(action, name, value)
    _complete_if_done(action)
    save_with_history(action, by=by, reason=reason.strip() or "Action edited")
    return action


def _complete_if_done(action: Action):
    if action.status == Action.Status.DONE and action.completed_on is None:
        action.completed_on = timezone.localdate()
    if action.status == Action.Status.OPEN:
        action.completed_on = None


def _check_action_fields(fields: dict):
    unknown = set(fields) - ACTION_FIELDS
    if unknown:
        raise TypeError(f"Unknown action fields: {', '.join(sorted(unknown))}")


# ---------------------------------------------------------------------------------------------
# The commissioner's workspace: optimistic locking, evidence, and editing what was recorded


class EditConflict(Exception):
    """Someone saved the record after the form was opened: ``current`` is the record as it is
    now, ``version`` the version the form was built from."""

    def __init__(self, current, version: int):
        name = current._meta.verbose_name
        super().__init__(f"{name} {current.pk} is no longer at version {version}")
        self.current = current
        self.version = version


def lock_for_edit(instance, version: int):
    """The record, locked until the transaction ends, if it is still at ``version``.

    Two people saving the same record wait for each other here, and the second finds the
    version moved on: an EditConflict, never a silent overwrite.
    """
    current = type(instance)._default_manager.select_for_update().get(pk=instance.pk)
    if current.version != version:
        raise EditConflict(current, version)
    return current


def _differences(instance, values: dict[str, Any]) -> dict[str, Any]:
    """Only the values that differ from the instance's: a form posts every field."""
    return {name: value for name, value in values.items() if getattr(instance, name) != value}


def _require_author(entry: ProgressEntry, by, today: datetime.date | None = None) -> None:
    """An entry is changed only by its author, and only while they are appointed to it."""
    appointed = CommissionerAppointment.objects.current(today).filter(
        intervention_id=entry.intervention_id, commissioner__user=by
    )
    if by is None or entry.author_id != by.pk or not appointed.exists():
        raise PermissionDenied(
            "Only the commissioner who wrote an entry can change it, while appointed"
        )


@transaction.atomic
def log_progress(
    intervention: Intervention,
    *,
    by,
    occurred_on: datetime.date,
    kind: str,
    summary: str,
    ratings: Iterable[Rating] = (),
    evidence: Iterable[StagedFile] = (),
    board_meeting: BoardMeeting | None = None,
) -> ProgressEntry:
    """Record an entry from the workspace, with its ratings and the files staged for it."""
    entry = record_progress(
        intervention,
        by=by,
        occurred_on=occurred_on,
        kind=kind,
        summary=summary,
        ratings=ratings,
        board_meeting=board_meeting,
    )
    for staged in evidence:
        attach_evidence(entry, staged, by=by)
    return entry


@transaction.atomic
def edit_progress_entry(
    entry: ProgressEntry,
    *,
    by,
    version: int,
    reason: str = "",
    changes: dict[str, Any] | None = None,
    ratings: Iterable[Rating] = (),
    evidence: Iterable[StagedFile] = (),
    remove_evidence: Iterable[Evidence] = (),
) -> ProgressEntry:
    """Change an entry the form showed at ``version``: its fields (as ``update_progress``), its
    ratings, and its evidence. Only the author may, while appointed, until the entry is locked.

    The entry itself is saved whenever anything about it changes, so that its version moves on
    and a second form open on it sees the conflict.
    """
    entry = lock_for_edit(entry, version)
    _require_author(entry, by)
    _refuse_if_locked(entry)
    changed = _differences(entry, changes or {})
    existing = {rating.theme_id: rating for rating in entry.ratings.all()}
    new_ratings = [
        rating for rating in ratings if _rating_differs(existing.get(rating[0].pk), *rating[1:])
    ]
    evidence = list(evidence)
    removed = [e for e in remove_evidence if e.entry_id == entry.pk and not e.is_removed]
    if not (changed or new_ratings or evidence or removed):
        return entry
    update_progress(entry, by=by, reason=reason, **changed)
    for theme, rag, direction, rationale in new_ratings:
        rate_theme(
            entry, theme, by=by, rag=rag, direction=direction, rationale=rationale, reason=reason
        )
    for staged in evidence:
        attach_evidence(entry, staged, by=by)
    for item in removed:
        remove_evidence_file(item, by=by, reason=reason)
    return entry


def _rating_differs(rating: ThemeRating | None, rag: str, direction: str, rationale: str) -> bool:
    if rating is None:
        return True
    return (rating.rag, rating.direction, rating.rationale) != (rag, direction, rationale or "")


@transaction.atomic
def attach_evidence(entry: ProgressEntry, staged: StagedFile, *, by) -> Evidence:
    """Attach a file already checked and stored (``interventions.evidence.stage``)."""
    _refuse_if_locked(entry)
    item = Evidence(
        entry=entry,
        original_name=staged.original_name,
        file_type=staged.file_type,
        size=staged.size,
        sha256=staged.sha256,
        uploaded_by=by,
    )
    item.file.name = staged.name
    save_with_history(item, by=by, reason="Evidence attached")
    return item


@transaction.atomic
def remove_evidence_file(item: Evidence, *, by, reason: str = "") -> Evidence:
    """Take a file off its entry. The file and its row stay, for the audit trail."""
    _refuse_if_locked(item.entry)
    item.removed_at = timezone.now()
    item.removed_by = by
    save_with_history(item, by=by, reason=reason.strip() or "Evidence removed")
    return item


@transaction.atomic
def edit_action(action: Action, *, by, version: int, reason: str = "", **changes: Any) -> Action:
    """``update_action`` on the action the form showed at ``version``, for what changed."""
    action = lock_for_edit(action, version)
    changed = _differences(action, changes)
    if not changed:
        return action
    return update_action(action, by=by, reason=reason, **changed)


MEETING_FIELDS = {"held_on", "attendees", "decisions", "notes"}


@transaction.atomic
def record_meeting(
    intervention: Intervention,
    *,
    by,
    held_on: datetime.date,
    board: ImprovementBoard | None = None,
    attendees: str = "",
    decisions: str = "",
    notes: str = "",
) -> BoardMeeting:
    """Record a board meeting from the workspace: of ``board``, else of the intervention's only
    board still sitting, else of a board set up now (a commissioner should not have to ask
    someone to create the board before logging its first meeting)."""
    if board is None:
        sitting = list(intervention.boards.filter(stood_down_on__isnull=True)[:2])
        if len(sitting) > 1:
            raise ValidationError({"board": "Select the board that met"})
        board = sitting[0] if sitting else None
    if board is None:
        board = set_up_board(
            intervention, by=by, reason="Board set up when its first meeting was recorded"
        )
    elif board.intervention_id != intervention.pk:
        raise ValidationError({"board": "Select a board of this intervention"})
    _refuse_second_meeting(board, held_on)
    return record_board_meeting(
        board, by=by, held_on=held_on, attendees=attendees, decisions=decisions, notes=notes
    )


@transaction.atomic
def update_board_meeting(
    meeting: BoardMeeting, *, by, reason: str = "", **changes: Any
) -> BoardMeeting:
    """Change a meeting's date, attendees, decisions or notes; a new date needs a reason."""
    unknown = set(changes) - MEETING_FIELDS
    if unknown:
        raise TypeError(f"Cannot change {', '.join(sorted(unknown))} of a board meeting")
    if "held_on" in changes and changes["held_on"] != meeting.held_on:
        reason = _require_reason(reason, "changing the date of the meeting")
        _refuse_second_meeting(meeting.board, changes["held_on"], exclude=meeting)
    for name, value in changes.items():
        setattr(meeting, name, value)
    save_with_history(meeting, by=by, reason=reason.strip() or "Board meeting edited")
    return meeting


@transaction.atomic
def edit_board_meeting(
    meeting: BoardMeeting, *, by, version: int, reason: str = "", **changes: Any
) -> BoardMeeting:
    """``update_board_meeting`` on the meeting the form showed at ``version``."""
    meeting = lock_for_edit(meeting, version)
    changed = _differences(meeting, changes)
    if not changed:
        return meeting
    return update_board_meeting(meeting, by=by, reason=reason, **changed)


def _refuse_second_meeting(board: ImprovementBoard, held_on: datetime.date, exclude=None):
    others = board.meetings.filter(held_on=held_on)
    if exclude is not None:
        others = others.exclude(pk=exclude.pk)
    if others.exists():
        raise ValidationError(
            {"held_on": f"{board.name} already has a meeting on {held_on:%-d %B %Y}"}
        )
