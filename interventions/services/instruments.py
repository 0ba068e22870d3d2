"""Improvement notices and statutory directions: issued, revised, lifted or revoked, reviewed."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction

from core.history import save_with_history

from ..models import (
    ImprovementNotice,
    Intervention,
    StatutoryDirection,
)
from .checks import require_change, require_reason
from .editing import UNCHANGED, arguments, supplied


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
    require_change(intervention, by)
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
    require_change(notice.intervention, by)
    reason = require_reason(reason, "revising the notice")
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


def lift_notice(
    notice: ImprovementNotice, *, by, lifted_on: datetime.date, reason: str
) -> ImprovementNotice:
    """Lift a notice in force: enough progress has been made."""
    return _end(notice, "notice", "lifting the notice", by=by, on=lifted_on, reason=reason)


@transaction.atomic
def _end(instrument, name: str, doing: str, *, by, on: datetime.date, reason: str):
    """End a notice or a direction in force on ``on`` (its ``END_FIELD``: lifted, revoked)."""
    require_change(instrument.intervention, by)
    reason = require_reason(reason, doing)
    _require_open(instrument, name)
    setattr(instrument, instrument.END_FIELD, on)
    save_with_history(instrument, by=by, reason=reason)
    return instrument


def _require_open(instrument, name: str):
    if not instrument.is_open:
        raise ValidationError({"issued_on": f"This {name} is no longer in force"})


# The terms a direction is issued with, which a revision carries over unless it changes them.
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
    legal_basis: str = StatutoryDirection.LegalBasis.S497A,
    requires_commissioner: bool = False,
    requires_improvement_partner: bool = False,
    requires_trust: bool = False,
    requires_other_authority: bool = False,
    requirements: str = "",
    expires_on: datetime.date | None = None,
    next_review_on: datetime.date | None = None,
    notes: str = "",
) -> StatutoryDirection:
    """Issue a statutory direction with its terms (one may be in force per intervention)."""
    terms = arguments(locals(), DIRECTION_TERMS)
    require_change(intervention, by)
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
    legal_basis: str = UNCHANGED,
    requires_commissioner: bool = UNCHANGED,
    requires_improvement_partner: bool = UNCHANGED,
    requires_trust: bool = UNCHANGED,
    requires_other_authority: bool = UNCHANGED,
    requirements: str = UNCHANGED,
    expires_on: datetime.date | None = UNCHANGED,
    next_review_on: datetime.date | None = None,
    notes: str = "",
) -> StatutoryDirection:
    """Replace a direction by a revised one issued on ``revised_on``, keeping each of its terms
    not given (DIRECTION_TERMS; a review date and notes are the revised direction's own);
    returns the new direction."""
    changes = supplied(**arguments(locals(), DIRECTION_TERMS))
    require_change(direction.intervention, by)
    reason = require_reason(reason, "revising the direction")
    _require_open(direction, "direction")
    direction.revised_on = revised_on
    save_with_history(direction, by=by, reason=reason)
    terms = {name: getattr(direction, name) for name in DIRECTION_TERMS} | changes
    revised = StatutoryDirection(
        intervention=direction.intervention, issued_on=revised_on, supersedes=direction, **terms
    )
    save_with_history(revised, by=by, reason=reason)
    return revised


def revoke_direction(
    direction: StatutoryDirection, *, by, revoked_on: datetime.date, reason: str
) -> StatutoryDirection:
    """Revoke a direction in force."""
    return _end(
        direction, "direction", "revoking the direction", by=by, on=revoked_on, reason=reason
    )


@transaction.atomic
def schedule_review(instrument, *, by, next_review_on: datetime.date | None, reason: str):
    """Set the next review date of a notice or direction."""
    require_change(instrument.intervention, by)
    reason = require_reason(reason, "changing the review date")
    instrument.next_review_on = next_review_on
    save_with_history(instrument, by=by, reason=reason)
    return instrument
