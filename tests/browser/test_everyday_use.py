"""The pages people use every day, at a phone's 320px and a desktop's 1280px: no page scrolls
sideways (WCAG 1.4.10 reflow), the dashboard shows every column at 1280px, and each page is
checked with axe-core (by the ``visit`` fixture). Screenshots go to $SCREENSHOT_DIR when set.
"""

import datetime
import os
from pathlib import Path

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

from authorities.models import LocalAuthority
from authorities.tests.factories import LocalAuthorityFactory
from interventions import services
from interventions.models import Theme
from interventions.tests.factories import CommissionerFactory
from reporting.tests.dashboard_world import add_report, intervention_story

from .support import sign_in

pytestmark = pytest.mark.browser

D = datetime.date
WIDTHS = [320, 1280]


@pytest.fixture
def world(transactional_db, commissioner, official):
    themes = list(Theme.objects.order_by("order")[:2])
    torbay = intervention_story(
        LocalAuthorityFactory(
            name="Torbay", region=LocalAuthority.Region.SOUTH_WEST, ons_code="E06000027"
        ),
        partner=LocalAuthorityFactory(name="Plymouth", region=LocalAuthority.Region.SOUTH_WEST),
        commissioner=CommissionerFactory(name="John Coughlan", user=commissioner),
        themes=themes,
    )
    intervention_story(
        LocalAuthorityFactory(name="Slough", region=LocalAuthority.Region.SOUTH_EAST),
        themes=themes,
    )
    add_report(torbay.intervention, D(2016, 5, 25), D(2016, 8, 24))
    services.create_action(
        torbay.intervention,
        by=commissioner,
        title="Publish the improvement plan for children's social care",
        owner="Director of children's services",
        due_on=D(2016, 9, 1),
    )
    return torbay


def fits(page: Page, name: str, width: int) -> None:
    """Nothing scrolls sideways; a screenshot to look at when $SCREENSHOT_DIR is set."""
    folder = os.environ.get("SCREENSHOT_DIR")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=f"{folder}/{name}-{width}.png", full_page=True)
    scroll, inner = page.evaluate("() => [document.documentElement.scrollWidth, window.innerWidth]")
    assert scroll <= inner, f"{name} at {width}px is {scroll}px wide: {wide_elements(page)}"


def wide_elements(page: Page) -> list[str]:
    """The innermost elements that reach past the window's right edge, to say what to fix."""
    return page.evaluate(
        """() => [...document.querySelectorAll("body *")]
             .filter((el) => el.getBoundingClientRect().right > window.innerWidth + 1)
             .filter((el) => ![...el.children].some(
               (c) => c.getBoundingClientRect().right > window.innerWidth + 1))
             .slice(0, 8)
             .map((el) => el.tagName + "." + el.className + ": " + el.textContent.slice(0, 40))"""
    )


@pytest.mark.parametrize("width", WIDTHS)
def test_officials_pages_reflow_and_pass_axe(page, visit, live_server, official, world, width):
    page.set_viewport_size({"width": width, "height": 900})
    sign_in(page, live_server, official)
    pages = {
        "dashboard": reverse("reporting:dashboard"),
        "watchlist": reverse("reporting:watchlist"),
        "interventions": reverse("commissioner_home"),
        "authorities": reverse("reporting:authority_list"),
        "reports": reverse("reporting:report_list"),
        "search": reverse("search") + "?q=torbay",
        "help": reverse("help"),
        "intervention": reverse("interventions:intervention_detail", args=[world.intervention.pk]),
        "print": reverse("interventions:intervention_print", args=[world.intervention.pk]),
    }
    for name, path in pages.items():
        visit(path)
        fits(page, f"official-{name}", width)


@pytest.mark.parametrize("width", WIDTHS)
def test_commissioners_pages_reflow_and_pass_axe(
    page, visit, live_server, commissioner, world, width
):
    page.set_viewport_size({"width": width, "height": 900})
    sign_in(page, live_server, commissioner)
    pages = {
        "home": reverse("commissioner_home"),
        "reports": reverse("reporting:report_list"),
        "search": reverse("search") + "?q=torbay",
        "intervention": reverse("interventions:intervention_detail", args=[world.intervention.pk]),
        "action-form": reverse("interventions:action_create", args=[world.intervention.pk]),
    }
    for name, path in pages.items():
        visit(path)
        fits(page, f"commissioner-{name}", width)


def test_the_dashboard_shows_every_column_at_1280px(page, visit, live_server, official, world):
    page.set_viewport_size({"width": 1280, "height": 900})
    sign_in(page, live_server, official)
    visit(reverse("reporting:dashboard"))
    region = page.locator(".app-table-scroll")
    scroll, client = region.evaluate("(el) => [el.scrollWidth, el.clientWidth]")
    assert scroll <= client, f"the table is {scroll}px in a {client}px region"
    headers = page.locator("table[data-dashboard-table] thead th")
    expect(headers).to_have_count(12)
    right = region.evaluate("(el) => el.getBoundingClientRect().right")
    for i in range(12):
        box = headers.nth(i).bounding_box()
        assert box["x"] + box["width"] <= right + 1, headers.nth(i).inner_text()


def test_a_table_row_at_320px_names_each_cell_by_its_column(
    page, visit, live_server, commissioner, world
):
    page.set_viewport_size({"width": 320, "height": 900})
    sign_in(page, live_server, commissioner)
    visit(reverse("commissioner_home"))
    cell = page.locator("td[data-label='Next report due']").first
    expect(cell).to_be_visible()
    label = cell.evaluate("(el) => getComputedStyle(el, '::before').content")
    assert label == '"Next report due"'


def test_navigation_marks_the_page_and_search_finds_the_case(
    page, visit, live_server, official, world
):
    page.set_viewport_size({"width": 1280, "height": 900})
    sign_in(page, live_server, official)
    menu = page.get_by_role("navigation", name="Menu")
    expect(menu.get_by_role("link", name="Dashboard")).to_have_attribute("aria-current", "page")
    menu.get_by_role("link", name="Search").click()
    page.get_by_label("Search for an authority, intervention or report").fill("E06000027")
    page.get_by_role("button", name="Search").click()
    expect(menu.get_by_role("link", name="Search")).to_have_attribute("aria-current", "page")
    page.get_by_role("link", name="Torbay: intervention from").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Torbay")
    expect(menu.get_by_role("link", name="Interventions")).to_have_attribute("aria-current", "true")
