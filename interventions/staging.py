"""Staged evidence files that were never attached: found and removed after they expire.

A commissioner's upload is stored at once (``interventions.evidence.stage``) so that a form
rejected for another reason keeps it. If they never save the form, the file stays in storage
with no Evidence row. Once its signed token has expired (``STAGING_MAX_AGE``) nobody can attach
it, so it can go. Files any Evidence row names, now or in its history, are never touched:
removed evidence keeps its file for the audit trail.
"""

from __future__ import annotations

import datetime
import logging

from django.core.files.storage import default_storage
from django.utils import timezone

from .evidence import STAGING_MAX_AGE
from .models import Evidence, StagedUpload

logger = logging.getLogger(__name__)

FOLDER = "evidence"


def attached_names() -> set[str]:
    """Every stored file name an Evidence row or one of its history rows refers to."""
    names = set(Evidence.objects.values_list("file", flat=True))
    names.update(Evidence.history.values_list("file", flat=True).distinct())
    return names


def expired_unattached(now: datetime.datetime | None = None) -> list[str]:
    """Staged files older than the staging token's lifetime that no evidence refers to."""
    now = now or timezone.now()
    cutoff = now - datetime.timedelta(seconds=STAGING_MAX_AGE)
    if not default_storage.exists(FOLDER):
        return []
    _, files = default_storage.listdir(FOLDER)
    candidates = [f"{FOLDER}/{name}" for name in files]
    attached = attached_names()
    return sorted(
        name
        for name in candidates
        if name not in attached and default_storage.get_modified_time(name) < cutoff
    )


def prune(now: datetime.datetime | None = None, *, dry_run: bool = False) -> list[str]:
    """Delete the expired unattached staged files; return their names."""
    names = expired_unattached(now)
    if not dry_run:
        cutoff = (now or timezone.now()) - datetime.timedelta(seconds=STAGING_MAX_AGE)
        StagedUpload.objects.filter(staged_at__lt=cutoff).delete()
        for name in names:
            default_storage.delete(name)
        if names:
            logger.info("Removed %d expired staged evidence files", len(names))
    return names
