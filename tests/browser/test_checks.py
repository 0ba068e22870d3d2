"""The browser tests' own watch: that it really catches what it is there to catch.

Each test serves a page of its own making at the live server's origin (a Playwright route),
breaks one rule on it, and looks at what the watch recorded; it then clears the record, so
that the test itself passes.
"""

import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from .support import format_violations, run_axe

pytestmark = pytest.mark.browser

STRICT_CSP = "default-src 'self'; script-src 'self'; style-src 'self'; object-src 'none'"
BAD_PAGE = """<!DOCTYPE html>
<html lang="en"><head><title>Probe</title>
<link rel="stylesheet" href="/static/build/application.css"></head>
<body><main><h1 class="govuk-heading-l">Probe</h1>
<img src="/static/govuk/assets/images/govuk-crest.svg" id="crest"%(alt)s>
<p><a href="/accessibility/" class="govuk-link">Onwards</a></p>
%(extra)s
</main></body></html>"""


def probe_page(*, extra: str = "", accessible: bool = False) -> str:
    """A small page; unless accessible, its image has no alternative text (an axe violation)."""
    return BAD_PAGE % {"alt": ' alt="Royal coat of arms"' if accessible else "", "extra": extra}


def serve(page, url: str, body: str, headers: dict | None = None) -> None:
    page.route(
        url,
        lambda route: route.fulfill(
            status=200, content_type="text/html; charset=utf-8", body=body, headers=headers or {}
        ),
    )


def test_axe_runs_under_the_services_content_security_policy(page, visit, page_checks):
    response = visit(reverse("login"))

    csp = response.headers["content-security-policy"]
    assert "script-src 'self'" in csp
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
    # The sign-in page was checked: axe ran in spite of the policy.
    assert page_checks.checked_urls[-1] == page.url


def test_axe_finds_and_describes_violations_under_a_strict_policy(browser, live_server):
    context = browser.new_context()
    try:
        page = context.new_page()
        serve(
            page,
            live_server.url + "/probe/",
            probe_page(),
            {"Content-Security-Policy": STRICT_CSP},
        )
        page.goto(live_server.url + "/probe/")

        violations = run_axe(page)
    finally:
        context.close()

    assert [v["id"] for v in violations] == ["image-alt"]
    report = format_violations("/probe/", violations)
    assert "- image-alt (critical): Images must have alternative text" in report
    assert "at #crest" in report
    assert "https://dequeuniversity.com/rules/axe/" in report


def test_page_left_at_once_is_still_checked(page, page_checks, live_server):
    probe = live_server.url + "/probe/"
    serve(page, probe, probe_page())
    page.goto(probe)
    # Leave before anything else happens: no visit(), no axe().
    page.get_by_role("link", name="Onwards").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Accessibility statement")

    page_checks.check_snapshots()

    assert probe in page_checks.checked_urls
    assert any(
        p.startswith(f"axe found 1 accessibility violation(s) on {probe}") and "image-alt" in p
        for p in page_checks.problems
    ), page_checks.problems
    page_checks.problems.clear()


def test_page_made_by_a_failed_sign_in_is_checked(page, page_checks, visit):
    visit(reverse("login"))
    page.get_by_role("button", name="Sign in").click()
    expect(page).to_have_title(re.compile("^Error: "))
    page.get_by_role("contentinfo").get_by_role("link", name="Accessibility statement").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Accessibility statement")

    page_checks.check_snapshots()

    # The sign-in page twice: as first shown, and again with its errors (a POST's answer).
    assert page_checks.checked_urls.count(page_checks.origin + reverse("login")) == 2
    assert page_checks.problems == []


def test_missing_static_file_is_a_problem(page, page_checks, live_server):
    probe = live_server.url + "/probe/"
    missing = '<link rel="stylesheet" href="/static/no-such-file.css">'
    serve(page, probe, probe_page(extra=missing, accessible=True))
    page.goto(probe)
    page.wait_for_load_state()

    assert f"GET {live_server.url}/static/no-such-file.css answered 404" in page_checks.problems
    page_checks.problems.clear()


def test_script_refused_by_the_policy_is_a_problem(page, page_checks, live_server):
    probe = live_server.url + "/probe/"
    inline = "<script>document.title = 'ran'</script>"
    serve(
        page,
        probe,
        probe_page(extra=inline, accessible=True),
        {"Content-Security-Policy": STRICT_CSP},
    )
    page.goto(probe)
    page.wait_for_load_state()

    assert page.title() == "Probe"
    assert any(
        p.startswith("Console error") and "Content Security Policy" in p
        for p in page_checks.problems
    ), page_checks.problems
    page_checks.problems.clear()


def test_visit_fails_at_once_on_a_violation(page, page_checks, visit, live_server):
    serve(page, live_server.url + "/probe/", probe_page())

    with pytest.raises(AssertionError, match=r"image-alt \(critical\)"):
        visit("/probe/")
    # Reported once: visit() raised it, the end of the test does not report it again.
    assert page_checks.problems == []
