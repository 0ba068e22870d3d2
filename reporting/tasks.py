"""Celery tasks for the quarterly reports: thin, taking ids and ISO dates, calling services.

Every task is safe to run twice (a report that exists is left alone; each reminder is sent
once), acknowledged late (settings: a worker that dies mid-task leaves the message to be
redelivered) and retried with exponential backoff when the database or broker falters. A report
is written in one transaction, so a worker killed part way leaves no half report.
"""

import datetime
import logging
import os
import time
from pathlib import Path

from celery import shared_task
from django.conf import settings
from django.db import DatabaseError
from django.utils import timezone
from kombu.exceptions import OperationalError as BrokerError

from core.history import system_user
from interventions.models import Intervention

from . import emails, services
from .models import Report

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
    return queued


@shared_task(**RETRY)
def send_report_reminders(today: str | None = None) -> int:
    day = datetime.date.fromisoformat(today) if today else None
    return emails.send_reminders(day)
