"""The national dashboard: every open intervention with what DfE officials need to see, as it
stands today or as the records stood on any past day, filtered, sorted, totalled, and
downloadable as exactly the rows shown."""

import csv
import datetime
import io

import pytest
from django.urls import reverse
from django.utils import timezone

from authorities.models import LocalAuthority
from authorities.tests.factories import LocalAuthorityFactory
from interventions.models import Intervention, whole_months_between
from interventions.tests.factories import (
    CommissionerFactory,
    ImprovementNoticeFactory,
    InterventionFactory,
    ThemeFactory,
)
from reporting import dashboards
from reporting.dashboards import ReportStatus, report_state
from reporting.models import Report

from .dashboard_world import (
    CONFIRMED,
    MINDED_TO,
    OPENED,
    D,
    add_report,
    dated,
    intervention_story,
    rag_counts,
    rate,
    save_on,
    table_rows,
)

pytestmark = pytest.mark.django_db

URL = reverse("reporting:dashboard")
CSV_URL = reverse("reporting:dashboard_csv")
HEADINGS = [column.heading for column in dashboards.COLUMNS]


def as_at(day: datetime.date, **extra) -> dict:
    return {"date-day": day.day, "date-month": day.month, "date-year": day.year, **extra}


def shown(client, params=None) -> dict[str, dict[str, str]]:
    """The dashboard's rows by authority name, each as {heading: text}."""
    response = client.get(URL, params or {})
    assert response.status_code == 200
    rows = table_rows(response.content.decode())
    if not rows:
        return {}
    assert rows[0] == HEADINGS
    return {row[0]: dict(zip(HEADINGS, row, strict=True)) for row in rows[1:]}


def test_official_sees_each_open_intervention_with_every_column(client, official):
    story = intervention_story(
        LocalAuthorityFactory(name="Torbay", region=LocalAuthority.Region.SOUTH_WEST),
        partner=LocalAuthorityFactory(name="Plymouth"),
        commissioner=CommissionerFactory(name="John Coughlan"),
    )
    client.force_login(official)

    row = shown(client)["Torbay"]

    today = timezone.localdate()
    assert row["Region"] == "South West"
    assert row["Type"] == "Statutory direction"
    assert row["Months open"] == str(whole_months_between(OPENED, today))
    assert row["Commissioner"] == "John Coughlan"
    assert row["Latest judgement"] == "Inadequate (SIF, 5 January 2016)"
    assert row["RAG summary"] == rag_counts(amber=2)
    assert row["Direction of travel"] == "2 improving, 0 no change, 0 declining"
    assert row["Status"] == "Implementation"
    assert row["Next direction review"] == "13 November 2016"
    assert row["ADM and Minister's decision"] == (
        "Recommended: Inter-authority partnership (ADM) with Plymouth, 5 April 2017. "
        "Minister: Confirmed, 1 October 2017"
    )
    assert story.intervention.pk  # the row is the story's intervention
    assert row["Report"].startswith("Due ")


def test_closed_interventions_are_left_off(client, official):
    open_one = InterventionFactory(authority=LocalAuthorityFactory(name="Open council"))
    InterventionFactory(
        authority=LocalAuthorityFactory(name="Closed council"),
        status=Intervention.Status.CLOSED,
        closed_on=D(2017, 1, 1),
    )
    client.force_login(official)

    assert list(shown(client)) == [open_one.authority.name]


@pytest.mark.parametrize("name", ["reporting:dashboard", "reporting:dashboard_csv"])
def test_commissioner_gets_404_for_the_dashboard_and_its_csv(client, commissioner, name):
    intervention_story(commissioner=CommissionerFactory(user=commissioner))
    client.force_login(commissioner)

    assert client.get(reverse(name)).status_code == 404


def test_admin_sees_the_dashboard(client, admin_user):
    intervention_story(LocalAuthorityFactory(name="Torbay"))
    client.force_login(admin_user)

    assert list(shown(client)) == ["Torbay"]


