"""The service navigation: each role's own items, the current one marked, admin for staff."""

import re

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def navigation(html: str) -> list[tuple[str, str, str]]:
    """(text, href, aria-current) of each link in the service navigation's list."""
    menu = html.split('id="navigation"', 1)[1].split("</ul>", 1)[0]
    links = re.findall(
        r'<a class="govuk-service-navigation__link" href="([^"]+)"(?: aria-current="(\w+)")?>\s*'
        r"(?:<strong[^>]*>)?([^<]+)",
        menu,
    )
    return [(text.strip(), href, current) for href, current, text in links]


def texts(html: str) -> list[str]:
    return [text for text, _, _ in navigation(html)]


def test_commissioner_sees_their_own_items(client, commissioner):
    client.force_login(commissioner)
    html = client.get(reverse("reporting:report_list")).content.decode()
    assert texts(html) == [
        "Your interventions",
        "Reports",
        "Authorities",
        "Search",
        "Help",
        "API tokens",
    ]


def test_official_sees_the_national_items_without_admin(client, official):
    client.force_login(official)
    html = client.get(reverse("reporting:dashboard")).content.decode()
    assert texts(html) == [
        "Dashboard",
        "Watchlist",
        "Interventions",
        "Authorities",
        "Reports",
        "Search",
        "Help",
        "API tokens",
    ]


def test_staff_admin_also_sees_admin(client, admin_user):
    client.force_login(admin_user)
    html = client.get(reverse("reporting:dashboard")).content.decode()
    assert texts(html)[0] == "Dashboard"
    assert texts(html)[-1] == "Admin"


@pytest.mark.parametrize(
    ("url_name", "current"),
    [
        ("reporting:dashboard", "Dashboard"),
        ("reporting:watchlist", "Watchlist"),
        ("reporting:authority_list", "Authorities"),
        ("reporting:report_list", "Reports"),
        ("commissioner_home", "Interventions"),
        ("search", "Search"),
        ("help", "Help"),
    ],
)
def test_the_current_page_is_marked_and_only_it(client, official, url_name, current):
    client.force_login(official)
    html = client.get(reverse(url_name)).content.decode()
    marked = [(text, aria) for text, _, aria in navigation(html) if aria]
    assert marked == [(current, "page")]
    assert html.count("govuk-service-navigation__item--active") == 1


def test_a_page_under_a_section_marks_the_section_not_the_page(client, official):
    client.force_login(official)
    html = client.get(reverse("reporting:authority_detail", args=["E06000027"])).content.decode()
    marked = [(text, aria) for text, _, aria in navigation(html) if aria]
    assert marked == [("Authorities", "true")]


def test_a_user_without_a_role_sees_home(client, django_user_model):
    someone = django_user_model.objects.create_user("someone", password="x")
    client.force_login(someone)
    html = client.get(reverse("core:home")).content.decode()
    assert texts(html) == ["Home", "Authorities", "Reports", "Help"]
    assert ("Home", reverse("core:home"), "page") in navigation(html)
