"""The DfE pages on the real data: the published authorities and Ofsted inspections, and the
case studies (Isle of Wight, Torbay, Buckinghamshire, Slough) loaded with history dated when
each fact happened. These are the checks the issue names under "Must show"."""

import re

import pytest
from django.conf import settings
from django.db import transaction
from django.urls import reverse

from authorities.services import load_authorities
from core.dates import govuk_date
from core.history import system_user
from inspections.services import load_inspections
from interventions.case_studies.loader import load_case_studies
from interventions.models import Intervention
from reporting.dashboard.table import COLUMNS

from .dashboard_world import csv_records, table_rows

TORBAY = "E06000027"
JUNE_2017 = {"date-day": "30", "date-month": "6", "date-year": "2017"}


@pytest.fixture(scope="module")
def real_data(django_db_setup, django_db_blocker):
    """Authorities, inspections and case studies, loaded once for the module, rolled back after.

    Statistical neighbours and yearly figures are left out: nothing here reads them, and they
    double the loading time.
    """
    with django_db_blocker.unblock(), transaction.atomic():
        by = system_user("reference-data")
        load_authorities(settings.REFERENCE_DATA_DIR, by=by)
        load_inspections(settings.REFERENCE_DATA_DIR, by=by)
        load_case_studies()
        yield
        transaction.set_rollback(True)


@pytest.fixture
def signed_in(real_data, db, client, official):
    client.force_login(official)
    return client


def rows_by_authority(html: str, marker: str = "data-dashboard-table") -> dict[str, list[str]]:
    rows = table_rows(html, marker)
    return {row[0]: row for row in rows[1:]}


def test_watchlist_on_1_may_2016_shows_torbay_with_the_inspections_behind_each_answer(
    signed_in,
):
    response = signed_in.get(
        reverse("reporting:watchlist"), {"date-day": "1", "date-month": "5", "date-year": "2016"}
    )

    html = response.content.decode()
    watchlist = response.context["watchlist"]
    torbay = next(a for a in watchlist.answers if a.authority.ons_code == TORBAY)
    by_rule = {result.rule.slug: result for result in torbay.results}
    # Two of the last three: the SIF (January 2016) and the SLAC (October 2010) were Inadequate.
    two_of_three = by_rule["two-of-last-three"]
    assert two_of_three.applies
    assert [(i.framework, str(i.publication_date)) for i in two_of_three.inspections] == [
        ("SIF", "2016-01-05"),
        ("SLAC", "2010-10-22"),
    ]
    # Persistent or systemic: the two Inadequates are more than five years apart, and the SIF
    # was not Inadequate on every key judgement; the answer names the same two inspections.
    persistent = by_rule["persistent-or-systemic"]
    assert not persistent.applies
    assert {i.framework for i in persistent.inspections} == {"SIF", "SLAC"}
    assert torbay.rules_disagree
    assert torbay in watchlist.disagreements
    assert torbay.open_intervention is not None
    # And the page says all of that.
    row = next(r for r in table_rows(html, "data-watchlist-table") if r[0].startswith("Torbay"))
    assert row[0] == "Torbay South West Rules disagree"
    assert row[1] == "Yes, since 5 January 2016"
    assert "SIF, published 5 January 2016: Inadequate" in row[2] + row[3]
    assert "SLAC, published 22 October 2010: Inadequate" in row[2] + row[3]
    assert re.search(r'href="#authority-E06000027">Torbay</a>', html)


def test_dashboard_lists_the_open_case_studies_with_their_status(signed_in):
    response = signed_in.get(reverse("reporting:dashboard"))

    rows = rows_by_authority(response.content.decode())
    open_ones = Intervention.objects.open().select_related("authority")
    # Every case study's sources end: none is shown as current, each says where they end.
    expected = {
        i.authority.name: f"Sources end {govuk_date(i.sources_end_on)}"
        f" {i.get_status_display()} when they end"
        for i in open_ones
    }
    status_column = [column.heading for column in COLUMNS].index("Status")
    assert {name: row[status_column] for name, row in rows.items()} == expected
    assert {"Torbay", "Buckinghamshire"} <= set(rows)
    assert "Isle of Wight" not in rows  # its direction was revoked in June 2018


def test_as_at_30_june_2017_torbay_awaits_the_minister_minded_to_partner_with_plymouth(
    signed_in,
):
    dashboard = signed_in.get(reverse("reporting:dashboard"), JUNE_2017)
    page = signed_in.get(reverse("reporting:authority_detail", args=[TORBAY]), JUNE_2017)
    api = signed_in.get(reverse("api:intervention_list"), {"date": "2017-06-30"})

    torbay = rows_by_authority(dashboard.content.decode())["Torbay"]
    assert (
        "Recommended: Inter-authority partnership (ADM) with Plymouth, 5 April 2017" in (torbay[-1])
    )
    assert "Minister: Minded to, 30 June 2017" in torbay[-1]
    assert "Isle of Wight" in rows_by_authority(dashboard.content.decode())
    open_card = next(s for s in page.context["profile"].interventions if s.is_open)
    assert open_card.recommendation_text.startswith(
        "Inter-authority partnership (ADM) with Plymouth"
    )
    assert open_card.decision_text == "Minded to, 30 June 2017"
    assert "Minded to, 30 June 2017" in page.content.decode()
    torbay_now = [r for r in api.json()["results"] if r["authority"]["ons_code"] == TORBAY]
    assert [r["is_open"] for r in torbay_now] == [False, True]  # 2010 to 2014, and 2016 on
    from_api = torbay_now[1]
    assert from_api["recommendation"]["recommended_partner"]["name"] == "Plymouth"
    assert from_api["decision"]["stage"] == "minded_to"


def test_csv_opens_with_the_same_rows_as_the_page(signed_in):
    params = {**JUNE_2017, "sort": "months_open", "order": "desc"}

    page = table_rows(signed_in.get(reverse("reporting:dashboard"), params).content.decode())
    download = csv_records(signed_in.get(reverse("reporting:dashboard_csv"), params))

    assert [row["authority_name"] for row in download] == [row[0] for row in page[1:]]
    months = page[0].index("Months open")
    assert [row["months_open"] for row in download] == [row[months] for row in page[1:]]
    assert len(page) > 2
