"""Issue 18 in Chromium: an admin imports Data to Insight's file (upload, preview, confirm), the
dashboard says what changed, and its evidence link opens the authority page with the grades'
sources. Every page is checked with axe-core by the ``page`` fixture (conftest.py)."""

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

from authorities.tests.factories import LocalAuthorityFactory
from inspections.models import Inspection
from reporting.tests.test_ofsted_import import DEVON_ROWS, write

from .support import sign_in

pytestmark = pytest.mark.browser


def test_an_admin_imports_a_publication_and_the_dashboard_says_what_changed(
    page: Page, live_server, admin_user, transactional_db, tmp_path
):
    LocalAuthorityFactory(ons_code="E10000008", dfe_code="878", name="Devon", ofsted_urn="80461")
    upload = write(tmp_path, "d2i_ofsted_ilacs_scrape_to_2026-03-31.csv", *DEVON_ROWS)
    sign_in(page, live_server, admin_user)

    page.goto(live_server.url + reverse("admin:reporting_alert_changelist"))
    page.get_by_role("link", name="Import Ofsted outcomes").click()
    page.get_by_label("Ofsted outcomes file (CSV)").set_input_files(str(upload))
    page.get_by_role("button", name="Preview the import").click()
    expect(page.locator("[data-import-summary]")).to_contain_text("2 inspections added")
    assert not Inspection.objects.exists()
    page.get_by_role("button", name="Confirm and import").click()
    expect(page.locator(".messagelist")).to_contain_text("2 inspections added")

    page.goto(live_server.url + reverse("reporting:dashboard"))
    panel = page.locator("[data-changed-since]")
    expect(panel).to_contain_text("now applies to Devon")
    panel.get_by_role("link", name="See the evidence for Devon").first.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Devon")
    expect(page.locator("[data-provenance]").first).to_contain_text(
        "d2i_ofsted_ilacs_scrape_to_2026-03-31.csv, line 2"
    )
    expect(page.locator("[data-rule-version]").first).to_contain_text("Version 2")
