"""The dashboard's list is filtered, sorted and totalled from every row's facts, worked out from
its full state once and then kept under the versions of its records (``listing.row_facts``,
docs/adr/0028), and builds full states only for the page shown (issues #7 and #19). It must say
exactly what building every row's full state says, on any day, from the cache or not, and no
change may leave a kept row stale."""

from __future__ import annotations

import datetime
import random

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from authorities.models import LocalAuthority
from authorities.tests.factories import LocalAuthorityFactory
from interventions.duties import add_months
from interventions.models import Intervention
from interventions.tests.factories import (
    CommissionerAppointmentFactory,
    ImprovementNoticeFactory,
    InterventionFactory,
    ProgressEntryFactory,
    StatutoryDirectionFactory,
    ThemeFactory,
    ThemeRatingFactory,
)
from reporting.dashboard import listing, table
from reporting.dashboard.state import intervention_rows, portfolio
from reporting.dashboard.table import DashboardFilters
from reporting.dashboard.vocabulary import Instrument, RagLevel, ReportStatus, Showing
from reporting.models import Report

from .dashboard_world import intervention_story

pytestmark = pytest.mark.django_db

D = datetime.date
REGIONS = [LocalAuthority.Region.SOUTH_WEST, LocalAuthority.Region.LONDON]


def varied_world(seed: int, count: int = 30) -> None:
    """Interventions with every kind of standing: directions and notices in force, revised,
    ended or issued tomorrow; ratings of every colour, re-rated, and entered in advance;
    commissioners appointed, some since gone, and advisers named on notices, or no one owing a
    report; reports overdue, submitted for the last ended period or only for an earlier one,
    or not yet due; some closed, some whose sources ended, some stale."""
    chance = random.Random(seed)  # noqa: S311 (test data)
    today = timezone.localdate()
    tomorrow = today + datetime.timedelta(days=1)
    themes = [ThemeFactory(), ThemeFactory(), ThemeFactory()]
    for _ in range(count):
        opened = add_months(today, -chance.randint(4, 60))
        ending = chance.choice(["open", "open", "open", "closed", "sources", "sources later"])
        status = chance.choice(["triggered", "initial_review", "implementation"])
        intervention = InterventionFactory(
            authority=LocalAuthorityFactory(region=chance.choice(REGIONS)),
            opened_on=opened,
            status="closed" if ending == "closed" else status,
            closed_on=add_months(opened, 3) if ending == "closed" else None,
            sources_end_on={
                "sources": add_months(opened, chance.randint(1, 3)),
                "sources later": tomorrow,
            }.get(ending),
        )
        issued = add_months(opened, 1)
        if chance.random() < 0.6:
            gone = chance.choice([None, None, add_months(issued, 2)])
            CommissionerAppointmentFactory(
                intervention=intervention, starts_on=issued, ends_on=gone
            )
        instrument = chance.choice(["none", "direction", "notice", "both", "ended", "tomorrow"])
        if instrument in ("direction", "both"):
            StatutoryDirectionFactory(intervention=intervention, issued_on=issued)
        if instrument in ("notice", "both"):
            lifted = chance.choice([None, tomorrow])  # lifted tomorrow: still in force today
            adviser = chance.choice(["", "Ann Adviser"])
            ImprovementNoticeFactory(
                intervention=intervention, issued_on=issued, lifted_on=lifted, adviser=adviser
            )
        if instrument == "ended":
            StatutoryDirectionFactory(
                intervention=intervention,
                issued_on=issued,
                revoked_on=min(today, add_months(issued, 2)),
            )
            ImprovementNoticeFactory(intervention=intervention, issued_on=issued, revised_on=today)
        if instrument == "tomorrow":
            StatutoryDirectionFactory(intervention=intervention, issued_on=tomorrow)
        for _ in range(chance.randint(0, 3)):
            day = chance.choice([issued, add_months(issued, 1), today, tomorrow])
            entry = ProgressEntryFactory(intervention=intervention, occurred_on=day)
            for theme in chance.sample(themes, chance.randint(1, 3)):
                rag = chance.choice(["red", "amber", "green"])
                ThemeRatingFactory(entry=entry, theme=theme, rag=rag)
        for period in intervention.report_periods(today):
            if chance.random() < 0.5:
                continue
            status = chance.choice(list(Report.Status.values))
            Report.objects.create(
                intervention=intervention,
                kind=period.kind,
                period_start=period.start,
                period_end=period.end,
                due_on=period.due_on,
                status=status,
            )


def every_state(day, open_only=True):
    return portfolio(day, Intervention.objects.all(), open_only=open_only)


@pytest.mark.parametrize("seed", [2, 3, 4])
def test_row_facts_kept_are_what_the_full_states_say(seed):
    varied_world(seed)
    today = timezone.localdate()
    states = every_state(today, open_only=False)
    rows = intervention_rows(today, Intervention.objects.all(), open_only=False)
    authorities = {state.authority.pk: state.authority for state in states}
    expected = {state.pk: listing.RowFacts.of(state) for state in states}

    made, built = listing.row_facts(today, rows, authorities)
    kept, built_again = listing.row_facts(today, rows, authorities)

    assert made == kept == expected
    assert set(built) == set(expected)
    # The second time from the cache; off PostgreSQL there are no versions, so nothing is kept.
    assert (built_again == {}) == (connection.vendor == "postgresql")
    standings = {pk: facts.standing for pk, facts in kept.items()}
    # The world holds every value of each, so each was compared.
    assert {s.instrument for s in standings.values()} == set(Instrument.values)
    assert {s.rag_level for s in standings.values()} == set(RagLevel.values)
    assert {s.report_status for s in standings.values()} == set(ReportStatus.values)
    assert {s.stale for s in standings.values()} == {True, False}
    # ...and the states include closed ones, and open ones past their sources' end.
    assert {(s.is_open, s.is_open and s.sources_ended) for s in states} == {
        (False, False),
        (True, False),
        (True, True),
    }


