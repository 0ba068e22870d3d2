"""What the browser tests' fixtures are made of: axe-core, page snapshots and the page's watch.

How every page gets checked, without a test asking
--------------------------------------------------
An init script in each test's browser context copies every same-origin HTML document the
moment it is parsed (``DOMContentLoaded``: GOV.UK Frontend's module script has run by then)
and hands the copy to Python through an exposed binding. Those copies are checked with axe in
a separate "inspector" page, which shows the copy at its own URL with our stylesheet but no
scripts, and so gives axe the same layout and colours. A copy is taken even when the test
leaves the page at once, and it is the only way to check a page that a POST produced (a form
shown again with its errors). Checking the live page as it was being left does not work:
Chromium runs no script in a document whose replacement is on its way, so an ``evaluate``
in a route handler waits forever.

``visit(path)`` and the ``axe`` fixture check the live page straight away (use ``axe()`` after
a script has changed the page); the copies still waiting are checked then, and when the test
ends.

Content-Security-Policy
-----------------------
axe goes in with ``page.evaluate`` of its source: code evaluated through the DevTools protocol
is not subject to the page's CSP, so axe runs under our strict policy (no inline script)
while the policy stays in force for the page, and a page that breaks it (a console error)
fails its test. A context with ``bypass_csp=True`` would hide exactly those failures.
"""

from __future__ import annotations

import base64
import json
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from django.conf import settings
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import (
    Browser,
    BrowserContext,
    ConsoleMessage,
    Page,
    Request,
    Response,
    Route,
)
from playwright.sync_api import Error as PlaywrightError

from core.testing import authenticator_code

WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"]
# The password the root conftest gives every user it makes.
PASSWORD = "correct-horse-battery-staple"  # noqa: S105 (test users only)

AXE_RUN = """async (tags) => {
  const results = await axe.run(document, {
    runOnly: {type: "tag", values: tags},
    resultTypes: ["violations"],
  });
  return results.violations.map((v) => ({
    id: v.id, impact: v.impact, help: v.help, helpUrl: v.helpUrl,
    targets: v.nodes.map((n) => n.target.join(" ")),
  }));
}"""

DOCUMENT_ID = "__overseeDocumentId"
SNAPSHOT_BINDING = "__overseeSnapshot"
# Runs first in every document of the test's context: names the document, and sends a copy of
# it to Python once parsed. Only HTML from our own server, only top-level pages.
SNAPSHOT_SCRIPT = """
(() => {
  if (window.top !== window || location.origin !== %(origin)s) return;
  window.%(id)s = Date.now().toString(36) + Math.random().toString(36).slice(2);
  document.addEventListener("DOMContentLoaded", () => {
    if (document.contentType !== "text/html") return;
    const doctype = document.doctype ? "<!DOCTYPE html>" : "";
    window.%(binding)s(window.%(id)s, location.href, doctype + document.documentElement.outerHTML);
  });
})();
"""


def axe_source() -> str:
    path = Path(settings.NODE_MODULES_DIR) / "axe-core" / "axe.min.js"
    if not path.exists():
        raise FileNotFoundError(f"axe-core is missing at {path}: run `npm ci` (make install).")
    return path.read_text()


def format_violations(url: str, violations: list[dict]) -> str:
    """A readable list: rule, impact, what to do, and where (CSS selectors)."""
    lines = [f"axe found {len(violations)} accessibility violation(s) on {url}:"]
    for v in violations:
        lines.append(f"- {v['id']} ({v['impact']}): {v['help']}")
        lines.append(f"    {v['helpUrl']}")
        lines.extend(f"    at {target}" for target in v["targets"])
    return "\n".join(lines)


def run_axe(page: Page) -> list[dict]:
    """axe's WCAG 2.2 A and AA violations on the document the page shows now."""
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.evaluate(axe_source())
    return page.evaluate(AXE_RUN, WCAG_TAGS)


@dataclass(frozen=True)
class Snapshot:
    """A copy of one document as the test's browser had it when it was parsed."""

    document_id: str
    url: str
    html: str


class Inspector:
    """A page of its own that shows a snapshot at its URL, without scripts, and runs axe on it."""

    def __init__(self, browser: Browser):
        self.context: BrowserContext = browser.new_context(viewport={"width": 1280, "height": 900})
        self.context.set_default_timeout(10_000)
        # An init script, not a <script>: it runs although the copy's own scripts are blocked.
        self.context.add_init_script(axe_source())
        self.page = self.context.new_page()
        self._html = ""
        # Routing turns the browser's cache off, so keep the stylesheet, fonts and images here.
        self._files: dict[str, dict] = {}
        self.page.route("**/*", self._serve)

    def _serve(self, route: Route, request: Request) -> None:
        if request.is_navigation_request():
            route.fulfill(status=200, content_type="text/html; charset=utf-8", body=self._html)
        elif request.resource_type == "script":
            # The copy already holds what the scripts did; running them again would redo it.
            route.abort()
        elif request.url in self._files:
            route.fulfill(**self._files[request.url])
        else:
            response = route.fetch()
            if response.ok:
                self._files[request.url] = {
                    "status": response.status,
                    "headers": response.headers,
                    "body": response.body(),
                }
            route.fulfill(response=response)

    def check(self, snapshot: Snapshot) -> list[dict]:
        self._html = snapshot.html
        self.page.goto(snapshot.url)
        return run_axe(self.page)

    def close(self) -> None:
        self.context.close()


