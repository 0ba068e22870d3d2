import uuid

from celery import shared_task

from .models import WorkerHeartbeat


@shared_task(ignore_result=True)
def record_heartbeat(token: str | None = None) -> str:
    """Write a heartbeat row; safe to run twice with the same token."""
    token = token or uuid.uuid4().hex
    WorkerHeartbeat.objects.get_or_create(token=token)
    return token
