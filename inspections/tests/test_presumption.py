"""Edge cases of rule evaluation, on synthetic inspections (grades written out in each test)."""

import datetime

import pytest

from inspections.models import Inspection, PresumptionRule
from inspections.presumption import evaluate, evaluate_many

from .factories import LocalAuthorityFactory, graded, visit

BAD, GOOD, RI, ADEQUATE = "inadequate", "good", "requires_improvement", "adequate"


def two_of_three(**overrides) -> PresumptionRule:
    values = {"slug": "test-count", "name": "Two of three", "latest_count": 3, "min_inadequate": 2}
    return PresumptionRule.objects.create(**(values | overrides))


def persistent(**overrides) -> PresumptionRule:
    values = {"slug": "test-window", "name": "Persistent", "within_years": 5, "systemic": True}
    return PresumptionRule.objects.create(**(values | overrides))


def on(day: str) -> datetime.date:
    return datetime.date.fromisoformat(day)


def named(result) -> list[tuple[str, str]]:
    return [(i.label, str(i.publication_date)) for i in result.inspections]


@pytest.fixture
def authority(db):
    return LocalAuthorityFactory(name="Testshire")


def test_does_not_apply_when_latest_is_not_inadequate(authority):
    graded(authority, "SIF", "2014-01-10", overall=BAD)
    graded(authority, "SIF", "2016-01-10", type=Inspection.Type.REINSPECTION, overall=BAD)
    graded(authority, "ILACS", "2019-01-10", overall=RI)

    result = evaluate(two_of_three(), authority, on("2019-06-01"))

    assert not result.applies
    assert named(result) == [("ILACS standard inspection", "2019-01-10")]
    assert "was not Inadequate (overall Requires improvement to be good)" in result.reason


def test_two_inadequate_of_only_two_inspections_applies(authority):
    graded(authority, "SIF", "2014-01-10", overall=BAD)
    graded(authority, "ILACS", "2019-01-10", overall=BAD)

    result = evaluate(two_of_three(), authority, on("2019-06-01"))

    assert result.applies
    assert result.reason.startswith("2 of the 2 graded inspections published were Inadequate")


def test_one_inadequate_of_two_does_not_apply(authority):
    graded(authority, "SIF", "2014-01-10", overall=GOOD)
    graded(authority, "ILACS", "2019-01-10", overall=BAD)

    result = evaluate(two_of_three(), authority, on("2019-06-01"))

    assert not result.applies
    assert result.reason == (
        "1 of the 2 graded inspections published was Inadequate: ILACS standard inspection"
        " published 10 January 2019 (the rule needs 2)."
    )


def test_only_the_latest_three_count(authority):
    graded(authority, "SLAC", "2010-01-10", safeguarding_overall=BAD)
    graded(authority, "CPI", "2012-01-10", overall=ADEQUATE)
    graded(authority, "SIF", "2015-01-10", overall=RI)
    graded(authority, "ILACS", "2019-01-10", overall=BAD)

    result = evaluate(two_of_three(), authority, on("2019-06-01"))

    assert not result.applies
    assert [label for label, _ in named(result)] == ["ILACS standard inspection", "SIF", "CPI"]


def test_visits_are_not_inspections_that_count(authority):
    graded(authority, "SIF", "2015-01-10", overall=BAD)
    graded(authority, "ILACS", "2018-06-10", overall=BAD)
    for day in ("2018-10-01", "2019-01-15", "2019-04-20"):
        visit(authority, day)
    visit(authority, "2019-05-01", type=Inspection.Type.FOCUSED_VISIT)

    result = evaluate(two_of_three(), authority, on("2019-06-01"))

    assert result.applies
    assert result.latest.publication_date == on("2018-06-10")
    assert named(result) == [
        ("ILACS standard inspection", "2018-06-10"),
        ("SIF", "2015-01-10"),
    ]


