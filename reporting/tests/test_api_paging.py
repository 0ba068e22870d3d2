"""The API's intervention list pages before it builds states: every sort and filter gives the
same rows, in the same order, as building every intervention's state first (issue #7)."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone

from authorities.models import LocalAuthority
from authorities.tests.factories import LocalAuthorityFactory
from interventions.models import Intervention
from interventions.tests.factories import InterventionFactory, ThemeFactory
from reporting.api.params import Pagination
from reporting.api.views import FILTER_NAMES, INTERVENTION_PARAMS
from reporting.dashboard import table
from reporting.dashboard.state import portfolio

from .dashboard_world import D, add_report, intervention_story

pytestmark = pytest.mark.django_db

URL = reverse("api:intervention_list")
SORTS = next(param for param in INTERVENTION_PARAMS if param.name == "sort").enum


@pytest.fixture
def world():
    """Interventions that differ in every column: told stories with directions, ratings and
    reports; bare ones at other statuses; a closed one; two in one authority (a tie)."""
    themes = [ThemeFactory(), ThemeFactory()]
    torbay = LocalAuthorityFactory(name="Torbay", region=LocalAuthority.Region.SOUTH_WEST)
    for authority in (torbay, LocalAuthorityFactory(name="Barnet")):
        story = intervention_story(authority, themes=themes)
        add_report(story.intervention, D(2016, 1, 5), D(2016, 4, 4))
    other_region = LocalAuthority.Region.WEST_MIDLANDS
    for authority, opened, status in [
        (LocalAuthorityFactory(name="Sandwell", region=other_region), D(2019, 3, 1), "monitoring"),
        (LocalAuthorityFactory(name="Croydon", region=other_region), D(2021, 7, 9), "triggered"),
        (LocalAuthorityFactory(name="Kent", region=other_region), D(2023, 2, 2), "initial_review"),
    ]:
        InterventionFactory(authority=authority, opened_on=opened, status=status)
    InterventionFactory(
        authority=torbay, opened_on=D(2012, 1, 1), status="closed", closed_on=D(2014, 5, 5)
    )


def ids_in_pages(client, params: dict) -> list[int]:
    """Every page's ids, page by page, as an analyst would fetch them."""
    ids, page = [], 1
    while True:
        response = client.get(URL, {**params, "page": page})
        assert response.status_code == 200, response.content
        body = response.json()
        ids += [row["id"] for row in body["results"]]
        if body["next"] is None:
            return ids
        page += 1


def ids_from_every_state(params: dict) -> list[int]:
    """The list as the API made it before paging first: every state built, then narrowed."""
    day = timezone.localdate()
    open_only = params.get("open") == "true"
    states = portfolio(day, Intervention.objects.all(), open_only=open_only)
    if params.get("open") == "false":
        states = [state for state in states if not state.is_open]
    filters = table.DashboardFilters(
        **{n: params.get(n, "") for n in FILTER_NAMES},
        stale={"true": True, "false": False}.get(params.get("stale")),
    )
    sort = params.get("sort", "authority")
    states = table.filter_states(states, filters)
    return [s.pk for s in table.sort_states(states, sort.lstrip("-"), sort[0] == "-")]


@pytest.fixture
def pages_of_two(monkeypatch, client, official, world):
    monkeypatch.setattr(Pagination, "page_size", 2)
    client.force_login(official)
    return client


def test_every_sort_pages_as_building_every_state_did(pages_of_two, subtests):
    for sort in SORTS:
        with subtests.test(sort=sort):
            expected = ids_from_every_state({"sort": sort})
            assert ids_in_pages(pages_of_two, {"sort": sort}) == expected


FILTERED = [
    {"open": "true", "sort": "-months_open"},
    {"open": "false"},
    {"region": "E12000005", "sort": "status"},
    {"status": "implementation", "sort": "-region"},
    {"rag": "amber", "sort": "months_open"},
    {"type": "direction", "region": "E12000009"},
    {"report": "overdue", "open": "true", "sort": "-report"},
    {"type": "none", "sort": "-adm"},
    {"stale": "true", "sort": "-months_open"},
    {"stale": "false", "sort": "status"},
]


def test_filters_page_as_building_every_state_did(pages_of_two, subtests):
    for params in FILTERED:
        with subtests.test(**params):
            expected = ids_from_every_state(params)
            assert expected  # each case keeps some rows, so the order is tested
            assert ids_in_pages(pages_of_two, params) == expected


def test_page_two_and_the_last_page_and_a_page_past_the_end(pages_of_two):
    everything = ids_from_every_state({})

    second = pages_of_two.get(URL, {"page": 2}).json()
    last = pages_of_two.get(URL, {"page": "last"}).json()
    past = pages_of_two.get(URL, {"page": 4})

    assert second["count"] == 6
    assert [row["id"] for row in second["results"]] == everything[2:4]
    assert second["results"][0]["authority"]["name"] == "Kent"
    assert [row["id"] for row in last["results"]] == everything[4:]
    assert past.status_code == 404
    assert past.json() == {"detail": "There is no page 4: That page contains no results"}


def test_a_page_s_queries_do_not_grow_with_the_interventions(
    monkeypatch, client, official, django_assert_max_num_queries
):
    """A first page of two rows costs the same queries with 3 interventions as with 12, though
    the list counts them all: only the page's states are built."""
    monkeypatch.setattr(Pagination, "page_size", 2)
    client.force_login(official)
    themes = [ThemeFactory(), ThemeFactory()]
    counted = []
    for more in (3, 9):
        for _ in range(more):
            intervention_story(themes=themes)
        client.get(URL)  # the first request after signing in also reads the session's records
        with django_assert_max_num_queries(21) as captured:
            response = client.get(URL)
        counted.append((response.json()["count"], len(captured.captured_queries)))

    assert counted[0][0] == 3
    assert counted[1][0] == 12
    assert counted[0][1] == counted[1][1]
