"""Issue 15: dates a person types are in the service's years (forms and the admin), bad date
filters and codes in URLs are 4xx, case data is never cached, and the admin neither records a
change nobody made nor saves over someone else's."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from core.history import save_with_history

from . import factories as f
from .test_admin import post_data
from .test_workspace_forms import action_data, date_parts, error_summary

pytestmark = pytest.mark.django_db

D = datetime.date


@pytest.fixture
def intervention():
    return f.InterventionFactory(opened_on=D(2016, 5, 25), notes="First line\nSecond line")


def change_url(obj):
    return reverse(f"admin:{obj._meta.app_label}_{obj._meta.model_name}_change", args=[obj.pk])


# --- dates ------------------------------------------------------------------------------------


def test_a_due_date_in_the_year_9999_is_refused(signed_in, world):
    url = reverse("interventions:action_create", args=[world.intervention.pk])
    response = signed_in.post(url, action_data(**date_parts("due_on", D(9999, 1, 1))))
    assert response.status_code == 200
    latest = timezone.localdate().year + 10
    assert error_summary(response) == [f"The due date must be in {latest} or earlier"]


def test_the_audit_filter_refuses_the_year_1(admin_client):
    response = admin_client.get(
        "/admin/audit/", {"since-day": "1", "since-month": "1", "since-year": "0001"}
    )
    assert response.status_code == 200
    assert response.context["form"].errors["since"] == ["The first date must be in 2000 or later"]


@pytest.mark.parametrize(
    ("typed", "message"),
    [("0001-01-01", "in 2000 or later"), ("9999-01-01", "or earlier")],
)
def test_the_admin_refuses_an_opening_date_out_of_the_services_years(
    admin_client, intervention, typed, message
):
    path = change_url(intervention)
    data = post_data(admin_client.get(path))
    data.update(opened_on=typed, change_reason="Typo")
    response = admin_client.post(path, data)
    assert response.status_code == 200
    assert message in str(response.context["adminform"].form.errors["opened_on"])
    intervention.refresh_from_db()
    assert intervention.opened_on == D(2016, 5, 25)


@pytest.mark.parametrize("value", ["99999999999", "x", "-1"])
def test_an_impossible_year_filter_in_the_admin_is_a_bad_request(admin_client, value):
    response = admin_client.get(
        reverse("admin:interventions_progressentry_changelist"), {"occurred_on__year": value}
    )
    assert response.status_code == 400


def test_a_real_year_filter_still_works(admin_client):
    response = admin_client.get(
        reverse("admin:interventions_progressentry_changelist"), {"occurred_on__year": "2016"}
    )
    assert response.status_code == 200


@pytest.mark.parametrize(
    "path",
    [
        "/reporting/authorities/%00/",
        "/reporting/authorities/x/",
        "/api/authorities/%00/",
        "/api/authorities/%00/inspections/",
    ],
)
def test_what_cannot_be_an_ons_code_is_not_found(admin_client, path):
    response = admin_client.get(path)
    assert response.status_code == 404
    if path.startswith("/api/"):
        assert response["Content-Type"] == "application/json"  # the API's own 404


# --- caching ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "path",
    ["/", "/reporting/dashboard/", "/reporting/dashboard/csv/", "/api/interventions/", "/admin/"],
)
def test_case_data_is_never_cached(admin_client, path):
    response = admin_client.get(path)
    assert response.status_code in (200, 302)  # home redirects to the role's home
    cache_control = {part.strip() for part in response["Cache-Control"].split(",")}
    assert {"no-store", "private"} <= cache_control


def test_static_files_keep_their_caching(client):
    response = client.get("/static/js/js-enabled.js")
    assert response.status_code == 200
    assert "no-store" not in response.get("Cache-Control", "")


# --- admin saves ------------------------------------------------------------------------------


def test_an_admin_save_without_a_change_writes_no_history(admin_client, intervention):
    path = change_url(intervention)
    data = post_data(admin_client.get(path))
    data["notes"] = data["notes"].replace("\n", "\r\n")  # as browsers send a text area
    before = intervention.history.count()

    assert admin_client.post(path, data).status_code == 302

    assert intervention.history.count() == before
    intervention.refresh_from_db()
    assert intervention.notes == "First line\nSecond line"


def test_an_admin_save_over_someone_elses_change_is_refused(admin_client, intervention, official):
    path = change_url(intervention)
    data = post_data(admin_client.get(path))
    intervention.notes = "Changed by the official meanwhile"
    save_with_history(intervention, by=official, reason="Meanwhile")

    data.update(notes="The admin's own notes")
    response = admin_client.post(path, data)

    assert response.status_code == 200
    errors = response.context["adminform"].form.non_field_errors()
    assert any("was changed by official" in e for e in errors)
    intervention.refresh_from_db()
    assert intervention.notes == "Changed by the official meanwhile"

    # Having seen it, saving again applies the admin's values.
    again = post_data(response)
    again.update(notes="The admin's own notes")
    assert admin_client.post(path, again).status_code == 302
    intervention.refresh_from_db()
    assert intervention.notes == "The admin's own notes"