def test_inspection_published_after_the_date_is_not_yet_known(authority):
    graded(authority, "SIF", "2015-01-10", overall=BAD)
    graded(authority, "ILACS", "2019-03-01", started="2019-01-07", overall=BAD)

    rule = persistent()

    before = evaluate(rule, authority, on("2019-02-28"))
    after = evaluate(rule, authority, on("2019-03-01"))

    assert before.latest.framework == "SIF" and not before.applies
    assert after.latest.framework == "ILACS" and after.applies


def test_unpublished_inspection_never_counts_by_publication_date(authority):
    graded(authority, "SIF", "2015-01-10", overall=BAD)
    graded(authority, "ILACS", None, started="2019-01-07", overall=BAD)

    result = evaluate(two_of_three(), authority, on("2019-06-01"))

    assert result.latest.framework == "SIF"
    assert not result.applies


def test_date_basis_decides_the_five_year_window(authority):
    # Starts 4 years 11 months apart, publications 5 years and 9 days apart.
    graded(authority, "SIF", "2015-03-01", started="2015-01-01", overall=BAD)
    graded(
        authority, "ILACS", "2020-03-10", started="2019-12-01", overall=BAD, impact_of_leaders=RI
    )

    by_publication = evaluate(persistent(systemic=False), authority, on("2020-06-01"))
    by_start = evaluate(
        persistent(slug="by-start", systemic=False, date_basis="inspection"),
        authority,
        on("2020-06-01"),
    )

    assert not by_publication.applies
    assert by_start.applies
    assert "ILACS standard inspection started 1 December 2019" in by_start.reason
    assert "SIF started 1 January 2015" in by_start.reason


def test_date_basis_inspection_counts_an_inspection_from_its_start(authority):
    graded(authority, "SIF", "2015-01-10", overall=BAD)
    graded(authority, "ILACS", "2019-03-01", started="2019-01-07", overall=BAD)
    rule = two_of_three(date_basis=PresumptionRule.DateBasis.INSPECTION)

    result = evaluate(rule, authority, on("2019-02-01"))

    # The SIF has no start date: its publication date stands in for it.
    assert result.applies
    assert named(result) == [("ILACS standard inspection", "2019-03-01"), ("SIF", "2015-01-10")]


def test_window_includes_an_inadequate_exactly_five_years_before(authority):
    graded(authority, "SIF", "2015-02-20", overall=BAD)
    graded(authority, "ILACS", "2020-02-20", overall=BAD, impact_of_leaders=RI)
    rule = persistent(systemic=False)

    assert evaluate(rule, authority, on("2020-03-01")).applies


def test_window_excludes_an_inadequate_a_day_more_than_five_years_before(authority):
    graded(authority, "SIF", "2015-02-19", overall=BAD)
    graded(authority, "ILACS", "2020-02-20", overall=BAD, impact_of_leaders=RI)
    rule = persistent(systemic=False)

    result = evaluate(rule, authority, on("2020-03-01"))

    assert not result.applies
    assert "(the previous Inadequate, SIF published 19 February 2015, was earlier)" in result.reason


def test_ilacs_without_overall_grade_counts_an_inadequate_area(authority):
    graded(authority, "ILACS", "2023-01-10", overall=BAD)
    graded(
        authority,
        "ILACS",
        "2026-06-01",
        impact_of_leaders=RI,
        help_and_protection=BAD,
        children_in_care=RI,
        care_leavers=GOOD,
    )

    result = evaluate(two_of_three(), authority, on("2026-07-01"))

    assert result.applies
    assert result.latest.overall_grade is None


def test_ilacs_without_overall_grade_inadequate_on_every_area_is_systemic(authority):
    graded(
        authority,
        "ILACS",
        "2026-06-01",
        impact_of_leaders=BAD,
        help_and_protection=BAD,
        children_in_care=BAD,
        care_leavers=BAD,
    )

    result = evaluate(persistent(), authority, on("2026-07-01"))

    assert result.applies
    assert "was Inadequate on every key judgement" in result.reason


