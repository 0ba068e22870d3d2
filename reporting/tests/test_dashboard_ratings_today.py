"""Today's RAG ratings on the dashboard come from the live tables (an index walk per
intervention and theme) instead of the whole rating history; they must say exactly what the
history says at the end of today, and take the same few queries however much history there is."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from interventions.models import Intervention, ThemeRating
from interventions.tests.factories import ThemeFactory
from reporting.dashboard import state

from .dashboard_world import D, dated, intervention_story, rate, save_on

pytestmark = pytest.mark.django_db


def comparable(latest: dict) -> dict:
    return {key: (rating.rag, rating.direction) for key, rating in latest.items()}


@pytest.fixture
def histories():
    """Two interventions whose ratings were edited, re-rated on one day, entered in advance
    (an entry dated tomorrow) and rated on only some themes."""
    themes = [ThemeFactory(), ThemeFactory(), ThemeFactory()]
    first = intervention_story(themes=themes[:2]).intervention
    second = intervention_story(themes=themes[:2]).intervention
    rate(first, D(2018, 1, 1), themes, ["green", "green", "red"], "improving")
    rate(first, D(2018, 1, 1), themes[:1], ["red"], "declining")  # same day, later entry
    rating = ThemeRating.objects.get(entry__intervention=first, theme=themes[2])
    save_on(rating, D(2018, 2, 1), rag="amber")
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    rate(second, tomorrow, themes[:1], ["green"], "improving")
    return [first.pk, second.pk]


def test_today_from_the_live_tables_equals_the_history_at_the_end_of_today(histories):
    today = timezone.localdate()

    live, live_last_entries = state._latest_ratings_today(histories, today)
    history, last_entries = state._latest_ratings_as_at(histories, today)

    assert comparable(live) == comparable(history)
    assert len(live) == 5  # three themes in the first, two in the second
    # Each one's latest entry dated by today, for staleness: not the one entered in advance.
    expected = {histories[0]: D(2018, 1, 1), histories[1]: D(2017, 3, 1)}
    assert live_last_entries == last_entries == expected


def test_the_dashboard_today_uses_the_live_path_and_shows_the_latest_ratings(histories):
    states = {s.pk: s for s in state.portfolio(timezone.localdate(), Intervention.objects)}

    assert states[histories[0]].rag == {"red": 1, "amber": 1, "green": 1}
    assert states[histories[1]].rag == {"red": 0, "amber": 2, "green": 0}  # tomorrow's left out


@pytest.mark.parametrize("count", [2, 20])
def test_dashboard_today_query_count_does_not_grow_with_rows(
    client, official, django_assert_max_num_queries, count
):
    themes = [ThemeFactory(), ThemeFactory()]
    for _ in range(count):
        story = intervention_story(themes=themes)
        with dated(D(2018, 1, 1)):
            rate(story.intervention, D(2018, 1, 1), themes, ["green", "red"], "improving")
    client.force_login(official)
    client.get(reverse("reporting:dashboard"))  # the session and the user's groups, once

    # See test_dashboard_pages.py; +1, the changed-since panel; +1, the data version the page
    # is cached under (core.page_cache).
    with django_assert_max_num_queries(27):
        page = client.get(reverse("reporting:dashboard"))

    assert len(page.context["rows"]) == count
