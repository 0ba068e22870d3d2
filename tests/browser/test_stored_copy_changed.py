"""A submitted report whose stored HTML was changed behind the service's back: the reader gets
a GOV.UK error page (checked with axe like every page), never the changed document."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from tests.test_database_roles import frozen_version, write_behind_the_apps_back

from .support import sign_in

pytestmark = pytest.mark.browser


def test_a_changed_frozen_document_shows_an_error_page_not_the_document(
    page, live_server, visit, commissioner, official
):
    version = frozen_version(commissioner, official)
    write_behind_the_apps_back(
        "UPDATE reporting_reportversion SET html = %s WHERE id = %s",
        ["<h1>Nothing to see here</h1>", version.pk],
    )
    sign_in(page, live_server, official)

    visit(reverse("reporting:report_document", args=[version.report_id, 1]), status=500)

    expect(page.get_by_role("heading", level=1)).to_have_text("This report cannot be shown")
    expect(page.get_by_text("Nothing to see here")).to_have_count(0)
    expect(page.locator(".govuk-header")).to_have_css("background-color", "rgb(29, 112, 184)")
