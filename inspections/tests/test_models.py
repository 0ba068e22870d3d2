"""Rules within one inspection or rule (clean) and those the database enforces (constraints)."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from inspections.models import Area, Framework, Grade, Inspection, Judgement, PresumptionRule
from inspections.services import new_rule_version

from .factories import InspectionFactory, JudgementFactory, LocalAuthorityFactory, graded, visit

pytestmark = pytest.mark.django_db
DAY = datetime.date(2019, 3, 1)


def fails_in_database(create) -> None:
    with pytest.raises(IntegrityError), transaction.atomic():
        create()


def test_inspection_needs_a_date():
    fails_in_database(lambda: InspectionFactory(inspection_date=None, publication_date=None))


def test_inspection_can_have_only_an_inspection_date_until_published():
    inspection = InspectionFactory(inspection_date=DAY, publication_date=None)

    assert inspection.date_text == "started 1 March 2019, not yet published"


def test_publication_cannot_be_before_the_inspection():
    fails_in_database(
        lambda: InspectionFactory(
            inspection_date=DAY, publication_date=DAY - datetime.timedelta(days=1)
        )
    )


def test_same_inspection_cannot_be_recorded_twice():
    first = InspectionFactory(publication_date=DAY)

    fails_in_database(
        lambda: InspectionFactory(
            authority=first.authority, publication_date=DAY, inspection_date=None
        )
    )


def test_same_unpublished_inspection_cannot_be_recorded_twice():
    # NULL publication dates never collide in a unique index: the start date catches it.
    first = InspectionFactory(publication_date=None, inspection_date=DAY)

    fails_in_database(
        lambda: InspectionFactory(
            authority=first.authority, publication_date=None, inspection_date=DAY
        )
    )


def test_visit_and_inspection_published_the_same_day_are_different():
    inspection = InspectionFactory(publication_date=DAY)

    other = visit(inspection.authority, DAY.isoformat())

    assert other.pk != inspection.pk


def test_judgement_area_is_unique_per_inspection():
    judgement = JudgementFactory()

    fails_in_database(lambda: JudgementFactory(inspection=judgement.inspection, area=Area.OVERALL))


@pytest.mark.parametrize(
    ("framework", "type_", "area", "grade", "field"),
    [
        (Framework.SIF, "standard", Area.IMPACT_OF_LEADERS, Grade.GOOD, "area"),
        (Framework.SLAC, "standard", Area.OVERALL, Grade.GOOD, "area"),
        (Framework.ILACS, "focused_visit", Area.OVERALL, Grade.GOOD, "area"),
        (Framework.SIF, "standard", Area.OVERALL, Grade.ADEQUATE, "grade"),
        (Framework.CPI, "standard", Area.OVERALL, Grade.REQUIRES_IMPROVEMENT, "grade"),
    ],
)
def test_judgement_must_fit_the_framework(framework, type_, area, grade, field):
    inspection = InspectionFactory(framework=framework, type=type_)

    with pytest.raises(ValidationError) as error:
        Judgement(inspection=inspection, area=area, grade=grade).full_clean()

    assert field in error.value.message_dict


def test_slac_keeps_the_adequate_scale():
    inspection = InspectionFactory(framework=Framework.SLAC)

    Judgement(inspection=inspection, area=Area.SAFEGUARDING, grade=Grade.ADEQUATE).full_clean()


def test_ilacs_inspection_without_overall_grade_is_valid():
    inspection = graded(LocalAuthorityFactory(), "ILACS", "2026-06-01", help_and_protection="good")

    inspection.full_clean()

    assert inspection.overall_grade is None
    assert not inspection.is_inadequate


def test_inspection_type_must_belong_to_the_framework():
    inspection = InspectionFactory.build(
        authority=LocalAuthorityFactory(), framework=Framework.SIF, type=Inspection.Type.SHORT
    )

    with pytest.raises(ValidationError) as error:
        inspection.full_clean()

    assert error.value.message_dict["type"] == ["Choose a type that the SIF framework has"]


def test_visits_are_not_graded():
    assert not visit(LocalAuthorityFactory(), "2024-05-01").is_graded
    assert InspectionFactory(framework=Framework.SIF, type="reinspection").is_graded


def test_sif_inadequate_on_every_key_judgement_ignores_adoption_and_care_leavers():
    inspection = graded(
        LocalAuthorityFactory(),
        "SIF",
        "2018-01-29",
        overall="inadequate",
        help_and_protection="inadequate",
        looked_after_and_permanence="inadequate",
        leadership_management_governance="inadequate",
        adoption_performance="good",
        care_leavers="requires_improvement",
    )

    assert inspection.is_inadequate
    assert inspection.is_inadequate_on_every_key_judgement()


def test_single_judgement_inspection_has_no_key_judgements():
    inspection = graded(LocalAuthorityFactory(), "CPI", "2013-01-10", overall="inadequate")

    assert inspection.is_inadequate
    assert not inspection.is_inadequate_on_every_key_judgement()


def test_inspection_label_and_str():
    authority = LocalAuthorityFactory(name="Torbay")
    sif = InspectionFactory(
        authority=authority, framework="SIF", publication_date=datetime.date(2016, 1, 5)
    )
    short = InspectionFactory(authority=authority, type="short")

    assert str(sif) == "Torbay: SIF published 5 January 2016"
    assert short.label == "ILACS short inspection"


def rule(**values) -> PresumptionRule:
    defaults = {"slug": "rule", "name": "Rule", "latest_count": 3, "min_inadequate": 2}
    return PresumptionRule.objects.create(**(defaults | values))


def test_rule_version_is_unique():
    rule(is_active=False)

    fails_in_database(lambda: rule(is_active=False))


def test_only_one_version_of_a_rule_is_active():
    rule(version=1)

    fails_in_database(lambda: rule(version=2))


@pytest.mark.parametrize(
    "values",
    [
        {"latest_count": 3, "min_inadequate": None},
        {"latest_count": 2, "min_inadequate": 3},
        {"latest_count": None, "min_inadequate": None, "within_years": None, "systemic": False},
        {"effective_from": DAY, "effective_to": DAY - datetime.timedelta(days=1)},
    ],
)
def test_rule_that_cannot_be_evaluated_is_refused(values):
    fails_in_database(lambda: rule(**values))


def test_rule_frameworks_must_be_graded_frameworks():
    with pytest.raises(ValidationError) as error:
        PresumptionRule(slug="r", name="R", systemic=True, frameworks=["JTAI"]).full_clean()

    assert "frameworks" in error.value.message_dict


def test_rules_in_force_on_a_date():
    rule(slug="old", effective_to=datetime.date(2015, 12, 31))
    rule(slug="new", effective_from=datetime.date(2016, 1, 1))
    rule(slug="off", is_active=False)

    in_force = PresumptionRule.objects.in_force_on(datetime.date(2016, 5, 1))

    # The two rules the migration created are in force too: they have no dates.
    assert {r.slug for r in in_force} == {"new", "two-of-last-three", "persistent-or-systemic"}


def test_new_rule_version_replaces_the_active_one(admin_user):
    # Version 2 is in force from April 2026 (inspections/migrations/0009); version 1 before.
    first = PresumptionRule.objects.get(slug="two-of-last-three", version=2)

    second = new_rule_version(first, by=admin_user, reason="Minister's letter", latest_count=4)

    first.refresh_from_db()
    assert (first.is_active, second.is_active, second.version) == (False, True, 3)
    assert PresumptionRule.objects.get(slug="two-of-last-three", version=1).is_active
    assert (second.latest_count, second.min_inadequate, second.name) == (4, 2, first.name)
    created = second.history.get()
    assert (created.history_user, created.history_change_reason) == (
        admin_user,
        "Minister's letter",
    )
    stopped = first.history.first()
    assert stopped.history_user == admin_user
    assert stopped.history_change_reason == "Replaced by version 3: Minister's letter"


def test_migration_records_where_the_rules_came_from():
    rules = PresumptionRule.objects.filter(version=1).order_by("slug")

    assert [
        (r.slug, r.latest_count, r.min_inadequate, r.within_years, r.systemic) for r in rules
    ] == [
        ("persistent-or-systemic", None, None, 5, True),
        ("two-of-last-three", 3, 2, None, False),
    ]
    assert all(r.date_basis == "publication" for r in rules)
    assert all(r.frameworks == ["SLAC", "CPI", "TLAC", "SIF", "ILACS"] for r in rules)
    assert all(r.history.last().history_change_reason for r in rules)
