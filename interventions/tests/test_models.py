"""Facts about one intervention and questions about many: scoping, cadence, ratings, actions."""

import datetime
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from interventions.models import (
    Action,
    Intervention,
    ThemeRating,
    add_months,
    whole_months_between,
)

from . import factories as f

pytestmark = pytest.mark.django_db

D = datetime.date


# --- who sees and edits what ------------------------------------------------------------------


@pytest.fixture
def appointed(commissioner):
    """An intervention ``commissioner`` is appointed to now, and one they left."""
    me = f.CommissionerFactory(user=commissioner)
    current = f.CommissionerAppointmentFactory(commissioner=me, starts_on=D(2016, 5, 1))
    past = f.CommissionerAppointmentFactory(
        commissioner=me, starts_on=D(2016, 5, 1), ends_on=D(2017, 1, 1)
    )
    return current.intervention, past.intervention


def test_commissioner_sees_only_interventions_they_were_appointed_to(
    appointed, commissioner, other_commissioner
):
    current, past = appointed
    f.CommissionerAppointmentFactory(commissioner=f.CommissionerFactory(user=other_commissioner))
    f.InterventionFactory()
    assert set(Intervention.objects.visible_to(commissioner)) == {current, past}


def test_commissioner_edits_only_current_appointments(appointed, commissioner):
    current, past = appointed
    editable = Intervention.objects.editable_by(commissioner, today=D(2017, 6, 1))
    assert list(editable) == [current]


def test_commissioner_cannot_edit_a_closed_intervention(appointed, commissioner):
    current, _ = appointed
    current.status, current.closed_on = "closed", D(2017, 1, 1)
    current.save()
    assert not Intervention.objects.editable_by(commissioner, today=D(2017, 6, 1)).exists()


def test_officials_see_every_intervention_and_edit_open_ones(official):
    open_one = f.InterventionFactory()
    closed = f.InterventionFactory(status="closed", closed_on=D(2017, 1, 1))
    assert set(Intervention.objects.visible_to(official)) == {open_one, closed}
    assert list(Intervention.objects.editable_by(official)) == [open_one]


def test_admins_see_and_edit_everything(admin_user):
    closed = f.InterventionFactory(status="closed", closed_on=D(2017, 1, 1))
    assert list(Intervention.objects.visible_to(admin_user)) == [closed]
    assert list(Intervention.objects.editable_by(admin_user)) == [closed]


def test_users_without_a_role_and_anonymous_see_nothing(django_user_model):
    from django.contrib.auth.models import AnonymousUser

    f.InterventionFactory()
    nobody = django_user_model.objects.create_user(username="nobody")
    for user in (nobody, AnonymousUser()):
        assert not Intervention.objects.visible_to(user).exists()
        assert not Intervention.objects.editable_by(user).exists()


def test_commissioner_without_a_linked_record_sees_nothing(commissioner):
    f.CommissionerAppointmentFactory()
    assert not Intervention.objects.visible_to(commissioner).exists()


# --- reporting cadence ------------------------------------------------------------------------


def test_add_months_clamps_to_the_end_of_a_shorter_month():
    assert add_months(D(2017, 1, 31), 1) == D(2017, 2, 28)
    assert add_months(D(2016, 11, 30), 3) == D(2017, 2, 28)
    assert add_months(D(2016, 5, 25), 12) == D(2017, 5, 25)


def test_quarterly_report_periods_by_default():
    intervention = f.InterventionFactory(opened_on=D(2016, 5, 25))
    assert intervention.report_periods(D(2017, 1, 1)) == [
        (D(2016, 5, 25), D(2016, 8, 24)),
        (D(2016, 8, 25), D(2016, 11, 24)),
        (D(2016, 11, 25), D(2017, 2, 24)),
    ]


def test_report_periods_follow_the_interventions_own_cadence():
    intervention = f.InterventionFactory(
        opened_on=D(2018, 2, 28),
        reporting_starts_on=D(2018, 3, 1),
        reporting_period_months=6,
    )
    assert intervention.report_periods(D(2019, 3, 1)) == [
        (D(2018, 3, 1), D(2018, 8, 31)),
        (D(2018, 9, 1), D(2019, 2, 28)),
        (D(2019, 3, 1), D(2019, 8, 31)),
    ]


def test_report_periods_stop_at_the_closing_date():
    intervention = f.InterventionFactory(
        opened_on=D(2016, 1, 1), status="closed", closed_on=D(2016, 5, 15)
    )
    assert intervention.report_periods(D(2020, 1, 1)) == [
        (D(2016, 1, 1), D(2016, 3, 31)),
        (D(2016, 4, 1), D(2016, 5, 15)),
    ]


