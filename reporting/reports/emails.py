"""Emails to commissioners about their reports: a draft is ready, a report is due, or overdue.

Each email is queued for the worker once the transaction that decided to send it commits
(core.email.queue_email), with an absolute link to the report. Each reminder is sent once: the
report records the day it went, so the sweep can run any number of times.
"""

import datetime

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from core.dates import govuk_date
from core.email import absolute, queue_email
from core.history import save_with_history, system_user

from ..models import Report

# A report is "due" from this many days before its due date.
DUE_SOON_DAYS = 7


def recipients(report: Report) -> list[str]:
    """The email addresses of the commissioners appointed to the intervention now."""
    addresses = set()
    for appointment in report.intervention.appointments.current().select_related(
        "commissioner__user"
    ):
        commissioner = appointment.commissioner
        user = commissioner.user
        address = commissioner.email or (user.email if user else "")
        if address:
            addresses.add(address)
    return sorted(addresses)


def _send(report: Report, template: str, subject: str, opening: str) -> int:
    to = recipients(report)
    if not to:
        return 0
    authority = report.intervention.authority.name
    body = (
        f"{opening}\n\n"
        f"Authority: {authority}\n"
        f"Period: {report.period_label}\n"
        f"Due: {govuk_date(report.due_on)}\n\n"
        f"Sign in to {settings.SERVICE_NAME} and open the report at "
        f"{absolute(reverse('reporting:report_detail', args=[report.pk]))}\n\n"
        "This email is OFFICIAL-SENSITIVE. Do not forward it outside government."
    )
    queue_email(
        template=template,
        to=to,
        subject=f"{subject}: {authority}, {report.period_label}",
        body=body,
    )
    return 1


def send_draft_ready(report_id: int) -> int:
    report = Report.objects.select_related("intervention__authority").get(pk=report_id)
    return _send(
        report,
        "report_draft_ready",
        "Draft report ready",
        "The draft of your report to the Minister is ready. Complete the narrative and sign "
        "it off.",
    )


def send_reminders(today: datetime.date | None = None) -> int:
    """Tell commissioners about draft reports due within a week or overdue; returns how many
    emails went. Reports created after their due date (backfilled history) send none."""
    today = today or timezone.localdate()
    by = system_user("reports")
    sent = 0
    drafts = Report.objects.filter(status=Report.Status.DRAFT).select_related(
        "intervention__authority"
    )
    for report in drafts.order_by("pk"):
        if report.created_at.astimezone(timezone.get_current_timezone()).date() > report.due_on:
            continue
        if report.due_on < today and report.overdue_reminder_sent_on is None:
            sent += _remind(report, "overdue", today, by)
        elif (
            report.due_on - datetime.timedelta(days=DUE_SOON_DAYS) <= today <= report.due_on
            and report.due_reminder_sent_on is None
        ):
            sent += _remind(report, "due", today, by)
    return sent


@transaction.atomic
def _remind(report: Report, which: str, today: datetime.date, by) -> int:
    report = Report.objects.select_for_update().get(pk=report.pk)
    field = f"{which}_reminder_sent_on"
    if getattr(report, field) is not None:
        return 0  # another run sent it meanwhile
    setattr(report, field, today)
    save_with_history(report, by=by, reason=f"Commissioner reminded that the report is {which}")
    if which == "overdue":
        subject, opening = "Report overdue", "Your report to the Minister is overdue."
    else:
        subject, opening = "Report due", "Your report to the Minister is due soon."
    return _send(
        report, "report_reminder", subject, f"{opening} Complete the narrative and sign it off."
    )
