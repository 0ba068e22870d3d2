"""The temporal read model (core.temporal, docs/adr/0025): every "as at" answer it gives equals
the answer rebuilt from the history tables the old way (each object's latest history row
before the end of the day, by sorting its history), on seeded worlds with back-dated history
rows, rows inserted out of order, rows in the same instant and deletions."""

import datetime
import random

import pytest
from django.apps import apps
from django.db import DatabaseError, connection, transaction
from django.db.models import OuterRef, Subquery
from django.utils import timezone
from simple_history.models import HistoricalChanges

from core.temporal import COLUMN, validity_tables
from interventions.models import Intervention, ProgressEntry, Theme, ThemeRating
from interventions.models.progress import latest_ratings_among
from reporting.dashboard import state
from reporting.dashboard.state import portfolio
from reporting.history import as_at, end_of_day, start_of_day

from .dashboard_world import add_report, intervention_story, save_on

pytestmark = pytest.mark.django_db

D = datetime.date


def rebuilt_as_at(model, day, **stable_filters):
    """``as_at`` as it was before the temporal model: the latest history row of each object
    before the end of ``day``, found by ordering the object's history (PostgreSQL: DISTINCT ON;
    elsewhere a correlated subquery)."""
    History = model.history.model
    pk_name = model._meta.pk.attname
    candidates = History.objects.filter(history_date__lt=end_of_day(day), **stable_filters)
    if connection.vendor == "postgresql":
        latest_ids = (
            candidates.order_by(pk_name, "-history_date", "-history_id")
            .distinct(pk_name)
            .values("history_id")
        )
    else:
        newer = candidates.filter(**{pk_name: OuterRef(pk_name)}).order_by(
            "-history_date", "-history_id"
        )
        latest_ids = candidates.filter(history_id=Subquery(newer.values("history_id")[:1])).values(
            "history_id"
        )
    return History.objects.filter(history_id__in=latest_ids).exclude(history_type="-")


def tracked_models():
    tables = set(validity_tables())
    return [
        model.instance_type
        for model in apps.get_models()
        if issubclass(model, HistoricalChanges) and model._meta.db_table in tables
    ]


def history_days(models) -> list[datetime.date]:
    """Every day a history row was dated, the days either side, and today."""
    zone = timezone.get_current_timezone()
    days = {timezone.localdate()}
    for model in models:
        for when in model.history.model.objects.values_list("history_date", flat=True):
            day = when.astimezone(zone).date()
            days |= {day - datetime.timedelta(days=1), day, day + datetime.timedelta(days=1)}
    return sorted(days)


def assert_same_answers(models, days):
    checked = 0
    for model in models:
        for day in days:
            new = sorted(as_at(model, day).values_list("history_id", flat=True))
            old = sorted(rebuilt_as_at(model, day).values_list("history_id", flat=True))
            assert new == old, (model.__name__, day)
            checked += len(new)
    return checked


def assert_valid_to_is_the_next_rows_date(model):
    """Each row's valid_to is the date of the next row of its object (by date, then id)."""
    History = model.history.model
    pk_name = model._meta.pk.attname
    rows = list(History.objects.order_by(pk_name, "history_date", "history_id"))
    for row, after in zip(rows, [*rows[1:], None][: len(rows)], strict=True):
        same_object = after is not None and getattr(after, pk_name) == getattr(row, pk_name)
        expected = after.history_date if same_object else None
        assert getattr(row, COLUMN) == expected, (model.__name__, row.history_id)


def backdated_and_same_instant_world():
    """Two intervention stories, then: a status change recorded today but dated back before
    the last one; two saves of one record in the same instant; a rating re-rated in the same
    second as its first rating; a report recorded late; a deleted theme."""
    first = intervention_story()
    second = intervention_story(themes=first.themes)
    intervention = first.intervention
    # Recorded after everything else, but dated back to 2016 (in the middle of its history).
    save_on(intervention, D(2016, 8, 1), reporting_period_months=6)
    save_on(intervention, D(2016, 8, 1), reporting_period_months=4)  # the same instant again
    rating = ThemeRating.objects.filter(entry__intervention=second.intervention).first()
    save_on(rating, D(2016, 6, 1), rag="green")  # the same instant as its creation
    entry = ProgressEntry.objects.filter(intervention=second.intervention).last()
    save_on(entry, D(2015, 12, 31), summary="Back-dated before the record began")
    add_report(intervention, D(2016, 4, 1), D(2016, 6, 30), recorded_on=D(2017, 2, 1))
    theme = Theme.objects.create(code="gone", name="Gone", order=9)
    theme._history_date = start_of_day(D(2017, 3, 1))
    theme.delete()  # test set-up only: the application never hard-deletes history records
    return first, second


def test_every_as_at_answer_equals_the_answer_rebuilt_from_the_history_the_old_way():
    first, second = backdated_and_same_instant_world()
    models = tracked_models()
    assert {Intervention, ProgressEntry, ThemeRating, Theme} <= set(models)
    for model in models:
        assert_valid_to_is_the_next_rows_date(model)
    checked = assert_same_answers(models, history_days(models))
    assert checked > 200  # rows compared, over every model and day
    # Narrowed by a stable field too, as the dashboard and the API read them.
    for day in history_days([Intervention]):
        ids = [first.intervention.pk, second.intervention.pk]
        for model in (ProgressEntry, Intervention):
            key = "intervention_id__in" if model is ProgressEntry else "id__in"
            new = as_at(model, day, **{key: ids}).values_list("history_id", flat=True)
            old = rebuilt_as_at(model, day, **{key: ids}).values_list("history_id", flat=True)
            assert sorted(new) == sorted(old)