def test_ilacs_without_overall_grade_and_no_inadequate_area_is_not_failing(authority):
    graded(authority, "ILACS", "2023-01-10", overall=BAD)
    graded(authority, "ILACS", "2026-06-01", impact_of_leaders=RI, help_and_protection=GOOD)

    result = evaluate(two_of_three(), authority, on("2026-07-01"))

    assert not result.applies
    assert "(no overall grade and no area Inadequate)" in result.reason


@pytest.mark.parametrize(
    ("safeguarding", "looked_after", "inadequate"),
    [(BAD, ADEQUATE, True), (ADEQUATE, BAD, True), (ADEQUATE, GOOD, False)],
)
def test_slac_is_inadequate_when_either_overall_judgement_is(
    authority, safeguarding, looked_after, inadequate
):
    graded(authority, "CPI", "2009-09-10", overall=BAD)
    graded(
        authority,
        "SLAC",
        "2011-01-10",
        safeguarding_overall=safeguarding,
        looked_after_children_overall=looked_after,
    )

    result = evaluate(two_of_three(), authority, on("2011-06-01"))

    assert result.applies is inadequate


def test_systemic_names_the_judgement_that_was_not_inadequate(authority):
    graded(
        authority,
        "SIF",
        "2016-01-10",
        overall=BAD,
        help_and_protection=BAD,
        looked_after_and_permanence=BAD,
        leadership_management_governance=RI,
        adoption_performance=GOOD,
    )

    result = evaluate(persistent(), authority, on("2016-06-01"))

    assert not result.applies
    assert result.reason.endswith(
        "SIF published 10 January 2016 was not Inadequate on every key judgement:"
        " leadership, management and governance was Requires improvement to be good."
    )


def test_rule_counts_only_its_frameworks(authority):
    graded(authority, "SLAC", "2011-01-10", safeguarding_overall=BAD)
    graded(authority, "SIF", "2015-01-10", overall=BAD)
    sif_and_ilacs = two_of_three(frameworks=["SIF", "ILACS"])

    assert evaluate(two_of_three(slug="all"), authority, on("2015-06-01")).applies
    assert not evaluate(sif_and_ilacs, authority, on("2015-06-01")).applies


def test_rule_can_look_back_after_recovery_when_latest_need_not_be_inadequate(authority):
    graded(authority, "SIF", "2014-01-10", overall=BAD)
    graded(authority, "SIF", "2016-01-10", type=Inspection.Type.REINSPECTION, overall=BAD)
    graded(authority, "ILACS", "2019-01-10", overall=GOOD)

    result = evaluate(two_of_three(require_latest_inadequate=False), authority, on("2019-06-01"))

    assert result.applies
    assert result.latest.framework == "ILACS"


def test_two_reinspections_published_the_same_day_both_count(authority):
    graded(
        authority, "SLAC", "2011-02-25", type="reinspection_safeguarding", safeguarding_overall=BAD
    )
    graded(
        authority,
        "SLAC",
        "2011-02-25",
        type="reinspection_looked_after",
        looked_after_children_overall=BAD,
    )

    result = evaluate(two_of_three(), authority, on("2011-03-01"))

    assert result.applies
    assert len(result.inspections) == 2


def test_evaluate_many_matches_evaluate_in_constant_queries(db, django_assert_num_queries):
    authorities = LocalAuthorityFactory.create_batch(12)
    for n, authority in enumerate(authorities):
        graded(authority, "SIF", "2015-01-10", overall=BAD if n % 2 else GOOD)
        graded(authority, "ILACS", "2019-01-10", overall=BAD if n % 3 else RI)
        visit(authority, "2019-04-01")
    rules = [two_of_three(), persistent()]

    with django_assert_num_queries(2):  # inspections, judgements (authorities are in a list)
        results = evaluate_many(rules, authorities, on("2019-06-01"))

    singles = [
        evaluate(rule, authority, on("2019-06-01")) for authority in authorities for rule in rules
    ]
    assert [(r.authority, r.rule, r.applies, r.reason) for r in results] == [
        (r.authority, r.rule, r.applies, r.reason) for r in singles
    ]
    assert {r.applies for r in results} == {True, False}
