"""Facts about one intervention and questions about many: scoping, cadence, ratings, actions."""

import datetime
from decimal import Decimal
from types import SimpleNamespace

import pytest

from interventions.duties import add_months, whole_months_between
from interventions.models import (
    Action,
    Intervention,
    ThemeRating,
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
    assert set(Intervention.objects.restrict(commissioner, "view")) == {current, past}


def test_commissioner_logs_only_in_current_appointments(appointed, commissioner):
    current, past = appointed
    editable = Intervention.objects.restrict(commissioner, "log", today=D(2017, 6, 1))
    assert list(editable) == [current]


def test_commissioner_cannot_log_in_a_closed_intervention(appointed, commissioner):
    current, _ = appointed
    current.status, current.closed_on, current.exit_reason = "closed", D(2017, 1, 1), "other"
    current.save()
    assert not Intervention.objects.restrict(commissioner, "log", today=D(2017, 6, 1)).exists()


def test_officials_see_every_intervention_and_change_open_ones(official, commissioner):
    open_one = f.InterventionFactory()
    closed = f.InterventionFactory(status="closed", closed_on=D(2017, 1, 1))
    assert set(Intervention.objects.restrict(official, "view")) == {open_one, closed}
    assert list(Intervention.objects.restrict(official, "change")) == [open_one]
    assert not Intervention.objects.restrict(official, "log").exists()
    assert not Intervention.objects.restrict(commissioner, "change").exists()


def test_an_unknown_action_is_an_error_not_an_empty_scope(official):
    with pytest.raises(ValueError, match="Unknown action"):
        Intervention.objects.restrict(official, "veiw")


def test_admins_see_and_edit_everything(admin_user):
    closed = f.InterventionFactory(status="closed", closed_on=D(2017, 1, 1))
    assert list(Intervention.objects.restrict(admin_user, "view")) == [closed]
    assert list(Intervention.objects.restrict(admin_user, "change")) == [closed]


def test_users_without_a_role_and_anonymous_see_nothing(django_user_model):
    from django.contrib.auth.models import AnonymousUser

    f.InterventionFactory()
    nobody = django_user_model.objects.create_user(username="nobody")
    for user in (nobody, AnonymousUser()):
        assert not Intervention.objects.restrict(user, "view").exists()
        for action in ("change", "log"):
            assert not Intervention.objects.restrict(user, action).exists()


def test_commissioner_without_a_linked_record_sees_nothing(commissioner):
    f.CommissionerAppointmentFactory()
    assert not Intervention.objects.restrict(commissioner, "view").exists()


# --- reporting cadence ------------------------------------------------------------------------


def test_add_months_clamps_to_the_end_of_a_shorter_month():
    assert add_months(D(2017, 1, 31), 1) == D(2017, 2, 28)
    assert add_months(D(2016, 11, 30), 3) == D(2017, 2, 28)
    assert add_months(D(2016, 5, 25), 12) == D(2017, 5, 25)


def test_months_open_counts_whole_months_until_closing_or_today():
    intervention = f.InterventionFactory(opened_on=D(2016, 5, 25))
    assert intervention.months_open(D(2016, 6, 24)) == 0
    assert intervention.months_open(D(2016, 6, 25)) == 1
    assert intervention.months_open(D(2018, 5, 25)) == 24
    # A record whose sources end stops counting there (Torbay: not 131 months in 2026).
    intervention.sources_end_on = D(2018, 8, 24)
    assert intervention.months_open(D(2026, 12, 5)) == 26
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


def test_latest_ratings_are_each_themes_latest_in_theme_order(history_of_ratings):
    intervention, leadership, care, _, ratings = history_of_ratings
    assert intervention.latest_ratings() == {
        leadership: ratings["august"],
        care: ratings["june_care"],
    }
    assert list(intervention.latest_ratings()) == sorted(
        [leadership, care], key=lambda theme: (theme.order, theme.name)
    )


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


def test_a_partnership_year_runs_twelve_months_from_its_start():
    partnership = f.ImprovementPartnershipFactory(starts_on=D(2016, 5, 25), ends_on=None)
    assert partnership.year_containing(D(2016, 5, 25)) == (D(2016, 5, 25), D(2017, 5, 24))
    assert partnership.year_containing(D(2017, 5, 24)) == (D(2016, 5, 25), D(2017, 5, 24))
    assert partnership.year_containing(D(2017, 5, 25)) == (D(2017, 5, 25), D(2018, 5, 24))
    # Before it starts, its first year.
    assert partnership.year_containing(D(2016, 1, 1)) == (D(2016, 5, 25), D(2017, 5, 24))


def test_an_ended_partnership_s_year_is_its_last_one_cut_at_its_end():
    partnership = f.ImprovementPartnershipFactory(starts_on=D(2016, 5, 25), ends_on=D(2018, 3, 31))
    assert partnership.year_containing(D(2018, 3, 31)) == (D(2017, 5, 25), D(2018, 3, 31))
    assert partnership.year_containing(D(2020, 1, 1)) == (D(2017, 5, 25), D(2018, 3, 31))


def test_day_usage_counts_only_the_logs_in_the_period_from_its_own_logs_or_those_given():
    partnership = f.ImprovementPartnershipFactory(
        starts_on=D(2016, 5, 25), ends_on=None, day_allowance_per_year=Decimal("365")
    )
    for day, days in [(D(2016, 5, 25), "1"), (D(2017, 5, 24), "2.5"), (D(2017, 5, 25), "4")]:
        f.PartnerDayLogFactory(partnership=partnership, worked_on=day, days=Decimal(days))
    start, end = partnership.year_containing(D(2016, 12, 1))
    assert partnership.day_usage(start, end) == (Decimal("3.5"), Decimal("365.00"))
    prefetched = type(partnership).objects.prefetch_related("day_logs").get(pk=partnership.pk)
    assert prefetched.day_usage(start, end).used == Decimal("3.5")
    # A snapshot's rows (anything with days and worked_on) instead of the partnership's logs.
    rows = [SimpleNamespace(days=Decimal("7"), worked_on=D(2016, 6, 1))]
    rows.append(SimpleNamespace(days=Decimal("9"), worked_on=D(2018, 1, 1)))
    assert partnership.day_usage(start, end, logs=rows).used == Decimal("7")


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
