"""An intervention's opening, status, closing, reporting cadence and where its sources end."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction

from core.dates import govuk_date
from core.history import save_with_history

from ..models import (
    Intervention,
    StatusChange,
)
from .checks import require_change, require_on_or_after, require_reason


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
    require_change(intervention, by)  # asked of the new record: it is rolled back if refused
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
    require_change(intervention, by)
    reason = require_reason(reason, "the change of status")
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
    require_on_or_after(
        on,
        intervention.status_changed_on,
        "on",
        "The date of the change must be on or after the date of the last change of status"
        f" ({govuk_date(intervention.status_changed_on)})",
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
    require_change(intervention, by)
    reason = require_reason(reason, "recording where the sources end")
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
    require_change(intervention, by)
    reason = require_reason(reason, "changing the reporting cadence")
    intervention.reporting_period_months = period_months
    save_with_history(intervention, by=by, reason=reason)
    return intervention
