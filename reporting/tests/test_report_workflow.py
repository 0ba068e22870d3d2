"""The report workflow: generated draft, narrative and sign-off by the commissioner, submission
by a DfE official (frozen: content, HTML and PDF with SHA-256), reopening by an admin; who may
do each step, the history each step writes, the emails, and the constraints that must hold."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.test import TestCase
from django.utils import timezone

from core.email import absolute
from interventions import duties
from interventions import services as intervention_services
from interventions.models import ProgressEntry
from interventions.tests.factories import LocalAuthorityFactory
from reporting import services, tasks
from reporting.models import Report, ReportVersion
from reporting.reports import emails
from reporting.reports.content import canonical_json, sha256_hex

from .report_world import Q2, D, generate_missing, on

pytestmark = pytest.mark.django_db

NARRATIVE = {
    "overall_assessment": "Progress is real but fragile.",
    "risks": "Recruitment of social workers.",
    "recommendation": "Keep the direction in place.",
}


@pytest.fixture
def signed_off(report, commissioner):
    services.update_narrative(report, by=commissioner, **NARRATIVE)
    return services.sign_off_report(report, by=commissioner)


@pytest.fixture
def submitted(signed_off, official):
    report = services.submit_report(signed_off, by=official)
    # The worker's part (queued after the commit): render the PDF and complete the freeze.
    tasks.render_report_pdf(report.current_version().pk)
    return report


def last_history(instance):
    return instance.history.order_by("-history_date", "-history_id").first()


# Generating ----------------------------------------------------------------------------------


def test_generating_twice_gives_one_report_with_the_same_content(world, report):
    again, created = services.generate_report(world.intervention, Q2[0], by=world.by)

    assert (again.pk, created) == (report.pk, False)
    assert Report.objects.count() == 1
    version = report.current_version()
    assert (report.period_end, report.due_on) == (D(2017, 6, 30), D(2017, 7, 30))
    assert version.content_sha256 == sha256_hex(version.content)
    assert version.overall_assessment == version.content_data()["draft_assessment"]
    history = last_history(report)
    assert history.history_user == world.by
    assert history.history_change_reason == "Report generated from the history"


def test_a_period_start_that_is_not_a_period_of_the_intervention_is_refused(world):
    with pytest.raises(ValidationError) as error:
        services.generate_report(world.intervention, D(2017, 4, 2), by=world.by)
    assert "first day of one of the intervention's reporting periods" in str(error.value)


def test_missing_reports_are_all_made_for_every_ended_period(world):
    created = generate_missing(by=world.by, today=D(2018, 1, 15))

    assert [r.period_start for r in created] == [
        D(2017, 1, 1),
        D(2017, 4, 1),
        D(2017, 7, 1),
        D(2017, 10, 1),
    ]
    assert generate_missing(by=world.by, today=D(2018, 1, 15)) == []


def recent_report(by, commissioner_user) -> Report:
    """A report on a period that ended last week, for an intervention opened recently."""
    today = timezone.localdate()
    authority = LocalAuthorityFactory(name="Recentshire")
    intervention = intervention_services.open_intervention(
        authority, by=by, opened_on=today - datetime.timedelta(days=100), reporting_period_months=3
    )
    person = intervention_services.add_commissioner(
        by=by, name="Robin Recent", email="robin@example.gov.uk", user=commissioner_user
    )
    intervention_services.appoint_commissioner(
        intervention, person, by=by, starts_on=intervention.opened_on
    )
    [period] = duties.periods_ended(intervention, today)
    report, _ = services.generate_report(intervention, period.start, by=by)
    return report


@pytest.mark.usefixtures("celery_eager")
def test_a_new_draft_tells_the_commissioner_but_a_backfilled_one_does_not(
    world, other_commissioner, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.generate_report(world.intervention, Q2[0], by=world.by)
    assert mailoutbox == []  # due in 2017: not news to anyone

    with django_capture_on_commit_callbacks(execute=True):
        report = recent_report(world.by, other_commissioner)

    [email] = mailoutbox
    assert email.to == ["robin@example.gov.uk"]
    assert email.subject == f"Draft report ready: Recentshire, {report.period_label}"
    assert absolute(report.get_absolute_url()) in email.body
    assert "OFFICIAL-SENSITIVE" in email.body


def remind(day) -> int:
    """The reminders of one day, and their emails sent as the transaction commits."""
    with TestCase.captureOnCommitCallbacks(execute=True):
        return emails.send_reminders(day)


@pytest.mark.usefixtures("celery_eager")
def test_due_and_overdue_reminders_go_once_each_while_the_report_is_a_draft(
    world, other_commissioner, mailoutbox
):
    report = recent_report(world.by, other_commissioner)
    mailoutbox.clear()
    due = report.due_on

    assert remind(due - datetime.timedelta(days=8)) == 0
    assert remind(due - datetime.timedelta(days=3)) == 1
    assert remind(due - datetime.timedelta(days=2)) == 0
    assert remind(due + datetime.timedelta(days=1)) == 1
    assert remind(due + datetime.timedelta(days=9)) == 0

    assert [m.subject.split(":")[0] for m in mailoutbox] == ["Report due", "Report overdue"]
    report.refresh_from_db()
    assert report.overdue_reminder_sent_on == due + datetime.timedelta(days=1)
    assert last_history(report).history_change_reason == (
        "Commissioner reminded that the report is overdue"
    )


def test_a_signed_off_report_is_not_chased(world, other_commissioner, mailoutbox):
    report = recent_report(world.by, other_commissioner)
    services.update_narrative(report, by=other_commissioner, **NARRATIVE)
    services.sign_off_report(report, by=other_commissioner)
    mailoutbox.clear()

    assert emails.send_reminders(report.due_on + datetime.timedelta(days=1)) == 0


# The commissioner's narrative and sign-off ---------------------------------------------------


def test_the_commissioner_completes_the_narrative_and_signs_off(report, commissioner):
    services.update_narrative(report, by=commissioner, **NARRATIVE)
    services.sign_off_report(report, by=commissioner)

    report.refresh_from_db()
    version = report.current_version()
    assert report.status == Report.Status.SIGNED_OFF
    assert (version.signed_off_by, version.overall_assessment) == (
        commissioner,
        NARRATIVE["overall_assessment"],
    )
    assert version.signed_off_at is not None
    history = last_history(version)
    assert (history.history_user, history.history_change_reason) == (
        commissioner,
        "Signed off by the commissioner",
    )


def test_sign_off_needs_the_draft_completed(report, commissioner):
    with pytest.raises(ValidationError) as error:
        services.sign_off_report(report, by=commissioner)

    assert error.value.message_dict == {
        "overall_assessment": [
            "Complete your overall assessment: replace the text in square brackets"
        ],
        "recommendation": ["Enter your recommendation to the Minister"],
        "risks": ["Enter the risks, or say that you see none"],
    }
    report.refresh_from_db()
    assert report.status == Report.Status.DRAFT


def test_only_the_commissioner_appointed_edits_and_signs_off(
    report, other_commissioner, official, admin_user
):
    for user in (other_commissioner, official, admin_user):
        with pytest.raises(PermissionDenied):
            services.update_narrative(report, by=user, **NARRATIVE)
        with pytest.raises(PermissionDenied):
            services.sign_off_report(report, by=user)


def test_an_official_returns_a_signed_off_report_with_a_reason(signed_off, official):
    with pytest.raises(ValidationError):
        services.return_report(signed_off, by=official, reason=" ")

    services.return_report(signed_off, by=official, reason="Say more about the ADM")

    signed_off.refresh_from_db()
    version = signed_off.current_version()
    assert signed_off.status == Report.Status.DRAFT
    assert version.signed_off_at is None
    assert last_history(signed_off).history_change_reason == (
        "Returned to the commissioner: Say more about the ADM"
    )


# Submission ---------------------------------------------------------------------------------


def test_submission_freezes_content_html_and_pdf_with_their_sha256(submitted, official):
    version = submitted.current_version()

    assert submitted.status == Report.Status.SUBMITTED
    assert (version.submitted_by, version.frozen_at) == (official, version.submitted_at)
    assert version.html.startswith("<!DOCTYPE html>")
    assert bytes(version.pdf).startswith(b"%PDF-")
    assert version.pdf_sha256 == sha256_hex(bytes(version.pdf))
    assert version.sha256 == services.bundle_sha256(version)
    assert NARRATIVE["overall_assessment"] in version.html
    assert "Submitted to the Minister" in version.html
    history = last_history(submitted)
    assert (history.history_user, history.history_change_reason) == (
        official,
        "Submitted to the Minister",
    )


def test_submission_locks_the_progress_entries_the_report_drew_on(submitted, world):
    entries = ProgressEntry.objects.filter(intervention=world.intervention)
    locked = {e.occurred_on for e in entries if e.is_locked}

    # The period's entries, and the first quarter's visit its movement is measured from.
    assert locked == {D(2017, 3, 9), D(2017, 5, 10), D(2017, 6, 14)}
    world.q2_visit.refresh_from_db()
    with pytest.raises(ValidationError):
        intervention_services.update_progress(world.q2_visit, by=world.by, summary="Changed")


def test_the_submitted_report_stays_byte_identical_when_its_records_change(submitted, world):
    version = submitted.current_version()
    stored = (version.content, version.html, bytes(version.pdf), version.sha256)
    meeting = world.intervention.boards.get().meetings.get(held_on=D(2017, 5, 10))
    intervention_services.update_action(
        world.intervention.actions.get(title="Audit plans"),
        by=world.by,
        status="done",
        completed_on=D(2017, 6, 2),
        reason="Backdated correction",
    )
    meeting.decisions = "Rewritten later"
    meeting.save()
    world.intervention.authority.name = "Renamed Council"
    world.intervention.authority.save()

    version = ReportVersion.objects.get(pk=version.pk)
    assert (version.content, version.html, bytes(version.pdf), version.sha256) == stored
    assert services.bundle_sha256(version) == stored[3]


def test_a_frozen_version_refuses_changes(submitted):
    version = submitted.current_version()
    version.overall_assessment = "Quietly rewritten"

    with pytest.raises(ValidationError):
        version.save()


def test_a_submitted_version_awaiting_its_pdf_refuses_changes_but_takes_its_pdf(
    signed_off, official
):
    services.submit_report(signed_off, by=official)
    version = signed_off.current_version()
    assert version.submitted_at and not version.is_frozen
    version.recommendation = "Quietly rewritten"
    with pytest.raises(ValidationError):
        version.save()

    tasks.render_report_pdf(version.pk)  # the worker completes the freeze
    version.refresh_from_db()
    assert version.is_frozen and bytes(version.pdf).startswith(b"%PDF")


def test_only_an_official_submits_and_only_a_signed_off_report(
    report, signed_off, commissioner, admin_user, official
):
    with pytest.raises(PermissionDenied):
        services.submit_report(signed_off, by=commissioner)
    services.return_report(signed_off, by=official, reason="Not yet")
    with pytest.raises(PermissionDenied):
        services.submit_report(report, by=official)  # a draft


def test_the_same_version_renders_to_the_same_html_and_pdf(signed_off):
    from reporting.reports.document import render_document, render_pdf

    version = signed_off.current_version()
    first_html, second_html = render_document(version), render_document(version)

    assert first_html == second_html
    assert render_pdf(first_html) == render_pdf(second_html)


# Reopening -----------------------------------------------------------------------------------


def test_reopening_keeps_the_submitted_version_and_starts_a_new_draft(submitted, admin_user, world):
    first = submitted.current_version()
    stored = (first.content, first.html, bytes(first.pdf), first.sha256)
    with on(D(2017, 8, 1), "Correction"):
        meeting = world.intervention.boards.get().meetings.get(held_on=D(2017, 5, 10))
        meeting.decisions = "Corrected after submission"
        meeting.save()

    services.reopen_report(submitted, by=admin_user, reason="The board's decisions were wrong")

    submitted.refresh_from_db()
    first = ReportVersion.objects.get(pk=first.pk)
    second = submitted.current_version()
    assert (submitted.version, submitted.status) == (2, Report.Status.DRAFT)
    assert (first.content, first.html, bytes(first.pdf), first.sha256) == stored
    assert (first.reopened_by, first.reopen_reason) == (
        admin_user,
        "The board's decisions were wrong",
    )
    assert "Corrected after submission" in second.content
    assert second.overall_assessment == NARRATIVE["overall_assessment"]
    assert last_history(submitted).history_change_reason == (
        "Reopened: The board's decisions were wrong"
    )


def test_only_an_admin_reopens_and_only_with_a_reason(submitted, official, admin_user):
    with pytest.raises(PermissionDenied):
        services.reopen_report(submitted, by=official, reason="Because")
    with pytest.raises(ValidationError):
        services.reopen_report(submitted, by=admin_user, reason="")


# Constraints ---------------------------------------------------------------------------------


def test_one_report_per_intervention_and_period(report):
    duplicate = Report(
        intervention=report.intervention,
        period_start=report.period_start,
        period_end=report.period_end,
        due_on=report.due_on,
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        duplicate.save()


@pytest.mark.parametrize(
    "changes",
    [
        {"submitted_at": "now"},  # submitted by nobody, and never signed off
        {"frozen_at": "now"},  # frozen without HTML, PDF or hash
        {"signed_off_at": "now"},  # signed off by nobody
        {"number": 1},  # a second version 1
    ],
)
def test_version_constraints_fire_in_the_database(report, changes):
    version = report.current_version()
    values = {name: timezone.now() if value == "now" else value for name, value in changes.items()}
    broken = ReportVersion(
        report=report,
        number=values.pop("number", 2),
        data_as_at=version.data_as_at,
        content=version.content,
        content_sha256=version.content_sha256,
        **values,
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        broken.save()


def test_content_is_canonical_json(report):
    version = report.current_version()
    assert canonical_json(version.content_data()) == version.content


def test_an_advisers_review_is_owed_to_officials_who_record_and_submit_it(official, commissioner):
    """Under a notice, the improvement adviser (appointed by DfE, no account here) reviews
    progress every six months for DfE officials: an official records the review."""
    by = official
    intervention = intervention_services.open_intervention(
        LocalAuthorityFactory(name="Adviseshire"), by=by, opened_on=D(2011, 1, 10)
    )
    intervention_services.issue_notice(
        intervention, by=by, issued_on=D(2011, 1, 10), adviser="A. Adviser"
    )
    [first, *_] = generate_missing(by=by, today=D(2012, 1, 15))

    assert (first.kind, first.period_start, first.period_end) == (
        Report.Kind.ADVISER,
        D(2011, 1, 10),
        D(2011, 7, 9),
    )
    assert first.title == "Improvement adviser's review for DfE officials"
    with pytest.raises(PermissionDenied):
        services.update_narrative(first, by=commissioner, **NARRATIVE)
    services.update_narrative(first, by=official, **NARRATIVE)
    services.sign_off_report(first, by=official)
    first.refresh_from_db()
    assert first.status == Report.Status.SIGNED_OFF
