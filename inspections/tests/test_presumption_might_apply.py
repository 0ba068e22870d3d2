"""``might_apply``: the SQL filter the watchlist runs before the Python rules. It must keep every
authority a rule applies to, and it reads "Inadequate" and "the latest" as the Python does."""

import datetime

from authorities.models import LocalAuthority
from authorities.tests.factories import LocalAuthorityFactory
from inspections.models import PresumptionRule
from inspections.presumption import counted_inspections, evaluate_inspections, might_apply

from .factories import graded

DAYS = [datetime.date(year, 7, 1) for year in range(2009, 2027)]


def rule_variants() -> list[PresumptionRule]:
    """The real rules, and each again (unsaved) tested by start date, without the latest needing
    to be Inadequate, and counting only some frameworks."""
    rules = list(PresumptionRule.objects.filter(is_active=True).order_by("slug"))
    variants = []
    for rule in rules:
        for changes in (
            {},
            {"date_basis": PresumptionRule.DateBasis.INSPECTION},
            {"require_latest_inadequate": False},
            {"frameworks": ["SIF", "ILACS"]},
        ):
            variant = PresumptionRule.objects.get(pk=rule.pk)
            for name, value in changes.items():
                setattr(variant, name, value)
            variants.append(variant)
    return variants


def kept(rule: PresumptionRule, day: datetime.date) -> set[int]:
    return set(LocalAuthority.objects.filter(might_apply([rule], day)).values_list("pk", flat=True))


def expected(rule: PresumptionRule, day: datetime.date, results) -> set[int]:
    """What the filter should keep, worked out in Python from the evaluated inspections."""
    keep = set()
    for result in results:
        counted = counted_inspections(rule, result.authority.all_inspections, day)
        if rule.require_latest_inadequate:
            if counted and counted[0].is_inadequate:
                keep.add(result.authority.pk)
        elif any(inspection.is_inadequate for inspection in counted):
            keep.add(result.authority.pk)
    return keep


def check(rules: list[PresumptionRule], days: list[datetime.date]) -> int:
    """Assert the filter against the Python for every rule and day; the applying answers seen."""
    authorities = list(LocalAuthority.objects.prefetch_related("inspections__judgements"))
    for authority in authorities:
        authority.all_inspections = list(authority.inspections.all())
    applying = 0
    for day in days:
        for rule in rules:
            results = [
                evaluate_inspections(rule, authority, day, authority.all_inspections)
                for authority in authorities
            ]
            keep = kept(rule, day)
            applies = {result.authority.pk for result in results if result.applies}
            assert applies <= keep, (rule, day)
            assert keep == expected(rule, day, results), (rule, day)
            applying += len(applies)
    return applying


def test_keeps_every_authority_a_rule_applies_to_on_the_real_history(reference_data, db):
    assert check(rule_variants(), DAYS) > 0


def test_reads_inadequate_and_the_latest_as_the_python_does(db):
    """The cases the real history lacks: ILACS without an overall grade, SLAC's two overall
    judgements, two SLAC re-inspections published the same day, an unpublished inspection."""
    no_overall = LocalAuthorityFactory(name="No overall")
    graded(no_overall, "ILACS", "2026-06-01", children_in_care="inadequate")
    overall_good = LocalAuthorityFactory(name="Overall good, an area Inadequate")
    graded(overall_good, "ILACS", "2026-06-01", overall="good", children_in_care="inadequate")
    slac = LocalAuthorityFactory(name="SLAC looked after")
    graded(
        slac,
        "SLAC",
        "2011-01-01",
        looked_after_children_overall="inadequate",
        safeguarding_overall="good",
    )
    # Published the same day: the later start is the latest, though saved first (lower id).
    same_day = LocalAuthorityFactory(name="Same day")
    no_start = LocalAuthorityFactory(name="Same day, one with no start")
    for authority in (same_day, no_start):
        graded(
            authority,
            "SLAC",
            "2012-01-01",
            type="reinspection_safeguarding",
            started="2011-12-01",
            safeguarding_overall="adequate",
        )
    graded(
        same_day,
        "SLAC",
        "2012-01-01",
        type="reinspection_looked_after",
        started="2011-11-01",
        looked_after_children_overall="inadequate",
    )
    graded(no_start, "SLAC", "2012-01-01", safeguarding_overall="inadequate")
    unpublished = LocalAuthorityFactory(name="Unpublished")
    graded(unpublished, "SIF", "2014-01-01", overall="inadequate")
    graded(unpublished, "SIF", None, type="reinspection", started="2016-01-01", overall="good")
    days = [datetime.date(2012, 6, 1), datetime.date(2016, 6, 1), datetime.date(2026, 7, 1)]

    assert check(rule_variants(), days) > 0
