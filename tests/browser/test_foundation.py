"""The service's frame in a real browser: sign-in, navigation, footer pages, sign-out, errors.

Each page these tests show is also checked with axe-core, for failed requests and for script
errors, by the ``page`` fixture (see conftest.py).
"""

import re

import pytest
from django.contrib.auth.forms import AuthenticationForm
from django.urls import resolve, reverse
from playwright.sync_api import Page, expect

from .support import PASSWORD, sign_in, static_files_loaded

pytestmark = pytest.mark.browser

SERVICE = "Oversee children's services interventions"


def service_navigation(page: Page):
    return page.get_by_role("region", name="Service information")


def test_anonymous_visitor_to_home_lands_on_sign_in(page, visit):
    visit("/")

    expect(page).to_have_url(re.compile(r"/sign-in/\?next=/$"))
    expect(page).to_have_title(f"Sign in - {SERVICE}")
    expect(page.get_by_role("heading", level=1)).to_have_text("Sign in")
    expect(service_navigation(page).get_by_role("link", name=SERVICE)).to_be_visible()
    expect(page.get_by_role("button", name=re.compile("Sign out"))).to_have_count(0)


def test_official_signs_in_with_the_form_and_lands_on_their_start_page(
    page, live_server, official, client
):
    client.force_login(official)
    start = client.get(reverse("core:home"))
    expected = start.url if start.status_code == 302 else reverse("core:home")

    sign_in(page, live_server, official)

    expect(page).to_have_url(live_server.url + expected)
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    menu = page.get_by_role("navigation", name="Menu")
    # Their role's navigation, their start page first and marked as the page they are on.
    expect(menu.get_by_role("link", name="Dashboard")).to_have_attribute("aria-current", "page")
    expect(menu.get_by_role("button", name="Sign out (official)")).to_be_visible()
    # An official is not staff: no admin in the navigation.
    expect(menu.get_by_role("link", name="Admin")).to_have_count(0)


def test_signed_in_user_sees_the_home_page_and_the_service_navigation(page, live_server, someone):
    sign_in(page, live_server, someone)

    expect(page).to_have_url(live_server.url + reverse("core:home"))
    expect(page).to_have_title(f"Home - {SERVICE}")
    expect(page.get_by_role("heading", level=1)).to_have_text(SERVICE)
    expect(page.get_by_text("You are signed in as someone")).to_be_visible()
    menu = page.get_by_role("navigation", name="Menu")
    expect(menu.get_by_role("link", name="Home")).to_have_attribute("aria-current", "page")
    expect(menu.get_by_role("button", name="Sign out (someone)")).to_be_visible()


def test_sign_out_button_looks_like_the_navigation_links(page, live_server, someone):
    sign_in(page, live_server, someone)
    menu = page.get_by_role("navigation", name="Menu")
    link = menu.get_by_role("link", name="Home")
    button = menu.get_by_role("button", name="Sign out (someone)")

    def looks(locator) -> dict:
        return locator.evaluate(
            """(el) => { const s = getComputedStyle(el); return {
                 font: s.fontFamily, size: s.fontSize, weight: s.fontWeight,
                 background: s.backgroundColor, border: s.borderTopWidth,
                 decoration: s.textDecorationLine}; }"""
        )

    # Home is the current page (bold in the fallback only, same weight); colours: link blue.
    assert looks(button) == looks(link.locator("strong")) | {"decoration": "none"}
    assert button.evaluate("(el) => getComputedStyle(el).color") == link.evaluate(
        "(el) => getComputedStyle(el).color"
    )
    button.focus()
    # GOV.UK's focus state: yellow background, as on the links.
    expect(button).to_have_css("background-color", "rgb(255, 221, 0)")


