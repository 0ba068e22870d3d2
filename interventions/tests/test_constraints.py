"""Rules that must never break are database constraints: each one fires."""

import datetime
from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction

from interventions import models

from . import factories as f

pytestmark = pytest.mark.django_db

D = datetime.date


def violates(create, *args, **kwargs):
    with pytest.raises(IntegrityError), transaction.atomic():
        create(*args, **kwargs)


def test_intervention_cannot_close_before_it_opened():
    violates(
        f.InterventionFactory,
        status="closed",
        opened_on=D(2016, 5, 1),
        closed_on=D(2016, 4, 1),
    )


def test_closed_status_and_closing_date_go_together():
    violates(f.InterventionFactory, status="closed", closed_on=None)
    violates(f.InterventionFactory, status="monitoring", closed_on=D(2017, 1, 1))


def test_authority_has_one_open_intervention_at_a_time():
    first = f.InterventionFactory()
    violates(f.InterventionFactory, authority=first.authority, opened_on=D(2017, 1, 1))


def test_a_closed_intervention_does_not_block_a_new_one():
    first = f.InterventionFactory(status="closed", closed_on=D(2016, 12, 1))
    second = f.InterventionFactory(authority=first.authority, opened_on=D(2017, 1, 1))
    assert second.pk


def test_reporting_period_is_between_one_and_twelve_months():
    violates(f.InterventionFactory, reporting_period_months=0)
    violates(f.InterventionFactory, reporting_period_months=13)


def test_a_closed_intervention_says_why_it_closed():
    violates(f.InterventionFactory, status="closed", closed_on=D(2017, 1, 1), exit_reason="")


def test_sources_cannot_end_before_the_intervention_opened():
    violates(f.InterventionFactory, sources_end_on=D(2016, 4, 30))


def test_an_event_names_who_brought_it_about():
    violates(f.ProgressEntryFactory, kind="event", actor="")


def test_status_change_needs_a_reason_and_a_different_status():
    violates(f.StatusChangeFactory, reason="")
    violates(f.StatusChangeFactory, from_status="monitoring", to_status="monitoring")


def test_one_open_direction_per_intervention():
    direction = f.StatutoryDirectionFactory()
    violates(
        f.StatutoryDirectionFactory,
        intervention=direction.intervention,
        issued_on=D(2016, 6, 1),
    )


def test_a_revised_direction_can_be_followed_by_another():
    old = f.StatutoryDirectionFactory(revised_on=D(2017, 1, 1))
    new = f.StatutoryDirectionFactory(
        intervention=old.intervention, issued_on=D(2017, 1, 1), supersedes=old
    )
    assert list(models.StatutoryDirection.objects.open()) == [new]


def test_a_direction_supersedes_at_most_one_and_is_superseded_once():
    old = f.StatutoryDirectionFactory(revised_on=D(2017, 1, 1))
    f.StatutoryDirectionFactory(
        intervention=old.intervention, issued_on=D(2017, 1, 1), supersedes=old
    )
    violates(
        f.StatutoryDirectionFactory,
        intervention=old.intervention,
        issued_on=D(2017, 2, 1),
        revoked_on=D(2017, 3, 1),
        supersedes=old,
    )


@pytest.mark.parametrize(
    "dates",
    [
        {"revoked_on": D(2016, 4, 1)},
        {"revised_on": D(2016, 4, 1)},
        {"next_review_on": D(2016, 4, 1)},
        {"expires_on": D(2016, 5, 1)},
        {"revised_on": D(2017, 1, 1), "revoked_on": D(2017, 1, 1)},
    ],
    ids=["revoked", "revised", "review", "expires", "revised-and-revoked"],
)
def test_direction_dates_are_in_order(dates):
    violates(f.StatutoryDirectionFactory, issued_on=D(2016, 5, 1), **dates)


