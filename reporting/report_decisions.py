"""Report sections on the future of the services: the presumption test, the alternative
delivery model (options, recommendation, the Minister's decisions) and partner days."""

from decimal import Decimal

from inspections.models import PresumptionRule
from inspections.presumption import evaluate_inspections
from interventions.models import ADMOption, DeliveryModel, MinisterialDecision

from .report_sections import iso, label, number
from .report_snapshot import Period, Snapshot
from .report_sources import Sources


def presumption_section(snap: Snapshot, period: Period, cite: Sources) -> list[dict]:
    """Each presumption rule in force at the end of the period, evaluated on that day over the
    authority's inspections as known."""
    inspections = snap.inspection_instances()
    instances = [inspection for inspection, _, _ in inspections]
    rows_by_id = {row.id: (row, judgements) for _, row, judgements in inspections}
    result = []
    for rule_row in sorted(snap.rules, key=lambda r: (r.slug, r.version)):
        rule: PresumptionRule = rule_row.instance
        if not rule.is_in_force_on(period.end):
            continue
        outcome = evaluate_inspections(rule, snap.authority.instance, period.end, instances)
        resting_on = []
        for inspection in outcome.inspections:
            row, judgements = rows_by_id[inspection.pk]
            resting_on.extend([row, *judgements])
        result.append(
            {
                "rule": rule.name,
                "version": rule.version,
                "applies": outcome.applies,
                "reason": outcome.reason,
                "inspections": [
                    f"{inspection.label} {inspection.date_text}"
                    for inspection in outcome.inspections
                ],
                "sources": cite.cite(rule_row, *resting_on),
            }
        )
    return result


def option_item(snap: Snapshot, row, period: Period, cite: Sources) -> dict:
    # An outcome reached after the period is not shown: at the end of the period the option
    # was still being considered.
    decided = row.outcome_on is not None and row.outcome_on <= period.end
    outcome = row.outcome if decided else ADMOption.Outcome.CONSIDERED
    return {
        "name": row.name,
        "model": label(DeliveryModel, row.model),
        "partner": snap.authority_name(row.partner_id),
        "outcome": outcome,
        "outcome_label": label(ADMOption.Outcome, outcome),
        "outcome_on": iso(row.outcome_on) if decided else None,
        "outcome_reason": row.outcome_reason if decided else "",
        "decided_in_period": decided and row.outcome_on in period,
        "sources": cite.cite(row),
    }


def assessment_item(snap: Snapshot, row, period: Period, cite: Sources) -> dict:
    concluded = row.concluded_on is not None and row.concluded_on <= period.end
    options = sorted(
        (o for o in snap.options if o.assessment_id == row.id),
        key=lambda o: (o.id,),
    )
    return {
        "started_on": iso(row.started_on),
        "concluded_on": iso(row.concluded_on) if concluded else None,
        "concluded_in_period": concluded and row.concluded_on in period,
        "presumption_applies": row.presumption_applies,
        "compelling_reasons": row.compelling_reasons,
        "recommendation": row.recommendation if concluded else "",
        "recommended_model": label(DeliveryModel, row.recommended_model) if concluded else "",
        "recommended_partner": snap.authority_name(row.recommended_partner_id) if concluded else "",
        "options": [option_item(snap, option, period, cite) for option in options],
        "sources": cite.cite(row),
    }


def adm_section(snap: Snapshot, period: Period, cite: Sources) -> dict:
    """The ADM assessments and the Minister's decisions up to the end of the period."""
    assessments = sorted(
        (row for row in snap.assessments if row.started_on <= period.end),
        key=lambda row: (row.started_on, row.id),
    )
    decisions = sorted(
        (row for row in snap.decisions if row.decided_on <= period.end),
        key=lambda row: (row.decided_on, row.id),
    )
    return {
        "assessments": [assessment_item(snap, row, period, cite) for row in assessments],
        "decisions": [
            {
                "stage": row.stage,
                "stage_label": label(MinisterialDecision.Stage, row.stage),
                "decided_on": iso(row.decided_on),
                "decided_in_period": row.decided_on in period,
                "decided_by": row.decided_by,
                "decision": row.decision,
                "next_update_due_on": iso(row.next_update_due_on),
                "sources": cite.cite(row),
            }
            for row in decisions
        ],
    }


def partner_days_section(snap: Snapshot, period: Period, cite: Sources) -> list[dict]:
    """Days of support used in the period against each partnership's pro-rata allowance."""
    result = []
    for row in sorted(snap.partnerships, key=lambda r: (r.starts_on, r.id)):
        partnership = row.instance
        if not (
            partnership.starts_on <= period.end
            and (partnership.ends_on is None or partnership.ends_on >= period.start)
        ):
            continue
        logs = [
            log for log in snap.day_logs if log.partnership_id == row.id and log.worked_on in period
        ]
        used = sum((log.days for log in logs), Decimal("0"))
        allowed = partnership.days_allowed(period.start, period.end)
        result.append(
            {
                "partner": snap.authority_name(row.supporting_id),
                "model": label(DeliveryModel, row.model),
                "allowance_per_year": number(row.day_allowance_per_year),
                "days_allowed": number(allowed),
                "days_used": number(used),
                "days_remaining": number(allowed - used) if allowed is not None else None,
                "over_allowance": allowed is not None and used > allowed,
                "day_rate": number(row.day_rate),
                "sources": cite.cite(row, *sorted(logs, key=lambda log: log.history_id)),
            }
        )
    return result