def test_the_back_dated_change_shows_on_the_days_it_was_dated_not_when_it_was_recorded():
    first, _second = backdated_and_same_instant_world()
    pk = first.intervention.pk
    periods = {
        day: as_at(Intervention, day).get(id=pk).reporting_period_months
        for day in (D(2016, 7, 31), D(2016, 8, 1), D(2017, 4, 4))
    }
    # On 1 August 2016 the second of the two same-instant saves (the higher id) stands, until
    # the next change (5 April 2017's) carried the record's value at the time it was made.
    assert periods[D(2016, 8, 1)] == 4
    assert periods[D(2016, 7, 31)] != 4


def test_random_histories_written_in_any_order_give_the_old_answers():
    """Seeded random histories of one record each: rows dated at random (many in the same
    instant), inserted in random order, some objects deleted."""
    for seed in range(6):
        rng = random.Random(seed)
        base = start_of_day(D(2017, 1, 1))
        for number in range(5):
            theme = Theme(code=f"r{seed}-{number}", name="v0", order=number)
            moments = [
                base + datetime.timedelta(hours=rng.randrange(0, 24 * 20, 6)) for _ in range(6)
            ]
            rng.shuffle(moments)
            for version, moment in enumerate(moments):
                theme.name = f"{theme.code} v{version}"
                theme._history_date = moment
                theme.save()
            if rng.random() < 0.3:
                theme._history_date = base + datetime.timedelta(days=rng.randrange(0, 20))
                theme.delete()
    days = [D(2016, 12, 31) + datetime.timedelta(days=n) for n in range(23)]
    assert_valid_to_is_the_next_rows_date(Theme)
    assert assert_same_answers([Theme], days) > 100


def test_the_dashboard_as_at_every_day_is_what_the_old_history_said():
    """Full states as at every day of the world, read through the temporal model, against the
    same states read with the rebuilt ``as_at``."""
    backdated_and_same_instant_world()
    import reporting.dashboard.state as state_module

    def described(states):
        return [
            (
                s.pk,
                s.status,
                s.instrument,
                s.rag_text,
                s.commissioner_text,
                s.report.status,
                s.adm_text,
                s.last_entry_on,
            )
            for s in states
        ]

    days = history_days([Intervention])[::3]
    new = {day: described(portfolio(day, Intervention.objects.all())) for day in days}
    original = state_module.as_at
    state_module.as_at = rebuilt_as_at
    try:
        old = {day: described(portfolio(day, Intervention.objects.all())) for day in days}
    finally:
        state_module.as_at = original
    assert new == old
    assert any(states for states in new.values())


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the triggers are PostgreSQL's")
def test_nothing_but_the_trigger_may_change_valid_to():
    intervention = intervention_story().intervention
    History = Intervention.history.model
    row = History.objects.filter(id=intervention.pk).order_by("history_date").first()
    with (
        pytest.raises(DatabaseError, match="History rows cannot be changed|permission denied"),
        transaction.atomic(),
    ):
        History.objects.filter(history_id=row.history_id).update(valid_to=None)


def rebuilt_latest_ratings(ids, day):
    """The dashboard's latest ratings as at ``day`` as they were read before: every entry and
    rating as it stood, the latest chosen in Python."""
    entries = {
        entry.id: entry
        for entry in rebuilt_as_at(ProgressEntry, day, intervention_id__in=ids).filter(
            occurred_on__lte=day
        )
    }
    last_entries = {}
    for entry in entries.values():
        known = last_entries.get(entry.intervention_id)
        if known is None or known < entry.occurred_on:
            last_entries[entry.intervention_id] = entry.occurred_on
    latest = latest_ratings_among(
        rebuilt_as_at(ThemeRating, day, entry__intervention_id__in=ids),
        entries,
        day,
        per=lambda rating, entry: (entry.intervention_id, rating.theme_id),
    )
    return {key: (r.rag, r.direction) for key, (r, _entry) in latest.items()}, last_entries


def test_the_dashboard_ratings_as_at_every_day_in_sql_equal_the_old_reading():
    backdated_and_same_instant_world()
    ids = list(Intervention.objects.values_list("pk", flat=True))
    seen = 0
    for day in history_days([ProgressEntry, ThemeRating]):
        latest, last_entries = state._latest_ratings_as_at(ids, day)
        old, old_last_entries = rebuilt_latest_ratings(ids, day)
        assert {key: (r.rag, r.direction) for key, r in latest.items()} == old, day
        assert {k: v for k, v in last_entries.items() if v is not None} == old_last_entries
        seen += len(old)
    assert seen > 20


def test_the_dashboard_as_at_a_past_day_takes_the_same_queries_however_many_rows(client, official):
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse

    themes = [Theme.objects.create(code=f"q{n}", name=f"Theme {n}", order=n) for n in range(2)]
    url = f"{reverse('reporting:dashboard')}?date-day=1&date-month=12&date-year=2017"
    client.force_login(official)
    counts = {}
    for count in (2, 12):
        while Intervention.objects.count() < count:
            intervention_story(themes=themes)
        client.get(url)  # the session and the user's groups, once
        with CaptureQueriesContext(connection) as captured:
            page = client.get(url)
        assert len(page.context["rows"]) == count
        counts[count] = len(captured.captured_queries)
    assert counts[2] == counts[12] <= 30, counts
