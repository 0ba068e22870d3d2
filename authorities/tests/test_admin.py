"""The admin: pages open for an admin, lists cost the same queries for 5 rows as for 50, and
key date changes need a reason that lands in the history."""

import datetime

import pytest
from django.urls import NoReverseMatch, reverse

from authorities.models import LeadershipPost, LocalAuthority
from authorities.tests.factories import (
    LeadershipPostFactory,
    LocalAuthorityFactory,
    StatisticalNeighbourFactory,
    YearlyStatisticsFactory,
)

pytestmark = pytest.mark.django_db

CHANGELIST_MAX_QUERIES = 13


def make_authorities(count):
    for _ in range(count):
        LocalAuthorityFactory()


def make_neighbour_rows(count):
    for _ in range(count):
        StatisticalNeighbourFactory()


def make_posts(count):
    for _ in range(count):
        LeadershipPostFactory()


def make_statistics(count):
    for _ in range(count):
        YearlyStatisticsFactory()


CHANGELISTS = [
    ("localauthority", make_authorities),
    ("statisticalneighbour", make_neighbour_rows),
    ("leadershippost", make_posts),
    ("yearlystatistics", make_statistics),
]


@pytest.fixture
def admin_client_logged_in(client, admin_user):
    client.force_login(admin_user)
    return client


@pytest.mark.parametrize("rows", [5, 50])
@pytest.mark.parametrize(("model", "make_rows"), CHANGELISTS)
def test_changelist_queries_do_not_grow_with_rows(
    admin_client_logged_in, django_assert_max_num_queries, model, make_rows, rows
):
    make_rows(rows)
    url = reverse(f"admin:authorities_{model}_changelist")
    with django_assert_max_num_queries(CHANGELIST_MAX_QUERIES):
        response = admin_client_logged_in.get(url)
    assert response.status_code == 200
    assert response.context["cl"].result_count >= rows


@pytest.mark.parametrize(
    "query",
    [
        "status=current",
        "status=predecessor",
        "type=unitary",
        "region=E12000009",
        "q=E08000016",
        "q=Barnsley",
    ],
)
def test_authority_changelist_filters_and_searches(admin_client_logged_in, query):
    barnsley = LocalAuthorityFactory(
        name="Barnsley",
        ons_code="E08000038",
        former_ons_codes="E08000016",
        type=LocalAuthority.Type.METROPOLITAN,
        region=LocalAuthority.Region.YORKSHIRE,
    )
    torbay = LocalAuthorityFactory(name="Torbay", region=LocalAuthority.Region.SOUTH_WEST)
    bucks = LocalAuthorityFactory(name="Buckinghamshire County", predecessor=True)
    expected = {
        "status=current": {barnsley, torbay},
        "status=predecessor": {bucks},
        "type=unitary": {torbay, bucks},
        "region=E12000009": {torbay},
        "q=E08000016": {barnsley},
        "q=Barnsley": {barnsley},
    }[query]
    response = admin_client_logged_in.get(
        reverse("admin:authorities_localauthority_changelist") + "?" + query
    )
    assert set(response.context["cl"].result_list) == expected


def test_statistics_changelist_filters_by_year_level_and_region(admin_client_logged_in):
    national = YearlyStatisticsFactory(national=True, year=2025)
    regional = YearlyStatisticsFactory(regional=True, region="E12000009", year=2025)
    local = YearlyStatisticsFactory(year=2024)
    url = reverse("admin:authorities_yearlystatistics_changelist")
    for query, expected in [
        ("year=2025", {national, regional}),
        ("level=local_authority", {local}),
        ("region=E12000009", {regional}),
    ]:
        response = admin_client_logged_in.get(f"{url}?{query}")
        assert set(response.context["cl"].result_list) == expected, query


