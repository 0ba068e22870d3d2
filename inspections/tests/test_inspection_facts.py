"""Three facts about inspections that every page, report and the API read from the model: the
headline grade, the judgements in Ofsted's order, and which inspection is the latest graded."""

import datetime

import pytest

from inspections.models import Area, Inspection, PresumptionRule, with_grades

from .factories import LocalAuthorityFactory, graded, visit

pytestmark = pytest.mark.django_db

BAD, RI, ADEQUATE, GOOD = "inadequate", "requires_improvement", "adequate", "good"
SLAC = "SLAC"
SAFEGUARDING_AGAIN = Inspection.Type.REINSPECTION_SAFEGUARDING
LOOKED_AFTER_AGAIN = Inspection.Type.REINSPECTION_LOOKED_AFTER


def on(day: str) -> datetime.date:
    return datetime.date.fromisoformat(day)


@pytest.fixture
def authority():
    return LocalAuthorityFactory(name="Testshire")


# The headline grade ----------------------------------------------------------------------------


def test_the_headline_grade_is_overall_effectiveness(authority):
    inspection = graded(authority, "SIF", "2016-01-05", overall=RI, help_and_protection=BAD)

    assert inspection.headline_grade == RI


def test_a_slac_inspection_is_known_by_the_worse_of_its_two_overall_judgements(authority):
    inspection = graded(
        authority,
        SLAC,
        "2012-03-01",
        safeguarding_overall=ADEQUATE,
        looked_after_children_overall=BAD,
        safeguarding_capacity=GOOD,
    )

    assert inspection.headline_grade == BAD


def test_a_slac_inspection_is_not_known_by_its_capacity_to_improve(authority):
    inspection = graded(
        authority,
        SLAC,
        "2012-03-01",
        safeguarding_overall=GOOD,
        looked_after_children_overall=ADEQUATE,
        safeguarding_capacity=BAD,
        looked_after_children_capacity=BAD,
    )

    assert inspection.headline_grade == ADEQUATE


def test_a_visit_has_no_headline_grade(authority):
    assert visit(authority, "2020-06-01").headline_grade is None


def test_an_inspection_without_an_overall_grade_has_no_headline_grade(authority):
    inspection = graded(authority, "ILACS", "2026-06-01", help_and_protection=BAD)

    assert inspection.headline_grade is None


def test_the_headline_grade_reads_grades_read_in_bulk(authority, django_assert_num_queries):
    graded(
        authority, SLAC, "2012-03-01", safeguarding_overall=GOOD, looked_after_children_overall=RI
    )
    (inspection,) = with_grades(Inspection.objects.filter(authority=authority))

    with django_assert_num_queries(0):
        assert inspection.headline_grade == RI


# Judgements in Ofsted's order ------------------------------------------------------------------


def test_judgements_are_listed_in_the_order_ofsted_sets_them_out(
    authority, django_assert_num_queries
):
    graded(
        authority,
        "SIF",
        "2016-01-05",
        lscb_review=GOOD,
        adoption_performance=GOOD,
        leadership_management_governance=BAD,
        overall=BAD,
        care_leavers=RI,
        looked_after_and_permanence=RI,
        help_and_protection=BAD,
    )
    inspection = Inspection.objects.prefetch_related("judgements").get()

    with django_assert_num_queries(0):
        areas = [judgement.area for judgement in inspection.judgements_in_order()]

    assert areas == [
        Area.OVERALL,
        Area.HELP_AND_PROTECTION,
        Area.LOOKED_AFTER_AND_PERMANENCE,
        Area.ADOPTION,
        Area.CARE_LEAVERS,
        Area.LEADERSHIP,
        Area.LSCB_REVIEW,
    ]


def test_slac_judgements_list_each_overall_judgement_before_its_capacity(authority):
    inspection = graded(
        authority,
        SLAC,
        "2012-03-01",
        looked_after_children_capacity=GOOD,
        safeguarding_capacity=GOOD,
        looked_after_children_overall=GOOD,
        safeguarding_overall=ADEQUATE,
    )

    assert [judgement.area for judgement in inspection.judgements_in_order()] == [
        Area.SAFEGUARDING,
        Area.SAFEGUARDING_CAPACITY,
        Area.LOOKED_AFTER,
        Area.LOOKED_AFTER_CAPACITY,
    ]


def test_a_visit_has_no_judgements_to_list(authority):
    assert visit(authority, "2020-06-01").judgements_in_order() == []


# The latest graded inspection ------------------------------------------------------------------