FILTERS = [
    DashboardFilters(),
    *(DashboardFilters(type=value) for value in Instrument.values),
    *(DashboardFilters(rag=value) for value in RagLevel.values),
    *(DashboardFilters(report=value) for value in ReportStatus.values),
    DashboardFilters(status="implementation"),
    DashboardFilters(region=REGIONS[0], rag=RagLevel.RED),
    DashboardFilters(stale=True),
    DashboardFilters(stale=False, report=ReportStatus.NONE),
]


def every_filter_and_sort() -> list[tuple[DashboardFilters, str, bool]]:
    """Every column's sort both ways, unfiltered and under a filter of two fields; and every
    filter, under the sorts in turn (a filter and a sort are applied apart: every pair would
    repeat these)."""
    sorts = [column.key for column in table.COLUMNS]
    both = DashboardFilters(region=REGIONS[0], rag=RagLevel.RED)
    every_sort = [
        (filters, key, descending)
        for filters in (DashboardFilters(), both)
        for key in sorts
        for descending in (False, True)
    ]
    every_filter = [
        (filters, sorts[n % len(sorts)], n % 2 == 1) for n, filters in enumerate(FILTERS)
    ]
    return every_sort + every_filter


def test_every_filter_and_sort_lists_and_totals_as_building_every_state(subtests):
    varied_world(4, count=30)
    today = timezone.localdate()
    states = every_state(today)
    for filters, key, descending in every_filter_and_sort():
        with subtests.test(filters=filters, key=key, descending=descending):
            shown = table.filter_states(states, filters)
            expected = table.sort_states(shown, key, descending)

            made = listing.listing(today, Intervention.objects.all(), filters, key, descending)

            assert isinstance(made.states, listing.StatesInOrder)  # the quick way
            assert [s.pk for s in made.states] == [s.pk for s in expected]
            assert made.totals == table.totals(expected)
            page = made.states[:5]  # a page's states are the full states
            assert [table.cells(s) for s in page] == [table.cells(s) for s in expected[:5]]


@pytest.mark.parametrize("showing", [Showing.CLOSED, ""])
def test_closed_and_all_list_and_total_as_building_every_state(subtests, showing):
    varied_world(6, count=30)
    today = timezone.localdate()
    states = every_state(today, open_only=False)
    for filters in [
        DashboardFilters(showing=showing),
        DashboardFilters(showing=showing, stale=False),
    ]:
        for key in sorted(listing.OUTLINE_SORTS):
            with subtests.test(filters=filters, key=key):
                expected = table.sort_states(table.filter_states(states, filters), key)

                made = listing.listing(
                    today, Intervention.objects.all(), filters, key, open_only=False
                )

                assert [s.pk for s in made.states] == [s.pk for s in expected]
                assert made.totals == table.totals(expected)


def test_the_dashboard_page_shows_the_totals_over_every_row(client, official):
    varied_world(5, count=45)
    today = timezone.localdate()
    expected = table.totals(every_state(today))
    client.force_login(official)

    response = client.get(reverse("reporting:dashboard"), {"page": 2})

    assert response.context["totals"] == expected
    assert response.context["totals"].interventions > len(response.context["rows"])


PAST_DAYS = [D(2016, 2, 1), D(2016, 6, 30), D(2017, 4, 5), D(2017, 10, 2), D(2019, 1, 1)]


def test_a_past_days_list_without_totals_builds_one_page_and_lists_as_every_state(subtests):
    """The API's list as at a past day reads no standing: it is sorted by the outline and
    builds full states for one page only, listing what building every state lists."""
    themes = [ThemeFactory(), ThemeFactory()]
    for _ in range(3):
        intervention_story(themes=themes)
    for day in PAST_DAYS:
        states = every_state(day, open_only=False)
        for key in sorted(listing.OUTLINE_SORTS):
            for descending in (False, True):
                with subtests.test(day=day, key=key, descending=descending):
                    expected = table.sort_states(states, key, descending)

                    made = listing.listing(
                        day,
                        Intervention.objects.all(),
                        DashboardFilters(),
                        key,
                        descending,
                        open_only=False,
                        with_totals=False,
                    )

                    assert isinstance(made.states, listing.StatesInOrder)
                    assert [s.pk for s in made.states] == [s.pk for s in expected]
                    assert [table.cells(s) for s in made.states[:2]] == [
                        table.cells(s) for s in expected[:2]
                    ]
    assert {len(every_state(day, open_only=False)) for day in PAST_DAYS} == {3}  # compared


def test_a_past_days_list_with_totals_lists_and_totals_as_every_state(subtests):
    themes = [ThemeFactory(), ThemeFactory()]
    for _ in range(3):
        intervention_story(themes=themes)
    for day in PAST_DAYS:
        states = every_state(day)
        for key in [column.key for column in table.COLUMNS]:
            with subtests.test(day=day, key=key):
                expected = table.sort_states(states, key, descending=True)

                made = listing.listing(
                    day, Intervention.objects.all(), DashboardFilters(), key, descending=True
                )

                assert [s.pk for s in made.states] == [s.pk for s in expected]
                assert made.totals == table.totals(expected)
