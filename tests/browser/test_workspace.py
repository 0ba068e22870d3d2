"""The commissioner's workspace in a real browser: logging progress with a RAG change and a
file, what another commissioner may not see, and an edit made stale by someone else. Every page
shown is checked with axe-core (WCAG 2.2 A and AA) by the ``page`` fixture."""

import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from core.dates import govuk_time
from interventions import evidence as evidence_files
from interventions import services
from interventions.tests.workspace_world import build_world, file_bytes, upload

from .support import sign_in

pytestmark = pytest.mark.browser

LEADERSHIP = "Leadership, management and governance"


@pytest.fixture
def world(commissioner):
    return build_world(commissioner)


def rag_group(page, part: str, theme: str = LEADERSHIP):
    return page.get_by_role("group", name=f"{part} for {theme}")


def test_commissioner_logs_an_entry_with_a_rag_change_and_a_file(
    page, page_checks, live_server, world
):
    sign_in(page, live_server, world.entry.author)
    expect(page.get_by_role("heading", level=1)).to_have_text("Your interventions")
    page.get_by_role("link", name="Torbay").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Torbay")
    page.get_by_role("button", name="Log progress").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Log progress")
    page.get_by_label("Day").fill("1")
    page.get_by_label("Month").fill("9")
    page.get_by_label("Year").fill("2016")
    page.get_by_label("Visit", exact=True).check()
    page.get_by_label("Summary").fill("Second visit: a permanent director is in post")
    expect(page.get_by_text("Last rated red on 1 June 2016")).to_be_visible()
    rag_group(page, "RAG rating").get_by_label("Amber").check()
    rag_group(page, "Direction of travel").get_by_label("Improving").check()
    page.get_by_label("Upload evidence").set_input_files(
        files=[{"name": "visit-notes.pdf", "mimeType": "application/pdf", "buffer": file_bytes()}]
    )
    page.get_by_role("button", name="Save entry").click()

    # A rating changed with no rationale: refused, and nothing typed (or uploaded) is lost.
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_be_focused()
    message = f"Enter a rationale for changing {LEADERSHIP} from red to amber"
    expect(summary.get_by_role("link")).to_have_text(message)
    expect(page.get_by_label("Summary")).to_have_value(
        "Second visit: a permanent director is in post"
    )
    expect(page.get_by_label("Year")).to_have_value("2016")
    expect(rag_group(page, "RAG rating").get_by_label("Amber")).to_be_checked()
    expect(page.get_by_label(re.compile(r"visit-notes\.pdf"))).to_be_checked()
    summary.get_by_role("link").click()
    rationale = page.get_by_role("textbox", name=f"Rationale for {LEADERSHIP}")
    expect(rationale).to_be_focused()
    rationale.fill("The new director has a credible plan and grip on the front door")
    page.get_by_role("button", name="Save entry").click()

    expect(page.get_by_text("Progress entry saved")).to_be_visible()
    expect(page.get_by_role("heading", level=1)).to_have_text("Visit on 1 September 2016")
    with page.expect_download() as download:
        page.get_by_role("link", name="visit-notes.pdf").click()
    assert download.value.suggested_filename == "visit-notes.pdf"
    history = page.locator(".app-change-log")
    expect(history).to_contain_text(f"Rating of {LEADERSHIP} created")
    expect(history).to_contain_text("Evidence visit-notes.pdf created")
    expect(history).to_contain_text("RAG rating Amber")

    page.get_by_role("link", name="Torbay").click()
    page.get_by_role("tab", name="Timeline").click()
    timeline = page.locator("#timeline")
    expect(timeline).to_be_visible()
    first = timeline.locator(".moj-timeline__item").first
    expect(first).to_contain_text("Progress logged: visit")
    expect(first).to_contain_text("1 September 2016")
    expect(first).to_contain_text(f"{LEADERSHIP}: Amber, improving")
    # axe has checked every page so far, the rejected form (a POST's answer) among them.
    page_checks.check_now()
    checked = [re.sub(r"^https?://[^/]+", "", url) for url in page_checks.checked_urls]
    form = reverse("interventions:entry_create", args=[world.intervention.pk])
    assert checked.count(form) == 2, checked  # as opened, and as refused


def test_another_commissioner_gets_404_for_the_intervention_and_its_file(
    page, live_server, world, other_commissioner, visit
):
    author = world.entry.author
    staged, _ = evidence_files.stage(
        upload("board-papers.pdf", file_bytes()), user=author, intervention=world.intervention
    )
    item = services.attach_evidence(world.entry, staged, by=author)
    sign_in(page, live_server, other_commissioner)
    expect(page.get_by_text("You are not appointed to any intervention")).to_be_visible()

    visit(reverse("interventions:intervention_detail", args=[world.intervention.pk]), status=404)
    expect(page.get_by_role("heading", level=1)).to_have_text("Page not found")
    visit(
        reverse("interventions:evidence_download", args=[world.intervention.pk, item.pk]),
        status=404,
    )
    expect(page.get_by_role("heading", level=1)).to_have_text("Page not found")


def test_a_stale_edit_is_refused_with_the_conflict_message(page, live_server, world, admin_user):
    entry_url = reverse("interventions:entry_detail", args=[world.intervention.pk, world.entry.pk])
    sign_in(page, live_server, world.entry.author)
    page.goto(entry_url)
    page.get_by_role("button", name="Change this entry").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Change the entry")

    # Someone else saves the entry while the form is open.
    services.update_progress(world.entry, by=admin_user, summary="Corrected by DfE")
    saved_at = world.entry.history.latest("history_id").history_date

    page.get_by_label("Summary").fill("Met the director, managers and social workers")
    page.get_by_role("button", name="Save changes").click()

    summary = page.locator(".govuk-error-summary")
    expect(summary).to_be_focused()
    expect(summary.get_by_role("link").first).to_have_text(
        f"This entry was changed by admin at {govuk_time(saved_at)} while you were editing it"
    )
    expect(summary).to_contain_text(
        "Summary was changed to “Corrected by DfE”: yours is “Met the director, managers"
    )
    table = page.get_by_role("table", name="What admin changed")
    expect(table).to_contain_text("Corrected by DfE")
    expect(page.get_by_label("Summary")).to_have_value(
        "Met the director, managers and social workers"
    )

    # Saving again, having seen their change, applies this version.
    page.get_by_role("button", name="Save changes").click()
    expect(page.get_by_text("Progress entry updated")).to_be_visible()
    expect(page.get_by_role("main")).to_contain_text(
        "Met the director, managers and social workers"
    )
    world.entry.refresh_from_db()
    assert world.entry.summary == "Met the director, managers and social workers"
