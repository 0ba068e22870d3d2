"""The DfE official's pages in a real browser: the national dashboard (filters, sorting and the
CSV export), the presumption watchlist and an authority page with its charts.

Every page shown is checked with axe-core by the ``page`` fixture (conftest.py).
"""

import csv
import io

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

from authorities.models import LocalAuthority
from authorities.tests.factories import LocalAuthorityFactory, YearlyStatisticsFactory
from inspections.tests.factories import graded
from interventions.models import Theme
from interventions.tests.factories import CommissionerFactory
from reporting.tests.dashboard_world import intervention_story

from .support import sign_in

pytestmark = pytest.mark.browser


@pytest.fixture
def portfolio(transactional_db):
    # The RAG themes the data migration seeded: on PostgreSQL, a new theme here would collide
    # with them, since the browser tests' flush restarts the id sequences before they are
    # reloaded.
    themes = list(Theme.objects.order_by("order")[:2])
    torbay = intervention_story(
        LocalAuthorityFactory(name="Torbay", region=LocalAuthority.Region.SOUTH_WEST),
        partner=LocalAuthorityFactory(name="Plymouth", region=LocalAuthority.Region.SOUTH_WEST),
        commissioner=CommissionerFactory(name="John Coughlan"),
        themes=themes,
    )
    graded(torbay.authority, "SLAC", "2010-10-22", safeguarding_overall="inadequate")
    YearlyStatisticsFactory(authority=torbay.authority, year=2024, cla_31_march=300)
    YearlyStatisticsFactory(national=True, year=2024, population_0_17=12000000)
    intervention_story(
        LocalAuthorityFactory(name="Slough", region=LocalAuthority.Region.SOUTH_EAST),
        themes=themes,
    )
    return torbay


def table_text(page: Page, selector: str) -> list[list[str]]:
    """The table's rows as the browser shows them (heading row first)."""
    return page.locator(selector).evaluate(
        """(table) => [...table.rows].map((row) =>
             [...row.cells].map((cell) => cell.innerText.replace(/\\s+/g, " ").trim()))"""
    )


def test_official_filters_sorts_and_downloads_the_dashboard(
    page: Page, live_server, official, portfolio
):
    sign_in(page, live_server, official)  # Home takes an official to the dashboard

    expect(page.get_by_role("heading", level=1)).to_have_text("National dashboard")
    table = "table[data-dashboard-table]"
    expect(page.locator(f"{table} tbody tr")).to_have_count(2)

    page.get_by_label("Region").select_option(label="South West")
    page.get_by_role("button", name="Apply filters").click()
    expect(page.locator(f"{table} tbody tr")).to_have_count(1)
    expect(page.locator(f"{table} tbody th")).to_have_text("Torbay")

    page.get_by_label("Region").select_option(label="All regions")
    page.get_by_label("Day").fill("30")
    page.get_by_label("Month").fill("6")
    page.get_by_label("Year").fill("2017")
    page.get_by_role("button", name="Apply filters").click()
    page.get_by_role(
        "link", name="Authority", exact=True
    ).click()  # sorted A to Z already: now Z to A
    expect(page.locator(f"{table} th[aria-sort=descending]")).to_have_text("Authority")
    expect(page.get_by_text("as the records stood at the end of 30 June 2017")).to_be_visible()
    shown = table_text(page, table)
    assert [row[0] for row in shown[1:]] == ["Torbay", "Slough"]
    assert "Minister: Minded to, 30 June 2017" in shown[1][-1]

    with page.expect_download() as download_info:
        page.get_by_role("link", name="Download these 2 rows as a CSV file").click()
    download = download_info.value
    assert download.suggested_filename == "interventions-as-at-2017-06-30.csv"
    # The API's columns (ids, ONS codes, ISO dates, a value a column), in the page's order.
    with open(download.path(), encoding="utf-8") as file:
        text = file.read()
    assert text.startswith("\ufeff")  # a BOM, for Excel
    heading, *rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
    assert heading[0] == "id"
    assert [[name for name in ("Torbay", "Slough") if name in row] for row in rows] == [
        [row[0]] for row in shown[1:]
    ]


def test_official_checks_the_watchlist_and_follows_an_authority(
    page: Page, live_server, official, portfolio, visit
):
    sign_in(page, live_server, official)
    visit(reverse("reporting:watchlist") + "?date-day=1&date-month=5&date-year=2016")

    expect(page.get_by_role("heading", level=1)).to_have_text("Presumption watchlist")
    expect(page.get_by_role("heading", name="Where the rules disagree")).to_be_visible()
    row = page.locator("table[data-watchlist-table] tbody tr", has_text="Torbay")
    expect(row).to_contain_text("Yes, since 5 January 2016")
    expect(row).to_contain_text("SLAC, published 22 October 2010: Inadequate")

    row.get_by_role("link", name="Torbay").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Torbay")
    expect(page.get_by_text("as the records stood at the end of 1 May 2016")).to_be_visible()

    page.get_by_role("link", name="All authorities").click()
    expect(page.get_by_role("heading", name="South West")).to_be_visible()
    expect(page.get_by_role("link", name="Plymouth")).to_be_visible()


def test_authority_page_charts_have_tables_and_pass_axe(
    page: Page, live_server, official, portfolio, visit, axe
):
    sign_in(page, live_server, official)
    visit(reverse("reporting:authority_detail", args=[portfolio.authority.ons_code]))

    grades = page.get_by_role("img", name="Torbay: Ofsted grades over time")
    expect(grades).to_be_visible()
    expect(page.locator("table[data-inspections-table] tbody tr")).to_have_count(2)
    expect(
        page.get_by_role("img", name="Children looked after per 10,000 children")
    ).to_be_visible()
    page.get_by_text("Children looked after per 10,000 children as a table").click()
    expect(page.locator('table[data-figures="cla"]')).to_be_visible()
    axe()  # the opened table too
    expect(page.get_by_text("Intervention from 5 January 2016 (open)")).to_be_visible()
    expect(page.get_by_text("John Coughlan")).to_be_visible()
