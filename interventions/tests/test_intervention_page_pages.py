"""The intervention page shows each long list (progress log, timeline, actions, board meetings,
history) a page at a time, so a long-running intervention's page stays small and quick."""

import datetime
import itertools
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from core.paging import PER_PAGE
from interventions import timeline
from interventions.models import Action
from interventions.tests import factories as f

from .test_workspace_pages import add_rows, detail_url, text


@pytest.fixture
def world(world, commissioner):
    add_rows(world, commissioner, PER_PAGE + 5)
    return world


def entry_ids(response) -> list[int]:
    return [entry.pk for entry in response.context["entries"].rows]


def test_progress_log_pages_newest_first_and_keep_the_other_lists_pages(
    client, world, commissioner
):
    client.force_login(commissioner)
    url = detail_url(world.intervention)
    first = client.get(url)
    newest_first = list(
        world.intervention.progress_entries.order_by("-occurred_on", "-pk").values_list(
            "pk", flat=True
        )
    )
    assert entry_ids(first) == newest_first[:PER_PAGE]
    words = text(first)
    total = len(newest_first)
    assert f"Showing 1 to {PER_PAGE} of {total} progress entries, page 1 of 2." in words
    assert 'href="?log-page=2#progress-log" rel="next"' in first.content.decode()

    second = client.get(url, {"log-page": 2, "actions-page": 2})
    assert entry_ids(second) == newest_first[PER_PAGE:]
    assert second.context["actions"].page.number == 2
    # The link back keeps the other list's page and returns to the tab.
    assert second.context["entries"].previous_href == "?log-page=1&actions-page=2#progress-log"
    assert second.context["entries"].next_href == ""


@pytest.mark.parametrize(("asked", "shown"), [("99", 2), ("0", 2), ("two", 1), ("", 1)])
def test_a_page_out_of_range_shows_the_last_and_nonsense_the_first(
    client, world, commissioner, asked, shown
):
    client.force_login(commissioner)
    response = client.get(detail_url(world.intervention), {"log-page": asked})
    assert response.status_code == 200
    assert response.context["entries"].page.number == shown


def test_timeline_pages_together_are_the_whole_timeline(client, world, commissioner):
    client.force_login(commissioner)
    url = detail_url(world.intervention)
    whole = timeline.build(world.intervention, list(world.intervention.authority.inspections.all()))
    pages = client.get(url).context["timeline"].page.paginator.num_pages
    assert pages >= 3
    shown = []
    for number in range(1, pages + 1):
        shown += client.get(url, {"timeline-page": number}).context["timeline"].rows
    assert [(item.date, item.title) for item in shown] == [
        (item.date, item.title) for item in whole
    ]


def test_a_later_page_costs_the_same_queries_as_the_first(
    client, world, commissioner, django_assert_max_num_queries
):
    client.force_login(commissioner)
    url = detail_url(world.intervention)
    with CaptureQueriesContext(connection) as first:
        client.get(url)
    later = {
        "log-page": 2,
        "timeline-page": 3,
        "actions-page": 2,
        "meetings-page": 2,
        "history-page": 2,
    }
    with django_assert_max_num_queries(len(first)):
        response = client.get(url, later)
    assert response.context["meetings"].page.number == 2
    assert (
        len(response.context["meetings"].rows)
        == response.context["meetings"].page.paginator.count - PER_PAGE
    )


def test_actions_list_open_and_overdue_first_across_pages_and_are_counted_in_sql(
    client, world, commissioner
):
    """The actions tab sorts and counts in the database, a page at a time: the order is the
    rule written in memory (``Action.is_overdue``), whatever the mix of statuses and dates."""
    today = timezone.localdate()
    intervention = world.intervention
    for n, (status, due) in enumerate(
        itertools.product(
            [Action.Status.OPEN, Action.Status.DONE, Action.Status.CANCELLED],
            [today - datetime.timedelta(days=3), today, today + datetime.timedelta(days=9), None],
        )
    ):
        completed = None if status == Action.Status.OPEN else today
        f.ActionFactory(
            intervention=intervention,
            status=status,
            due_on=due,
            completed_on=completed,
            title=f"Mix {n}",
        )
    client.force_login(commissioner)
    url = detail_url(intervention)
    first = client.get(url).context
    shown = []
    for number in range(1, first["actions"].page.paginator.num_pages + 1):
        rows = client.get(url, {"actions-page": number}).context["actions"].rows
        shown += [(action.pk, action.overdue) for action in rows]

    actions = list(intervention.actions.all())
    expected = sorted(
        actions,
        key=lambda a: (
            a.status != Action.Status.OPEN,
            not a.is_overdue(today),
            a.due_on or datetime.date.max,
            a.pk,
        ),
    )
    assert shown == [(a.pk, a.is_overdue(today)) for a in expected]
    assert first["open_actions"] == sum(a.status == Action.Status.OPEN for a in actions)
    assert first["overdue_actions"] == sum(a.is_overdue(today) for a in actions) > 0


def test_partner_days_are_the_year_s_logs_summed_with_the_illustrative_ones_apart(
    client, world, commissioner
):
    partnership = world.intervention.partnerships.get()
    start, end = partnership.year_containing(timezone.localdate())
    f.PartnerDayLogFactory(partnership=partnership, worked_on=start, days=Decimal("2"))
    f.PartnerDayLogFactory(
        partnership=partnership, worked_on=end, days=Decimal("0.5"), illustrative=True
    )
    f.PartnerDayLogFactory(  # the year before: not counted
        partnership=partnership, worked_on=start - datetime.timedelta(days=1), days=Decimal("7")
    )
    logs = list(partnership.day_logs.all())
    client.force_login(commissioner)

    [usage] = client.get(detail_url(world.intervention)).context["partner_days"]

    in_year = [log for log in logs if start <= log.worked_on <= end]
    assert (usage.start, usage.end) == (start, end)
    assert usage.used == partnership.day_usage(start, end, logs=logs).used
    assert usage.used == sum(log.days for log in in_year) >= Decimal("2.5")
    assert usage.illustrative == sum(log.days for log in in_year if log.illustrative) > 0
