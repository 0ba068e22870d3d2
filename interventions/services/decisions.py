"""ADM assessments, the options they weigh, and the Minister's decisions."""

import datetime
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from core.history import save_with_history

from ..models import (
    ADMAssessment,
    ADMOption,
    DeliveryModel,
    Intervention,
    MinisterialDecision,
)
from .checks import require_change, require_log, require_reason


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
    """Record the commissioner's ADM assessment with the options weighed (each the keyword
    arguments of ``add_adm_option``; at most one recommended)."""
    require_log(intervention, by)
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
    partner=None,
    description: str = "",
    pros: str = "",
    cons: str = "",
    risks: str = "",
    outcome: str = ADMOption.Outcome.CONSIDERED,
    outcome_on: datetime.date | None = None,
    outcome_reason: str = "",
) -> ADMOption:
    """Add an option the assessment weighs (considered, unless its outcome is already known)."""
    require_log(assessment.intervention, by)
    option = ADMOption(
        assessment=assessment,
        name=name,
        model=model,
        partner=partner,
        description=description,
        pros=pros,
        cons=cons,
        risks=risks,
        outcome=outcome,
        outcome_on=outcome_on,
        outcome_reason=outcome_reason,
    )
    save_with_history(option, by=by, reason=reason.strip() or "ADM option recorded")
    return option


@transaction.atomic
def decide_option(
    option: ADMOption, *, by, outcome: str, on: datetime.date, reason: str
) -> ADMOption:
    """Discount or recommend an option (recommending needs no other option recommended)."""
    require_log(option.assessment.intervention, by)
    reason = require_reason(reason, "the decision on this option")
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
    require_log(assessment.intervention, by)
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
    require_change(intervention, by)
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
