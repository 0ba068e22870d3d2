"""The audit trail in Chromium: an admin filters who changed what; bad dates get GOV.UK errors.

Each page is checked with axe-core by the ``page`` fixture (see conftest.py).
"""

import re

import pytest
from playwright.sync_api import expect

from interventions.models import Theme

from .support import sign_in

pytestmark = pytest.mark.browser


def test_an_admin_filters_the_audit_trail_and_is_told_about_a_wrong_date(
    page, live_server, admin_user, commissioner
):
    theme = Theme(code="audit-browser", name="Audited theme")
    theme._history_user = commissioner
    theme._change_reason = "Added for the audit test"
    theme.save()
    sign_in(page, live_server, admin_user)

    page.goto(live_server.url + "/admin/")
    page.get_by_role("link", name="Audit trail").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Audit trail")

    page.get_by_label("Changed by").select_option(label=commissioner.get_username())
    page.get_by_label("Type of record").select_option(label="Themes")
    page.get_by_role("button", name="Show changes").click()
    table = page.get_by_role("table", name="Changes")
    expect(table.get_by_role("row")).to_have_count(2)  # the headings and the one change
    expect(table).to_contain_text("Added for the audit test")
    link = table.get_by_role("link", name=re.compile(r"^Audited theme\s+\(its history\)$"))
    expect(link).to_be_visible()

    since = page.get_by_role("group", name="Changed on or after")
    since.get_by_label("Day").fill("31")
    since.get_by_label("Month").fill("2")
    since.get_by_label("Year").fill("2024")
    page.get_by_role("button", name="Show changes").click()
    summary = page.get_by_role("alert")
    expect(summary).to_contain_text("There is a problem")
    expect(summary.get_by_role("link", name="The first date must be a real date")).to_be_visible()
    expect(page).to_have_title("Error: Audit trail - Oversee children's services interventions")
