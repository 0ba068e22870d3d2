"""Checks behind /healthz: does each part the service needs answer, and on time?

- ``database`` and ``broker`` answer a connection.
- ``worker``: a worker wrote a heartbeat within two heartbeat intervals
  (``WORKER_HEARTBEAT_SECONDS``; beat schedules one, and each worker writes one as it starts).
- ``beat``: the reports sweep, which only beat schedules after a worker's first, ran within two
  sweep intervals (``REPORTS_SWEEP_SECONDS``).
"""

import datetime

from django.conf import settings
from django.db import connection
from django.utils import timezone
from kombu import Connection

from .models import WorkerHeartbeat


class Late(Exception):
    """The last sign of life is older than allowed."""


def check_database() -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()


def check_broker() -> None:
    with Connection(
        settings.CELERY_BROKER_URL,
        transport_options=settings.CELERY_BROKER_TRANSPORT_OPTIONS,
        connect_timeout=2,
    ) as conn:
        conn.ensure_connection(max_retries=1, timeout=2)


def _recent(kind: str, interval_seconds: int) -> None:
    since = timezone.now() - datetime.timedelta(seconds=2 * interval_seconds)
    if not WorkerHeartbeat.objects.filter(kind=kind, created_at__gte=since).exists():
        raise Late(kind)


def check_worker() -> None:
    _recent(WorkerHeartbeat.Kind.WORKER, settings.WORKER_HEARTBEAT_SECONDS)


def check_beat() -> None:
    _recent(WorkerHeartbeat.Kind.SWEEP, settings.REPORTS_SWEEP_SECONDS)


CHECKS = {
    "database": check_database,
    "broker": check_broker,
    "worker": check_worker,
    "beat": check_beat,
}
# Read from the database: unknown (None), not failing, while the database does not answer.
NEED_DATABASE = {"worker", "beat"}


def run_checks() -> dict[str, bool | None]:
    """Each part's name and whether it answered (None: could not tell); exceptions are the
    failure signal."""
    results: dict[str, bool | None] = {}
    for name, check in CHECKS.items():
        if name in NEED_DATABASE and results.get("database") is False:
            results[name] = None
            continue
        try:
            check()
        except Exception:  # noqa: BLE001 (any failure means the part did not answer)
            results[name] = False
        else:
            results[name] = True
    return results
