"""The report pages: who sees what (a report out of scope is a 404), the workflow steps as
POST-only views with a banner or a GOV.UK error, the PDF and the frozen HTML, query counts, and
pages that keep working when the broker is down."""

import pytest
from celery.app.task import Task
from django.urls import reverse
from kombu.exceptions import OperationalError

from reporting import services, tasks
from reporting.models import Report

from .report_world import Q2, build_world, generate_missing

pytestmark = pytest.mark.django_db

NARRATIVE = {
    "overall_assessment": "Progress is real but fragile.",
    "risks": "Recruitment.",
    "recommendation": "Keep the direction.",
}


def narrative(report) -> dict:
    """The narrative as the form posts it, with the token of the narrative it was opened on."""
    return {**NARRATIVE, "based_on": services.narrative_token(report.current_version())}


def render_pdf_now(report) -> None:
    """The worker's part of submitting (queued after the commit), run here."""
    tasks.render_report_pdf(report.current_version().pk)


def signed_off(report, commissioner) -> Report:
    services.update_narrative(report, by=commissioner, **NARRATIVE)
    return services.sign_off_report(report, by=commissioner)


@pytest.mark.parametrize(
    ("url_name", "role", "expected"),
    [
        ("reporting:report_list", "commissioner", 200),
        ("reporting:report_list", "other_commissioner", 200),
        ("reporting:report_list", "official", 200),
        ("reporting:report_list", "admin_user", 200),
        ("reporting:report_detail", "commissioner", 200),
        ("reporting:report_detail", "other_commissioner", 404),
        ("reporting:report_detail", "official", 200),
        ("reporting:report_detail", "admin_user", 200),
        ("reporting:report_version_detail", "other_commissioner", 404),
        ("reporting:report_version_detail", "official", 200),
        ("reporting:report_narrative", "commissioner", 200),
        ("reporting:report_narrative", "other_commissioner", 404),
        ("reporting:report_narrative", "official", 403),
        ("reporting:report_narrative", "admin_user", 403),
        ("reporting:report_pdf", "commissioner", 302),  # a draft: made on submission
        ("reporting:report_pdf", "other_commissioner", 404),
        ("reporting:report_document", "official", 404),  # a draft has no stored document
        ("reporting:report_sign_off", "commissioner", 405),  # POST only
        ("reporting:report_submit", "official", 302),  # a draft: back to the report
        ("reporting:report_return", "official", 405),
        ("reporting:report_reopen", "admin_user", 405),
    ],
)
def test_permission_matrix(client, request, report, url_name, role, expected):
    client.force_login(request.getfixturevalue(role))
    args = [] if url_name == "reporting:report_list" else [report.pk]
    if "version" in url_name or url_name in {"reporting:report_pdf", "reporting:report_document"}:
        args.append(1)
    assert client.get(reverse(url_name, args=args)).status_code == expected


def test_list_shows_only_the_commissioners_own_reports_in_constant_queries(
    client, world, report, other_commissioner, django_assert_max_num_queries
):
    others = build_world(commissioner_user=other_commissioner, name="Southtown")
    generate_missing(by=world.by, today=Q2[1].replace(year=2018))
    client.force_login(other_commissioner)

    with django_assert_max_num_queries(12):
        page = client.get(reverse("reporting:report_list")).content.decode()

    assert "Southtown" in page and "Northtown" not in page
    assert Report.objects.filter(intervention=others.intervention).count() == 5


def test_the_report_page_shows_facts_with_their_sources(client, commissioner, report):
    client.force_login(commissioner)
    page = client.get(report.get_absolute_url()).content.decode()

    assert "Northtown: April to June 2017" in page
    assert "Audit every month" in page
    assert 'href="#source-1"' in page and 'id="source-1"' in page
    assert "Edit the narrative" in page and "Sign off the report" in page


def test_the_commissioner_saves_the_narrative_and_signs_off(client, commissioner, report):
    client.force_login(commissioner)
    url = reverse("reporting:report_narrative", args=[report.pk])
    response = client.post(url, narrative(report))
    assert response.status_code == 302

    response = client.post(reverse("reporting:report_sign_off", args=[report.pk]), follow=True)

    report.refresh_from_db()
    assert report.status == Report.Status.SIGNED_OFF
    assert "Report signed off" in response.content.decode()


