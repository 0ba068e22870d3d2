"""Celery tasks for the quarterly reports: thin, taking ids and ISO dates, calling services.

Every task is safe to run twice (a report that exists is left alone; each reminder is sent
once; a frozen report's PDF is not rendered again), acknowledged late (settings: a worker that
dies mid-task leaves the message to be redelivered) and retried with exponential backoff when
the database or broker falters. A report is written in one transaction, so a worker killed part
way leaves no half report. The first sweep runs as the worker starts.
"""

import datetime
import logging
import os
import time
import uuid
from pathlib import Path

from celery import shared_task
from celery.exceptions import SoftTimeLimitExceeded
from celery.signals import worker_ready
from django.conf import settings
from django.db import DatabaseError
from django.utils import timezone
from kombu.exceptions import OperationalError as BrokerError

from core.history import system_user
from core.models import WorkerHeartbeat
from core.tasks import record_heartbeat
from interventions.models import Intervention

from . import services
from .models import Report, ReportVersion
from .reports import emails

logger = logging.getLogger(__name__)

SYSTEM_USER = "reports"
RETRY = {
    "acks_late": True,
    "reject_on_worker_lost": True,
    "autoretry_for": (DatabaseError, BrokerError),
    "retry_backoff": 5,
    "retry_backoff_max": 600,
    "retry_jitter": True,
    "max_retries": 10,
}
# A long report's PDF renders in well under a minute; one still rendering after this is stuck
# (or its machine is): it is stopped and tried again later, a few times, rather than holding a
# worker for ever. ``manage.py render_report_pdfs`` renders it without a limit.
PDF_SOFT_TIME_LIMIT = 180
PDF_TIME_LIMIT = 240
PDF_RETRY = {
    **RETRY,
    "autoretry_for": (*RETRY["autoretry_for"], SoftTimeLimitExceeded),
    "max_retries": 3,
}


def pause_for_tests(report: Report) -> None:
    """A test seam: while the file named by REPORTS_TEST_PAUSE_FILE exists, hold the report's
    transaction open, so that a test can kill the worker in the middle of writing a report.
    Does nothing unless that variable is set (it never is outside the test suite)."""
    path = os.environ.get("REPORTS_TEST_PAUSE_FILE")
    if not path:
        return
    Path(f"{path}.reached").touch()
    while Path(path).exists():
        time.sleep(0.05)


@shared_task(**RETRY)
def generate_report(
    intervention_id: int, period_start: str, kind: str = "commissioner"
) -> int | None:
    """Generate one owed report (if it is missing); returns its id."""
    intervention = Intervention.objects.filter(pk=intervention_id).first()
    if intervention is None:
        logger.warning("No intervention %s: report not generated", intervention_id)
        return None
    report, created = services.generate_report(
        intervention,
        datetime.date.fromisoformat(period_start),
        kind=kind,
        by=system_user(SYSTEM_USER),
        checkpoint=pause_for_tests,
    )
    logger.info("Report %s %s", report.pk, "generated" if created else "already existed")
    return report.pk


@shared_task(bind=True, **RETRY)
def generate_due_reports(self, today: str | None = None) -> int:
    """The sweep (every REPORTS_SWEEP_SECONDS): queue one task per missing report of every
    period that has ended (so a missed day, a week without the broker or tasks lost with
    Redis's memory heal themselves), then send reminders. The tasks go to the queue this one
    came from, and expire when the next sweep is due: a backlog holds one copy of each that
    still matters, not one per sweep."""
    day = datetime.date.fromisoformat(today) if today else timezone.localdate()
    options = {
        "queue": (self.request.delivery_info or {}).get("routing_key") or None,
        "expires": settings.REPORTS_SWEEP_SECONDS,
    }
    services.withdraw_unowed_reports(by=system_user(SYSTEM_USER), today=day)
    queued = 0
    for intervention_id, period in services.missing_reports(day):
        generate_report.apply_async(
            (intervention_id, period.start.isoformat(), period.kind), **options
        )
        queued += 1
    send_report_reminders.apply_async((day.isoformat(),), **options)
    logger.info("Queued %s missing reports", queued)
    queue_pdfs_awaited(**options)
    # /healthz reads this to tell that beat runs the sweep on time (core.health).
    record_heartbeat(
        f"sweep-{self.request.id or uuid.uuid4().hex}", kind=WorkerHeartbeat.Kind.SWEEP
    )
    return queued


@shared_task(**RETRY)
def send_report_reminders(today: str | None = None) -> int:
    day = datetime.date.fromisoformat(today) if today else None
    return emails.send_reminders(day)


@shared_task(**RETRY)
def email_alerts(alert_ids: list[int]) -> int:
    """Email DfE officials the alerts an import (or any change) raised; each goes once."""
    from . import alerts

    return alerts.email_alerts(alert_ids)


@shared_task(soft_time_limit=PDF_SOFT_TIME_LIMIT, time_limit=PDF_TIME_LIMIT, **PDF_RETRY)
def render_report_pdf(version_id: int) -> str | None:
    """Render a submitted report version's PDF and complete its freeze; returns its SHA-256.
    A version already frozen is left as it is."""
    version = ReportVersion.objects.filter(pk=version_id).first()
    if version is None:
        logger.warning("No report version %s: PDF not rendered", version_id)
        return None
    version = services.complete_freeze(version, by=system_user(SYSTEM_USER))
    logger.info("Report version %s frozen, SHA-256 %s", version.pk, version.sha256)
    return version.sha256


def queue_pdfs_awaited(**options) -> int:
    """Queue the PDF of every submitted version still waiting for one (its task was lost, or
    the broker was down when the report was submitted)."""
    waiting = list(services.awaiting_pdf().order_by("pk").values_list("pk", flat=True))
    for version_id in waiting:
        render_report_pdf.apply_async((version_id,), **options)
    if waiting:
        logger.info("Queued %s report PDFs", len(waiting))
    return len(waiting)


@worker_ready.connect
def sweep_when_the_worker_starts(sender=None, **kwargs) -> None:
    """Run the first sweep as the worker starts: beat's first run comes a whole sweep interval
    after it starts, and a deploy should not keep reports or PDFs that fell due while the
    worker was down waiting that long. Only a worker that takes beat's sweeps (those on the
    default queue) does it; a worker on queues of its own, as the tests start, does only what
    it is given."""
    if sender is None:
        return
    queue = sender.app.conf.task_default_queue
    if queue not in sender.app.amqp.queues.consume_from:
        return
    generate_due_reports.apply_async(queue=queue, expires=settings.REPORTS_SWEEP_SECONDS)
    logger.info("First reports sweep queued as the worker started")