def test_next_report_due_is_a_month_after_the_current_period_ends():
    intervention = f.InterventionFactory(opened_on=D(2016, 5, 25))
    assert intervention.next_report_due(D(2016, 5, 25)) == D(2016, 9, 24)
    # Until the first period's report is due, it is the next one due.
    assert intervention.next_report_due(D(2016, 9, 24)) == D(2016, 9, 24)
    assert intervention.next_report_due(D(2016, 9, 25)) == D(2016, 12, 24)


def test_next_report_due_before_reporting_starts_is_the_first_periods():
    intervention = f.InterventionFactory(
        opened_on=D(2016, 5, 25), reporting_starts_on=D(2016, 9, 1)
    )
    assert intervention.next_report_due(D(2016, 6, 1)) == D(2016, 12, 30)


def test_the_last_report_is_due_after_closing_then_none():
    intervention = f.InterventionFactory(
        opened_on=D(2016, 1, 1), status="closed", closed_on=D(2016, 5, 15)
    )
    assert intervention.next_report_due(D(2016, 6, 1)) == D(2016, 6, 15)
    assert intervention.next_report_due(D(2016, 6, 16)) is None


def test_months_open_counts_whole_months_until_closing_or_today():
    intervention = f.InterventionFactory(opened_on=D(2016, 5, 25))
    assert intervention.months_open(D(2016, 6, 24)) == 0
    assert intervention.months_open(D(2016, 6, 25)) == 1
    assert intervention.months_open(D(2018, 5, 25)) == 24
    # A month from 31 January ends on the last day of February, as add_months counts.
    assert whole_months_between(D(2016, 1, 31), D(2016, 2, 28)) == 0
    assert whole_months_between(D(2016, 1, 31), D(2016, 2, 29)) == 1


# --- ratings ----------------------------------------------------------------------------------


@pytest.fixture
def history_of_ratings():
    """Leadership rated red in June, amber in August (two entries), in one intervention."""
    intervention = f.InterventionFactory()
    leadership, care = f.ThemeFactory(name="Leadership"), f.ThemeFactory(name="Care")
    june = f.ProgressEntryFactory(intervention=intervention, occurred_on=D(2016, 6, 1))
    august = f.ProgressEntryFactory(intervention=intervention, occurred_on=D(2016, 8, 1))
    july = f.ProgressEntryFactory(intervention=intervention, occurred_on=D(2016, 7, 1))
    ratings = {
        "june": f.ThemeRatingFactory(entry=june, theme=leadership, rag="red"),
        "june_care": f.ThemeRatingFactory(entry=june, theme=care, rag="green"),
        "august": f.ThemeRatingFactory(entry=august, theme=leadership, rag="amber"),
    }
    # Another intervention's rating of the same theme must never be taken for a previous one.
    f.ThemeRatingFactory(
        entry=f.ProgressEntryFactory(occurred_on=D(2016, 7, 15)), theme=leadership, rag="green"
    )
    return intervention, leadership, care, july, ratings


def test_previous_rating_is_the_same_themes_latest_earlier_one(history_of_ratings):
    _, leadership, _, july, ratings = history_of_ratings
    assert ratings["august"].previous_rating() == ratings["june"]
    assert ratings["june"].previous_rating() is None
    unsaved = ThemeRating(entry=july, theme=leadership, rag="amber")
    assert unsaved.previous_rating() == ratings["june"]
    assert unsaved.rag_changed()


def test_previous_rating_orders_entries_on_the_same_day_by_creation(history_of_ratings):
    intervention, leadership, _, _, ratings = history_of_ratings
    same_day = f.ProgressEntryFactory(intervention=intervention, occurred_on=D(2016, 8, 1))
    later = f.ThemeRatingFactory(entry=same_day, theme=leadership, rag="amber")
    assert later.previous_rating() == ratings["august"]
    assert not later.rag_changed()


def test_latest_ratings_and_rag_summary(history_of_ratings):
    intervention, leadership, care, _, ratings = history_of_ratings
    assert intervention.latest_ratings() == {
        leadership: ratings["august"],
        care: ratings["june_care"],
    }
    assert intervention.rag_summary() == {"red": 0, "amber": 1, "green": 1}