def test_the_latest_graded_is_the_one_published_last_and_visits_do_not_count(authority):
    graded(authority, "SIF", "2014-01-10", overall=BAD)
    latest = graded(authority, "SIF", "2016-01-10", type=Inspection.Type.REINSPECTION, overall=RI)
    visit(authority, "2017-01-10", type=Inspection.Type.MONITORING_VISIT)
    inspections = list(Inspection.objects.filter(authority=authority))

    assert Inspection.latest_graded(inspections) == latest


def test_of_two_published_the_same_day_the_later_started_is_the_latest(authority):
    later = graded(authority, SLAC, "2012-06-01", type=SAFEGUARDING_AGAIN, started="2012-04-02")
    graded(authority, SLAC, "2012-06-01", type=LOOKED_AFTER_AGAIN, started="2012-04-01")

    assert Inspection.latest_graded(Inspection.objects.filter(authority=authority)) == later


def test_of_two_published_and_started_the_same_day_the_one_recorded_last_is_the_latest(
    authority,
):
    graded(authority, SLAC, "2012-06-01", type=SAFEGUARDING_AGAIN, started="2012-04-02")
    last = graded(authority, SLAC, "2012-06-01", type=LOOKED_AFTER_AGAIN, started="2012-04-02")

    assert Inspection.latest_graded(Inspection.objects.filter(authority=authority)) == last


def test_an_unpublished_inspection_is_dated_by_its_start(authority):
    graded(authority, "ILACS", "2024-01-10", overall=GOOD)
    unpublished = graded(authority, "ILACS", None, type=Inspection.Type.SHORT, started="2024-05-01")
    inspections = list(Inspection.objects.filter(authority=authority))

    assert Inspection.latest_graded(inspections) == unpublished


def test_published_by_counts_only_what_was_published_on_or_before_the_day(authority):
    earlier = graded(authority, "SIF", "2014-01-10", overall=BAD)
    graded(authority, "SIF", "2016-01-10", type=Inspection.Type.REINSPECTION, overall=RI)
    graded(authority, "ILACS", None, started="2015-05-01")
    inspections = list(Inspection.objects.filter(authority=authority))

    assert Inspection.latest_graded(inspections, published_by=on("2016-01-09")) == earlier
    assert Inspection.latest_graded(inspections, published_by=on("2014-01-09")) is None


def test_no_graded_inspection_means_no_latest(authority):
    visit(authority, "2020-06-01")

    assert Inspection.latest_graded(Inspection.objects.all()) is None


@pytest.fixture
def three_authorities():
    """Ties on the publication date, on both dates, an unpublished inspection and visits."""
    first, second, third = (LocalAuthorityFactory() for _ in range(3))
    graded(first, "SIF", "2014-01-10", started="2013-11-01", overall=BAD)
    graded(first, "SIF", "2016-01-10", type=Inspection.Type.REINSPECTION, overall=RI)
    visit(first, "2016-06-01")
    graded(first, "ILACS", None, started="2016-09-01")
    graded(second, SLAC, "2012-06-01", type=SAFEGUARDING_AGAIN, started="2012-04-02")
    graded(second, SLAC, "2012-06-01", type=LOOKED_AFTER_AGAIN, started="2012-04-01")
    graded(second, SLAC, "2010-06-01", safeguarding_overall=BAD)
    graded(third, SLAC, "2011-06-01", type=SAFEGUARDING_AGAIN, started="2011-04-02")
    graded(third, SLAC, "2011-06-01", type=LOOKED_AFTER_AGAIN, started="2011-04-02")
    visit(third, "2009-06-01")
    return [first, second, third]


@pytest.mark.parametrize(
    "day", ["2009-12-31", "2011-06-01", "2012-06-01", "2015-01-01", "2016-01-10", "2030-01-01"]
)
def test_the_database_picks_the_latest_graded_as_the_model_does(
    three_authorities, day, django_assert_num_queries
):
    ids = [authority.pk for authority in three_authorities]
    everything = list(Inspection.objects.all())
    in_memory = {
        authority_id: latest
        for authority_id in ids
        if (
            latest := Inspection.latest_graded(
                [i for i in everything if i.authority_id == authority_id], published_by=on(day)
            )
        )
    }

    with django_assert_num_queries(2):
        in_sql = Inspection.objects.latest_graded_by_authority(ids, on(day))

    assert in_sql == in_memory
    assert {a: i.headline_grade for a, i in in_sql.items()} == {
        a: i.headline_grade for a, i in in_memory.items()
    }


@pytest.mark.parametrize("basis", [None, *PresumptionRule.DateBasis.values])
def test_latest_first_sorts_as_recency_does(three_authorities, basis):
    everything = list(Inspection.objects.all())

    by_recency = sorted(everything, key=lambda i: i.recency(basis), reverse=True)

    assert list(Inspection.objects.latest_first(basis)) == by_recency
