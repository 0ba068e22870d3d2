"""Checks behind /healthz: does each part the service needs answer?"""

from django.conf import settings
from django.db import connection
from kombu import Connection


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


CHECKS = {"database": check_database, "broker": check_broker}


def run_checks() -> dict[str, bool]:
    """Each part's name and whether it answered; exceptions are the failure signal."""
    results = {}
    for name, check in CHECKS.items():
        try:
            check()
        except Exception:  # noqa: BLE001 (any failure means the part did not answer)
            results[name] = False
        else:
            results[name] = True
    return results
