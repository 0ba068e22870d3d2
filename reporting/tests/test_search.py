"""Search across authorities, interventions and reports, scoped to what the user may view."""

import pytest
from django.urls import reverse

from authorities.tests.factories import LocalAuthorityFactory
from interventions.tests.factories import (
    CommissionerAppointmentFactory,
    CommissionerFactory,
    InterventionFactory,
)
from reporting.search.views import LIMIT
from reporting.tests.dashboard_world import add_report

pytestmark = pytest.mark.django_db

D = __import__("datetime").date


@pytest.fixture
def torbay(commissioner):
    authority = LocalAuthorityFactory(
        ons_code="E06000027", dfe_code="880", name="Torbay", former_ons_codes="E06099027"
    )
    intervention = InterventionFactory(authority=authority, opened_on=D(2016, 1, 5))
    CommissionerAppointmentFactory(
        intervention=intervention, commissioner=CommissionerFactory(user=commissioner)
    )
    add_report(intervention, D(2016, 1, 5), D(2016, 3, 31))
    return intervention


@pytest.fixture
def slough():
    authority = LocalAuthorityFactory(ons_code="E06000039", dfe_code="871", name="Slough")
    intervention = InterventionFactory(authority=authority, opened_on=D(2016, 1, 5))
    add_report(intervention, D(2016, 1, 5), D(2016, 3, 31))
    return intervention


def search(client, query: str):
    return client.get(reverse("search"), {"q": query})


@pytest.mark.parametrize("query", ["torb", "E06000027", "e06000027", "880", "E06099027"])
def test_an_authority_is_found_by_name_or_any_of_its_codes(client, official, torbay, query):
    client.force_login(official)
    response = search(client, query)
    assert [a.name for a in response.context["authorities"]] == ["Torbay"]
    assert response.context["interventions"] == [torbay]
    assert [r.intervention for r in response.context["reports"]] == [torbay]
    html = response.content.decode()
    assert reverse("reporting:authority_detail", args=["E06000027"]) in html
    assert reverse("interventions:intervention_detail", args=[torbay.pk]) in html


def test_commissioner_finds_only_their_own_interventions_and_reports(
    client, commissioner, torbay, slough
):
    client.force_login(commissioner)
    response = search(client, "slough")
    # Authorities are public data; Slough's intervention and report are not theirs.
    assert [a.name for a in response.context["authorities"]] == ["Slough"]
    assert response.context["interventions"] == []
    assert response.context["reports"] == []
    assert reverse("interventions:intervention_detail", args=[slough.pk]) not in (
        response.content.decode()
    )
    assert search(client, "torbay").context["interventions"] == [torbay]


def test_official_finds_every_intervention(client, official, torbay, slough):
    client.force_login(official)
    assert search(client, "slough").context["interventions"] == [slough]


def test_nothing_found_says_so(client, official, torbay):
    client.force_login(official)
    html = search(client, "Nowhere-on-sea").content.decode()
    assert "No authority matches." in html
    assert "No intervention you can see matches." in html


def test_a_search_too_long_is_a_govuk_error_not_a_500(client, official):
    client.force_login(official)
    response = search(client, "x" * 101)
    assert response.status_code == 200
    html = response.content.decode()
    assert "There is a problem" in html
    assert "Search for 100 characters or fewer" in html


def test_the_empty_search_page_asks_for_words(client, official):
    client.force_login(official)
    response = client.get(reverse("search"))
    assert response.status_code == 200
    assert "query" not in response.context


def test_anonymous_is_sent_to_sign_in(client):
    response = search(client, "torbay")
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_queries_stay_bounded_however_many_match(client, official, django_assert_max_num_queries):
    for n in range(LIMIT + 5):
        authority = LocalAuthorityFactory(name=f"Searchville {n}")
        intervention = InterventionFactory(authority=authority, opened_on=D(2016, 1, 5))
        add_report(intervention, D(2016, 1, 5), D(2016, 3, 31))
    client.force_login(official)
    with django_assert_max_num_queries(12):
        response = search(client, "Searchville")
    assert len(response.context["authorities"]) == LIMIT
    assert response.context["more_interventions"]
    assert "Only the first 25 are shown" in response.content.decode()
