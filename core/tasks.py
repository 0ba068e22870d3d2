import datetime
import logging
import smtplib
import uuid

from celery import shared_task
from celery.signals import worker_ready
from django.db import DatabaseError
from django.utils import timezone

from . import email
from .models import WorkerHeartbeat

logger = logging.getLogger(__name__)

# Heartbeats older than this are deleted as each new one is written.
HEARTBEAT_KEEP = datetime.timedelta(days=1)

# A mail server or Notify that does not answer, refuses for now or times out: try again,
# waiting longer each time (up to an hour apart, for about a day).
EMAIL_RETRY = {
    "acks_late": True,
    "reject_on_worker_lost": True,
    "autoretry_for": (smtplib.SMTPException, OSError, DatabaseError),
    "retry_backoff": 30,
    "retry_backoff_max": 3600,
    "retry_jitter": True,
    "max_retries": 30,
}


def _notify_errors() -> tuple[type[Exception], ...]:
    try:
        from notifications_python_client.errors import APIError
    except ImportError:  # pragma: no cover (installed with the runtime requirements)
        return ()
    return (APIError,)


@shared_task(ignore_result=True)
def record_heartbeat(token: str | None = None, kind: str = WorkerHeartbeat.Kind.WORKER) -> str:
    """Write a heartbeat row and prune old ones; safe to run twice with the same token."""
    token = token or uuid.uuid4().hex
    WorkerHeartbeat.objects.get_or_create(token=token, defaults={"kind": kind})
    WorkerHeartbeat.objects.filter(created_at__lt=timezone.now() - HEARTBEAT_KEEP).delete()
    return token


@worker_ready.connect
def heartbeat_when_the_worker_starts(sender=None, **kwargs) -> None:
    """A worker that has just started is alive: say so before beat's next heartbeat is due."""
    try:
        record_heartbeat()
    except DatabaseError:
        logger.warning("No heartbeat at start: the database did not answer")


@shared_task(
    ignore_result=True,
    **{**EMAIL_RETRY, "autoretry_for": (*EMAIL_RETRY["autoretry_for"], *_notify_errors())},
)
def send_email(*, template: str, to: list[str], subject: str, body: str) -> int:
    """Send one email (core.email.queue_email queues this after commit)."""
    return email.deliver(template=template, to=to, subject=subject, body=body)
