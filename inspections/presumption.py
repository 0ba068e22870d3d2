"""Evaluating a presumption rule for an authority on a date, with a reason a person can read.

DOMAIN.md "How a rule is evaluated": over the graded inspections in the rule's frameworks dated
on or before the day (by publication date, or by start date when the rule says so), a rule
applies only while the latest is Inadequate, and when at least one of its tests is met. The same
core runs over an in-memory list, so ``evaluate`` and the bulk ``evaluate_many`` always agree.
"""

import datetime
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from django.db.models import Exists, F, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce

from authorities.models import LocalAuthority
from core.dates import govuk_date

from .models import (
    AREA_ORDER,
    Area,
    Framework,
    Grade,
    Inspection,
    PresumptionRule,
    with_grades,
)


@dataclass(frozen=True)
class PresumptionResult:
    """Whether a rule applies to an authority on a date, why, and the inspections it rests on."""

    rule: PresumptionRule
    authority: LocalAuthority
    date: datetime.date
    applies: bool
    reason: str
    inspections: list[Inspection] = field(default_factory=list)
    latest: Inspection | None = None


@dataclass(frozen=True)
class TestOutcome:
    met: bool
    sentence: str
    inspections: list[Inspection]


def evaluate(
    rule: PresumptionRule, authority: LocalAuthority, on_date: datetime.date
) -> PresumptionResult:
    """Evaluate one rule for one authority on ``on_date`` (two queries)."""
    inspections = Inspection.objects.filter(authority=authority).graded()
    return evaluate_inspections(
        rule, authority, on_date, inspections.prefetch_related("judgements")
    )


def evaluate_many(
    rules: Iterable[PresumptionRule],
    authorities: Iterable[LocalAuthority],
    on_date: datetime.date,
) -> list[PresumptionResult]:
    """Every rule for every authority, by authority then rule, in a constant number of queries."""
    rules = list(rules)
    authorities = list(authorities)
    by_authority: dict[int, list[Inspection]] = defaultdict(list)
    inspections = with_grades(
        Inspection.objects.graded().filter(
            authority_id__in=[authority.pk for authority in authorities]
        )
    )
    for inspection in inspections:
        by_authority[inspection.authority_id].append(inspection)
    return [
        evaluate_inspections(rule, authority, on_date, by_authority[authority.pk])
        for authority in authorities
        for rule in rules
    ]


def might_apply(rules: Iterable[PresumptionRule], on_date: datetime.date) -> Q:
    """A filter of authorities (for ``LocalAuthority``) that keeps every one some rule may apply
    to on ``on_date``, in one SQL query: a necessary condition, not the answer.

    Every test needs an Inadequate among the counted inspections (``min_inadequate`` is at least
    1), and a rule requiring the latest to be Inadequate needs just that. So the watchlist can
    evaluate in Python only the few authorities this keeps, and say the same as evaluating all.
    """
    condition = Q(pk__in=[])
    for rule in rules:
        counted = _counted_in_sql(rule, on_date)
        inadequate = counted.filter(authority=OuterRef("pk"))
        if rule.require_latest_inadequate:
            latest = counted.filter(authority=OuterRef(OuterRef("pk"))).latest_first(
                rule.date_basis
            )
            inadequate = Inspection.objects.filter(pk=Subquery(latest.values("pk")[:1]))
        condition |= Q(Exists(inadequate.inadequate(rule.no_overall_areas)))
    return condition


def _counted_in_sql(rule: PresumptionRule, on_date: datetime.date):
    """The graded inspections in the rule's frameworks dated on or before ``on_date``."""
    if rule.date_basis == PresumptionRule.DateBasis.INSPECTION:
        date = Coalesce("inspection_date", "publication_date")
    else:
        date = F("publication_date")
    return (
        Inspection.objects.graded()
        .filter(framework__in=rule.frameworks)
        .annotate(rule_date=date)
        .filter(rule_date__lte=on_date)
    )


