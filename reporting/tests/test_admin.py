"""Reports in the admin are read-only: a report, above all a submitted one, changes only through
the workflow (reporting.services). No change, no revert, no add, no delete (docs/adr/0013)."""

import pytest
from django.urls import reverse

from reporting import services
from reporting.models import Report

from .report_world import Q2, build_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def submitted(commissioner, official):
    world = build_world(commissioner_user=commissioner)
    report, _ = services.generate_report(world.intervention, Q2[0], by=world.by)
    services.update_narrative(
        report,
        by=commissioner,
        overall_assessment="Progress is real but fragile.",
        risks="Recruitment of social workers.",
        recommendation="Keep the direction in place.",
    )
    services.sign_off_report(report, by=commissioner)
    return services.submit_report(report, by=official)


@pytest.fixture
def admin_client(client, admin_user):
    client.force_login(admin_user)
    return client


def snapshot(report: Report):
    """The report and its versions as stored, and how many history rows each has."""
    versions = report.versions.order_by("pk")
    return (
        Report.objects.filter(pk=report.pk).values().get(),
        list(versions.values()),
        report.history.count(),
        [version.history.count() for version in versions],
    )


def test_a_submitted_report_is_shown_read_only(admin_client, submitted):
    response = admin_client.get(reverse("admin:reporting_report_change", args=[submitted.pk]))
    assert response.status_code == 200
    assert not response.context["adminform"].form.fields
    assert not response.context["has_change_permission"]


def test_a_submitted_report_cannot_be_saved_in_the_admin(admin_client, submitted):
    before = snapshot(submitted)
    response = admin_client.post(
        reverse("admin:reporting_report_change", args=[submitted.pk]),
        {"status": "draft", "change_reason": "Reopen by hand"},
    )
    assert response.status_code == 403
    assert snapshot(submitted) == before


def test_a_report_cannot_be_reverted_to_a_past_version(admin_client, submitted):
    draft = submitted.history.order_by("history_id").first()
    path = reverse("admin:reporting_report_simple_history", args=[submitted.pk, draft.pk])
    shown = admin_client.get(path)
    assert shown.status_code == 200
    assert b'value="Revert"' not in shown.content
    before = snapshot(submitted)
    assert admin_client.post(path, {"change_reason": "Back to draft"}).status_code == 403
    assert snapshot(submitted) == before


def test_reports_are_neither_added_nor_deleted_in_the_admin(admin_client, submitted):
    assert admin_client.get(reverse("admin:reporting_report_add")).status_code == 403
    delete = reverse("admin:reporting_report_delete", args=[submitted.pk])
    assert admin_client.post(delete, {"post": "yes"}).status_code == 403
    assert Report.objects.filter(pk=submitted.pk).exists()
