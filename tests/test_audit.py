"""The admins' audit page: who changed what across every history table, filtered and paged."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from conftest import make_user
from core import audit, roles
from interventions.models import Theme
from interventions.tests.factories import (
    ActionFactory,
    ImprovementNoticeFactory,
    StatusChangeFactory,
    ThemeRatingFactory,
)

pytestmark = pytest.mark.django_db

URL = "/admin/audit/"


def on(day: datetime.date, hour: int = 12) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


def change_theme(code: str, *, by=None, when=None, reason="") -> Theme:
    """Create a theme, or rename it, with one history row naming ``by``, ``when`` and ``reason``."""
    theme = Theme.objects.filter(code=code).first() or Theme(code=code)
    theme.name = f"{code} {Theme.objects.count()} {timezone.now().timestamp()}"
    theme._history_user = by
    if when:
        theme._history_date = when
    theme._change_reason = reason
    theme.save()
    return theme


def rows(response) -> list:
    return response.context["changes"]


@pytest.fixture
def admin_client(client, admin_user):
    client.force_login(admin_user)
    return client


def test_url_is_under_the_admin():
    assert reverse("audit") == URL


def test_a_superuser_sees_who_changed_what(admin_client, admin_user):
    change_theme("audit-a", by=admin_user, reason="Set up for the audit test")
    response = admin_client.get(URL)
    assert response.status_code == 200
    (first, *_) = rows(response)
    assert first.user == admin_user
    assert first.record_type == "Theme"
    assert first.record.startswith("audit-a")
    assert first.change_type == "Created"
    assert first.reason == "Set up for the audit test"
    theme = Theme.objects.get(code="audit-a")
    assert first.url == reverse("admin:interventions_theme_history", args=[theme.pk])
    page = response.content.decode()
    assert "Set up for the audit test" in page
    assert f'href="{first.url}"' in page


def test_an_admin_group_member_who_is_not_a_superuser_sees_it(client, django_user_model):
    client.force_login(make_user(django_user_model, "admin-role", roles.ADMIN))
    assert client.get(URL).status_code == 200


@pytest.mark.parametrize("role_fixture", ["commissioner", "official"])
def test_other_roles_are_refused(client, request, role_fixture):
    client.force_login(request.getfixturevalue(role_fixture))
    assert client.get(URL).status_code == 403


def test_someone_signed_out_is_sent_to_sign_in(client):
    response = client.get(URL)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_newest_first_and_each_change_type(admin_client, admin_user):
    theme = change_theme("audit-b", by=admin_user, when=on(datetime.date(2024, 1, 1)))
    change_theme("audit-b", by=admin_user, when=on(datetime.date(2024, 1, 2)))
    theme._history_date = on(datetime.date(2024, 1, 3))
    theme.delete()  # test set-up: nothing in the application hard-deletes a theme
    shown = rows(
        admin_client.get(
            URL,
            {
                "record_type": "interventions.theme",
                "since-day": "1",
                "since-month": "1",
                "since-year": "2024",
                "until-day": "3",
                "until-month": "1",
                "until-year": "2024",
            },
        )
    )
    assert [c.change_type for c in shown] == ["Deleted", "Changed", "Created"]
    assert shown[0].record.endswith("(no longer exists)")


def test_filter_by_user(admin_client, admin_user, commissioner):
    change_theme("audit-c", by=admin_user)
    change_theme("audit-d", by=commissioner)
    shown = rows(admin_client.get(URL, {"user": commissioner.pk}))
    assert [c.record.split()[0] for c in shown] == ["audit-d"]


def test_filter_by_type_of_record(admin_client, admin_user):
    change_theme("audit-e", by=admin_user)
    ActionFactory()
    shown = rows(admin_client.get(URL, {"record_type": "interventions.action"}))
    assert shown
    assert {c.record_type for c in shown} == {"Action"}


def test_filter_by_dates_includes_both_days(admin_client, admin_user):
    for day in (1, 2, 3, 4):
        change_theme(f"audit-day-{day}", by=admin_user, when=on(datetime.date(2023, 5, day), 23))
    shown = rows(
        admin_client.get(
            URL,
            {
                "since-day": "2",
                "since-month": "May",
                "since-year": "2023",
                "until-day": "3",
                "until-month": "5",
                "until-year": "2023",
            },
        )
    )
    assert [c.record.split()[0] for c in shown] == ["audit-day-3", "audit-day-2"]


@pytest.mark.parametrize(
    "query, message",
    [
        ({"since-day": "31", "since-month": "2", "since-year": "2024"}, "must be a real date"),
        ({"since-day": "1", "since-year": "2024"}, "must include a month"),
        ({"until-day": "1", "until-month": "1", "until-year": "24"}, "Year must include 4"),
        (
            {
                "since-day": "2",
                "since-month": "1",
                "since-year": "2024",
                "until-day": "1",
                "until-month": "1",
                "until-year": "2024",
            },
            "The last date must be the same as or after the first date",
        ),
        ({"user": "not-a-user"}, "Select a person from the list"),
        ({"user": "9" * 30}, "Select a person from the list"),
        ({"user": "1\x00"}, "Select a person from the list"),
        ({"record_type": "auth.permission"}, "Select a type of record from the list"),
    ],
)
def test_bad_filters_get_an_error_summary(admin_client, query, message):
    response = admin_client.get(URL, query)
    assert response.status_code == 200
    page = response.content.decode()
    assert "There is a problem" in page
    assert message in page
    assert rows(response) == []
    assert "<title>Error: " in page


@pytest.mark.parametrize("page", ["0", "x", "201", "9" * 5000])
def test_a_page_that_cannot_exist_is_404(admin_client, page):
    assert admin_client.get(URL, {"page": page}).status_code == 404


def test_pages_of_fifty_keep_the_filters(admin_client, admin_user):
    for n in range(55):
        change_theme(
            f"audit-page-{n}",
            by=admin_user,
            when=on(datetime.date(2022, 1, 1), 0) + datetime.timedelta(minutes=n),
        )
    query = {"user": admin_user.pk}
    first = admin_client.get(URL, query)
    assert len(rows(first)) == 50
    assert f"user={admin_user.pk}&amp;page=2" in first.content.decode()
    second = admin_client.get(URL, {**query, "page": "2"})
    older = [c.record.split()[0] for c in rows(second)]
    assert older == [f"audit-page-{n}" for n in range(4, -1, -1)]
    assert "page=1" in second.content.decode()


def test_query_count_does_not_grow_with_the_rows(admin_client, django_assert_max_num_queries):
    # Each of these writes history for several records whose names read other records (an
    # action's intervention's authority): shown naively, a page of them is an N+1.
    for _ in range(8):
        ThemeRatingFactory()
        ActionFactory()
        ImprovementNoticeFactory()
        StatusChangeFactory()
    assert sum(1 for _ in audit.changes(audit.Filters(), limit=100)) == 100
    # Session, user, the page's rows, the people to filter by, and one query per type of record
    # on the page (eight here): a query per row would be 50 more.
    with django_assert_max_num_queries(18):
        response = admin_client.get(URL)
    assert len(rows(response)) == 50
    assert len({c.record_type for c in rows(response)}) >= 4


def test_every_record_type_can_be_chosen():
    choices = dict(audit.record_type_choices())
    assert choices["interventions.action"] == "Actions"
    assert "reporting.report" in choices
    assert len(choices) >= 27


def test_the_admin_links_to_it(admin_client):
    assert f'href="{URL}"' in admin_client.get(reverse("admin:index")).content.decode()