def evaluate_inspections(
    rule: PresumptionRule,
    authority: LocalAuthority,
    on_date: datetime.date,
    inspections: Iterable[Inspection],
) -> PresumptionResult:
    """The shared core: evaluate ``rule`` over the authority's inspections, already in memory."""
    counted = counted_inspections(rule, inspections, on_date)

    def result(applies: bool, reason: str, resting_on: list[Inspection]) -> PresumptionResult:
        return PresumptionResult(
            rule=rule,
            authority=authority,
            date=on_date,
            applies=applies,
            reason=reason,
            inspections=resting_on,
            latest=counted[0] if counted else None,
        )

    if not counted:
        return result(
            False, f"No graded inspection {_dated(rule)} on or before {govuk_date(on_date)}.", []
        )
    latest = counted[0]
    if rule.require_latest_inadequate and not rule.is_inadequate(latest):
        return result(
            False,
            f"The latest graded inspection, {describe(latest, rule)}, was not Inadequate"
            f" ({rating_text(latest)}): the presumption is tested only while an authority"
            " is failing.",
            [latest],
        )
    outcomes = run_tests(rule, counted)
    met = [outcome for outcome in outcomes if outcome.met]
    chosen = met or outcomes
    resting_on = _unique([i for outcome in chosen for i in outcome.inspections], rule)
    return result(bool(met), " ".join(outcome.sentence for outcome in chosen), resting_on)


def counted_inspections(
    rule: PresumptionRule, inspections: Iterable[Inspection], on_date: datetime.date
) -> list[Inspection]:
    """The graded inspections the rule counts on ``on_date``, latest first."""
    counted = [
        inspection
        for inspection in inspections
        if inspection.is_graded
        and inspection.framework in rule.frameworks
        and (day := inspection.date_for(rule.date_basis)) is not None
        and day <= on_date
    ]
    return sorted(counted, key=lambda i: i.recency(rule.date_basis), reverse=True)


def run_tests(rule: PresumptionRule, counted: Sequence[Inspection]) -> list[TestOutcome]:
    outcomes = []
    if rule.latest_count:
        outcomes.append(count_test(rule, counted))
    anchor = next((i for i in counted if rule.is_inadequate(i)), None)
    if rule.within_years is not None:
        outcomes.append(persistent_test(rule, counted, anchor))
    if rule.systemic:
        outcomes.append(systemic_test(rule, anchor))
    return outcomes


def count_test(rule: PresumptionRule, counted: Sequence[Inspection]) -> TestOutcome:
    """At least ``min_inadequate`` of the latest ``latest_count`` were Inadequate."""
    window = list(counted[: rule.latest_count])
    inadequate = [i for i in window if rule.is_inadequate(i)]
    met = len(inadequate) >= rule.min_inadequate
    if len(window) < rule.latest_count:
        scope = f"the {_count(len(window), 'graded inspection')} published"
    else:
        scope = f"the latest {rule.latest_count} graded inspections"
    verb = "was" if len(inadequate) == 1 else "were"
    sentence = f"{len(inadequate)} of {scope} {verb} Inadequate"
    if inadequate:
        sentence += ": " + _list(inadequate, rule)
    if not met:
        sentence += f" (the rule needs {rule.min_inadequate})"
    return TestOutcome(met, sentence + ".", inadequate if met else window)