def test_gov_uk_frontend_styles_and_scripts_load_and_run(page_checks, live_server, someone):
    page = page_checks.page
    sign_in(page, live_server, someone)

    loaded = static_files_loaded(page_checks.responses)
    assert loaded.get("/static/build/application.css") == 200, loaded
    assert loaded.get("/static/js/application.mjs") == 200, loaded
    assert loaded.get("/static/govuk/govuk-frontend.min.js") == 200, loaded
    assert any(path.endswith(".woff2") for path in loaded), f"No GOV.UK font loaded: {loaded}"
    # The stylesheet applied: the header is GOV.UK blue, headings in the GDS Transport font.
    header = page.locator(".govuk-header")
    expect(header).to_have_css("background-color", "rgb(29, 112, 184)")
    expect(page.get_by_role("heading", level=1)).to_have_css(
        "font-family", re.compile("GDS Transport")
    )
    # The scripts ran: the feature check, then initAll() on the components.
    expect(page.locator("body")).to_have_class(re.compile(r"\bgovuk-frontend-supported\b"))
    nav = page.locator("[data-module=govuk-service-navigation]")
    expect(nav).to_have_attribute("data-govuk-service-navigation-init", "")


def test_about_the_data_page_credits_the_sources(page, live_server, someone):
    sign_in(page, live_server, someone)
    page.get_by_role("contentinfo").get_by_role("link", name="About the data").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("About the data")
    main = page.get_by_role("main")
    expect(main).to_contain_text(
        "Contains public sector information licensed under the Open Government Licence v3.0"
    )
    expect(main).to_contain_text("Local authority names and codes: mySociety, CC BY 4.0")


def test_footer_credits_the_data_on_every_page(page, visit):
    visit(reverse("login"))
    footer = page.get_by_role("contentinfo")

    expect(footer).to_contain_text(
        "Contains public sector information licensed under the Open Government Licence v3.0"
    )
    expect(footer).to_contain_text("Local authority names and codes: mySociety, CC BY 4.0")
    # The service's own records are not open data: no blanket OGL claim.
    expect(footer).not_to_contain_text("All content is available")


def test_accessibility_statement_is_open_without_signing_in(page, visit):
    visit(reverse("login"))
    page.get_by_role("contentinfo").get_by_role("link", name="Accessibility statement").click()

    expect(page).to_have_url(re.compile(r"/accessibility/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Accessibility statement")
    expect(page.get_by_role("main")).to_contain_text("WCAG")


def test_sign_out_button_signs_the_user_out(page, live_server, someone):
    sign_in(page, live_server, someone)
    page.get_by_role("button", name="Sign out (someone)").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Sign in")
    page.goto(reverse("core:home"))
    expect(page).to_have_url(re.compile(r"/sign-in/\?next=/$"))


def test_wrong_password_shows_error_summary_linking_to_username(page, visit, official):
    visit(reverse("login"))
    page.get_by_label("Username").fill("official")
    page.get_by_label("Password", exact=True).fill("not-" + PASSWORD)
    page.get_by_role("button", name="Sign in").click()

    expect(page).to_have_title(f"Error: Sign in - {SERVICE}")
    summary = page.locator(".govuk-error-summary")
    # GOV.UK Frontend moves focus to the summary so that screen readers announce it.
    expect(summary).to_be_focused()
    expect(summary.get_by_role("heading", level=2)).to_have_text("There is a problem")
    link = summary.get_by_role("link")
    expect(link).to_have_text(expected_sign_in_error())
    expect(link).to_have_attribute("href", "#id_username")

    link.click()

    expect(page.get_by_label("Username")).to_be_focused()
    # The username typed is kept; the password is not sent back.
    expect(page.get_by_label("Username")).to_have_value("official")
    expect(page.get_by_label("Password", exact=True)).to_have_value("")


def expected_sign_in_error() -> str:
    """The wrong-password message of the form the sign-in view uses (core.forms.SignInForm)."""
    view = resolve(reverse("login")).func
    form_class = (
        view.view_initkwargs.get("authentication_form")
        or view.view_class.authentication_form
        or AuthenticationForm
    )
    return form_class.error_messages["invalid_login"] % {"username": "username"}


def test_menu_on_a_phone_opens_to_show_the_navigation_and_sign_out(page, live_server, someone, axe):
    page.set_viewport_size({"width": 375, "height": 800})
    sign_in(page, live_server, someone)
    toggle = page.get_by_role("button", name="Menu")
    sign_out = page.get_by_role("button", name="Sign out (someone)")
    expect(toggle).to_have_attribute("aria-expanded", "false")
    expect(sign_out).to_be_hidden()

    toggle.click()

    expect(toggle).to_have_attribute("aria-expanded", "true")
    expect(sign_out).to_be_visible()
    axe()  # the open menu, too
