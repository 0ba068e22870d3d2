"""A report's journey in a real browser: the commissioner goes from their home page to an overdue
report, completes the narrative and signs it off; a DfE official finds it under Reports and
submits it through the confirmation page; the PDF follows from the worker. And two tabs on the
same narrative: the second save is refused and keeps its text. Every page is checked with
axe-core by the ``page`` fixture (the second tab's pages too: the check watches the context)."""

import datetime
import re

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

from core.history import system_user
from interventions import services as intervention_services
from interventions.tests.factories import LocalAuthorityFactory
from reporting import services, tasks
from reporting.models import Report

from .support import sign_in

pytestmark = pytest.mark.browser

OPENED = datetime.date(2017, 1, 1)
ASSESSMENT = "The front door is safer; care planning is still slipping."
RECOMMENDATION = "Keep the direction in place for another year."
RISKS = "Agency social workers leave faster than permanent ones arrive."


@pytest.fixture
def report(commissioner) -> Report:
    """Northtown's report for January to March 2017: a draft, long overdue. The commissioner
    was appointed the day the intervention opened, when its reporting periods start."""
    by = system_user("journey-tests")
    intervention = intervention_services.open_intervention(
        LocalAuthorityFactory(name="Northtown"), by=by, opened_on=OPENED
    )
    person = intervention_services.add_commissioner(
        by=by, name="Alex Example", email="alex@example.gov.uk", user=commissioner
    )
    intervention_services.appoint_commissioner(intervention, person, by=by, starts_on=OPENED)
    report, _ = services.generate_report(intervention, OPENED, by=by)
    return report


def menu(page: Page):
    return page.get_by_role("navigation", name="Menu")


def test_a_report_goes_from_the_commissioners_home_to_the_minister(
    page, live_server, commissioner, official, report
):
    # The commissioner's home: reports due first, this one overdue.
    sign_in(page, live_server, commissioner)
    expect(page.get_by_role("heading", level=1)).to_have_text("Your interventions")
    due = page.get_by_role("table", name=re.compile("Your reports not yet submitted"))
    row = due.get_by_role("row", name=re.compile("Northtown"))
    expect(row).to_contain_text("30 April 2017")
    expect(row.locator(".govuk-tag--red")).to_have_text("Overdue")
    row.get_by_role("link", name=re.compile("Northtown")).click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Northtown: January to March 2017")
    expect(menu(page).get_by_role("link", name="Reports")).to_have_attribute("aria-current", "true")
    page.get_by_role("link", name="Edit the narrative").click()
    page.get_by_label("Overall assessment").fill(ASSESSMENT)
    page.get_by_label("Recommendation to the Minister").fill(RECOMMENDATION)
    page.get_by_label("Risks").fill(RISKS)
    page.get_by_role("button", name="Save the narrative").click()
    expect(page.get_by_text("Narrative saved")).to_be_visible()
    page.get_by_role("button", name="Sign off the report").click()

    expect(page.get_by_text("Report signed off")).to_be_visible()
    expect(page.locator(".govuk-tag--blue", has_text="Signed off")).to_be_visible()
    expect(page.get_by_role("heading", name="Signed off by the commissioner")).to_be_visible()
    expect(page.locator("#signed-off")).to_contain_text("commissioner signed this report off on")
    menu(page).get_by_role("button", name=re.compile("Sign out")).click()

    # A DfE official finds it under Reports, filtered to what is signed off, and submits it.
    sign_in(page, live_server, official)
    menu(page).get_by_role("link", name="Reports").click()
    expect(menu(page).get_by_role("link", name="Reports")).to_have_attribute("aria-current", "page")
    page.get_by_label("Status").select_option(label="Signed off")
    page.get_by_role("button", name="Apply filters").click()
    expect(page.get_by_role("heading", name="1 report matching the filters")).to_be_visible()
    page.get_by_role("link", name=re.compile("Northtown")).click()

    page.get_by_role("button", name="Submit to the Minister").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Submit this report to the Minister?")
    expect(page.get_by_text("You cannot undo this")).to_be_visible()
    page.get_by_role("button", name="Submit to the Minister").click()

    expect(page.get_by_text("Report submitted to the Minister")).to_be_visible()
    expect(page.locator(".govuk-tag--green", has_text="Submitted")).to_be_visible()
    expect(page.get_by_text("PDF being prepared")).to_be_visible()
    report.refresh_from_db()
    assert report.status == Report.Status.SUBMITTED

    tasks.render_report_pdf(report.current_version().pk)  # the worker's part, here
    page.reload()
    version = report.current_version()
    expect(page.get_by_text(version.sha256)).to_be_visible()
    pdf = page.request.get(reverse("reporting:report_pdf", args=[report.pk, 1]))
    assert pdf.headers["content-type"] == "application/pdf"
    assert pdf.body() == bytes(version.pdf)


def test_a_save_from_a_second_tab_opened_earlier_is_refused_and_keeps_its_text(
    page, live_server, commissioner, report
):
    sign_in(page, live_server, commissioner)
    narrative = reverse("reporting:report_narrative", args=[report.pk])
    first = page
    second = page.context.new_page()
    first.goto(narrative)
    second.goto(narrative)

    first.get_by_label("Overall assessment").fill(ASSESSMENT)
    first.get_by_label("Recommendation to the Minister").fill(RECOMMENDATION)
    first.get_by_role("button", name="Save the narrative").click()
    expect(first.get_by_text("Narrative saved")).to_be_visible()

    mine = "Written in the other tab, and not to be lost."
    second.get_by_label("Overall assessment").fill(mine)
    second.get_by_role("button", name="Save the narrative").click()

    summary = second.get_by_role("alert")
    expect(summary).to_contain_text("There is a problem")
    expect(summary).to_contain_text(
        "This report was changed by commissioner while you were editing it. Your text has not "
        "been saved: it is shown below so you can copy it"
    )
    expect(second).to_have_title(re.compile("^Error: "))
    expect(second.get_by_label("Overall assessment")).to_have_value(mine)
    second.get_by_text("See what is saved now").first.click()
    expect(second.get_by_text(ASSESSMENT, exact=True)).to_be_visible()
    assert report.current_version().overall_assessment == ASSESSMENT

    # The error's link takes the keyboard to the text to copy.
    summary.get_by_role("link").first.click()
    expect(second.get_by_label("Overall assessment")).to_be_focused()
    second.close()
