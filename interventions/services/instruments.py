"""Improvement notices and statutory directions: issued, revised, lifted or revoked, reviewed.

Both kinds follow one life (``Instrument``): issued with its ``TERMS`` while none is in force,
replaced by a revision that carries those terms over unless it changes them, ended on its
``END_FIELD``. The public services say each kind's terms in their signatures; the life is
written once, below them."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction

from core.history import save_with_history

from ..models import ImprovementNotice, Intervention, StatutoryDirection
from ..models.instruments import Instrument
from .checks import require_change, require_reason
from .editing import UNCHANGED, arguments, supplied


def issue_notice(
    intervention: Intervention,
    *,
    by,
    issued_on: datetime.date,
    reason: str = "",
    adviser: str = "",
    review_every_months: int = 6,
    requirements: str = "",
    next_review_on: datetime.date | None = None,
    notes: str = "",
) -> ImprovementNotice:
    """Issue an improvement notice (one may be in force per intervention); an ``adviser`` named
    on it owes DfE officials a review every ``review_every_months`` (``duties``)."""
    terms = arguments(locals(), ImprovementNotice.TERMS)
    return _issue(ImprovementNotice, intervention, by=by, on=issued_on, reason=reason, terms=terms)


def revise_notice(
    notice: ImprovementNotice,
    *,
    by,
    revised_on: datetime.date,
    reason: str,
    adviser: str = UNCHANGED,
    review_every_months: int = UNCHANGED,
    requirements: str = UNCHANGED,
    next_review_on: datetime.date | None = None,
    notes: str = "",
) -> ImprovementNotice:
    """Replace a notice by a revised one issued on ``revised_on``, keeping each of its terms
    not given; returns the new notice."""
    changes = supplied(**arguments(locals(), ImprovementNotice.TERMS))
    return _revise(notice, by=by, on=revised_on, reason=reason, changes=changes)


def lift_notice(
    notice: ImprovementNotice, *, by, lifted_on: datetime.date, reason: str
) -> ImprovementNotice:
    """Lift a notice in force: enough progress has been made."""
    return _end(notice, by=by, on=lifted_on, reason=reason)


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
    terms = arguments(locals(), StatutoryDirection.TERMS)
    return _issue(StatutoryDirection, intervention, by=by, on=issued_on, reason=reason, terms=terms)


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
    not given; returns the new direction."""
    changes = supplied(**arguments(locals(), StatutoryDirection.TERMS))
    return _revise(direction, by=by, on=revised_on, reason=reason, changes=changes)


def revoke_direction(
    direction: StatutoryDirection, *, by, revoked_on: datetime.date, reason: str
) -> StatutoryDirection:
    """Revoke a direction in force."""
    return _end(direction, by=by, on=revoked_on, reason=reason)


@transaction.atomic
def schedule_review(instrument, *, by, next_review_on: datetime.date | None, reason: str):
    """Set the next review date of a notice or direction."""
    require_change(instrument.intervention, by)
    reason = require_reason(reason, "changing the review date")
    instrument.next_review_on = next_review_on
    save_with_history(instrument, by=by, reason=reason)
    return instrument


# The one life of an instrument -------------------------------------------------------------


def _noun(model: type[Instrument]) -> str:
    """What its messages call it: "notice", "direction"."""
    return model._meta.verbose_name.split()[-1]


@transaction.atomic
def _issue(model: type[Instrument], intervention, *, by, on, reason: str, terms: dict):
    require_change(intervention, by)
    if model.objects.filter(intervention=intervention).open().exists():
        raise ValidationError(
            {
                "issued_on": f"This intervention already has a {_noun(model)} in force: revise"
                " it or end it first"
            }
        )
    instrument = model(intervention=intervention, issued_on=on, **terms)
    default = f"{model._meta.verbose_name.capitalize()} issued"
    save_with_history(instrument, by=by, reason=reason.strip() or default)
    return instrument


@transaction.atomic
def _revise(instrument: Instrument, *, by, on, reason: str, changes: dict):
    """Mark ``instrument`` revised on ``on`` and issue its successor with its ``TERMS``, those
    in ``changes`` changed."""
    reason = _may_change(instrument, by, reason, "revising")
    instrument.revised_on = on
    save_with_history(instrument, by=by, reason=reason)
    terms = {name: getattr(instrument, name) for name in instrument.TERMS} | changes
    revised = type(instrument)(
        intervention=instrument.intervention, issued_on=on, supersedes=instrument, **terms
    )
    save_with_history(revised, by=by, reason=reason)
    return revised


@transaction.atomic
def _end(instrument: Instrument, *, by, on, reason: str):
    """End ``instrument`` on ``on``: its ``END_FIELD`` (lifted, revoked)."""
    doing = "lifting" if instrument.END_FIELD == "lifted_on" else "revoking"
    reason = _may_change(instrument, by, reason, doing)
    setattr(instrument, instrument.END_FIELD, on)
    save_with_history(instrument, by=by, reason=reason)
    return instrument


def _may_change(instrument: Instrument, by, reason: str, doing: str) -> str:
    """The reason for ``doing`` to an instrument in force, which ``by`` may change."""
    require_change(instrument.intervention, by)
    noun = _noun(type(instrument))
    reason = require_reason(reason, f"{doing} the {noun}")
    if not instrument.is_open:
        raise ValidationError({"issued_on": f"This {noun} is no longer in force"})
    return reason
