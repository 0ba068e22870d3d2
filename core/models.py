import datetime

from django.conf import settings
from django.db import models
from django.utils import timezone
from simple_history.models import HistoricalRecords

from . import roles


class Sourced(models.Model):
    """A record that may come from a document rather than from someone using the service.

    ``source`` names the document (title, date, author) a loaded record comes from; it is empty
    for what people record in the service. ``illustrative`` marks a record no source gives (its
    date or its content follows a pattern a source describes): every page, report and API field
    that shows it says so.
    """

    source = models.CharField(
        max_length=300,
        blank=True,
        help_text="The document this record comes from (empty when recorded in the service)",
    )
    illustrative = models.BooleanField(
        default=False,
        help_text="Not in any source: shown as illustrative wherever it appears",
    )

    class Meta:
        abstract = True


class WorkerHeartbeat(models.Model):
    """A row written by a Celery task: proof that a worker took a task and reached the database."""

    token = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return f"Heartbeat {self.token} at {self.created_at:%Y-%m-%d %H:%M:%S}"


class ApiTokenQuerySet(models.QuerySet):
    def restrict(self, user, action: str) -> "ApiTokenQuerySet":
        """A person sees and revokes only their own tokens (ADR 15); one no one holds any."""
        roles.check_action(action)
        if not user.is_authenticated:
            return self.none()
        return self.filter(user=user)

    def usable(self, now: datetime.datetime) -> "ApiTokenQuerySet":
        """Tokens that still sign a request in: not revoked, not expired, their holder active."""
        return self.filter(revoked_at__isnull=True, expires_at__gt=now, user__is_active=True)


class ApiToken(models.Model):
    """A personal, read-only token for the JSON API (``Authorization: Bearer <token>``).

    The token is shown once, when made; only its SHA-256 is kept, so a copy of the database
    cannot sign anyone in. Services in ``core.api_tokens`` make and revoke them.
    """

    name = models.CharField(
        max_length=100, help_text="What the token is for, in the holder's words"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="api_tokens"
    )
    secret_hash = models.CharField(max_length=64, unique=True, editable=False)
    prefix = models.CharField(
        max_length=16, editable=False, help_text="The token's first characters, to recognise it"
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    expires_at = models.DateTimeField()
    last_used_at = models.DateTimeField(null=True, blank=True, editable=False)
    revoked_at = models.DateTimeField(null=True, blank=True, editable=False)

    objects = ApiTokenQuerySet.as_manager()
    # Using a token is logged (core.api_tokens), not a change: last use writes no history row.
    history = HistoricalRecords(excluded_fields=["secret_hash", "last_used_at"])

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"{self.name} ({self.prefix}…)"

    def is_usable(self, now: datetime.datetime) -> bool:
        return self.revoked_at is None and self.expires_at > now and self.user.is_active

    def status(self, now: datetime.datetime) -> str:
        """Active, Expired or Revoked: as the tokens page shows it."""
        if self.revoked_at is not None:
            return "Revoked"
        return "Active" if self.expires_at > now else "Expired"
