"""The watchlist's fast path must say what the plain one says.

``evaluate_many`` reads only the inspections some rule counts on the day, with their grades as
plain values, and ``Inspection.grades`` and ``is_inadequate`` are worked out once per set of
prefetched judgements. Each test here compares that with the plain path (``evaluate``, or the
core over every inspection with its judgements prefetched), on rules that count differently:
by start date, without the latest needing to be Inadequate, only some frameworks.
"""

import datetime

import pytest
from django.db.models import prefetch_related_objects

from authorities.models import LocalAuthority
from authorities.tests.factories import LocalAuthorityFactory
from inspections.models import Area, Framework, Grade, Inspection, Judgement, PresumptionRule
from inspections.presumption import evaluate, evaluate_inspections, evaluate_many, might_apply

from .factories import InspectionFactory, JudgementFactory, graded, visit

BAD, GOOD, RI, ADEQUATE = "inadequate", "good", "requires_improvement", "adequate"
REAL_DAYS = [datetime.date(year, 7, 1) for year in range(2010, 2027, 2)]


def variants(rules: list[PresumptionRule]) -> list[PresumptionRule]:
    """Each rule as it is and (unsaved) changed in each way that changes what it counts."""
    changed = []
    for rule in rules:
        for changes in (
            {},
            {"date_basis": PresumptionRule.DateBasis.INSPECTION},
            {"require_latest_inadequate": False},
            {"frameworks": ["SIF", "ILACS"]},
            {"frameworks": ["SLAC", "CPI"], "date_basis": PresumptionRule.DateBasis.INSPECTION},
        ):
            variant = PresumptionRule.objects.get(pk=rule.pk)
            for name, value in changes.items():
                setattr(variant, name, value)
            changed.append(variant)
    return changed


def answers(results) -> list[tuple]:
    """What a reader sees of each result, inspections by id and with the grades they show."""
    return [
        (
            result.authority.pk,
            result.rule.slug,
            result.rule.date_basis,
            tuple(result.rule.frameworks),
            result.applies,
            result.reason,
            [(i.pk, i.grades, i.is_inadequate, i.label) for i in result.inspections],
            result.latest.pk if result.latest else None,
        )
        for result in results
    ]


def plain(rules, authorities, day) -> list:
    """The rules over every inspection of each authority, judgements prefetched."""
    return [
        evaluate_inspections(rule, authority, day, authority.inspections.all())
        for authority in authorities
        for rule in rules
    ]


def test_evaluate_many_answers_as_the_plain_path_on_the_real_history(reference_data, db):
    rules = variants(list(PresumptionRule.objects.filter(is_active=True).order_by("slug")))
    authorities = list(
        LocalAuthority.objects.order_by("pk").prefetch_related("inspections__judgements")
    )
    applying = 0
    for day in REAL_DAYS:
        for in_force in [rules, *([rule] for rule in rules)]:
            quick = evaluate_many(in_force, authorities, day)
            assert answers(quick) == answers(plain(in_force, authorities, day)), (day, in_force)
            applying += sum(result.applies for result in quick)
    assert applying > 0


def test_evaluate_many_answers_as_evaluate_in_a_varied_world(db, django_assert_max_num_queries):
    """Unpublished inspections, inspections started before the day and published after it,
    visits, SLAC's two overall judgements and same-day re-inspections, ILACS without an overall
    grade, and inspections after the day."""
    world = []
    a = LocalAuthorityFactory(name="Failing then unpublished")
    graded(a, "SIF", "2014-01-10", started="2013-11-01", overall=BAD, help_and_protection=BAD)
    graded(a, "SIF", "2016-03-01", type="reinspection", started="2016-01-04", overall=BAD)
    graded(a, "ILACS", None, started="2018-05-01", overall=GOOD)
    visit(a, "2017-02-01")
    world.append(a)
    b = LocalAuthorityFactory(name="Started before, published after")
    graded(b, "CPI", "2012-05-01", overall=BAD)
    graded(
        b,
        "SIF",
        "2016-07-01",
        started="2016-04-01",
        overall=BAD,
        leadership_management_governance=BAD,
    )
    graded(b, "ILACS", "2019-02-01", started="2018-12-01", overall=RI)
    world.append(b)
    c = LocalAuthorityFactory(name="SLAC pair")
    graded(
        c, "SLAC", "2011-01-01", safeguarding_overall=ADEQUATE, looked_after_children_overall=BAD
    )
    graded(
        c,
        "SLAC",
        "2012-01-01",
        type="reinspection_safeguarding",
        started="2011-12-01",
        safeguarding_overall=BAD,
    )
    graded(
        c,
        "SLAC",
        "2012-01-01",
        type="reinspection_looked_after",
        started="2011-11-01",
        looked_after_children_overall=ADEQUATE,
    )
    graded(c, "TLAC", "2012-09-01", overall=BAD)
    world.append(c)
    d = LocalAuthorityFactory(name="ILACS without overall")
    graded(d, "ILACS", "2023-01-01", overall=BAD, children_in_care=BAD)
    graded(d, "ILACS", "2026-06-01", started="2026-04-01", children_in_care=BAD, care_leavers=GOOD)
    visit(d, "2026-08-01", type=Inspection.Type.JTAI)
    world.append(d)
    e = LocalAuthorityFactory(name="Never inspected")
    world.append(e)
    rules = [
        PresumptionRule.objects.create(
            slug="count", name="Two of three", latest_count=3, min_inadequate=2
        ),
        PresumptionRule.objects.create(
            slug="window",
            name="Persistent",
            within_years=5,
            systemic=True,
            date_basis=PresumptionRule.DateBasis.INSPECTION,
        ),
        PresumptionRule.objects.create(
            slug="old",
            name="Old frameworks, any Inadequate",
            latest_count=2,
            min_inadequate=1,
            require_latest_inadequate=False,
            frameworks=["SLAC", "CPI", "TLAC"],
        ),
    ]
    days = [
        datetime.date.fromisoformat(day)
        for day in (
            "2010-01-01",
            "2011-12-15",
            "2012-06-01",
            "2014-01-09",
            "2014-01-10",
            "2016-02-01",
            "2016-06-01",
            "2018-06-01",
            "2019-01-15",
            "2026-05-01",
            "2026-07-01",
        )
    ]
    applying = 0
    for day in days:
        # Each rule alone too: together, the one by start date reads every inspection the
        # others count, so a mistake in what they read would not show.
        for in_force in [rules, *([rule] for rule in rules)]:
            with django_assert_max_num_queries(2):  # no judgements query when none counts
                quick = evaluate_many(in_force, world, day)
            singles = [evaluate(rule, authority, day) for authority in world for rule in in_force]
            assert answers(quick) == answers(singles), (day, in_force)
            applying += sum(result.applies for result in quick)
    assert applying > 0


