"""Scheduled housekeeping for interventions (Celery beat runs it; see CELERY_BEAT_SCHEDULE)."""

from celery import shared_task

from . import staging


@shared_task(name="interventions.prune_staged_evidence")
def prune_staged_evidence() -> int:
    return len(staging.prune())
