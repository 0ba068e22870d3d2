"""``with_grades``: the watchlist's and the dashboard's way to read many inspections' grades in
two queries. It must give every inspection the grades its prefetched judgements give, and the
presumption rules the same answers, on the real Ofsted history."""

import datetime

from authorities.models import LocalAuthority
from inspections.models import Inspection, PresumptionRule, with_grades
from inspections.presumption import evaluate_inspections, evaluate_many

DAYS = [datetime.date(year, 7, 1) for year in (2012, 2016, 2019, 2023, 2026)]


def test_every_inspection_has_the_grades_its_judgements_give(
    reference_data, db, django_assert_num_queries
):
    prefetched = {i.pk: i.grades for i in Inspection.objects.prefetch_related("judgements")}

    with django_assert_num_queries(2):
        read = {i.pk: i.grades for i in with_grades(Inspection.objects.all())}

    assert read == prefetched
    assert len(read) > 500
    assert sum(1 for grades in read.values() if not grades) > 0  # visits: no grades, still there


def test_the_rules_answer_as_they_do_from_prefetched_judgements(reference_data, db):
    rules = list(PresumptionRule.objects.filter(is_active=True).order_by("slug"))
    authorities = list(
        LocalAuthority.objects.order_by("pk").prefetch_related("inspections__judgements")
    )
    applying = 0
    for day in DAYS:
        quick = evaluate_many(rules, authorities, day)
        plain = [
            evaluate_inspections(rule, authority, day, authority.inspections.all())
            for authority in authorities
            for rule in rules
        ]
        assert [(r.applies, r.reason, [i.pk for i in r.inspections]) for r in quick] == [
            (r.applies, r.reason, [i.pk for i in r.inspections]) for r in plain
        ]
        applying += sum(result.applies for result in quick)
    assert applying > 0
