"""Commissioners, the accounts they sign in with, and their appointments."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction

from core.history import save_with_history

from ..models import (
    Commissioner,
    CommissionerAppointment,
    Intervention,
)
from .checks import require_change, require_on_or_after, require_reason


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
    reason = require_reason(reason, "changing the commissioner's account")
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
    require_change(intervention, by)
    require_on_or_after(
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
    require_change(appointment.intervention, by)
    reason = require_reason(reason, "ending the appointment")
    appointment.ends_on = ends_on
    save_with_history(appointment, by=by, reason=reason)
    return appointment
