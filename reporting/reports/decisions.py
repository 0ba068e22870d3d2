"""Report sections on the future of the services: the presumption test, the alternative
delivery model (options, recommendation, the Minister's decisions) and partner support."""

import datetime
from decimal import Decimal

from core.dates import govuk_date
from inspections.models import PresumptionRule
from inspections.presumption import evaluate_inspections
from interventions.models import ADMOption, DeliveryModel, MinisterialDecision

from ..watchlist.presumption import inspection_text
from .sections import iso, label, number, ofsted_document
from .snapshot import Period, Snapshot
from .sources import Sources

NO_POLICY = "no_policy"


def governing_order(rule: PresumptionRule) -> tuple:
    """Rules in force sorted by this, the last governs: the later version of policy, the one
    in force from the latest date (then the higher version, then the one made later)."""
    return (rule.effective_from or datetime.date.min, rule.version, rule.pk or 0)


def presumption_section(snap: Snapshot, period: Period, cite: Sources) -> dict:
    """Each presumption rule in force on the last day of the period, evaluated on that day over
    the authority's inspections as known; which of them governs when they disagree; or that no
    presumption policy was in force (DOMAIN.md, "The presumption has a start")."""
    day = period.end
    inspections = snap.inspection_instances()
    instances = [inspection for inspection, _, _ in inspections]
    rows_by_id = {row.id: (row, judgements) for _, row, judgements in inspections}
    in_force = [row for row in snap.rules if row.instance.is_in_force_on(day)]
    in_force.sort(key=lambda row: governing_order(row.instance))
    governing = in_force[-1] if in_force else None
    rules = []
    for rule_row in in_force:
        rule: PresumptionRule = rule_row.instance
        outcome = evaluate_inspections(rule, snap.authority.instance, day, instances)
        rules.append(
            {
                "rule": rule.name,
                "slug": rule.slug,
                "version": rule.version,
                "in_force_from": iso(rule.effective_from),
                "in_force_to": iso(rule.effective_to),
                "governs": rule_row is governing,
                "applies": outcome.applies,
                "reason": outcome.reason,
                "inspections": [
                    resting_on(inspection, rows_by_id, cite) for inspection in outcome.inspections
                ],
                **cite.fact(rule_row, document=rule.source.strip() or ""),
            }
        )
    answers = {rule["applies"] for rule in rules}
    return {
        "date": iso(day),
        "policy_in_force": bool(rules),
        "rules_disagree": len(answers) > 1,
        "outcome": NO_POLICY if not rules else ("applies" if rules[-1]["applies"] else "no"),
        "statement": presumption_statement(rules, day),
        # The governing rule last: the order rules came into force.
        "rules": rules,
    }


def resting_on(inspection, rows_by_id: dict, cite: Sources) -> dict:
    row, judgements = rows_by_id[inspection.pk]
    return {
        "text": inspection_text(inspection),
        **cite.fact(row, *judgements, document=ofsted_document(inspection)),
    }


def presumption_statement(rules: list[dict], day: datetime.date) -> str:
    on = govuk_date(day)
    if not rules:
        return (
            f"No presumption policy was in force on {on}: the presumption that services are"
            " removed from a failing council was not yet policy, so it is not tested."
        )
    governing = rules[-1]
    verdict = "applies" if governing["applies"] else "does not apply"
    name = f"“{governing['rule']}” (version {governing['version']})"
    if len(rules) == 1:
        return f"On {on} the presumption {verdict} under the one rule in force, {name}."
    others = [rule for rule in rules[:-1] if rule["applies"] != governing["applies"]]
    if not others:
        return f"On {on} the presumption {verdict} under every rule in force."
    disagreeing = ", ".join(f"“{rule['rule']}” (version {rule['version']})" for rule in others)
    return (
        f"On {on} the rules in force disagree. {name} governs, as the later version of the"
        f" policy: under it the presumption {verdict}. Under {disagreeing} it would"
        f" {'not apply' if governing['applies'] else 'apply'}. Both answers are shown below."
    )


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
        **cite.fact(row),
    }


def assessment_item(snap: Snapshot, row, period: Period, cite: Sources) -> dict:
    concluded = row.concluded_on is not None and row.concluded_on <= period.end
    options = sorted((o for o in snap.options if o.assessment_id == row.id), key=lambda o: o.id)
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
        **cite.fact(row),
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
                **cite.fact(row),
            }
            for row in decisions
        ],
    }


def days_text(days: Decimal | None) -> str:
    """Days as a reader counts them: "1 day", "22½ days", "0.25 days"."""
    if days is None:
        return ""
    whole, part = divmod(days, 1)
    if part == 0:
        text = f"{whole:,.0f}"
    elif part == Decimal("0.5"):
        text = f"{whole:,.0f}½" if whole else "½"
    else:
        text = number(days)
    return f"{text} day" if days == 1 else f"{text} days"


def partner_days_section(snap: Snapshot, period: Period, cite: Sources) -> list[dict]:
    """Each partnership in the period: the days of support given (in whole or half days, each
    log listed) against its pro-rata allowance."""
    result = []
    for row in sorted(snap.partnerships, key=lambda r: (r.starts_on, r.id)):
        partnership = row.instance
        if not (
            partnership.starts_on <= period.end
            and (partnership.ends_on is None or partnership.ends_on >= period.start)
        ):
            continue
        logs = sorted(
            (
                log
                for log in snap.day_logs
                if log.partnership_id == row.id and log.worked_on in period
            ),
            key=lambda log: (log.worked_on, log.id),
        )
        used, allowed = partnership.day_usage(period.start, period.end, logs=logs)
        result.append(
            {
                "partner": snap.authority_name(row.supporting_id),
                "model": label(DeliveryModel, row.model),
                "allowance_per_year": number(row.day_allowance_per_year),
                "days_allowed": number(allowed),
                "days_used": number(used),
                "days_remaining": number(allowed - used) if allowed is not None else None,
                "over_allowance": allowed is not None and used > allowed,
                "used_text": days_text(used),
                "allowed_text": days_text(allowed) if allowed is not None else "",
                "day_rate": number(row.day_rate),
                "funded_by": row.funded_by,
                "logs": [
                    {
                        "date": iso(log.worked_on),
                        "days": number(log.days),
                        "days_text": days_text(log.days),
                        "description": log.description,
                        **cite.fact(log),
                    }
                    for log in logs
                ],
                # The total rests on every log: illustrative if any of them is.
                **cite.fact(row, *logs),
            }
        )
    return result
