"""The presumption watchlist: every authority where a presumption rule in force applies on a day,
with each rule's answer and the inspections it rests on."""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Q, QuerySet

from authorities.models import LocalAuthority
from inspections.models import (
    Grade,
    Inspection,
    PresumptionRule,
)
from inspections.presumption import PresumptionResult, evaluate_many, might_apply
from interventions.models import (
    Intervention,
)


def inspection_text(inspection: Inspection) -> str:
    """ "SIF, published 5 January 2016: Inadequate": an inspection a rule's answer rests on."""
    grade = inspection.headline_grade
    rating = Grade(grade).label if grade else "no overall grade"
    return f"{inspection.label}, {inspection.date_text}: {rating}"


@dataclass(frozen=True)
class PresumptionAnswer:
    """Every rule's answer for one authority on a day, and whether an intervention was open."""

    authority: LocalAuthority
    day: datetime.date
    results: list[PresumptionResult]
    open_intervention: Intervention | None

    @property
    def applies(self) -> bool:
        """Whether any rule applies."""
        return any(result.applies for result in self.results)

    @property
    def rules_disagree(self) -> bool:
        answers = {result.applies for result in self.results}
        return len(answers) > 1

    @property
    def applying_rules(self) -> list[PresumptionResult]:
        return [result for result in self.results if result.applies]

    @property
    def explained(self) -> list[tuple[PresumptionResult, list[str]]]:
        """Each rule's result with the inspections it rests on, as text."""
        return [(r, [inspection_text(i) for i in r.inspections]) for r in self.results]


def rules_on(day: datetime.date) -> list[PresumptionRule]:
    """The active rules in force on ``day``, in a stable order."""
    return list(PresumptionRule.objects.in_force_on(day).order_by("slug", "version"))


def presumption_answers(
    day: datetime.date,
    authorities: QuerySet[LocalAuthority],
    interventions: QuerySet[Intervention],
    rules: list[PresumptionRule] | None = None,
) -> list[PresumptionAnswer]:
    """Every rule's answer for every authority on ``day`` (constant queries).

    Whether an intervention was open is read from its opening and closing dates, so the
    watchlist says what was true that day even for an intervention recorded later.
    """
    rules = rules_on(day) if rules is None else rules
    authorities = list(authorities.order_by("name", "ons_code"))
    open_then = interventions.filter(opened_on__lte=day).filter(
        Q(closed_on__isnull=True) | Q(closed_on__gt=day)
    )
    by_authority = {
        intervention.authority_id: intervention
        for intervention in open_then.filter(authority__in=[a.pk for a in authorities])
    }
    results: dict[int, list[PresumptionResult]] = defaultdict(list)
    for result in evaluate_many(rules, authorities, day):
        results[result.authority.pk].append(result)
    return [
        PresumptionAnswer(authority, day, results[authority.pk], by_authority.get(authority.pk))
        for authority in authorities
    ]


@dataclass(frozen=True)
class Watchlist:
    day: datetime.date
    rules: list[PresumptionRule]
    answers: list[PresumptionAnswer]

    @property
    def disagreements(self) -> list[PresumptionAnswer]:
        return [answer for answer in self.answers if answer.rules_disagree]


def watchlist(
    day: datetime.date, interventions: QuerySet[Intervention], region: str = ""
) -> Watchlist:
    """Every authority where any rule in force applies on ``day``, with each rule's answer.

    SQL first keeps only the authorities a rule may apply to (``might_apply``), so the reasons
    are worked out for those few, not for every authority in England.
    """
    rules = rules_on(day)
    authorities = LocalAuthority.objects.filter(might_apply(rules, day))
    if region:
        authorities = authorities.filter(region=region)
    answers = presumption_answers(day, authorities, interventions, rules)
    return Watchlist(day, rules, [answer for answer in answers if answer.applies])
