"""Improvement partnerships and the partner days logged against them."""

import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction

from core.dates import govuk_date
from core.history import save_with_history

from ..models import (
    ImprovementPartnership,
    Intervention,
    PartnerDayLog,
    StatutoryDirection,
)
from .checks import require_change, require_reason


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
    """Record a partnership in which ``supporting`` supports ``supported`` (in
    ``intervention``, if it is part of one)."""
    if intervention is not None:
        require_change(intervention, by)
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
    _require_change(partnership, by)
    reason = require_reason(reason, "ending the partnership")
    last_logged = partnership.day_logs.order_by("-worked_on").values_list("worked_on", flat=True)
    if last_logged and last_logged[0] > ends_on:
        raise ValidationError(
            {"ends_on": f"Days are logged after that date (on {govuk_date(last_logged[0])})"}
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
    _require_change(partnership, by)
    log = PartnerDayLog(
        partnership=partnership,
        worked_on=worked_on,
        days=days,
        description=description,
        logged_by=by,
    )
    save_with_history(log, by=by, reason="Partner days logged")
    return log


def _require_change(partnership: ImprovementPartnership, by) -> None:
    # A partnership outside any intervention is not in an intervention's scope: the admin's.
    if partnership.intervention_id is not None:
        require_change(partnership.intervention, by)
