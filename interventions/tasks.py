"""Scheduled housekeeping for interventions (Celery beat runs it; see CELERY_BEAT_SCHEDULE)."""

import datetime

from celery import shared_task

from . import staging
from .services import reminders


@shared_task(name="interventions.prune_staged_evidence")
def prune_staged_evidence() -> int:
    return len(staging.prune())


@shared_task(name="interventions.remind_overdue_action_owners", acks_late=True)
def remind_overdue_action_owners(today: str | None = None) -> int:
    """Email the owners of overdue actions (safe to run twice: each is reminded once a due
    date)."""
    day = datetime.date.fromisoformat(today) if today else None
    return reminders.remind_overdue_action_owners(day)
