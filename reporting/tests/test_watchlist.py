"""The presumption watchlist: every authority where any presumption rule in force applies on a
chosen day, with the inspections each answer rests on, whether an intervention was open, and
where the rules disagree."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from authorities.models import LocalAuthority
from authorities.tests.factories import LocalAuthorityFactory
from inspections.models import PresumptionRule
from inspections.tests.factories import graded
from interventions.models import Intervention
from interventions.tests.factories import InterventionFactory

from .dashboard_world import D, table_rows

pytestmark = pytest.mark.django_db

URL = reverse("reporting:watchlist")
TWO_OF_THREE = "two-of-last-three"
PERSISTENT = "persistent-or-systemic"


def on(day: datetime.date, **extra) -> dict:
    return {"date-day": day.day, "date-month": day.month, "date-year": day.year, **extra}


def failing_twice(name: str, *, first: str = "2014-05-01", region=None) -> LocalAuthority:
    """Inadequate (SIF) at ``first``, though not on every key judgement, and again on 1 March
    2016 on every key judgement: both rules apply from then on."""
    authority = LocalAuthorityFactory(name=name, region=region or LocalAuthority.Region.SOUTH_WEST)
    graded(
        authority, "SIF", first, overall="inadequate", help_and_protection="requires_improvement"
    )
    graded(
        authority,
        "SIF",
        "2016-03-01",
        type="reinspection",
        overall="inadequate",
        help_and_protection="inadequate",
        looked_after_and_permanence="inadequate",
        leadership_management_governance="inadequate",
    )
    return authority


def disagreeing(name: str) -> LocalAuthority:
    """Two inadequates more than five years apart, the latest not systemic: only the
    two-of-the-last-three rule applies on 1 May 2016."""
    authority = LocalAuthorityFactory(name=name)
    graded(authority, "SLAC", "2010-10-22", safeguarding_overall="inadequate")
    graded(
        authority,
        "SIF",
        "2016-01-05",
        overall="inadequate",
        help_and_protection="inadequate",
        looked_after_and_permanence="requires_improvement",
        leadership_management_governance="inadequate",
    )
    return authority


def watchlist(client, params) -> dict[str, list[str]]:
    response = client.get(URL, params)
    assert response.status_code == 200
    rows = table_rows(response.content.decode(), "data-watchlist-table")
    return {row[0].split(" ")[0]: row for row in rows[1:]}


def test_lists_authorities_where_a_rule_applies_with_the_inspections_used(client, official):
    failing_twice("Torbay")
    good = LocalAuthorityFactory(name="Hampshire")
    graded(good, "SIF", "2014-06-01", overall="good")
    client.force_login(official)

    rows = watchlist(client, on(D(2016, 5, 1)))

    assert list(rows) == ["Torbay"]
    row = rows["Torbay"]
    assert row[1] == "No"
    rules = [r.slug for r in PresumptionRule.objects.in_force_on(D(2016, 5, 1)).order_by("slug")]
    assert rules == [PERSISTENT, TWO_OF_THREE]
    for cell in row[2:]:
        assert cell.startswith("Applies")
        assert "SIF re-inspection, published 1 March 2016: Inadequate" in cell
        assert "SIF, published 1 May 2014: Inadequate" in cell


def test_the_day_chosen_decides_which_inspections_count(client, official):
    failing_twice("Torbay")
    client.force_login(official)

    assert watchlist(client, on(D(2016, 2, 29))) == {}
    assert list(watchlist(client, on(D(2016, 3, 1)))) == ["Torbay"]


def test_today_is_the_default(client, official):
    failing_twice("Torbay")
    client.force_login(official)

    response = client.get(URL)

    assert response.context["day"] == timezone.localdate()
    assert [a.authority.name for a in response.context["watchlist"].answers] == ["Torbay"]


def test_authorities_where_the_rules_disagree_are_listed_apart(client, official):
    failing_twice("Slough")  # both rules apply: no disagreement
    torbay = disagreeing("Torbay")
    client.force_login(official)

    response = client.get(URL, on(D(2016, 5, 1)))

    watch = response.context["watchlist"]
    assert [answer.authority.name for answer in watch.answers] == ["Slough", "Torbay"]
    (answer,) = watch.disagreements
    assert answer.authority == torbay
    # Two inadequates, but more than five years apart and the latest not systemic.
    assert {r.rule.slug: r.applies for r in answer.results} == {
        PERSISTENT: False,
        TWO_OF_THREE: True,
    }
    html = response.content.decode()
    assert "Where the rules disagree" in html
    assert "Torbay</a>: applies under two of the last three" in html
    rows = watchlist(client, on(D(2016, 5, 1)))
    assert rows["Torbay"][0] == "Torbay South East Rules disagree"
    assert rows["Slough"][0] == "Slough South West"
    assert rows["Torbay"][2].startswith("Does not apply")


def test_says_whether_an_intervention_was_open_on_the_day(client, official):
    authority = failing_twice("Torbay")
    InterventionFactory(
        authority=authority,
        opened_on=D(2016, 3, 10),
        status=Intervention.Status.CLOSED,
        closed_on=D(2018, 1, 1),
    )
    client.force_login(official)

    assert watchlist(client, on(D(2016, 3, 9)))["Torbay"][1] == "No"
    assert watchlist(client, on(D(2016, 3, 10)))["Torbay"][1] == "Yes, since 10 March 2016"
    assert watchlist(client, on(D(2018, 1, 1)))["Torbay"][1] == "No"


def test_region_filter(client, official):
    failing_twice("Torbay", region=LocalAuthority.Region.SOUTH_WEST)
    failing_twice("Slough", region=LocalAuthority.Region.SOUTH_EAST)
    client.force_login(official)

    rows = watchlist(client, on(D(2016, 5, 1), region=LocalAuthority.Region.SOUTH_EAST))

    assert list(rows) == ["Slough"]


def test_a_rule_not_in_force_that_day_is_not_used(client, official):
    failing_twice("Torbay")
    rule = PresumptionRule.objects.get(slug=TWO_OF_THREE, version=1)
    rule.effective_from = D(2017, 1, 1)
    rule.save()
    client.force_login(official)

    response = client.get(URL, on(D(2016, 5, 1)))

    assert [r.slug for r in response.context["watchlist"].rules] == [PERSISTENT]


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"date-day": "1", "date-month": "13", "date-year": "2016"}, "must be a real date"),
        ({"region": "Narnia"}, "Choose a region from the list"),
    ],
)
def test_bad_input_shows_an_error_summary(client, official, params, message):
    client.force_login(official)

    response = client.get(URL, params)

    html = response.content.decode()
    assert "There is a problem" in html
    assert message in html
    assert "watchlist" not in response.context


def test_commissioner_gets_403_with_the_reason(client, commissioner):
    # ADR 15: a page the role does not allow is a 403 with the reason, as in the API.
    client.force_login(commissioner)

    response = client.get(URL)

    assert response.status_code == 403
    assert "You cannot do this" in response.content.decode()


@pytest.mark.parametrize("count", [3, 30])
def test_query_count_does_not_grow_with_authorities(
    client, official, django_assert_max_num_queries, count
):
    for number in range(count):
        authority = failing_twice(f"Council{number}")
        InterventionFactory(authority=authority, opened_on=D(2016, 3, 2))
    client.force_login(official)
    client.get(URL)

    # 10, the "changed since" alerts and the data version (core.page_cache).
    with django_assert_max_num_queries(12):
        response = client.get(URL, on(D(2016, 5, 1)))

    assert len(response.context["watchlist"].answers) == count


def test_a_long_watchlist_shows_25_authorities_a_page_and_links_each_disagreement_to_its_page(
    client, official
):
    for number in range(27):
        failing_twice(f"Council{number:02}")
    disagreeing("Aardvark")  # first: page 1
    disagreeing("Zebra")  # last: page 2
    client.force_login(official)

    first = client.get(URL, on(D(2016, 5, 1)))
    second = client.get(URL, on(D(2016, 5, 1), page=2))

    assert len(first.context["watchlist"].answers) == 29
    assert "29 authorities where a rule applies" in first.content.decode()
    first_rows = watchlist(client, on(D(2016, 5, 1)))
    second_rows = watchlist(client, on(D(2016, 5, 1), page=2))
    assert len(first_rows) == 25
    assert list(second_rows) == ["Council24", "Council25", "Council26", "Zebra"]
    links = {answer.authority.name: href for answer, href in first.context["disagreements"]}
    zebra = LocalAuthority.objects.get(name="Zebra").ons_code
    aardvark = LocalAuthority.objects.get(name="Aardvark").ons_code
    assert links["Aardvark"] == f"#authority-{aardvark}"
    assert links["Zebra"].endswith(f"page=2#authority-{zebra}")
    assert f'id="authority-{zebra}"' in second.content.decode()
    # On page 2 the disagreement on page 1 is linked back to it.
    back = {a.authority.name: href for a, href in second.context["disagreements"]}
    assert back["Aardvark"].endswith(f"page=1#authority-{aardvark}")
    assert "Showing 26 to 29 of 29 authorities" in second.content.decode()
