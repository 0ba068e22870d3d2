"""A list's rows are kept under the versions of their records (``listing.row_facts``,
``listing.KeptRecords``, core.record_versions, docs/adr/0028): after any kind of write, through
the models, a queryset update with no history, or back-dated, every row's kept facts and kept
API record equal those worked out afresh, today and on a past day; and a write bumps the
versions of what it belongs to, no more."""

import datetime

import pytest
from django.db import connection
from django.test import RequestFactory
from django.utils import timezone

from authorities.models import LocalAuthority
from core import record_versions
from core.models import RecordVersion
from inspections.tests.factories import graded
from interventions.models import Commissioner, Intervention, StatutoryDirection, ThemeRating
from interventions.tests.factories import ThemeFactory
from reporting.api.serializers import InterventionSerializer, intervention_records
from reporting.dashboard import listing
from reporting.dashboard.state import full_states, intervention_rows
from reporting.dashboard.table import DashboardFilters
from reporting.models import Report

from .dashboard_world import add_report, intervention_story, rate, save_on

pytestmark = [
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="the versions' triggers are PostgreSQL's"
    ),
    pytest.mark.django_db,
]

D = datetime.date
PAST_DAY = D(2017, 6, 30)


def kept_and_fresh(day: datetime.date) -> tuple[dict, dict]:
    """Every intervention's facts on ``day`` as the list reads them (kept where it can) and as
    its full state, built afresh, says."""
    rows = intervention_rows(day, Intervention.objects.all(), open_only=False)
    states = full_states(day, rows)
    authorities = {state.authority.pk: state.authority for state in states}
    kept, _built = listing.row_facts(day, rows, authorities)
    return kept, {state.pk: listing.RowFacts.of(state) for state in states}


def records_kept_and_fresh(day: datetime.date) -> tuple[list, list, list]:
    """Every intervention's API record on ``day``, as the lists write them (kept where they
    can): the API's default list, which reads its rows' versions itself, and the dashboard's
    CSV, whose listing read them for its totals; and as its full state, built afresh, says."""
    request = RequestFactory().get("/")
    rows = intervention_rows(day, Intervention.objects.all(), open_only=False)
    states = full_states(day, rows)
    authorities = {state.authority.pk: state.authority for state in states}
    own = intervention_records(listing.StatesInOrder(day, rows, authorities), request)[:]
    shown = listing.listing(day, Intervention.objects.all(), DashboardFilters(), open_only=False)
    by_pk = {record["id"]: record for record in intervention_records(shown.states, request)[:]}
    fresh = InterventionSerializer(states, many=True, context={"request": request}).data
    return own, [by_pk[state.pk] for state in states], fresh


@pytest.fixture
def stories():
    themes = [ThemeFactory(), ThemeFactory()]
    return [intervention_story(themes=themes) for _ in range(3)]


def writes(stories) -> dict:
    first, second = stories[0], stories[1]
    today = timezone.localdate()
    return {
        "a red rating today": lambda: rate(
            first.intervention, today, first.themes, ["red", "red"], "declining"
        ),
        "ratings changed by a queryset update (no history)": lambda: ThemeRating.objects.filter(
            entry__intervention=second.intervention
        ).update(rag="green"),
        "a direction revoked": lambda: save_on(
            StatutoryDirection.objects.get(intervention=second.intervention),
            today,
            revoked_on=today - datetime.timedelta(days=1),
        ),
        "a report left in draft past its due date": lambda: add_report(
            first.intervention, D(2026, 4, 1), D(2026, 6, 30), status=Report.Status.DRAFT
        ),
        "an Ofsted judgement for the authority": lambda: graded(
            second.authority,
            "ILACS",
            (today - datetime.timedelta(days=1)).isoformat(),
            overall="good",
        ),  # fmt: skip
        "the commissioner renamed": lambda: Commissioner.objects.filter(
            pk=first.commissioner.pk
        ).update(name="Zoe Zander"),
        "the recommended partner renamed": lambda: LocalAuthority.objects.filter(
            pk=second.partner.pk
        ).update(name="Aardvark Council"),
        "a rating back-dated to before the past day": lambda: rate(
            stories[2].intervention, D(2017, 6, 16), stories[2].themes, ["red", "red"], "declining"
        ),
    }


def test_no_write_leaves_a_kept_row_stale(stories):
    days = [timezone.localdate(), PAST_DAY]
    for day in days:
        kept, fresh = kept_and_fresh(day)
        assert kept == fresh
        assert kept_and_fresh(day)[0] == fresh  # the second time, from the cache
        own, listed, records = records_kept_and_fresh(day)
        assert own == listed == records
        assert records_kept_and_fresh(day)[:2] == (records, records)  # from the cache
    for what, write in writes(stories).items():
        before = {day: (kept_and_fresh(day)[1], records_kept_and_fresh(day)[2]) for day in days}
        write()
        changed = records_changed = False
        for day in days:
            kept, fresh = kept_and_fresh(day)
            assert kept == fresh, (what, day)
            own, listed, records = records_kept_and_fresh(day)
            assert own == records, (what, day, "the API's list")
            assert listed == records, (what, day, "the dashboard's CSV")
            changed |= fresh != before[day][0]
            records_changed |= records != before[day][1]
        assert changed, f"{what} changed no row: the test shows nothing"
        assert records_changed, f"{what} changed no record: the test shows nothing"


def test_rows_kept_without_the_versions_in_their_key_would_go_stale(stories, monkeypatch):
    """The check above can fail: with a key that leaves the versions out, a write leaves kept
    rows that no longer say what the records say."""
    monkeypatch.setattr(
        listing, "row_key", lambda day, row, versions: f"unversioned:{day}:{row.id}"
    )
    today = timezone.localdate()
    kept_and_fresh(today)
    records_kept_and_fresh(today)

    writes(stories)["a red rating today"]()

    kept, fresh = kept_and_fresh(today)
    assert kept != fresh
    own, listed, records = records_kept_and_fresh(today)
    assert own != records
    assert listed != records


def versions() -> dict[tuple[str, int], str]:
    return {(v.kind, v.object_id): str(v.token) for v in RecordVersion.objects.all()}


def test_a_write_bumps_the_versions_of_what_it_belongs_to_and_no_other(stories):
    first, second = stories[0], stories[1]
    mine = (record_versions.INTERVENTION, first.intervention.pk)
    theirs = (record_versions.INTERVENTION, second.intervention.pk)
    authority = (record_versions.AUTHORITY, second.authority.pk)
    reference = (record_versions.REFERENCE, 0)
    before = versions()
    assert {mine, theirs, authority, reference} <= set(before)

    # A rating (its intervention through its progress entry).
    rate(first.intervention, timezone.localdate(), first.themes, ["red", "red"], "declining")
    after = versions()
    assert after[mine] != before[mine]
    assert (after[theirs], after[authority], after[reference]) == (
        before[theirs],
        before[authority],
        before[reference],
    )

    # An Ofsted judgement: its authority's, through its inspection.
    graded(second.authority, "ILACS", "2026-01-05", overall="good")
    again = versions()
    assert again[authority] != after[authority]
    assert (again[mine], again[theirs], again[reference]) == (
        after[mine],
        after[theirs],
        after[reference],
    )

    # A commissioner's name: the rest's.
    Commissioner.objects.filter(pk=first.commissioner.pk).update(name="Zoe Zander")
    assert versions()[reference] != again[reference]
