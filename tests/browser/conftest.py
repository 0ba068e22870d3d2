"""Browser tests: Debian's Chromium driven by Playwright against pytest-django's live server.

Every page a test's browser shows is checked with axe-core (WCAG 2.2 A and AA) without the
test asking, and the test fails on any same-origin response of 4xx or 5xx (a missing
stylesheet, script, font or image; a server error) and on any script or console error (a CSP
refusal is one). How, and why that way: support.py.

A test looks like this::

    from tests.browser.support import sign_in

    pytestmark = pytest.mark.browser

    def test_commissioner_sees_their_interventions(page, live_server, commissioner):
        sign_in(page, live_server, commissioner)
        expect(page.get_by_role("heading", level=1)).to_have_text("...")

Fixtures: ``page`` (a fresh page on the live server), ``visit(path, status=200)`` (open a path,
check its status, run axe at once), ``axe()`` (run axe on the page now, say after a script
changed it), ``page_checks`` (the watch itself: responses seen, URLs checked, problems),
``someone`` (a user with no role). Users by role come from the root conftest.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.management.color import no_style
from django.db import connections

# Playwright's sync API runs an event loop in the test's thread, which makes Django refuse
# database access from it ("You cannot call this from an async context"). The tests touch the
# database only from their own code, never from inside Playwright, so this is safe here. It
# must be set before Playwright starts.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

from playwright.sync_api import Browser, Page, Response, sync_playwright  # noqa: E402

from .support import PASSWORD, Inspector, PageChecks, sign_in  # noqa: E402

# sign_in lives in support.py (import it from there); it is named here as the fixtures' helper.
__all__ = ["sign_in"]

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="session")
def browser(django_db_setup, django_db_blocker) -> Iterator[Browser]:
    if not Path(CHROMIUM).exists():
        pytest.fail(f"No Chromium at {CHROMIUM}: `apt-get install chromium` (Debian's).")
    stylesheet = finders.find("build/application.css")
    if stylesheet is None:
        pytest.fail(
            "The compiled stylesheet build/application.css is missing: run `make assets` "
            f"(npm run build:css) so that it is under {settings.VAR_DIR / 'static-build'}."
        )
    css = Path(stylesheet).read_text(errors="replace")
    if ".govuk-header" not in css:
        # Sass writes its error into the output file, where a browser shows it on every page.
        pytest.fail(f"{stylesheet} is not a GOV.UK Frontend build; it says:\n{css[:600]}")
    # Once Playwright's sync API has started, Django's per-context connection store (asgiref's
    # Local) hands this thread new connection objects, and serialized rollback (see below)
    # looks for the database's snapshot on them: carry it across, and close the old ones.
    snapshots = {
        alias: connections[alias]._test_serialized_contents
        for alias in connections
        if hasattr(connections[alias], "_test_serialized_contents")
    }
    with django_db_blocker.unblock():
        connections.close_all()
    with sync_playwright() as playwright:
        for alias, contents in snapshots.items():
            connections[alias]._test_serialized_contents = contents
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()
        with django_db_blocker.unblock():
            connections.close_all()


@pytest.fixture(scope="session")
def inspector(browser: Browser) -> Iterator[Inspector]:
    inspector = Inspector(browser)
    yield inspector
    inspector.close()


@pytest.fixture(scope="module", autouse=True)
def database_as_migrations_left_it(django_db_setup, django_db_blocker) -> None:
    """Empty the test database before a module's first test, so that it starts from migrations.

    The live server needs committed data, so browser tests are transactional, and a
    transactional test empties every table when it ends. Ours use serialized rollback: each
    starts by reloading what the migrations wrote (the role groups, the presumption rules, the
    RAG themes). That reload needs empty tables, which a transactional test without serialized
    rollback (a real-worker test, say) does not leave: Django's flush then recreates content
    types and permissions with new ids, and reloading the originals collides with them.
    """
    with django_db_blocker.unblock():
        empty_every_table()


def empty_every_table() -> None:
    """Like `manage.py flush` without post-migrate signals, but keeping the id sequences: the
    reload puts rows back with their original ids, so sequences reset to 1 would later hand out
    ids that are taken (a test creating a theme would collide with a seeded one). As the owner:
    the runtime role the tests connect as may not truncate (docs/adr/0018)."""
    from core.db_roles import as_owner

    for alias in connections:
        with as_owner(alias) as connection:
            tables = connection.introspection.django_table_names(only_existing=True)
            statements = connection.ops.sql_flush(no_style(), tables, reset_sequences=False)
            connection.ops.execute_sql_flush(statements)


@pytest.fixture(autouse=True)
def serialized_rollback(django_db_serialized_rollback) -> None:
    """Every browser test starts from the data migrations wrote (see above)."""


@pytest.fixture
def someone(django_user_model):
    """A signed-up user with no role: sees only the service's frame and its own pages."""
    return django_user_model.objects.create_user(username="someone", password=PASSWORD)


@pytest.fixture
def page_checks(
    request: pytest.FixtureRequest,
    browser: Browser,
    inspector: Inspector,
    live_server,
    tmp_path: Path,
) -> Iterator[PageChecks]:
    """A fresh browser context and page on the live server, watched (see support.py)."""
    context = browser.new_context(base_url=live_server.url, viewport={"width": 1280, "height": 900})
    context.set_default_timeout(10_000)
    checks = PageChecks(context.new_page(), live_server.url, inspector)
    checks.attach()
    yield checks
    call = getattr(request.node, "rep_call", None)
    if call is None or call.failed:
        # Keep a picture of what the browser showed, and do not pile more failures on.
        shot = tmp_path / "failure.png"
        checks.page.screenshot(path=shot, full_page=True)
        print(f"Screenshot of the page when the test failed: {shot}")
        context.close()
        return
    checks.page.wait_for_load_state()
    context.close()
    checks.check_snapshots()
    if checks.problems:
        pytest.fail(checks.report(), pytrace=False)


@pytest.fixture
def page(page_checks: PageChecks) -> Page:
    return page_checks.page


@pytest.fixture
def axe(page_checks: PageChecks) -> Callable[[], None]:
    """Check the page now (and every page before it); fail with a readable list of problems."""
    return page_checks.check_now


@pytest.fixture
def visit(page_checks: PageChecks) -> Callable[..., Response]:
    """Open a path of the live server, check its status, and check the page with axe at once."""

    def go(path: str, *, status: int = 200) -> Response:
        if status >= 400:
            page_checks.expected_status[page_checks.origin + path] = status
        response = page_checks.page.goto(path)
        assert response is not None, f"No response for {path}"
        assert response.status == status, f"{path} answered {response.status}, not {status}"
        page_checks.check_now()
        return response

    return go


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item, call):
    """Keep each phase's report on the test, so that fixtures know whether the test failed."""
    report = yield
    setattr(item, f"rep_{report.when}", report)
    return report


def pytest_collection_modifyitems(items):
    """Mark every test here as a browser test, even one whose module forgot to."""
    here = Path(__file__).parent
    for item in items:
        if here in item.path.parents:
            item.add_marker(pytest.mark.browser)