def test_evaluate_many_with_no_rules_or_no_authorities(db):
    authority = LocalAuthorityFactory()
    graded(authority, "SIF", "2016-01-01", overall=BAD)
    rule = PresumptionRule.objects.create(slug="w", name="W", within_years=5)

    assert evaluate_many([], [authority], datetime.date(2017, 1, 1)) == []
    assert evaluate_many([rule], [], datetime.date(2017, 1, 1)) == []


def test_alike_rules_keep_the_authorities_each_keeps(reference_data, db):
    """``might_apply`` builds one condition for rules that count alike: the union is kept."""
    rules = variants(list(PresumptionRule.objects.filter(is_active=True).order_by("slug")))
    for day in (datetime.date(2016, 7, 1), datetime.date(2019, 7, 1)):
        each = set()
        for rule in rules:
            each |= set(
                LocalAuthority.objects.filter(might_apply([rule], day)).values_list("pk", flat=True)
            )
        together = LocalAuthority.objects.filter(might_apply(rules, day))
        assert set(together.values_list("pk", flat=True)) == each
        assert each


def test_prefetched_grades_are_read_once_and_follow_changes_through_the_relation(db):
    inspection = graded(LocalAuthorityFactory(), "SIF", "2016-01-01", overall=GOOD)
    inspection = Inspection.objects.prefetch_related("judgements").get(pk=inspection.pk)

    assert inspection.grades is inspection.grades
    assert not inspection.is_inadequate

    inspection.judgements.create(area=Area.HELP_AND_PROTECTION, grade=Grade.INADEQUATE)
    Judgement.objects.filter(inspection=inspection, area=Area.OVERALL).update(
        grade=Grade.INADEQUATE
    )

    assert inspection.grades == {
        Area.OVERALL: Grade.INADEQUATE,
        Area.HELP_AND_PROTECTION: Grade.INADEQUATE,
    }
    assert inspection.is_inadequate


def test_grades_without_a_prefetch_see_every_judgement_saved_since(db):
    inspection = InspectionFactory(framework=Framework.ILACS)

    assert inspection.grades == {}
    assert not inspection.is_inadequate

    JudgementFactory(inspection=inspection, area=Area.CHILDREN_IN_CARE, grade=Grade.INADEQUATE)

    assert inspection.grades == {Area.CHILDREN_IN_CARE: Grade.INADEQUATE}
    assert inspection.is_inadequate  # no overall grade: an Inadequate area counts

    JudgementFactory(inspection=inspection, area=Area.OVERALL, grade=Grade.GOOD)

    assert not inspection.is_inadequate


def test_refresh_from_db_reads_the_judgements_again(db):
    inspection = graded(LocalAuthorityFactory(), "CPI", "2012-01-01", overall=ADEQUATE)
    inspection = Inspection.objects.prefetch_related("judgements").get(pk=inspection.pk)
    assert not inspection.is_inadequate

    Judgement.objects.filter(inspection=inspection).update(grade=Grade.INADEQUATE)
    inspection.refresh_from_db()

    assert inspection.is_inadequate

    Judgement.objects.filter(inspection=inspection).update(grade=Grade.GOOD)
    inspection.refresh_from_db()
    prefetch_related_objects([inspection], "judgements")  # a new prefetch: its grades, not old

    assert inspection.grades == {Area.OVERALL: Grade.GOOD}
    assert not inspection.is_inadequate


@pytest.mark.parametrize("type_", Inspection.Type.values)
@pytest.mark.parametrize("framework", Framework.values)
def test_label_names_the_type_as_django_displays_it(framework, type_):
    inspection = Inspection(framework=framework, type=type_)
    expected = (
        framework
        if type_ == Inspection.Type.STANDARD and framework != Framework.ILACS
        else f"{framework} {inspection.get_type_display().lower()}"
    )

    assert inspection.label == expected
    assert Inspection(framework=framework, type=Inspection.Type(type_)).label == expected