def test_as_at_a_past_day_shows_the_records_as_they_stood_then(client, official):
    intervention_story(
        LocalAuthorityFactory(name="Torbay"), partner=LocalAuthorityFactory(name="Plymouth")
    )
    client.force_login(official)

    before = shown(client, as_at(D(2016, 3, 1)))["Torbay"]
    minded = shown(client, as_at(MINDED_TO))["Torbay"]
    confirmed = shown(client, as_at(CONFIRMED))["Torbay"]

    assert before["Status"] == "Triggered"
    assert before["Type"] == "None in force"
    assert before["Commissioner"] == "None"
    assert before["RAG summary"] == "Not rated"
    assert before["Months open"] == "1"
    assert minded["Status"] == "Awaiting the Minister's decision"
    assert minded["RAG summary"] == rag_counts(amber=2)
    assert minded["ADM and Minister's decision"] == (
        "Recommended: Inter-authority partnership (ADM) with Plymouth, 5 April 2017. "
        "Minister: Minded to, 30 June 2017"
    )
    assert minded["Months open"] == "17"
    assert confirmed["Status"] == "Implementation"
    assert confirmed["ADM and Minister's decision"].endswith("Minister: Confirmed, 1 October 2017")


def test_as_at_a_day_reads_history_not_todays_rows(client, official):
    """A change recorded after the day does not show, even though today's row has it."""
    story = intervention_story(LocalAuthorityFactory(name="Torbay"))
    save_on(story.authority, D(2018, 1, 1))
    save_on(story.intervention, D(2018, 4, 1), status="monitoring", status_changed_on=D(2018, 4, 1))
    client.force_login(official)

    assert shown(client, as_at(D(2018, 3, 31)))["Torbay"]["Status"] == "Implementation"
    assert shown(client, as_at(D(2018, 4, 1)))["Torbay"]["Status"] == "Monitoring"


def test_as_at_leaves_out_interventions_not_yet_opened_or_already_closed(client, official):
    intervention_story(LocalAuthorityFactory(name="Torbay"))
    with dated(D(2013, 1, 15)):
        closed = InterventionFactory(
            authority=LocalAuthorityFactory(name="Isle of Wight"), opened_on=D(2013, 1, 15)
        )
    save_on(closed, D(2018, 6, 30), status="closed", closed_on=D(2018, 6, 30))
    client.force_login(official)

    assert list(shown(client, as_at(D(2015, 1, 1)))) == ["Isle of Wight"]
    assert sorted(shown(client, as_at(D(2018, 6, 29)))) == ["Isle of Wight", "Torbay"]
    assert list(shown(client, as_at(D(2018, 6, 30)))) == ["Torbay"]


@pytest.fixture
def three_interventions():
    """Torbay (South West, direction, amber), Slough (South East, notice, red, overdue report)
    and Barnet (London, nothing in force, not rated)."""
    torbay = intervention_story(
        LocalAuthorityFactory(name="Torbay", region=LocalAuthority.Region.SOUTH_WEST)
    )
    with dated(D(2014, 2, 11)):
        slough = InterventionFactory(
            authority=LocalAuthorityFactory(name="Slough", region=LocalAuthority.Region.SOUTH_EAST),
            opened_on=D(2014, 2, 11),
            status=Intervention.Status.MONITORING,
        )
    with dated(D(2014, 3, 1)):
        ImprovementNoticeFactory(intervention=slough, issued_on=D(2014, 3, 1))
    rate(slough, D(2016, 1, 1), torbay.themes, ["red", "green"], "declining")
    add_report(slough, D(2014, 2, 11), D(2014, 5, 10))
    InterventionFactory(
        authority=LocalAuthorityFactory(name="Barnet", region=LocalAuthority.Region.LONDON),
        opened_on=D(2019, 1, 1),
    )
    return torbay


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({}, ["Barnet", "Slough", "Torbay"]),
        ({"region": LocalAuthority.Region.SOUTH_WEST}, ["Torbay"]),
        ({"type": "direction"}, ["Torbay"]),
        ({"type": "notice"}, ["Slough"]),
        ({"type": "none"}, ["Barnet"]),
        ({"status": "monitoring"}, ["Slough"]),
        ({"status": "triggered"}, ["Barnet"]),
        ({"rag": "red"}, ["Slough"]),
        ({"rag": "amber"}, ["Torbay"]),
        ({"rag": "none"}, ["Barnet"]),
        ({"report": "overdue"}, ["Slough"]),
        ({"report": "due"}, ["Barnet", "Torbay"]),
        ({"region": LocalAuthority.Region.LONDON, "rag": "red"}, []),
    ],
)
def test_filters_narrow_the_rows(client, official, three_interventions, params, expected):
    client.force_login(official)

    assert list(shown(client, params)) == expected