def test_authority_change_page_shows_neighbours_and_leaders(admin_client_logged_in):
    torbay = LocalAuthorityFactory(name="Torbay")
    plymouth = LocalAuthorityFactory(name="Plymouth")
    StatisticalNeighbourFactory(authority=torbay, neighbour=plymouth, rank=1)
    LeadershipPostFactory(authority=torbay, person_name="Dr Example")
    response = admin_client_logged_in.get(
        reverse("admin:authorities_localauthority_change", args=[torbay.pk])
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "Plymouth" in html
    assert "Dr Example" in html


@pytest.mark.parametrize(
    ("model", "factory"),
    [
        ("localauthority", LocalAuthorityFactory),
        ("statisticalneighbour", StatisticalNeighbourFactory),
        ("leadershippost", LeadershipPostFactory),
        ("yearlystatistics", YearlyStatisticsFactory),
    ],
)
def test_change_add_and_history_pages_open(admin_client_logged_in, model, factory):
    obj = factory()
    for url in (
        reverse(f"admin:authorities_{model}_change", args=[obj.pk]),
        reverse(f"admin:authorities_{model}_add"),
        reverse(f"admin:authorities_{model}_history", args=[obj.pk]),
    ):
        assert admin_client_logged_in.get(url).status_code == 200, url


def post_data(post: LeadershipPost, **changes) -> dict:
    data = {
        "authority": post.authority_id,
        "role": post.role,
        "person_name": post.person_name,
        "start_date": post.start_date.isoformat(),
        "end_date": post.end_date.isoformat() if post.end_date else "",
        "change_reason": "",
    }
    if post.is_interim:
        data["is_interim"] = "on"
    return {**data, **changes}


def test_changing_a_post_end_date_needs_a_reason(admin_client_logged_in):
    post = LeadershipPostFactory(start_date=datetime.date(2016, 5, 1))
    url = reverse("admin:authorities_leadershippost_change", args=[post.pk])
    response = admin_client_logged_in.post(url, post_data(post, end_date="2018-03-31"))
    assert response.status_code == 200
    assert response.context["adminform"].form.errors == {
        "change_reason": ["Enter a reason for changing end date"]
    }
    post.refresh_from_db()
    assert post.end_date is None


def test_reason_for_a_post_date_change_is_kept_in_history(admin_client_logged_in, admin_user):
    post = LeadershipPostFactory(start_date=datetime.date(2016, 5, 1))
    url = reverse("admin:authorities_leadershippost_change", args=[post.pk])
    response = admin_client_logged_in.post(
        url, post_data(post, end_date="2018-03-31", change_reason="Left for another council")
    )
    assert response.status_code == 302
    latest = post.history.latest()
    assert latest.end_date == datetime.date(2018, 3, 31)
    assert latest.history_user == admin_user
    assert latest.history_change_reason == "Left for another council"


def test_changing_a_name_needs_no_reason(admin_client_logged_in):
    post = LeadershipPostFactory()
    url = reverse("admin:authorities_leadershippost_change", args=[post.pk])
    response = admin_client_logged_in.post(url, post_data(post, person_name="Renamed"))
    assert response.status_code == 302
    assert post.history.latest().history_change_reason == "Edited in admin"


def authority_form(authority: LocalAuthority, posts: list[dict]) -> dict:
    data = {
        "name": authority.name,
        "official_name": authority.official_name,
        "type": authority.type,
        "region": authority.region,
        "ons_code": authority.ons_code,
        "former_ons_codes": authority.former_ons_codes,
        "dfe_code": authority.dfe_code,
        "ofsted_urn": authority.ofsted_urn,
        "end_date": "",
        "change_reason": "",
        "statistical_neighbours-TOTAL_FORMS": "0",
        "statistical_neighbours-INITIAL_FORMS": "0",
        "leadership_posts-TOTAL_FORMS": str(len(posts)),
        "leadership_posts-INITIAL_FORMS": str(sum(1 for p in posts if p.get("id"))),
    }
    for index, post in enumerate(posts):
        for key, value in post.items():
            data[f"leadership_posts-{index}-{key}"] = value
    return data


def test_inline_post_date_change_needs_a_reason_kept_in_history(admin_client_logged_in):
    post = LeadershipPostFactory(start_date=datetime.date(2016, 5, 1))
    authority = post.authority
    url = reverse("admin:authorities_localauthority_change", args=[authority.pk])
    inline = {
        "id": str(post.pk),
        "authority": str(authority.pk),
        "role": post.role,
        "person_name": post.person_name,
        "start_date": "2016-05-01",
        "end_date": "2017-08-31",
        "change_reason": "",
    }
    response = admin_client_logged_in.post(url, authority_form(authority, [inline]))
    assert response.status_code == 200
    assert "Enter a reason for changing end date" in response.content.decode()

    inline["change_reason"] = "Retired"
    response = admin_client_logged_in.post(url, authority_form(authority, [inline]))
    assert response.status_code == 302
    latest = post.history.latest()
    assert (latest.end_date, latest.history_change_reason) == (
        datetime.date(2017, 8, 31),
        "Retired",
    )


def test_admin_pages_do_not_depend_on_get_absolute_url(admin_client_logged_in, monkeypatch):
    # Authority pages outside the admin may change what get_absolute_url returns; the admin
    # must keep working whatever it does.
    def no_public_page(self):
        raise NoReverseMatch("no public page")

    monkeypatch.setattr(LocalAuthority, "get_absolute_url", no_public_page)
    authority = LocalAuthorityFactory()
    record = authority.history.latest()
    for url in (
        reverse("admin:authorities_localauthority_changelist"),
        reverse("admin:authorities_localauthority_change", args=[authority.pk]),
        reverse("admin:authorities_localauthority_history", args=[authority.pk]),
        reverse(
            "admin:authorities_localauthority_simple_history",
            args=[authority.pk, record.history_id],
        ),
    ):
        assert admin_client_logged_in.get(url).status_code == 200, url