class PageChecks:
    """Watches one test's page: axe on every document, failed requests, script errors."""

    def __init__(self, page: Page, origin: str, inspector: Inspector):
        self.page = page
        self.origin = origin
        self.inspector = inspector
        self.problems: list[str] = []
        self.responses: list[Response] = []
        self.snapshots: list[Snapshot] = []
        self.checked: set[str] = set()
        self.checked_urls: list[str] = []
        # Document URLs a test expects to answer with an error status (see visit()).
        self.expected_status: dict[str, int] = {}

    def attach(self) -> None:
        context = self.page.context
        context.expose_binding(SNAPSHOT_BINDING, self._on_snapshot)
        context.add_init_script(
            SNAPSHOT_SCRIPT
            % {"origin": json.dumps(self.origin), "id": DOCUMENT_ID, "binding": SNAPSHOT_BINDING}
        )
        self.page.on("response", self._on_response)
        self.page.on("pageerror", lambda error: self.problems.append(f"Script error: {error}"))
        self.page.on("console", self._on_console)

    def _on_snapshot(self, source, document_id: str, url: str, html: str) -> None:
        # Only record here: a binding's callback must not drive the browser (it may be mid-action).
        self.snapshots.append(Snapshot(document_id, url, html))

    def _on_response(self, response: Response) -> None:
        if not response.url.startswith(self.origin + "/"):
            return
        self.responses.append(response)
        status = response.status
        if status >= 400 and self.expected_status.get(response.url) != status:
            self.problems.append(f"{response.request.method} {response.url} answered {status}")

    def _on_console(self, message: ConsoleMessage) -> None:
        # A failed load is reported with its URL by _on_response; anything else is a fault
        # (a script error, or the CSP refusing something).
        if message.type == "error" and not message.text.startswith("Failed to load resource"):
            self.problems.append(f"Console error on {self.page.url}: {message.text}")

    def check_now(self) -> None:
        """Check the live page as it is now, and the copies still waiting; fail on any problem."""
        violations = run_axe(self.page)
        self._record(self.page.evaluate(f"window.{DOCUMENT_ID} || ''"), self.page.url, violations)
        self.check_snapshots()
        self.raise_problems()

    def raise_problems(self) -> None:
        if self.problems:
            report, self.problems = self.report(), []
            raise AssertionError(report)

    def check_snapshots(self) -> None:
        """Check every document shown since the last check that no one has checked yet."""
        while self.snapshots:
            snapshot = self.snapshots.pop(0)
            if snapshot.document_id in self.checked:
                continue
            try:
                violations = self.inspector.check(snapshot)
            except PlaywrightError as error:
                self.problems.append(f"Could not run axe on {snapshot.url}: {error.message}")
                continue
            self._record(snapshot.document_id, snapshot.url, violations)

    def _record(self, document_id: str, url: str, violations: list[dict]) -> None:
        if document_id:
            self.checked.add(document_id)
        self.checked_urls.append(url)
        if violations:
            self.problems.append(format_violations(url, violations))

    def report(self) -> str:
        return "\n\n".join(self.problems)


def sign_in(page: Page, live_server, user, password: str = PASSWORD) -> None:
    """Sign in through the real sign-in form, as a person would, and wait for the next page."""
    login = reverse("login")
    page.goto(live_server.url + login)
    page.get_by_label("Username").fill(user.get_username())
    page.get_by_label("Password", exact=True).fill(password)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(lambda url: urlsplit(url).path != login)
    page.wait_for_load_state()
    give_security_code(page, user)


def give_security_code(page: Page, user) -> None:
    """An admin account signing in with a password gives a code from its authenticator app
    (core/signin/second_factor.py): set up first, from the key the page shows, if it has none."""
    path = urlsplit(page.url).path
    if path == reverse("security_code_setup"):
        key = base64.b32decode(page.locator("[data-totp-key]").get_attribute("data-totp-key"))
        page.get_by_label("Security code").fill(authenticator_code(key))
        page.get_by_role("button", name="Continue").click()
        page.get_by_role("button", name="I have saved my codes").click()
    elif path == reverse("security_code"):
        device = TOTPDevice.objects.get(user=user, confirmed=True)
        code = authenticator_code(device.bin_key, after_step=device.last_t)
        page.get_by_label("Security code").fill(code)
        page.get_by_role("button", name="Continue").click()
    else:
        return
    page.wait_for_url(lambda url: not urlsplit(url).path.startswith(reverse("security_code")))
    page.wait_for_load_state()


def static_files_loaded(responses: list[Response]) -> dict[str, int]:
    """{path: status} of the static files among the responses, for assertions."""
    return {
        urlsplit(r.url).path: r.status
        for r in responses
        if urlsplit(r.url).path.startswith(settings.STATIC_URL)
    }
