"""The admin: every page opens, lists cost the same queries for 3 rows as for 30, key changes
need a reason, and rules change by new versions."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from inspections.models import Area, Grade, Inspection, Judgement, PresumptionRule

from .factories import JudgementFactory, LocalAuthorityFactory, graded

pytestmark = pytest.mark.django_db


def make_inspections(count: int) -> None:
    for n in range(count):
        authority = LocalAuthorityFactory()
        inspection = graded(
            authority,
            "ILACS",
            (datetime.date(2019, 1, 1) + datetime.timedelta(days=40 * n)).isoformat(),
            overall="inadequate" if n % 2 else "good",
            help_and_protection="good",
        )
        assert inspection.judgements.count() == 2


def queries_for(client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


@pytest.mark.parametrize(
    "url_name",
    [
        "admin:inspections_inspection_changelist",
        "admin:inspections_judgement_changelist",
        "admin:inspections_presumptionrule_changelist",
    ],
)
def test_list_queries_do_not_grow_with_rows(client, admin_user, url_name):
    client.force_login(admin_user)
    client.get(reverse("admin:index"))  # the first request after sign-in also saves the session
    make_inspections(3)
    few = queries_for(client, reverse(url_name))
    make_inspections(27)

    assert queries_for(client, reverse(url_name)) == few


@pytest.mark.parametrize(
    "query",
    [
        "?framework__exact=ILACS",
        "?overall=inadequate",
        "?overall=none",
        "?authority__region__exact=E12000009",
        "?year=2019",
        "?q=Authority",
    ],
)
def test_inspection_list_filters_and_search(
    client, admin_user, django_assert_max_num_queries, query
):
    client.force_login(admin_user)
    client.get(reverse("admin:index"))
    make_inspections(30)

    # Session, user, filter choices (years), counts, the page of rows: not one per row.
    with django_assert_max_num_queries(11):
        response = client.get(reverse("admin:inspections_inspection_changelist") + query)

    assert response.status_code == 200


def test_overall_filter_finds_inadequate_inspections(client, admin_user):
    client.force_login(admin_user)
    make_inspections(4)

    response = client.get(
        reverse("admin:inspections_inspection_changelist") + "?overall=inadequate"
    )

    assert [i.overall_grade for i in response.context["cl"].result_list] == ["inadequate"] * 2


def test_change_pages_open(client, admin_user):
    client.force_login(admin_user)
    judgement = JudgementFactory()
    rule = PresumptionRule.objects.first()
    urls = [
        reverse("admin:inspections_inspection_change", args=[judgement.inspection.pk]),
        reverse("admin:inspections_inspection_history", args=[judgement.inspection.pk]),
        reverse("admin:inspections_inspection_add"),
        reverse("admin:inspections_judgement_change", args=[judgement.pk]),
        reverse("admin:inspections_presumptionrule_change", args=[rule.pk]),
        reverse("admin:inspections_presumptionrule_history", args=[rule.pk]),
    ]

    for url in urls:
        assert client.get(url).status_code == 200, url


def inspection_form(inspection: Inspection, **changes) -> dict:
    judgement = inspection.judgements.get()
    data = {
        "authority": inspection.authority_id,
        "framework": inspection.framework,
        "type": inspection.type,
        "inspection_date": str(inspection.inspection_date or ""),
        "publication_date": inspection.publication_date.isoformat(),
        "report_url": "",
        "themes": "",
        "priority_action_named": "unknown",
        "priority_actions": "",
        "source": "",
        "notes": "",
        "change_reason": "",
        "judgements-TOTAL_FORMS": "1",
        "judgements-INITIAL_FORMS": "1",
        "judgements-MIN_NUM_FORMS": "0",
        "judgements-MAX_NUM_FORMS": "1000",
        "judgements-0-id": judgement.pk,
        "judgements-0-inspection": inspection.pk,
        "judgements-0-area": judgement.area,
        "judgements-0-grade": judgement.grade,
    }
    return data | changes


def test_changing_the_publication_date_needs_a_reason(client, admin_user):
    client.force_login(admin_user)
    inspection = graded(LocalAuthorityFactory(), "ILACS", "2019-03-01", overall="good")
    url = reverse("admin:inspections_inspection_change", args=[inspection.pk])

    response = client.post(url, inspection_form(inspection, publication_date="2019-03-08"))

    assert response.status_code == 200
    assert response.context["adminform"].form.errors["change_reason"] == [
        "Enter a reason for changing publication date"
    ]


def test_reason_lands_in_the_history_of_inspection_and_judgements(client, admin_user):
    client.force_login(admin_user)
    inspection = graded(LocalAuthorityFactory(), "ILACS", "2019-03-01", overall="good")
    url = reverse("admin:inspections_inspection_change", args=[inspection.pk])
    data = inspection_form(
        inspection,
        publication_date="2019-03-08",
        change_reason="Ofsted republished the report",
        **{"judgements-0-grade": Grade.REQUIRES_IMPROVEMENT},
    )

    response = client.post(url, data)

    assert response.status_code == 302
    inspection.refresh_from_db()
    judgement = inspection.judgements.get()
    assert inspection.publication_date == datetime.date(2019, 3, 8)
    for row in (inspection.history.first(), judgement.history.first()):
        assert (row.history_user, row.history_change_reason) == (
            admin_user,
            "Ofsted republished the report",
        )


def test_judgement_that_does_not_fit_the_framework_is_refused_in_the_inline(client, admin_user):
    client.force_login(admin_user)
    inspection = graded(LocalAuthorityFactory(), "ILACS", "2019-03-01", overall="good")
    url = reverse("admin:inspections_inspection_change", args=[inspection.pk])

    response = client.post(
        url, inspection_form(inspection, **{"judgements-0-area": Area.LSCB_REVIEW})
    )

    assert response.status_code == 200
    errors = response.context["inline_admin_formsets"][0].formset.errors
    assert errors[0]["area"] == ["Choose an area that ILACS inspections grade"]
    assert Judgement.objects.get().area == Area.OVERALL


def test_new_version_action_starts_the_next_version(client, admin_user):
    client.force_login(admin_user)
    # The version in force from April 2026 (inspections/migrations/0009).
    rule = PresumptionRule.objects.get(slug="two-of-last-three", version=2)

    response = client.post(
        reverse("admin:inspections_presumptionrule_changelist"),
        {"action": "make_new_version", "_selected_action": [rule.pk]},
    )

    new = PresumptionRule.objects.get(
        slug="two-of-last-three", is_active=True, effective_to__isnull=True
    )
    assert response.url == reverse("admin:inspections_presumptionrule_change", args=[new.pk])
    assert new.version == 3
    assert new.history.get().history_change_reason == "New version started in admin"