def test_one_open_notice_per_intervention_and_dates_in_order():
    notice = f.ImprovementNoticeFactory()
    violates(f.ImprovementNoticeFactory, intervention=notice.intervention)
    violates(f.ImprovementNoticeFactory, issued_on=D(2016, 5, 1), lifted_on=D(2016, 4, 1))


def test_appointment_ends_on_or_after_it_starts():
    violates(f.CommissionerAppointmentFactory, starts_on=D(2016, 5, 1), ends_on=D(2016, 4, 1))


def test_same_appointment_cannot_be_recorded_twice():
    appointment = f.CommissionerAppointmentFactory()
    violates(
        f.CommissionerAppointmentFactory,
        intervention=appointment.intervention,
        commissioner=appointment.commissioner,
    )


def test_an_authority_cannot_support_itself():
    authority = f.LocalAuthorityFactory()
    violates(f.ImprovementPartnershipFactory, supporting=authority, supported=authority)


@pytest.mark.parametrize(
    "values",
    [
        {"ends_on": D(2016, 4, 1)},
        {"day_allowance_per_year": Decimal("0")},
        {"day_rate": Decimal("-1")},
        {"annual_budget": Decimal("-1")},
        {"overhead_percent": Decimal("-15")},
    ],
    ids=["ends-before-start", "no-days", "negative-rate", "negative-budget", "negative-overhead"],
)
def test_partnership_dates_and_money_are_sensible(values):
    violates(f.ImprovementPartnershipFactory, starts_on=D(2016, 5, 1), **values)


def test_partner_days_are_positive():
    violates(f.PartnerDayLogFactory, days=Decimal("0"))


def test_board_stands_down_after_it_was_set_up():
    violates(f.ImprovementBoardFactory, established_on=D(2016, 5, 1), stood_down_on=D(2016, 1, 1))


def test_one_board_meeting_a_day():
    meeting = f.BoardMeetingFactory()
    violates(f.BoardMeetingFactory, board=meeting.board, held_on=meeting.held_on)


def test_adm_assessment_concludes_after_it_started():
    violates(f.ADMAssessmentFactory, started_on=D(2017, 1, 1), concluded_on=D(2016, 1, 1))


def test_one_recommended_option_per_assessment():
    option = f.ADMOptionFactory(outcome="recommended")
    violates(f.ADMOptionFactory, assessment=option.assessment, outcome="recommended")


def test_a_discounted_option_has_a_date_and_a_reason():
    violates(f.ADMOptionFactory, outcome="discounted", outcome_on=None, outcome_reason="Too slow")
    violates(f.ADMOptionFactory, outcome="discounted", outcome_on=D(2017, 3, 9), outcome_reason="")


def test_ministerial_decision_update_is_due_after_the_decision():
    violates(
        f.MinisterialDecisionFactory,
        decided_on=D(2017, 6, 30),
        next_update_due_on=D(2017, 6, 1),
    )


def test_one_rating_per_theme_in_an_entry():
    rating = f.ThemeRatingFactory()
    violates(f.ThemeRatingFactory, entry=rating.entry, theme=rating.theme)


def test_progress_entry_has_a_summary():
    violates(f.ProgressEntryFactory, summary="")


@pytest.mark.parametrize(
    "values",
    [
        {"status": "done", "completed_on": None},
        {"status": "open", "completed_on": D(2016, 8, 1)},
        {"source": "progress_entry", "source_entry": None},
        {"source": "board_meeting", "source_meeting": None},
    ],
    ids=["done-undated", "open-dated", "entry-source-missing", "meeting-source-missing"],
)
def test_action_status_and_source_are_consistent(values):
    violates(f.ActionFactory, **values)


def test_theme_code_and_name_are_unique():
    theme = f.ThemeFactory()
    violates(f.ThemeFactory, code=theme.code)
    violates(f.ThemeFactory, name=theme.name)


def test_a_direction_cannot_supersede_itself():
    direction = f.StatutoryDirectionFactory(revised_on=D(2017, 1, 1))
    direction.supersedes = direction
    with pytest.raises(IntegrityError), transaction.atomic():
        direction.save()
