"""The watchlist's queries do not grow with the authorities, whether a rule applies to them, may
apply (Inadequate once: ``might_apply`` keeps them, the rules then say no) or cannot."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from authorities.tests.factories import LocalAuthorityFactory
from inspections.tests.factories import graded
from interventions.tests.factories import InterventionFactory

from .dashboard_world import D
from .test_watchlist import failing_twice, on

pytestmark = pytest.mark.django_db

URL = reverse("reporting:watchlist")


def add_authorities(start: int, count: int) -> None:
    for number in range(start, start + count):
        failing = failing_twice(f"Failing{number:03}")
        InterventionFactory(authority=failing, opened_on=D(2016, 3, 2))
        once = LocalAuthorityFactory(name=f"Once{number:03}")
        graded(once, "SIF", "2016-02-01", overall="inadequate", help_and_protection="good")
        good = LocalAuthorityFactory(name=f"Good{number:03}")
        graded(good, "SIF", "2016-02-01", overall="good")


def queries_and_listed(client) -> tuple[int, list[str]]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(URL, on(D(2016, 5, 1)))
    assert response.status_code == 200
    names = [answer.authority.name for answer in response.context["watchlist"].answers]
    return len(queries.captured_queries), names


def test_the_same_queries_for_2_or_22_authorities_of_each_kind(
    client, official, django_assert_max_num_queries
):
    client.force_login(official)
    client.get(URL)  # the session and the user's groups, once
    add_authorities(0, 2)
    few, listed = queries_and_listed(client)
    assert listed == ["Failing000", "Failing001"]

    add_authorities(2, 20)
    with django_assert_max_num_queries(few):
        many, listed = queries_and_listed(client)

    assert many == few
    assert listed == [f"Failing{number:03}" for number in range(22)]