def test_signing_off_an_incomplete_draft_says_what_to_complete(client, commissioner, report):
    client.force_login(commissioner)
    response = client.post(reverse("reporting:report_sign_off", args=[report.pk]), follow=True)

    page = response.content.decode()
    assert "replace the text in square brackets" in page
    report.refresh_from_db()
    assert report.status == Report.Status.DRAFT


def test_an_official_submits_and_then_reads_the_frozen_pdf_and_html(
    client, commissioner, official, report
):
    signed_off(report, commissioner)
    client.force_login(official)
    response = client.post(reverse("reporting:report_submit", args=[report.pk]), follow=True)
    assert "Report submitted to the Minister" in response.content.decode()
    render_pdf_now(report)

    version = report.current_version()
    pdf = client.get(reverse("reporting:report_pdf", args=[report.pk, 1]))
    html = client.get(reverse("reporting:report_document", args=[report.pk, 1]))

    assert pdf["Content-Type"] == "application/pdf"
    assert pdf.content == bytes(version.pdf)
    assert pdf["X-Content-SHA256"] == version.pdf_sha256
    assert html.content.decode() == version.html
    assert "default-src 'none'" in html["Content-Security-Policy"]  # so no script
    assert "style-src 'unsafe-inline'" in html["Content-Security-Policy"]


def test_returning_without_a_reason_shows_a_govuk_error(client, commissioner, official, report):
    signed_off(report, commissioner)
    client.force_login(official)

    response = client.post(reverse("reporting:report_return", args=[report.pk]), {})

    page = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in page
    assert "Enter why you are returning the report" in page
    assert "<title>Error:" in page


def test_reopening_with_a_reason_makes_version_2_and_keeps_version_1(
    client, commissioner, official, admin_user, report
):
    signed_off(report, commissioner)
    services.submit_report(report, by=official)
    render_pdf_now(report)
    client.force_login(admin_user)

    response = client.post(
        reverse("reporting:report_reopen", args=[report.pk]),
        {"reopen-reason": "Board decisions corrected"},
        follow=True,
    )

    assert "Report reopened as a new draft version" in response.content.decode()
    report.refresh_from_db()
    assert report.version == 2
    old = client.get(reverse("reporting:report_version_detail", args=[report.pk, 1]))
    assert "which was reopened" in old.content.decode()


def test_a_step_the_role_may_not_take_is_forbidden(client, official, report):
    client.force_login(official)
    assert client.post(reverse("reporting:report_sign_off", args=[report.pk])).status_code == 403
    assert client.post(reverse("reporting:report_reopen", args=[report.pk])).status_code == 403


def test_a_step_refused_says_why(client, commissioner, report):
    client.force_login(commissioner)
    url = reverse("reporting:report_return", args=[report.pk])

    response = client.post(url, {"return-reason": "Not ready"})

    assert response.status_code == 403
    assert response.context["exception"] == "Only a DfE official can return a signed-off report"


def test_report_pages_and_steps_work_with_the_broker_down(
    client, commissioner, official, report, monkeypatch
):
    def broker_down(*args, **kwargs):
        raise OperationalError("Error 111 connecting to 127.0.0.1:6379. Connection refused.")

    monkeypatch.setattr(Task, "apply_async", broker_down)
    client.force_login(commissioner)
    assert client.get(reverse("reporting:report_list")).status_code == 200
    assert client.get(report.get_absolute_url()).status_code == 200
    client.post(reverse("reporting:report_narrative", args=[report.pk]), narrative(report))
    client.post(reverse("reporting:report_sign_off", args=[report.pk]))
    client.force_login(official)
    client.post(reverse("reporting:report_submit", args=[report.pk]))

    report.refresh_from_db()
    assert report.status == Report.Status.SUBMITTED


def test_admin_lists_reports_read_only_with_their_versions(client, admin_user, report):
    client.force_login(admin_user)
    changelist = client.get(reverse("admin:reporting_report_changelist"))
    change = client.get(reverse("admin:reporting_report_change", args=[report.pk]))

    assert changelist.status_code == change.status_code == 200
    page = change.content.decode()
    assert report.current_version().content_sha256 in page
    assert report.get_absolute_url() in page
    assert client.get(reverse("admin:reporting_report_add")).status_code == 403
    assert client.get(reverse("admin:reporting_report_delete", args=[report.pk])).status_code == 403
