"""The national dashboard shows its table a page at a time, keeping its sort and filters; the
totals, the heading's count and the CSV cover every row."""

import pytest
from django.urls import reverse

from core.paging import PER_PAGE
from interventions.tests.factories import InterventionFactory

from .dashboard_world import csv_records

URL = reverse("reporting:dashboard")
CSV_URL = reverse("reporting:dashboard_csv")
ROWS = PER_PAGE + 3


@pytest.fixture
def interventions():
    return InterventionFactory.create_batch(ROWS)


def authorities(response) -> list[str]:
    return [row.cells[0].text for row in response.context["rows"]]  # the authority's name


def test_the_table_pages_and_everything_else_counts_every_row(client, official, interventions):
    client.force_login(official)
    everyone = sorted(i.authority.name for i in interventions)

    first = client.get(URL)
    assert authorities(first) == everyone[:PER_PAGE]
    assert first.context["totals"].interventions == ROWS
    html = first.content.decode()
    assert f"{ROWS} open interventions" in html
    assert f"Download all {ROWS} rows as a CSV file" in html
    assert f"Showing 1 to {PER_PAGE} of {ROWS} interventions, page 1 of 2." in html
    assert 'href="?page=2#interventions-heading" rel="next"' in html

    second = client.get(URL, {"page": 2})
    assert authorities(second) == everyone[PER_PAGE:]
    assert second.context["totals"].interventions == ROWS

    download = csv_records(client.get(CSV_URL, {"page": 2}))
    assert [row["authority_name"] for row in download] == everyone


def test_pages_keep_the_sort_and_sorting_starts_again_at_page_one(client, official, interventions):
    client.force_login(official)
    everyone = sorted((i.authority.name for i in interventions), reverse=True)
    response = client.get(URL, {"sort": "authority", "order": "desc", "page": 2})
    assert authorities(response) == everyone[PER_PAGE:]
    pages = response.context["pages"]
    assert pages.previous_href == "?sort=authority&order=desc&page=1#interventions-heading"
    # A column heading's link sorts afresh, from the first page.
    assert all("page=" not in heading["href"] for heading in response.context["headings"])
    assert "page=" not in response.context["query"]


@pytest.mark.parametrize(("asked", "shown"), [("9", 2), ("-1", 2), ("x", 1)])
def test_a_page_out_of_range_shows_the_last_and_nonsense_the_first(
    client, official, interventions, asked, shown
):
    client.force_login(official)
    response = client.get(URL, {"page": asked})
    assert response.status_code == 200
    assert response.context["pages"].page.number == shown


def test_a_later_page_costs_the_same_queries_as_the_first(
    client, official, interventions, django_assert_max_num_queries
):
    client.force_login(official)
    client.get(URL)  # the session and the user's groups, once
    # Today, sorted by authority: every row's facts, kept by the first request (the versions
    # they are kept under: 1 query), 12 for the page's states; and the session's 3 and 2
    # savepoints.
    with django_assert_max_num_queries(25):
        client.get(URL)
    # Sorted by a column only full states answer, read from every row's kept facts: the same.
    with django_assert_max_num_queries(21):
        response = client.get(URL, {"page": 2, "sort": "rag"})
    assert len(response.context["rows"]) == ROWS - PER_PAGE