def test_dashboard_annotations_in_one_query(history_of_ratings, django_assert_num_queries):
    intervention, *_ = history_of_ratings
    coughlan = f.CommissionerFactory(name="John Coughlan")
    f.CommissionerAppointmentFactory(
        intervention=intervention, commissioner=coughlan, starts_on=D(2016, 5, 1)
    )
    f.StatutoryDirectionFactory(
        intervention=intervention, issued_on=D(2016, 5, 1), next_review_on=D(2016, 11, 1)
    )
    with django_assert_num_queries(1):
        row = Intervention.objects.with_dashboard().get(pk=intervention.pk)
        assert row.authority.name
    assert row.current_commissioner_name == "John Coughlan"
    assert row.next_direction_review_on == D(2016, 11, 1)
    assert row.last_entry_on == D(2016, 8, 1)
    assert (row.rag_red, row.rag_amber, row.rag_green) == (None, 1, 1)


# --- partner days -----------------------------------------------------------------------------


def test_day_allowance_is_pro_rata_for_the_part_of_a_period_the_partnership_ran():
    partnership = f.ImprovementPartnershipFactory(
        starts_on=D(2016, 5, 25), ends_on=D(2018, 3, 31), day_allowance_per_year=Decimal("200")
    )
    f.PartnerDayLogFactory(partnership=partnership, worked_on=D(2018, 3, 1), days=Decimal("3"))
    f.PartnerDayLogFactory(partnership=partnership, worked_on=D(2017, 12, 31), days=Decimal("9"))
    usage = partnership.day_usage(D(2018, 1, 1), D(2018, 6, 30))
    assert usage.used == Decimal("3")
    assert usage.allowed == (Decimal("200") * 90 / 365).quantize(Decimal("0.01"))
    assert partnership.days_allowed(D(2018, 4, 1), D(2018, 6, 30)) == Decimal("0")


def test_partnership_without_allowance_reports_days_used_only():
    partnership = f.ImprovementPartnershipFactory(day_allowance_per_year=None)
    usage = partnership.day_usage(D(2016, 1, 1), D(2016, 12, 31))
    assert (usage.used, usage.allowed, usage.remaining) == (Decimal("0"), None, None)


# --- actions ----------------------------------------------------------------------------------


def test_overdue_actions_are_open_and_past_their_due_date():
    today = D(2016, 9, 1)
    late = f.ActionFactory(due_on=D(2016, 8, 31))
    f.ActionFactory(due_on=today)
    f.ActionFactory(due_on=None)
    f.ActionFactory(due_on=D(2016, 8, 1), status="done", completed_on=D(2016, 8, 30))
    f.ActionFactory(due_on=D(2016, 8, 1), status="cancelled")
    assert list(Action.objects.overdue(today)) == [late]
    assert late.is_overdue(today)
    assert Action.objects.open().count() == 3


# --- versions ---------------------------------------------------------------------------------


def test_version_goes_up_on_every_save():
    intervention = f.InterventionFactory()
    assert intervention.version == 1
    intervention.notes = "Changed"
    intervention.save()
    intervention.refresh_from_db()
    assert intervention.version == 2


# --- themes as policy data --------------------------------------------------------------------


def test_themes_are_seeded_in_order_with_history():
    from interventions.models import Theme

    seeded = list(Theme.objects.filter(active=True).values_list("code", flat=True)[:8])
    assert seeded[0] == "leadership"
    assert {"help-and-protection", "children-in-care", "care-leavers"} <= set(seeded)
    for theme in Theme.objects.all():
        (created,) = theme.history.all()
        assert created.history_type == "+"
        assert created.history_change_reason == "Created by migration from the seed documents"


@settings(max_examples=400, deadline=None)
@given(
    opened=st.dates(D(2009, 1, 1), D(2026, 12, 31)),
    starts_after=st.one_of(st.none(), st.integers(0, 400)),
    months=st.integers(1, 12),
    closed_after=st.one_of(st.none(), st.integers(0, 3000)),
    day_after=st.integers(-40, 6000),
)
def test_the_last_ended_report_period_is_the_last_listed_one_to_have_ended(
    opened, starts_after, months, closed_after, day_after
):
    """``last_ended_report_period`` finds without a list what ``report_periods`` lists:
    month ends, closing dates, other cadences and days before reporting began included."""
    days = datetime.timedelta
    intervention = Intervention(
        opened_on=opened,
        reporting_starts_on=None if starts_after is None else opened + days(starts_after),
        reporting_period_months=months,
        closed_on=None if closed_after is None else opened + days(closed_after),
    )
    day = opened + days(day_after)

    ended = [period for period in intervention.report_periods(day) if period[1] < day]

    assert intervention.last_ended_report_period(day) == (ended[-1] if ended else None)