def persistent_test(
    rule: PresumptionRule, counted: Sequence[Inspection], anchor: Inspection | None
) -> TestOutcome:
    """Another Inadequate within ``within_years`` before the latest Inadequate."""
    if anchor is None:
        return TestOutcome(False, "No graded inspection was Inadequate.", [])
    anchor_day = anchor.date_for(rule.date_basis)
    start = years_before(anchor_day, rule.within_years)
    earlier = [
        i for i in counted if i is not anchor and rule.is_inadequate(i) and _before(i, anchor, rule)
    ]
    within = [i for i in earlier if i.date_for(rule.date_basis) >= start]
    years = _count(rule.within_years, "year")
    if within:
        return TestOutcome(
            True,
            f"Inadequate more than once within {years}: {describe(anchor, rule)},"
            f" and before it {_list(within, rule)}.",
            [anchor, *within],
        )
    sentence = f"No other graded inspection in the {years} before {describe(anchor, rule)}"
    sentence += " was Inadequate"
    if earlier:
        sentence += f" (the previous Inadequate, {describe(earlier[0], rule)}, was earlier)"
    return TestOutcome(False, sentence + ".", [anchor, *earlier[:1]])


def systemic_test(rule: PresumptionRule, anchor: Inspection | None) -> TestOutcome:
    """The latest Inadequate was Inadequate on every key judgement it has."""
    if anchor is None:
        return TestOutcome(False, "No graded inspection was Inadequate.", [])
    key = anchor.key_judgements()
    name = describe(anchor, rule)
    if anchor.is_inadequate_on_every_key_judgement():
        areas = "; ".join(Area(area).label.lower() for area in _ordered(key))
        return TestOutcome(
            True, f"{_capital(name)} was Inadequate on every key judgement ({areas}).", [anchor]
        )
    if not key:
        sentence = f"{_capital(name)} has no key judgements to show systemic failure."
        return TestOutcome(False, sentence, [anchor])
    others = "; ".join(
        f"{Area(area).label.lower()} was {_grade_label(key[area])}"
        for area in _ordered(key)
        if key[area] != Grade.INADEQUATE
    )
    return TestOutcome(
        False, f"{_capital(name)} was not Inadequate on every key judgement: {others}.", [anchor]
    )


def describe(inspection: Inspection, rule: PresumptionRule) -> str:
    """The inspection as the reason names it: "SIF published 20 January 2016"."""
    if rule.date_basis == PresumptionRule.DateBasis.INSPECTION and inspection.inspection_date:
        return f"{inspection.label} started {govuk_date(inspection.inspection_date)}"
    return f"{inspection.label} published {govuk_date(inspection.publication_date)}"


def rating_text(inspection: Inspection) -> str:
    grades = inspection.grades
    if inspection.framework == Framework.SLAC:
        parts = [
            f"{label} {_grade_label(grades[area])}"
            for area, label in (
                (Area.SAFEGUARDING, "safeguarding"),
                (Area.LOOKED_AFTER, "looked after children"),
            )
            if area in grades
        ]
        return ", ".join(parts) or "no overall judgements"
    if Area.OVERALL in grades:
        return f"overall {_grade_label(grades[Area.OVERALL])}"
    return "no overall grade and no area Inadequate"


def years_before(day: datetime.date, years: int) -> datetime.date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February in a year that has none
        return day.replace(year=day.year - years, day=28)


def _before(inspection: Inspection, anchor: Inspection, rule: PresumptionRule) -> bool:
    return inspection.recency(rule.date_basis) < anchor.recency(rule.date_basis)


def _unique(inspections: list[Inspection], rule: PresumptionRule) -> list[Inspection]:
    seen, unique = set(), []
    for inspection in inspections:
        if id(inspection) not in seen:
            seen.add(id(inspection))
            unique.append(inspection)
    return sorted(unique, key=lambda i: i.recency(rule.date_basis), reverse=True)


def _list(inspections: Iterable[Inspection], rule: PresumptionRule) -> str:
    return ", ".join(describe(inspection, rule) for inspection in inspections)


def _dated(rule: PresumptionRule) -> str:
    if rule.date_basis == PresumptionRule.DateBasis.INSPECTION:
        return "started"
    return "was published"


def _ordered(grades: dict[str, str]) -> list[str]:
    return [area for area in AREA_ORDER if area in grades]


def _grade_label(grade: str) -> str:
    return Grade(grade).label


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}{'' if number == 1 else 's'}"


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]
