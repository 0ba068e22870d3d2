"""Quarterly reports in a real browser: the commissioner completes and signs off the draft, a DfE
official submits it and reads the PDF and the frozen HTML, an admin reopens it. Every page is
checked with axe-core by the ``page`` fixture."""

import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from reporting import services, tasks
from reporting.models import Report
from reporting.tests.report_world import Q2, build_world

from .support import sign_in

pytestmark = pytest.mark.browser

NARRATIVE = {
    "overall_assessment": "Progress is real but fragile.",
    "risks": "Recruitment of social workers.",
    "recommendation": "Keep the direction in place.",
}


@pytest.fixture
def report(commissioner) -> Report:
    world = build_world(commissioner_user=commissioner)
    report, _ = services.generate_report(world.intervention, Q2[0], by=world.by)
    return report


def sign_off(report, commissioner) -> None:
    services.update_narrative(report, by=commissioner, **NARRATIVE)
    services.sign_off_report(report, by=commissioner)


def test_commissioner_completes_the_narrative_and_signs_off(
    page, live_server, commissioner, report
):
    sign_in(page, live_server, commissioner)
    page.goto(reverse("reporting:report_list"))
    page.get_by_role("link", name=re.compile("Northtown")).click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Northtown: April to June 2017")
    expect(page.get_by_role("heading", name="Progress by theme")).to_be_visible()
    page.get_by_role("button", name="Sign off the report").click()
    expect(page.get_by_text("replace the text in square brackets")).to_be_visible()

    page.get_by_role("link", name="Edit the narrative").click()
    assessment = page.get_by_label("Overall assessment")
    expect(assessment).to_contain_text("[Commissioner:")
    assessment.fill(NARRATIVE["overall_assessment"])
    page.get_by_label("Recommendation to the Minister").fill(NARRATIVE["recommendation"])
    page.get_by_label("Risks").fill(NARRATIVE["risks"])
    page.get_by_role("button", name="Save the narrative").click()
    expect(page.get_by_text("Narrative saved")).to_be_visible()
    page.get_by_role("button", name="Sign off the report").click()

    expect(page.get_by_text("Report signed off")).to_be_visible()
    report.refresh_from_db()
    assert report.status == Report.Status.SIGNED_OFF


def test_official_submits_and_reads_the_frozen_pdf_and_html(
    page, live_server, commissioner, official, report
):
    sign_off(report, commissioner)
    sign_in(page, live_server, official)
    page.goto(report.get_absolute_url())

    page.get_by_role("button", name="Submit to the Minister").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Submit this report to the Minister?")
    page.get_by_role("button", name="Submit to the Minister").click()

    expect(page.get_by_text("Report submitted to the Minister")).to_be_visible()
    expect(page.get_by_text("PDF being prepared")).to_be_visible()
    tasks.render_report_pdf(report.current_version().pk)  # the worker's part, here
    page.reload()
    version = report.current_version()
    expect(page.get_by_text(version.sha256)).to_be_visible()
    pdf = page.request.get(reverse("reporting:report_pdf", args=[report.pk, 1]))
    assert pdf.headers["content-type"] == "application/pdf"
    assert pdf.body() == bytes(version.pdf)
    page.get_by_role("link", name="open the HTML as submitted").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Children's services in Northtown")
    expect(page.get_by_text(NARRATIVE["overall_assessment"])).to_be_visible()


def test_admin_reopens_a_submitted_report_and_both_versions_remain(
    page, live_server, commissioner, official, admin_user, report
):
    sign_off(report, commissioner)
    services.submit_report(report, by=official)
    tasks.render_report_pdf(report.current_version().pk)  # the worker's part, here
    sign_in(page, live_server, admin_user)
    page.goto(report.get_absolute_url())

    page.get_by_text("Reopen this report").click()
    page.get_by_role("button", name="Reopen as a new version").click()
    expect(page.get_by_role("link", name="Enter why you are reopening the report")).to_be_visible()
    page.get_by_label("Why are you reopening the report?").fill("Board decisions corrected")
    page.get_by_role("button", name="Reopen as a new version").click()

    expect(page.get_by_text("Report reopened as a new draft version")).to_be_visible()
    page.get_by_role("link", name="Version 1").click()
    expect(page.get_by_text("which was reopened")).to_be_visible()