def test_rows_sort_by_any_column_either_way(client, official, three_interventions):
    client.force_login(official)

    by_months = shown(client, {"sort": "months_open", "order": "desc"})
    by_rag = shown(client, {"sort": "rag"})
    unknown = shown(client, {"sort": "nonsense"})

    assert list(by_months) == ["Slough", "Torbay", "Barnet"]
    assert list(by_rag) == ["Slough", "Torbay", "Barnet"]
    assert list(unknown) == ["Barnet", "Slough", "Torbay"]


def test_sorted_column_says_so_to_screen_readers(client, official, three_interventions):
    client.force_login(official)

    html = client.get(URL, {"sort": "months_open", "order": "desc"}).content.decode()

    assert 'aria-sort="descending"' in html
    assert html.count('aria-sort="none"') == len(HEADINGS) - 1


def test_totals_count_the_rows_shown(client, official, three_interventions):
    client.force_login(official)

    response = client.get(URL)
    filtered = client.get(URL, {"region": LocalAuthority.Region.SOUTH_EAST})

    assert response.context["totals"] == dashboards.Totals(
        interventions=3,
        directions=1,
        notices=1,
        red=1,
        reports_overdue=1,
        by_status=[("Triggered", 1), ("Implementation", 1), ("Monitoring", 1)],
    )
    assert filtered.context["totals"].interventions == 1
    assert 'data-total="interventions">1<' in filtered.content.decode()


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"region": "Atlantis"}, "Choose a region from the list"),
        ({"status": "closed"}, "Choose a status from the list"),
        (
            {"date-day": "30", "date-month": "2", "date-year": "2017"},
            "The date must be a real date",
        ),
        ({"date-day": "1", "date-year": "2017"}, "The date must include a month"),
        (as_at(timezone.localdate() + datetime.timedelta(days=1)), "must be today or in the past"),
    ],
)
def test_bad_filters_show_an_error_summary_and_keep_what_was_typed(
    client, official, three_interventions, params, message
):
    client.force_login(official)

    response = client.get(URL, params)

    html = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in html
    assert message in html
    assert response.context["rows"] == []
    assert "<title>Error: " in html
    if "date-year" in params:
        assert f'value="{params["date-year"]}"' in html


def test_csv_has_exactly_the_rows_and_columns_the_page_shows(client, official, three_interventions):
    client.force_login(official)
    params = {**as_at(D(2017, 6, 30)), "sort": "months_open", "order": "desc"}

    page = table_rows(client.get(URL, params).content.decode())
    response = client.get(CSV_URL, params)

    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert 'filename="interventions-as-at-2017-06-30.csv"' in response["Content-Disposition"]
    assert list(csv.reader(io.StringIO(response.content.decode()))) == page
    assert [row[0] for row in page[1:]] == ["Slough", "Torbay"]


def test_csv_never_hands_a_spreadsheet_a_formula(client, official):
    intervention_story(
        LocalAuthorityFactory(name="Torbay"),
        commissioner=CommissionerFactory(name='=HYPERLINK("http://evil.example","x")'),
    )
    client.force_login(official)

    page = shown(client)["Torbay"]
    (row,) = list(csv.reader(io.StringIO(client.get(CSV_URL).content.decode())))[1:]

    assert page["Commissioner"] == '=HYPERLINK("http://evil.example","x")'
    assert row[HEADINGS.index("Commissioner")] == "'" + page["Commissioner"]


def test_csv_link_carries_the_filters(client, official, three_interventions):
    client.force_login(official)

    html = client.get(URL, {"region": LocalAuthority.Region.SOUTH_EAST}).content.decode()

    assert f'href="{CSV_URL}?region=E12000008"' in html


def test_csv_with_bad_filters_says_to_correct_them(client, official):
    client.force_login(official)

    response = client.get(CSV_URL, {"rag": "purple"})

    assert response.status_code == 400
    assert "Correct the filters" in response.content.decode()


