"""The national dashboard: every open intervention with what DfE officials need to see, as it
stands today or as the records stood on any past day, filtered, sorted, totalled, and
downloadable as exactly the rows shown."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from authorities.models import LocalAuthority
from authorities.tests.factories import LocalAuthorityFactory
from core.history import provenance
from interventions import duties, services
from interventions.duties import whole_months_between
from interventions.models import Commissioner, CommissionerAppointment, Intervention
from interventions.tests.factories import (
    CommissionerFactory,
    ImprovementNoticeFactory,
    InterventionFactory,
    ProgressEntryFactory,
    ThemeFactory,
)
from reporting.dashboard import table
from reporting.dashboard.state import report_state
from reporting.dashboard.vocabulary import ReportStatus
from reporting.models import Report

from .dashboard_world import (
    CONFIRMED,
    MINDED_TO,
    OPENED,
    D,
    add_report,
    csv_records,
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
HEADINGS = [column.heading for column in table.COLUMNS]


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
    # Nothing recorded since the Minister confirmed, years ago: it must look stale.
    assert row["Status"] == "Stale Implementation: nothing recorded since 1 October 2017"
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
def test_commissioner_gets_403_for_the_dashboard_and_its_csv(client, commissioner, name):
    # ADR 15: a page the role does not allow is a 403 with the reason, as in the API.
    intervention_story(commissioner=CommissionerFactory(user=commissioner))
    client.force_login(commissioner)

    response = client.get(reverse(name))

    assert response.status_code == 403
    assert "You cannot do this" in response.content.decode()


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
    save_on(
        closed,
        D(2018, 6, 30),
        status="closed",
        closed_on=D(2018, 6, 30),
        exit_reason=Intervention.ExitReason.DIRECTION_REVOKED,
    )
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
        ({"report": "due"}, ["Torbay"]),
        ({"report": "none"}, ["Barnet"]),  # no commissioner, no adviser: no one owes a report
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

    assert response.context["totals"] == table.Totals(
        interventions=3,
        directions=1,
        notices=1,
        red=1,
        reports_overdue=1,
        by_status=[("Triggered", 1), ("Implementation", 1), ("Monitoring", 1)],
        stale=3,  # nothing recorded by any of them for six months
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


def test_csv_has_the_rows_the_page_shows_one_value_a_column(client, official, three_interventions):
    client.force_login(official)
    params = {**as_at(D(2017, 6, 30)), "sort": "months_open", "order": "desc"}

    page = table_rows(client.get(URL, params).content.decode())
    response = client.get(CSV_URL, params)
    records = csv_records(response)

    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert 'filename="interventions-as-at-2017-06-30.csv"' in response["Content-Disposition"]
    assert [r["authority_name"] for r in records] == [row[0] for row in page[1:]]
    assert [row[0] for row in page[1:]] == ["Slough", "Torbay"]
    slough, torbay = records
    # Ids and ONS codes to join on; ISO dates; counts one a column, not "1 red, 1 green" in one.
    assert torbay["id"] == str(three_interventions.intervention.pk)
    assert torbay["authority_ons_code"] == three_interventions.authority.ons_code
    assert torbay["as_at"] == "2017-06-30"
    assert torbay["opened_on"] == three_interventions.intervention.opened_on.isoformat()
    assert (slough["rag_red"], slough["rag_amber"], slough["rag_green"]) == ("1", "0", "1")
    assert slough["direction_of_travel_declining"] == "2"
    assert slough["type"] == "notice"
    assert slough["report_status"] == "overdue"
    assert slough["months_open"] == page[1][HEADINGS.index("Months open")]


def test_csv_never_hands_a_spreadsheet_a_formula(client, official):
    intervention_story(
        LocalAuthorityFactory(name="Torbay"),
        commissioner=CommissionerFactory(name='=HYPERLINK("http://evil.example","x")'),
    )
    client.force_login(official)

    page = shown(client)["Torbay"]
    (row,) = csv_records(client.get(CSV_URL))

    assert page["Commissioner"] == '=HYPERLINK("http://evil.example","x")'
    assert row["commissioners"] == "'" + page["Commissioner"]


def test_csv_link_carries_the_filters(client, official, three_interventions):
    client.force_login(official)

    html = client.get(URL, {"region": LocalAuthority.Region.SOUTH_EAST}).content.decode()

    assert f'href="{CSV_URL}?region=E12000008"' in html


def test_csv_with_bad_filters_says_to_correct_them(client, official):
    client.force_login(official)

    response = client.get(CSV_URL, {"rag": "purple"})

    assert response.status_code == 400
    assert "Correct the filters" in response.content.decode()


# ---------------------------------------------------------------------------------------------
# Report status


def appointed_on(day: datetime.date, **fields) -> tuple[Intervention, duties.Records]:
    """An intervention (not saved) with a commissioner appointed on ``day``, and the records
    its duties are worked out from."""
    intervention = Intervention(opened_on=day, status_changed_on=day, **fields)
    appointment = CommissionerAppointment(
        commissioner=Commissioner(name="Alex Example"), starts_on=day
    )
    return intervention, duties.Records(intervention, [appointment], [], [])


def test_report_status_is_overdue_when_a_report_was_due_before_the_day():
    intervention, records = appointed_on(D(2017, 1, 1))
    late = Report(period_start=D(2017, 1, 1), period_end=D(2017, 3, 31), due_on=D(2017, 4, 30))

    state = report_state(intervention, [late], D(2017, 5, 1), records)

    assert state.status == ReportStatus.OVERDUE
    assert state.text == "Overdue: January to March 2017, due 30 April 2017"
    assert state.next_due == D(2017, 7, 30)


def test_report_status_is_submitted_when_the_last_period_s_report_went_in():
    intervention, records = appointed_on(D(2017, 1, 1))
    sent = Report(
        period_start=D(2017, 1, 1),
        period_end=D(2017, 3, 31),
        due_on=D(2017, 4, 30),
        status=Report.Status.SUBMITTED,
    )

    state = report_state(intervention, [sent], D(2017, 5, 1), records)

    assert state.status == ReportStatus.SUBMITTED
    assert state.text == "Submitted: January to March 2017; next due 30 July 2017"


def test_report_status_is_due_while_the_last_report_is_within_its_time():
    intervention, records = appointed_on(D(2017, 1, 1))
    draft = Report(period_start=D(2017, 1, 1), period_end=D(2017, 3, 31), due_on=D(2017, 4, 30))

    before_any = report_state(intervention, [], D(2017, 2, 1), records)
    draft_pending = report_state(intervention, [draft], D(2017, 4, 10), records)

    assert (before_any.status, before_any.next_due) == (ReportStatus.DUE, D(2017, 4, 30))
    assert (draft_pending.status, draft_pending.next_due) == (ReportStatus.DUE, D(2017, 4, 30))
    assert draft_pending.text == "Due 30 April 2017"


def test_report_status_as_at_a_day_reads_the_report_as_it_stood(client, official):
    # The commissioner's periods run from the appointment, 13 May 2016: a quarter each.
    story = intervention_story(LocalAuthorityFactory(name="Torbay"))
    report = add_report(story.intervention, D(2017, 2, 13), D(2017, 5, 12))
    save_on(report, D(2017, 6, 20), status=Report.Status.SUBMITTED)
    client.force_login(official)

    overdue = shown(client, as_at(D(2017, 6, 13)))["Torbay"]["Report"]
    submitted = shown(client, as_at(D(2017, 6, 20)))["Torbay"]["Report"]

    assert overdue == "Overdue: February to May 2017, due 12 June 2017"
    assert submitted == "Submitted: February to May 2017; next due 12 September 2017"


def test_no_report_is_owed_without_a_reporting_duty():
    """No commissioner and no adviser: nobody owes the Minister a report (Isle of Wight)."""
    intervention = Intervention(opened_on=D(2013, 1, 15), status_changed_on=D(2013, 1, 15))

    state = report_state(intervention, [], D(2017, 5, 1), duties.Records(intervention, [], [], []))

    assert (state.status, state.next_due, state.text) == (ReportStatus.NONE, None, "None owed")


def test_a_record_whose_sources_end_awaits_no_report():
    """The sources may simply not include a report: none is overdue, before or after they end
    (``Report.is_awaited``); and once they have ended nothing is due next."""
    intervention, records = appointed_on(D(2017, 1, 1), sources_end_on=D(2017, 8, 15))
    unsent = Report(period_start=D(2017, 1, 1), period_end=D(2017, 3, 31), due_on=D(2017, 4, 30))

    during = report_state(intervention, [unsent], D(2017, 5, 1), records)
    after = report_state(intervention, [unsent], D(2024, 1, 1), records)

    assert (during.status, during.next_due) == (ReportStatus.DUE, D(2017, 7, 30))
    assert (after.status, after.next_due, after.text) == (ReportStatus.DUE, None, "None due")


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

    # Every row's full state (12 queries, whatever the rows) and the versions its facts are
    # then kept under (1; docs/adr/0028).
    with django_assert_max_num_queries(21):
        page = client.get(URL, as_at(D(2017, 6, 30)))
    with django_assert_max_num_queries(21):
        download = client.get(CSV_URL, {"sort": "report"})

    assert len(page.context["rows"]) == count
    assert len(download.content.decode().strip().splitlines()) == count + 1


# ---------------------------------------------------------------------------------------------
# Exit, the sources' end and staleness


@pytest.fixture
def ended_three():
    """Torbay, whose sources end on 24 August 2018; the Isle of Wight, closed on 30 June 2018
    when its direction was revoked; and Slough, with an entry a month ago."""
    torbay = intervention_story(LocalAuthorityFactory(name="Torbay"))
    save_on(torbay.intervention, D(2018, 9, 1), sources_end_on=D(2018, 8, 24))
    with dated(D(2013, 1, 15)):
        wight = InterventionFactory(
            authority=LocalAuthorityFactory(name="Isle of Wight"), opened_on=D(2013, 1, 15)
        )
    with dated(D(2018, 6, 30)):
        services.close_intervention(
            wight,
            on=D(2018, 6, 30),
            exit_reason=Intervention.ExitReason.DIRECTION_REVOKED,
            reason="The direction ended",
            by=None,
        )
    slough = InterventionFactory(
        authority=LocalAuthorityFactory(name="Slough"), opened_on=D(2019, 1, 1)
    )
    recent = timezone.localdate() - datetime.timedelta(days=30)
    ProgressEntryFactory(intervention=slough, occurred_on=recent)
    return torbay


@pytest.mark.parametrize(
    ("params", "today", "in_july_2018"),
    [
        ({}, ["Slough", "Torbay"], ["Torbay"]),  # Slough opened in 2019
        ({"showing": "open"}, ["Slough", "Torbay"], ["Torbay"]),
        ({"showing": "closed"}, ["Isle of Wight"], ["Isle of Wight"]),
        ({"showing": "all"}, ["Isle of Wight", "Slough", "Torbay"], ["Isle of Wight", "Torbay"]),
        # Today: Torbay's sources have ended, Slough has an entry a month old. In July 2018
        # Torbay had recorded nothing since October 2017.
        ({"showing": "all", "stale": "stale"}, [], ["Torbay"]),
        (
            {"showing": "all", "stale": "current"},
            ["Isle of Wight", "Slough", "Torbay"],
            ["Isle of Wight"],
        ),
    ],
)
def test_open_closed_and_all_over_the_same_rows(
    client, official, ended_three, params, today, in_july_2018
):
    client.force_login(official)

    assert list(shown(client, params)) == today
    assert list(shown(client, {**params, **as_at(D(2018, 7, 1))})) == in_july_2018


def test_a_closed_intervention_shows_its_exit(client, official, ended_three):
    client.force_login(official)

    row = shown(client, {"showing": "closed"})["Isle of Wight"]
    then = shown(client, {"showing": "all", **as_at(D(2018, 6, 29))})["Isle of Wight"]

    assert row["Status"] == "Closed 30 June 2018: direction revoked"
    assert row["Months open"] == "65"  # 15 January 2013 to 30 June 2018
    assert row["Report"] == "None owed"  # no commissioner, no adviser: nobody owed one
    assert then["Status"] == "Stale Triggered: nothing recorded since 15 January 2013"


def test_an_illustrative_exit_says_so(client, official):
    intervention = InterventionFactory(authority=LocalAuthorityFactory(name="Torbay"))
    with provenance("", illustrative=True):
        services.close_intervention(
            intervention,
            on=D(2019, 3, 31),
            exit_reason=Intervention.ExitReason.REPLACED_BY_NOTICE,
            reason="Assumed: the seeds end in 2018",
            by=None,
        )
    client.force_login(official)

    row = shown(client, {"showing": "closed"})["Torbay"]

    assert row["Status"] == (
        "Closed 31 March 2019: direction revoked and replaced by a notice (illustrative)"
    )


def test_past_its_sources_end_an_intervention_is_not_shown_as_current(
    client, official, ended_three
):
    client.force_login(official)

    response = client.get(URL)
    row = shown(client)["Torbay"]
    before = shown(client, as_at(D(2018, 8, 24)))["Torbay"]

    assert row["Status"] == "Sources end 24 August 2018 Implementation when they end"
    assert 'govuk-tag--grey">Sources end 24 August 2018</strong>' in response.content.decode()
    assert row["Months open"] == "31"  # to 24 August 2018, not to today
    assert not row["Report"].startswith("Overdue")
    assert "next due" not in row["Report"]  # nothing is owed after the sources end
    assert before["Months open"] == "31"
    assert before["Status"] == "Stale Implementation: nothing recorded since 1 October 2017"
    assert response.context["totals"].sources_ended == 1
    assert 'data-total="sources-ended">1<' in response.content.decode()


def test_an_open_intervention_with_nothing_recorded_for_six_months_is_stale(client, official):
    story = intervention_story(LocalAuthorityFactory(name="Torbay"))
    client.force_login(official)
    months_later = D(2018, 4, 1)  # six months after the status last changed

    stale = shown(client, {"stale": "stale", **as_at(months_later)})
    just_before = shown(client, as_at(months_later - datetime.timedelta(days=1)))
    response = client.get(URL, as_at(months_later))
    rate(story.intervention, D(2018, 4, 1), story.themes, ["amber", "green"], "improving")

    assert (
        stale["Torbay"]["Status"] == "Stale Implementation: nothing recorded since 1 October 2017"
    )
    assert just_before["Torbay"]["Status"] == "Implementation"
    assert 'govuk-tag--orange">Stale</strong>' in response.content.decode()
    assert 'data-total="stale">1<' in response.content.decode()
    assert shown(client, as_at(months_later))["Torbay"]["Status"] == "Implementation"


def test_the_csv_has_where_the_sources_end_as_values(client, official, ended_three):
    client.force_login(official)

    page = table_rows(client.get(URL, {"showing": "all"}).content.decode())
    rows = csv_records(client.get(CSV_URL, {"showing": "all"}))

    assert [row["authority_name"] for row in rows] == [row[0] for row in page[1:]]
    assert "Sources end 24 August 2018 Implementation when they end" in page[3]
    # The tag and its words as values, one a column.
    ended = rows[2]
    assert (ended["sources_ended"], ended["sources_end_on"]) == ("true", "2018-08-24")
    assert (ended["status"], ended["is_open"]) == ("implementation", "true")


@pytest.mark.parametrize("count", [2, 20])
def test_open_closed_and_stale_filters_do_not_grow_queries_with_rows(
    client, official, django_assert_max_num_queries, count
):
    build(count, [ThemeFactory(), ThemeFactory()])
    for intervention in Intervention.objects.all()[: count // 2]:
        services.close_intervention(
            intervention,
            on=D(2018, 1, 1),
            exit_reason=Intervention.ExitReason.NOTICE_LIFTED,
            reason="Lifted",
            by=None,
        )
    client.force_login(official)
    client.get(URL)  # the session and the user's groups, once

    # Rows no list has kept yet (the closed ones): their full states (12 queries, whatever the
    # rows), the versions their facts are kept under, made for the authorities new to them (2).
    with django_assert_max_num_queries(33):
        stale = client.get(URL, {"stale": "stale", "showing": "all"})
    with django_assert_max_num_queries(33):
        closed = client.get(URL, {"showing": "closed", "sort": "months_open"})
    with django_assert_max_num_queries(21):
        past = client.get(URL, {"showing": "all", "sort": "report", **as_at(D(2018, 6, 30))})

    assert len(stale.context["rows"]) == count - count // 2
    assert len(closed.context["rows"]) == count // 2
    assert len(past.context["rows"]) == count
