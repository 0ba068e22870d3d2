"""The API tokens pages and the API's Swagger UI page, in Chromium (issue 17).

A signed-in official makes a named token, sees it once (not on reload, not on the list), finds
its name and expiry on the list, and revokes it; the token signs requests to the live server's
API in until then (200) and not after (401). ``/api/docs/`` shows Swagger UI's operations with
no CSP refusal. Every page visited is checked with axe-core (conftest.py, support.py).
"""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from urllib.parse import urlsplit

import pytest
from django.urls import reverse
from django.utils import formats, timezone
from playwright.sync_api import Page, expect

from core.models import ApiToken

from .support import WCAG_TAGS, axe_source, format_violations, sign_in

pytestmark = pytest.mark.browser

TOKEN_NAME = "Power Query workbook"

# Runs first in every document: keeps each CSP refusal the document reports, to read back.
# (A refusal is also a console error, which the page's watch fails the test on.)
CSP_WATCH = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__cspViolations.push({
    directive: event.effectiveDirective, blocked: event.blockedURI, source: event.sourceFile,
  });
});
"""


def api_status(live_server, path: str, secret: str) -> tuple[int, str]:
    """Status and body of a GET to the live server with the token only: no browser, no cookie."""
    request = urllib.request.Request(  # noqa: S310 (the live server's own http URL)
        live_server.url + path,
        headers={"Authorization": f"Bearer {secret}", "Accept": "application/json"},
    )
    try:
        with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


def test_an_official_makes_sees_once_uses_and_revokes_a_token(
    page: Page, visit, live_server, official
):
    interventions_api = reverse("api:intervention_list")
    sign_in(page, live_server, official)
    visit(reverse("core:apitoken_list"))
    expect(page.get_by_role("heading", level=1)).to_have_text("API tokens")
    expect(page.get_by_text("You have no API tokens.")).to_be_visible()

    page.get_by_role("button", name="Create an API token").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Create an API token")
    # Submitted empty: the GOV.UK error summary and the field's own message (axe checks the copy).
    page.get_by_role("button", name="Create token").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter a name for the token")
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "Select how long the token should last"
    )
    page.get_by_label("Name", exact=True).fill(TOKEN_NAME)
    page.get_by_label("90 days").check()
    page.get_by_role("button", name="Create token").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("API token created")
    assert page.url == live_server.url + reverse("core:apitoken_created")
    secret = page.locator("#api-token").inner_text().strip()
    assert secret.startswith("oversee_") and len(secret) > 40, secret
    token = ApiToken.objects.get(user=official)
    assert token.name == TOKEN_NAME
    # The database keeps a fingerprint, never the token.
    assert secret not in {token.secret_hash, token.prefix}
    expiry = formats.date_format(timezone.localtime(token.expires_at), "j F Y")
    expect(page.locator(".govuk-panel__body")).to_have_text(f"“{TOKEN_NAME}” works until {expiry}")
    assert page.content().count(secret) == 2  # the token, and the header to send it in

    # Shown once: reloading the page (a GET, after the form's redirect) shows the list, without
    # the token, and posts nothing again (one token still).
    page.reload()
    expect(page.get_by_role("heading", level=1)).to_have_text("API tokens")
    assert secret not in page.content()
    assert ApiToken.objects.filter(user=official).count() == 1

    visit(reverse("core:apitoken_list"))
    assert secret not in page.content()
    row = page.get_by_role("row").filter(has_text=TOKEN_NAME)
    expect(row).to_have_count(1)
    cells = row.get_by_role("cell")
    expect(cells.nth(0)).to_have_text(TOKEN_NAME)
    expect(cells.nth(1)).to_have_text(token.prefix)
    expect(cells.nth(3)).to_have_text(expiry)
    expect(cells.nth(4)).to_have_text("Never")
    expect(cells.nth(5)).to_have_text("Active")

    # The token reads the API, from outside the browser.
    status, body = api_status(live_server, interventions_api, secret)
    assert status == 200, body
    assert "results" in json.loads(body)
    # ...and a wrong one does not.
    assert api_status(live_server, interventions_api, secret[:-2] + "xx")[0] == 401

    page.reload()
    expect(cells.nth(4)).not_to_have_text("Never")

    row.get_by_role("button", name=f"Revoke {TOKEN_NAME}").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text(
        f"API token “{TOKEN_NAME}” revoked: it no longer works"
    )
    row = page.get_by_role("row").filter(has_text=TOKEN_NAME)
    expect(row.get_by_role("cell").nth(5)).to_have_text("Revoked")
    expect(row.get_by_role("button")).to_have_count(0)
    token.refresh_from_db()
    assert token.revoked_at is not None

    status, body = api_status(live_server, interventions_api, secret)
    assert status == 401, body


def test_the_api_docs_page_shows_swagger_ui_within_the_csp(
    page: Page, visit, page_checks, live_server, official
):
    page.context.add_init_script(CSP_WATCH)
    sign_in(page, live_server, official)
    response = page.goto(reverse("api:docs"))
    assert response is not None and response.status == 200
    expect(page).to_have_title("Oversee children's services interventions API: API documentation")
    expect(page.locator("html")).to_have_attribute("lang", "en-GB")

    # Swagger UI has fetched the schema (same origin, with the session) and listed it.
    expect(page.locator(".swagger-ui .info .title")).to_contain_text(
        "Oversee children's services interventions API"
    )
    operations = page.locator(".opblock-summary-path")
    expect(operations.filter(has_text="/api/interventions/").first).to_be_visible()
    paths = set(operations.all_inner_texts())
    assert {"/api/interventions/", "/api/authorities/", "/api/reports/"} <= {
        p.replace("\u200b", "") for p in paths
    }, paths
    assert operations.count() >= 8
    # Opening one works too (Swagger UI's own script, under our CSP).
    page.locator(".opblock-summary").filter(has_text="/api/interventions/").first.click()
    expect(page.locator(".opblock-body").first).to_be_visible()

    assert page.evaluate("window.__cspViolations") == []
    page_checks.raise_problems()  # console errors (a CSP refusal is one), failed requests

    # The copy taken as the page was parsed (Swagger UI not drawn yet) is checked whole.
    page_checks.check_snapshots()
    page_checks.raise_problems()
    docs = reverse("api:docs")
    assert docs in {urlsplit(url).path for url in page_checks.checked_urls}
    # Then the page as Swagger UI drew it, less Swagger UI's own widget (below): our furniture
    # (lang, title) and anything else on the page.
    assert page.locator(SWAGGER_WIDGET[0][0]).count() == 1
    # One main landmark: Swagger UI's own <main id="operations"> (ours is a <div>, see
    # reporting/templates/reporting/api_docs.html).
    expect(page.get_by_role("main")).to_have_count(1)
    violations = axe_on_docs(page)
    assert not violations, format_violations(page.url, violations)


def axe_on_docs(page: Page) -> list[dict]:
    """axe on the docs page as Swagger UI drew it, leaving out only Swagger UI's own widget."""
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.evaluate(axe_source())
    return page.evaluate(
        """async ([tags, exclude]) => {
          const results = await axe.run({exclude}, {
            runOnly: {type: "tag", values: tags}, resultTypes: ["violations"],
          });
          return results.violations.map((v) => ({
            id: v.id, impact: v.impact, help: v.help, helpUrl: v.helpUrl,
            targets: v.nodes.map((n) => n.target.join(" ")),
          }));
        }""",
        [WCAG_TAGS, SWAGGER_WIDGET],
    )


# Swagger UI's own widget (the third-party markup drf-spectacular-sidecar's script draws into
# our <div id="swagger-ui">), left out of the axe run because it fails axe by itself and is not
# ours to fix: as of swagger-ui-dist 5 it nests buttons (nested-interactive), leaves its
# parameter <select>s unnamed (select-name), draws low-contrast text (color-contrast), small
# links (target-size) and unfocusable scrolling examples (scrollable-region-focusable).
SWAGGER_WIDGET = [["#swagger-ui > .swagger-ui"]]