def test_today_agrees_with_the_live_dashboard_annotations(official, three_interventions):
    """The dashboard reads history; the interventions app's live annotations read today's
    rows. Today, the two must say the same."""
    states = {s.pk: s for s in dashboards.portfolio(timezone.localdate(), Intervention.objects)}
    live = Intervention.objects.open().with_dashboard()

    for intervention in live:
        state = states[intervention.pk]
        assert state.commissioner_text == (intervention.current_commissioner_name or "")
        assert state.next_direction_review == intervention.next_direction_review_on
        assert state.rag == {
            rag: getattr(intervention, f"rag_{rag}") or 0 for rag in ("red", "amber", "green")
        }
        assert state.status == intervention.status


# ---------------------------------------------------------------------------------------------
# Report status


def test_report_status_is_overdue_when_a_report_was_due_before_the_day():
    intervention = Intervention(opened_on=D(2017, 1, 1), status_changed_on=D(2017, 1, 1))
    late = Report(period_start=D(2017, 1, 1), period_end=D(2017, 3, 31), due_on=D(2017, 4, 30))

    state = report_state(intervention, [late], D(2017, 5, 1))

    assert state.status == ReportStatus.OVERDUE
    assert state.text == "Overdue: January to March 2017, due 30 April 2017"
    assert state.next_due == D(2017, 7, 30)


def test_report_status_is_submitted_when_the_last_period_s_report_went_in():
    intervention = Intervention(opened_on=D(2017, 1, 1), status_changed_on=D(2017, 1, 1))
    sent = Report(
        period_start=D(2017, 1, 1),
        period_end=D(2017, 3, 31),
        due_on=D(2017, 4, 30),
        status=Report.Status.SUBMITTED,
    )

    state = report_state(intervention, [sent], D(2017, 5, 1))

    assert state.status == ReportStatus.SUBMITTED
    assert state.text == "Submitted: January to March 2017; next due 30 July 2017"


def test_report_status_is_due_while_the_last_report_is_within_its_time():
    intervention = Intervention(opened_on=D(2017, 1, 1), status_changed_on=D(2017, 1, 1))
    draft = Report(period_start=D(2017, 1, 1), period_end=D(2017, 3, 31), due_on=D(2017, 4, 30))

    before_any = report_state(intervention, [], D(2017, 2, 1))
    draft_pending = report_state(intervention, [draft], D(2017, 4, 10))

    assert (before_any.status, before_any.next_due) == (ReportStatus.DUE, D(2017, 4, 30))
    assert (draft_pending.status, draft_pending.next_due) == (ReportStatus.DUE, D(2017, 4, 30))
    assert draft_pending.text == "Due 30 April 2017"


def test_report_status_as_at_a_day_reads_the_report_as_it_stood(client, official):
    story = intervention_story(LocalAuthorityFactory(name="Torbay"))
    report = add_report(story.intervention, D(2017, 1, 5), D(2017, 4, 4))
    save_on(report, D(2017, 5, 20), status=Report.Status.SUBMITTED)
    client.force_login(official)

    overdue = shown(client, as_at(D(2017, 5, 10)))["Torbay"]["Report"]
    submitted = shown(client, as_at(D(2017, 5, 20)))["Torbay"]["Report"]

    assert overdue == "Overdue: January to April 2017, due 4 May 2017"
    assert submitted == "Submitted: January to April 2017; next due 4 August 2017"


# ---------------------------------------------------------------------------------------------
# Query counts


def build(count: int, themes: list) -> None:
    for _ in range(count):
        story = intervention_story(themes=themes)
        add_report(story.intervention, D(2016, 1, 5), D(2016, 4, 4))
        add_report(story.intervention, D(2016, 4, 5), D(2016, 7, 4), status=Report.Status.SUBMITTED)


@pytest.mark.parametrize("count", [2, 20])
def test_dashboard_query_count_does_not_grow_with_rows(
    client, official, django_assert_max_num_queries, count
):
    build(count, [ThemeFactory(), ThemeFactory()])
    client.force_login(official)
    client.get(URL)  # the session and the user's groups, once

    with django_assert_max_num_queries(20):
        page = client.get(URL, as_at(D(2017, 6, 30)))
    with django_assert_max_num_queries(20):
        download = client.get(CSV_URL, {"sort": "report"})

    assert len(page.context["rows"]) == count
    assert len(download.content.decode().strip().splitlines()) == count + 1
