"""Error pages in GOV.UK style, in a real browser (and so checked with axe like every page)."""

import re

import pytest
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.urls import reverse
from playwright.sync_api import expect

from .support import sign_in

pytestmark = pytest.mark.browser

SERVICE = "Oversee children's services interventions"


def serve_template(page, url: str, template: str, status: int, request=None) -> None:
    """Serve a template as Django's error view would render it (500 and 400: no request)."""
    html = render_to_string(template, request=request)
    page.route(
        url,
        lambda route: route.fulfill(
            status=status, content_type="text/html; charset=utf-8", body=html
        ),
    )


def test_unknown_address_shows_page_not_found(page, live_server, someone, visit):
    sign_in(page, live_server, someone)

    visit("/no-such-page/", status=404)

    expect(page).to_have_title(f"Page not found - {SERVICE}")
    expect(page.get_by_role("heading", level=1)).to_have_text("Page not found")
    expect(page.get_by_role("link", name="Go to the start page")).to_have_attribute("href", "/")
    # Still the service's frame, with its navigation for the signed-in user.
    expect(page.get_by_role("button", name="Sign out (someone)")).to_be_visible()


@pytest.mark.parametrize(
    ("template", "status", "heading"),
    [
        ("500.html", 500, "Sorry, there is a problem with the service"),
        ("400.html", 400, "Sorry, there is a problem with the service"),
        ("503.html", 503, "Sorry, the service is unavailable"),
    ],
)
def test_error_page_made_without_a_request_is_gov_uk_styled_and_accessible(
    page, visit, live_server, template, status, heading
):
    serve_template(page, live_server.url + "/error-page/", template, status)

    visit("/error-page/", status=status)

    expect(page).to_have_title(f"{heading} - {SERVICE}")
    expect(page.get_by_role("heading", level=1)).to_have_text(heading)
    expect(page.get_by_role("link", name=SERVICE)).to_be_visible()
    expect(page.locator(".govuk-header")).to_have_css("background-color", "rgb(29, 112, 184)")


def test_permission_denied_page_keeps_the_signed_in_frame(page, visit, live_server, someone):
    request = RequestFactory().get("/error-page/")
    request.user = someone
    serve_template(page, live_server.url + "/error-page/", "403.html", 403, request)

    visit("/error-page/", status=403)

    expect(page).to_have_title(f"You cannot do this - {SERVICE}")
    expect(page.get_by_role("heading", level=1)).to_have_text("You cannot do this")
    expect(page.get_by_role("button", name="Sign out (someone)")).to_be_visible()


def test_form_sent_without_its_cookie_shows_why_and_what_to_do(page, page_checks, visit):
    login = reverse("login")
    visit(login)
    # As if the session had ended in another tab: the form's token no longer matches.
    page.context.clear_cookies()
    page_checks.expected_status[page_checks.origin + login] = 403
    page.get_by_label("Username").fill("someone")
    page.get_by_label("Password", exact=True).fill("anything")
    page.get_by_role("button", name="Sign in").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Your form could not be sent")
    expect(page).to_have_title(re.compile("^Your form could not be sent - "))
    expect(page.get_by_role("main")).to_contain_text(
        "Nothing you entered on that page has been saved"
    )
