"""Services validate, save with history, and record who made each change and why."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from core.history import system_user
from interventions import services
from interventions.models import (
    Action,
    ADMOption,
    DeliveryModel,
    ImprovementPartnership,
    Intervention,
    MinisterialDecision,
    ProgressEntry,
    StatutoryDirection,
    ThemeRating,
)

from . import factories as f

pytestmark = pytest.mark.django_db

D = datetime.date
Status = Intervention.Status


def latest_history(instance):
    return instance.history.order_by("-history_date", "-history_id").first()


@pytest.fixture
def torbay():
    # Its code from the factory's sequence: a fixed one is reached by the sequence sooner or
    # later, and get_or_create would then hand Torbay back as a "new" authority.
    return f.LocalAuthorityFactory(name="Torbay")


@pytest.fixture
def intervention(torbay, official):
    return services.open_intervention(
        torbay, by=official, opened_on=D(2016, 1, 14), reason="SIF judged Inadequate"
    )


# --- opening and status -----------------------------------------------------------------------


def test_opening_an_intervention_records_who_why_and_the_first_status(intervention, official):
    row = latest_history(intervention)
    assert (row.history_user, row.history_change_reason) == (official, "SIF judged Inadequate")
    change = intervention.status_changes.get()
    assert (change.from_status, change.to_status) == ("", Status.TRIGGERED)
    assert (change.changed_on, change.changed_by) == (D(2016, 1, 14), official)


def test_an_authority_cannot_have_two_open_interventions(intervention, torbay, official):
    with pytest.raises(ValidationError, match="already has an open intervention"):
        services.open_intervention(torbay, by=official, opened_on=D(2017, 1, 1))


def test_trigger_inspection_must_be_of_the_same_authority(torbay, official):
    elsewhere = f.InspectionFactory()
    with pytest.raises(ValidationError) as error:
        services.open_intervention(
            torbay, by=official, opened_on=D(2016, 1, 14), trigger_inspection=elsewhere
        )
    assert "trigger_inspection" in error.value.message_dict


def test_change_status_logs_the_dated_transition_with_reason(intervention, official):
    change = services.change_status(
        intervention,
        Status.INITIAL_REVIEW,
        on=D(2016, 5, 25),
        reason="Commissioner appointed",
        by=official,
    )
    intervention.refresh_from_db()
    assert intervention.status == Status.INITIAL_REVIEW
    assert intervention.status_changed_on == D(2016, 5, 25)
    assert (change.from_status, change.to_status) == (Status.TRIGGERED, Status.INITIAL_REVIEW)
    row = latest_history(intervention)
    assert (row.history_user, row.history_change_reason) == (official, "Commissioner appointed")
    assert row.status == Status.INITIAL_REVIEW


def test_change_status_needs_a_reason(intervention, official):
    with pytest.raises(ValidationError, match="Enter a reason for the change of status"):
        services.change_status(
            intervention, Status.MONITORING, on=D(2016, 6, 1), reason=" ", by=official
        )
    intervention.refresh_from_db()
    assert intervention.status == Status.TRIGGERED


def test_change_status_cannot_go_back_in_time(intervention, official):
    services.change_status(
        intervention, Status.MONITORING, on=D(2016, 6, 1), reason="r", by=official
    )
    with pytest.raises(ValidationError, match="on or after the date of the last change"):
        services.change_status(
            intervention, Status.INITIAL_REVIEW, on=D(2016, 5, 1), reason="r", by=official
        )


def test_closing_sets_the_closing_date_and_nothing_follows_closed(
    intervention, official, admin_user
):
    change = services.close_intervention(
        intervention,
        on=D(2018, 6, 30),
        exit_reason=Intervention.ExitReason.DIRECTION_REVOKED,
        reason="Direction revoked",
        by=official,
    )
    intervention.refresh_from_db()
    assert intervention.closed_on == D(2018, 6, 30)
    assert intervention.exit_reason == "direction_revoked"
    assert (change.from_status, change.to_status) == (Status.TRIGGERED, Status.CLOSED)
    assert latest_history(intervention).history_user == official
    assert latest_history(intervention).history_change_reason == "Direction revoked"
    # An admin may still change a closed intervention's record, but no status follows closed.
    with pytest.raises(ValidationError, match="cannot move to monitoring"):
        services.change_status(
            intervention, Status.MONITORING, on=D(2018, 7, 1), reason="r", by=admin_user
        )


def test_closing_needs_an_exit_reason_and_change_status_cannot_close(intervention, official):
    with pytest.raises(ValidationError, match="why the intervention closed"):
        services.close_intervention(
            intervention, on=D(2018, 6, 30), exit_reason="", reason="r", by=official
        )
    with pytest.raises(ValidationError, match="why it closed"):
        services.change_status(
            intervention, Status.CLOSED, on=D(2018, 6, 30), reason="r", by=official
        )
    intervention.refresh_from_db()
    assert intervention.is_open and intervention.status_changes.count() == 1


def test_sources_end_is_recorded_with_a_reason(intervention, official):
    services.mark_sources_end(intervention, on=D(2018, 8, 24), by=official, reason="Last source")
    intervention.refresh_from_db()
    assert intervention.sources_end_on == D(2018, 8, 24)
    assert latest_history(intervention).history_change_reason == "Last source"
    assert intervention.sources_ended_by(D(2018, 8, 25))
    assert not intervention.sources_ended_by(D(2018, 8, 24))


def test_reporting_cadence_changes_with_a_reason(intervention, official):
    services.set_reporting_cadence(
        intervention, by=official, reason="Direction asks for six-monthly reviews", period_months=6
    )
    intervention.refresh_from_db()
    assert intervention.reporting_period_months == 6
    assert latest_history(intervention).history_change_reason.startswith("Direction asks")


# --- who may change DfE's record ---------------------------------------------------------------


def test_a_commissioner_cannot_change_dfes_record_and_nothing_is_written(
    intervention, commissioner
):
    rows = intervention.history.count()
    steps = [
        lambda: services.change_status(
            intervention, Status.MONITORING, on=D(2016, 6, 1), reason="r", by=commissioner
        ),
        lambda: services.mark_sources_end(
            intervention, on=D(2018, 1, 1), by=commissioner, reason="r"
        ),
        lambda: services.issue_direction(intervention, by=commissioner, issued_on=D(2016, 5, 25)),
        lambda: services.appoint_commissioner(
            intervention, f.CommissionerFactory(), by=commissioner, starts_on=D(2016, 5, 25)
        ),
        lambda: services.record_ministerial_decision(
            intervention,
            by=commissioner,
            stage="minded_to",
            decided_on=D(2017, 6, 30),
            decision="Minded to",
        ),
    ]
    for step in steps:
        with pytest.raises(PermissionDenied, match="Only DfE officials"):
            step()
    assert intervention.history.count() == rows
    assert not intervention.directions.exists() and not intervention.appointments.exists()


def test_a_commissioner_cannot_open_an_intervention(torbay, commissioner):
    with pytest.raises(PermissionDenied):
        services.open_intervention(torbay, by=commissioner, opened_on=D(2016, 1, 14))
    assert not Intervention.objects.exists()


def test_an_official_changes_open_interventions_and_an_admin_closed_ones_too(
    intervention, official, admin_user
):
    services.close_intervention(
        intervention, on=D(2018, 6, 30), exit_reason="other", reason="Closed", by=official
    )
    with pytest.raises(PermissionDenied, match="only admins a closed one"):
        services.mark_sources_end(intervention, on=D(2018, 8, 24), by=official, reason="r")
    services.mark_sources_end(intervention, on=D(2018, 8, 24), by=admin_user, reason="Last one")
    intervention.refresh_from_db()
    assert intervention.sources_end_on == D(2018, 8, 24)


def test_a_process_changes_the_record_as_whoever_runs_it(intervention):
    loader = system_user("case-studies")
    services.mark_sources_end(intervention, on=D(2018, 8, 24), by=loader, reason="Last source")
    row = latest_history(intervention)
    assert (row.history_user, row.sources_end_on) == (loader, D(2018, 8, 24))


# --- notices and directions -------------------------------------------------------------------


def test_revising_a_direction_replaces_it_and_keeps_its_terms(intervention, official):
    first = services.issue_direction(
        intervention,
        by=official,
        issued_on=D(2016, 5, 25),
        requires_commissioner=True,
        requires_improvement_partner=True,
        requirements="Co-operate with the commissioner",
    )
    revised = services.revise_direction(
        first,
        by=official,
        revised_on=D(2018, 4, 1),
        reason="Partnership with Plymouth goes live",
        requires_other_authority=True,
    )
    first.refresh_from_db()
    assert first.revised_on == D(2018, 4, 1) and not first.is_open
    assert revised.supersedes == first and revised.is_open
    assert revised.requires_commissioner and revised.requires_other_authority
    assert revised.requirements == "Co-operate with the commissioner"
    assert latest_history(first).history_change_reason == "Partnership with Plymouth goes live"
    assert latest_history(revised).history_user == official
    assert intervention.open_direction() == revised


def test_a_second_direction_cannot_be_issued_while_one_is_open(intervention, official):
    services.issue_direction(intervention, by=official, issued_on=D(2016, 5, 25))
    with pytest.raises(ValidationError, match="already has a direction in force"):
        services.issue_direction(intervention, by=official, issued_on=D(2016, 6, 1))


def test_revoking_a_direction_needs_a_reason_and_ends_it(intervention, official):
    direction = services.issue_direction(intervention, by=official, issued_on=D(2016, 5, 25))
    with pytest.raises(ValidationError, match="Enter a reason for revoking the direction"):
        services.revoke_direction(direction, by=official, revoked_on=D(2018, 6, 30), reason="")
    services.revoke_direction(
        direction, by=official, revoked_on=D(2018, 6, 30), reason="Sufficient progress"
    )
    assert not direction.is_open
    assert not direction.is_in_force_on(D(2018, 6, 30))
    assert direction.is_in_force_on(D(2018, 6, 29))
    assert latest_history(direction).history_change_reason == "Sufficient progress"
    with pytest.raises(ValidationError, match="no longer in force"):
        services.revoke_direction(direction, by=official, revoked_on=D(2018, 7, 1), reason="x")


def test_direction_dates_out_of_order_are_refused_with_a_message(intervention, official):
    with pytest.raises(ValidationError, match="The next review must be on or after the issue date"):
        services.issue_direction(
            intervention, by=official, issued_on=D(2016, 5, 25), next_review_on=D(2016, 1, 1)
        )
    assert not StatutoryDirection.objects.exists()


def test_notice_revised_then_lifted(intervention, official):
    notice = services.issue_notice(intervention, by=official, issued_on=D(2011, 1, 20))
    revised = services.revise_notice(
        notice, by=official, revised_on=D(2012, 4, 1), reason="Revised targets"
    )
    lifted = services.lift_notice(
        revised, by=official, lifted_on=D(2013, 6, 1), reason="Child protection adequate"
    )
    assert revised.supersedes == notice
    assert lifted.lifted_on == D(2013, 6, 1)
    assert latest_history(revised).history_change_reason == "Child protection adequate"
    assert not intervention.notices.open().exists()


def test_review_date_changes_with_a_reason(intervention, official):
    direction = services.issue_direction(intervention, by=official, issued_on=D(2016, 5, 25))
    services.schedule_review(
        direction, by=official, next_review_on=D(2016, 11, 25), reason="Six-month review"
    )
    assert latest_history(direction).next_review_on == D(2016, 11, 25)
    assert intervention.next_direction_review() == D(2016, 11, 25)


# --- commissioners ----------------------------------------------------------------------------


def test_appointing_and_ending_an_appointment_record_history(intervention, official):
    coughlan = f.CommissionerFactory(name="John Coughlan")
    appointment = services.appoint_commissioner(
        intervention, coughlan, by=official, starts_on=D(2016, 5, 25), appointed_by="Minister"
    )
    services.end_appointment(
        appointment, by=official, ends_on=D(2018, 3, 31), reason="Partnership live"
    )
    row = latest_history(appointment)
    assert (row.ends_on, row.history_change_reason, row.history_user) == (
        D(2018, 3, 31),
        "Partnership live",
        official,
    )


def test_a_commissioner_is_not_appointed_twice_over_the_same_dates(intervention, official):
    coughlan = f.CommissionerFactory()
    services.appoint_commissioner(intervention, coughlan, by=official, starts_on=D(2016, 5, 25))
    with pytest.raises(ValidationError, match="already appointed"):
        services.appoint_commissioner(intervention, coughlan, by=official, starts_on=D(2016, 6, 1))


def test_appointment_cannot_start_before_the_intervention(intervention, official):
    with pytest.raises(ValidationError, match="on or after the intervention opened"):
        services.appoint_commissioner(
            intervention, f.CommissionerFactory(), by=official, starts_on=D(2015, 1, 1)
        )


# --- partnerships -----------------------------------------------------------------------------


def test_partnership_with_day_allowance_and_days_logged(intervention, torbay, official):
    hampshire = f.LocalAuthorityFactory(name="Hampshire")
    partnership = services.start_partnership(
        hampshire,
        torbay,
        by=official,
        intervention=intervention,
        model=DeliveryModel.EXPERT_ADVISER,
        legal_basis=ImprovementPartnership.LegalBasis.DIRECTED,
        starts_on=D(2016, 5, 25),
        day_allowance_per_year=Decimal("200"),
        funded_by="DfE",
    )
    log = services.log_partner_days(
        partnership, by=official, worked_on=D(2016, 6, 2), days=Decimal("2.5")
    )
    assert log.logged_by == official
    assert latest_history(log).history_user == official
    usage = partnership.day_usage(D(2016, 5, 25), D(2017, 5, 24))
    assert usage.used == Decimal("2.5")
    assert usage.allowed == Decimal("200.00")
    assert usage.remaining == Decimal("197.50")


def test_days_cannot_be_logged_outside_the_partnership(intervention, torbay, official):
    partnership = f.ImprovementPartnershipFactory(
        intervention=intervention, starts_on=D(2016, 5, 25), ends_on=D(2018, 3, 31)
    )
    with pytest.raises(ValidationError, match="within the partnership"):
        services.log_partner_days(
            partnership, by=official, worked_on=D(2018, 4, 2), days=Decimal("1")
        )


def test_partnership_must_support_the_interventions_authority(intervention, official):
    elsewhere = f.LocalAuthorityFactory()
    with pytest.raises(ValidationError) as error:
        services.start_partnership(
            f.LocalAuthorityFactory(),
            elsewhere,
            by=official,
            intervention=intervention,
            model=DeliveryModel.IMPROVEMENT_PARTNER,
            legal_basis="voluntary",
            starts_on=D(2018, 4, 16),
        )
    assert "intervention" in error.value.message_dict


def test_ending_a_partnership_before_days_logged_is_refused(official):
    log = f.PartnerDayLogFactory(worked_on=D(2017, 1, 10))
    with pytest.raises(ValidationError, match="Days are logged after that date"):
        services.end_partnership(
            log.partnership, by=official, ends_on=D(2017, 1, 1), reason="Tapering out"
        )


# --- boards -----------------------------------------------------------------------------------


def test_board_set_up_meets_and_stands_down(intervention, official):
    board = services.set_up_board(
        intervention, by=official, chair_name="John Coughlan", chaired_by_commissioner=True
    )
    meeting = services.record_board_meeting(
        intervention, board=board, by=official, held_on=D(2016, 7, 1), decisions="Agree the plan"
    )
    services.stand_down_board(
        board, by=official, stood_down_on=D(2018, 4, 1), reason="No longer required"
    )
    assert latest_history(meeting).history_user == official
    assert latest_history(board).history_change_reason == "No longer required"


# --- progress entries and ratings -------------------------------------------------------------


@pytest.fixture
def leadership():
    return f.ThemeFactory(name="Leadership")


@pytest.fixture
def appointed(intervention, commissioner, official):
    """The commissioner appointed to ``intervention`` from its opening: the services let them
    write its record (``checks.require_log``)."""
    services.appoint_commissioner(
        intervention,
        f.CommissionerFactory(user=commissioner),
        by=official,
        starts_on=intervention.opened_on,
    )


@pytest.mark.usefixtures("appointed")
def test_record_progress_saves_entry_and_ratings_with_history(
    intervention, commissioner, leadership
):
    entry = services.record_progress(
        intervention,
        by=commissioner,
        occurred_on=D(2016, 6, 1),
        kind=ProgressEntry.Kind.VISIT,
        summary="Met staff",
        ratings=[(leadership, "red", "no_change", "New team")],
    )
    assert entry.author == commissioner
    rating = entry.ratings.get()
    assert (rating.theme, rating.rag, rating.direction) == (leadership, "red", "no_change")
    assert latest_history(entry).history_user == commissioner
    assert latest_history(rating).history_user == commissioner


def test_loaded_entries_have_no_author(intervention):
    loader = system_user("case-studies")
    entry = services.record_progress(
        intervention, by=loader, occurred_on=D(2016, 8, 1), kind="letter", summary="Report"
    )
    assert entry.author is None
    assert latest_history(entry).history_user == loader


@pytest.mark.usefixtures("appointed")
def test_a_changed_rating_needs_a_rationale(intervention, commissioner, leadership):
    services.record_progress(
        intervention,
        by=commissioner,
        occurred_on=D(2016, 6, 1),
        kind="visit",
        summary="First",
        ratings=[(leadership, "red", "no_change", "")],
    )
    with pytest.raises(ValidationError, match="Enter a rationale"):
        services.record_progress(
            intervention,
            by=commissioner,
            occurred_on=D(2016, 7, 1),
            kind="visit",
            summary="Second",
            ratings=[(leadership, "amber", "improving", "")],
        )
    unchanged = services.record_progress(
        intervention,
        by=commissioner,
        occurred_on=D(2016, 7, 1),
        kind="visit",
        summary="Second",
        ratings=[(leadership, "red", "improving", "")],
    )
    assert unchanged.ratings.get().rag == "red"


@pytest.mark.usefixtures("appointed")
def test_inactive_themes_take_no_new_ratings(intervention, commissioner):
    retired = f.ThemeFactory(active=False)
    with pytest.raises(ValidationError, match="no longer rated"):
        services.record_progress(
            intervention,
            by=commissioner,
            occurred_on=D(2016, 6, 1),
            kind="visit",
            summary="s",
            ratings=[(retired, "red", "no_change", "")],
        )


@pytest.mark.usefixtures("appointed")
def test_entry_date_must_fall_while_the_intervention_was_open(intervention, commissioner):
    with pytest.raises(ValidationError, match="while the intervention was open"):
        services.record_progress(
            intervention, by=commissioner, occurred_on=D(2015, 1, 1), kind="visit", summary="s"
        )


@pytest.mark.usefixtures("appointed")
def test_locked_entries_cannot_change(intervention, commissioner, official, leadership):
    entry = services.record_progress(
        intervention, by=commissioner, occurred_on=D(2016, 6, 1), kind="visit", summary="s"
    )
    locked = services.lock_entries(
        ProgressEntry.objects.filter(pk=entry.pk),
        by=official,
        reason="Report for Q2 2016 submitted",
    )
    assert locked == 1
    entry.refresh_from_db()
    assert entry.locked_at is not None
    row = latest_history(entry)
    assert (row.history_user, row.history_change_reason) == (
        official,
        "Report for Q2 2016 submitted",
    )
    with pytest.raises(ValidationError, match="part of a submitted report"):
        services.update_progress(entry, by=commissioner, summary="Changed")
    with pytest.raises(ValidationError, match="part of a submitted report"):
        services.rate_theme(entry, leadership, by=commissioner, rag="green", direction="improving")
    first_lock = entry.locked_at
    assert services.lock_entries([entry], by=official, reason="Again") == 0
    entry.refresh_from_db()
    assert entry.locked_at == first_lock


@pytest.mark.usefixtures("appointed")
def test_changing_an_entry_date_needs_a_reason(intervention, commissioner):
    entry = services.record_progress(
        intervention, by=commissioner, occurred_on=D(2016, 6, 1), kind="visit", summary="s"
    )
    with pytest.raises(ValidationError, match="Enter a reason for changing the date"):
        services.update_progress(entry, by=commissioner, occurred_on=D(2016, 6, 2))
    services.update_progress(
        entry, by=commissioner, occurred_on=D(2016, 6, 2), reason="Typo in the date"
    )
    assert latest_history(entry).history_change_reason == "Typo in the date"
    assert entry.version == 2


@pytest.mark.usefixtures("appointed")
def test_rate_theme_changes_an_existing_rating(intervention, commissioner, leadership):
    entry = services.record_progress(
        intervention,
        by=commissioner,
        occurred_on=D(2016, 6, 1),
        kind="visit",
        summary="s",
        ratings=[(leadership, "red", "no_change", "")],
    )
    services.rate_theme(
        entry, leadership, by=commissioner, rag="amber", direction="improving", reason="Second look"
    )
    rating = ThemeRating.objects.get(entry=entry, theme=leadership)
    assert rating.rag == "amber"
    assert latest_history(rating).history_change_reason == "Second look"


# --- ADM and decisions ------------------------------------------------------------------------


def test_adm_assessment_with_options_and_decisions(intervention, official):
    plymouth = f.LocalAuthorityFactory(name="Plymouth")
    assessment = services.record_adm_assessment(
        intervention,
        by=official,
        started_on=D(2016, 5, 25),
        presumption_applies=True,
        options=[
            {
                "name": "Integrated care organisation",
                "model": DeliveryModel.INTEGRATED_CARE,
                "pros": "Links with adult services",
                "cons": "No children's expertise",
            },
            {
                "name": "Partnership with Plymouth",
                "model": DeliveryModel.ADM_PARTNERSHIP,
                "partner": plymouth,
            },
        ],
    )
    ico, plymouth_option = assessment.options.order_by("pk")
    services.decide_option(
        ico,
        by=official,
        outcome=ADMOption.Outcome.DISCOUNTED,
        on=D(2017, 3, 9),
        reason="Could not provide a timely and sustainable solution",
    )
    services.decide_option(
        plymouth_option,
        by=official,
        outcome=ADMOption.Outcome.RECOMMENDED,
        on=D(2017, 4, 5),
        reason="Best fit",
    )
    services.conclude_adm_assessment(
        assessment,
        by=official,
        concluded_on=D(2017, 4, 5),
        recommendation="A partnership with Plymouth under a direction",
        recommended_model=DeliveryModel.ADM_PARTNERSHIP,
        recommended_partner=plymouth,
    )
    decision = services.record_ministerial_decision(
        intervention,
        by=official,
        assessment=assessment,
        stage=MinisterialDecision.Stage.MINDED_TO,
        decided_on=D(2017, 6, 30),
        decision="Minded to accept Plymouth",
        next_update_due_on=D(2017, 9, 30),
    )
    ico.refresh_from_db()
    assert ico.outcome_reason.startswith("Could not provide")
    assert latest_history(ico).history_change_reason.startswith("Could not provide")
    assert latest_history(assessment).recommended_partner_id == plymouth.pk
    assert latest_history(decision).history_change_reason == (
        "Minister's decision recorded (minded to)"
    )


def test_only_one_option_is_recommended(official):
    assessment = f.ADMAssessmentFactory()
    first, second = f.ADMOptionFactory.create_batch(2, assessment=assessment)
    services.decide_option(first, by=official, outcome="recommended", on=D(2017, 4, 5), reason="r")
    with pytest.raises(ValidationError, match="Another option is already recommended"):
        services.decide_option(
            second, by=official, outcome="recommended", on=D(2017, 4, 5), reason="r"
        )


def test_decision_on_another_interventions_assessment_is_refused(intervention, official):
    other = f.ADMAssessmentFactory()
    with pytest.raises(ValidationError) as error:
        services.record_ministerial_decision(
            intervention,
            by=official,
            assessment=other,
            stage="confirmed",
            decided_on=D(2017, 7, 1),
            decision="Confirmed",
        )
    assert "assessment" in error.value.message_dict


# --- actions ----------------------------------------------------------------------------------


@pytest.mark.usefixtures("appointed")
def test_action_from_an_entry_then_done_with_a_reason(intervention, commissioner):
    entry = services.record_progress(
        intervention, by=commissioner, occurred_on=D(2016, 6, 1), kind="case_audit", summary="s"
    )
    action = services.create_action(
        intervention,
        by=commissioner,
        title="Audit 20 cases",
        due_on=D(2016, 7, 1),
        source_entry=entry,
    )
    assert action.source == Action.Source.PROGRESS_ENTRY
    with pytest.raises(ValidationError, match="Enter a reason for changing the due date"):
        services.update_action(action, by=commissioner, status=Action.Status.DONE)
    services.update_action(
        action,
        by=commissioner,
        status=Action.Status.DONE,
        completed_on=D(2016, 6, 28),
        reason="Audit complete",
    )
    row = latest_history(action)
    assert (row.status, row.completed_on, row.history_change_reason) == (
        "done",
        D(2016, 6, 28),
        "Audit complete",
    )


def test_reopening_an_action_clears_its_completion_date(official):
    action = f.ActionFactory(status="done", completed_on=D(2016, 8, 1))
    services.update_action(action, by=official, status="open", reason="Not finished")
    action.refresh_from_db()
    assert action.completed_on is None


@pytest.mark.usefixtures("appointed")
def test_action_source_must_be_in_the_same_intervention(intervention, commissioner):
    elsewhere = f.ProgressEntryFactory()
    with pytest.raises(ValidationError) as error:
        services.create_action(intervention, by=commissioner, title="t", source_entry=elsewhere)
    assert "source_entry" in error.value.message_dict


def test_action_can_be_dated_when_it_was_raised(intervention, official):
    action = services.create_action(
        intervention, by=official, title="Review MASH", created_on=D(2016, 6, 1)
    )
    assert action.created_on == D(2016, 6, 1)
    assert action.history.get().created_on == D(2016, 6, 1)


def test_linking_a_commissioners_account_gives_them_their_interventions(
    intervention, official, commissioner
):
    coughlan = services.add_commissioner(by=official, name="John Coughlan")
    services.appoint_commissioner(intervention, coughlan, by=official, starts_on=D(2016, 5, 25))
    assert not Intervention.objects.restrict(commissioner, "view").exists()
    with pytest.raises(ValidationError, match="Enter a reason"):
        services.link_commissioner_account(coughlan, commissioner, by=official, reason="")
    services.link_commissioner_account(
        coughlan, commissioner, by=official, reason="Account created for the workspace"
    )
    assert list(Intervention.objects.restrict(commissioner, "view")) == [intervention]
    row = latest_history(coughlan)
    assert (row.user_id, row.history_user, row.history_change_reason) == (
        commissioner.pk,
        official,
        "Account created for the workspace",
    )


def test_the_commissioners_record_is_written_only_in_scope(intervention, commissioner, official):
    """A commissioner not appointed to the intervention cannot add to its record through any
    service (the page asks the same scope); DfE can (``checks.require_log``)."""
    from django.core.exceptions import PermissionDenied

    writes = {
        "progress": lambda by: services.record_progress(
            intervention, by=by, occurred_on=D(2016, 6, 1), kind="visit", summary="Seen"
        ),
        "action": lambda by: services.create_action(intervention, by=by, title="Review MASH"),
        "meeting": lambda by: services.record_board_meeting(
            intervention, by=by, held_on=D(2016, 6, 1)
        ),
        "assessment": lambda by: services.record_adm_assessment(
            intervention, by=by, started_on=D(2016, 6, 1)
        ),
    }
    for name, write in writes.items():
        with pytest.raises(PermissionDenied):
            write(commissioner)
        assert write(official).pk, name
