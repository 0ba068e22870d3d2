import datetime

from django.conf import settings
from django.contrib.auth.models import Group, User
from django.db import models
from django.db.models.signals import post_save, pre_save
from django.dispatch import receiver
from django.utils import timezone
from simple_history import register
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
    """A row written by a Celery task: proof that a worker took a task and reached the database.

    ``worker`` rows come from the heartbeat beat schedules (and one as each worker starts);
    ``sweep`` rows from each reports sweep, so /healthz can tell that beat runs on time
    (core.health). Rows older than a day are pruned as new ones are written."""

    class Kind(models.TextChoices):
        WORKER = "worker", "Worker heartbeat"
        SWEEP = "sweep", "Reports sweep ran"

    token = models.CharField(max_length=64, unique=True)
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.WORKER)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return f"Heartbeat {self.token} at {self.created_at:%Y-%m-%d %H:%M:%S}"


class SignInIdentity(models.Model):
    """An account's identity at an OpenID Connect provider: how single sign-on finds it again."""

    provider = models.CharField(max_length=20, help_text="Key in settings.OIDC_PROVIDERS")
    subject = models.CharField(max_length=255, help_text="The provider's 'sub' claim")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="sign_in_identities"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["provider", "subject"], name="one_account_per_provider_subject"
            ),
            models.UniqueConstraint(
                fields=["provider", "user"], name="one_provider_identity_per_account"
            ),
        ]

    def __str__(self):
        return f"{self.user} at {self.provider} ({self.subject})"


class PasswordResetRequest(models.Model):
    """One request for a password reset link, kept an hour to limit how often links are asked
    for (core.password_reset). The email is kept only as a hash: it may belong to no one."""

    address = models.GenericIPAddressField(null=True)
    email_hash = models.CharField(max_length=64)
    requested_at = models.DateTimeField(default=timezone.now, db_index=True)

    def __str__(self):
        return f"Password reset request from {self.address or 'unknown'} at {self.requested_at}"


class FormSubmission(models.Model):
    """A create form's one-time token, claimed by the first submission that saves it
    (core.once): a double click or a resent POST then shows what was saved, not a copy."""

    token = models.CharField(max_length=64, unique=True)
    user = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    saved_url = models.CharField(max_length=500, blank=True)
    submitted_at = models.DateTimeField(default=timezone.now, db_index=True)

    def __str__(self):
        return f"Form submission {self.token} by {self.user_id}"


# Accounts and roles keep a history like every record a person can change (issue 15): who made
# someone a superuser or an Admin, who changed a group's permissions. Never the password hash;
# nor the time of the last sign-in, which changes on every sign-in and is not a change anyone
# made to the account (``skip_sign_in_history`` below keeps those saves out of the history).
register(
    User,
    app="core",
    excluded_fields=["password", "last_login"],
    m2m_fields=["groups", "user_permissions"],
)
register(Group, app="core", m2m_fields=["permissions"])


@receiver(pre_save, sender=User)
def skip_sign_in_history(sender, instance, update_fields=None, **kwargs):
    """Django saves ``last_login`` alone at each sign-in: no history row for that."""
    sign_in_only = update_fields is not None and set(update_fields) == {"last_login"}
    if sign_in_only and not hasattr(instance, "skip_history_when_saving"):
        instance.skip_history_when_saving = instance._skipped_sign_in = True


@receiver(post_save, sender=User)
def end_skip_sign_in_history(sender, instance, **kwargs):
    # After simple-history's own receiver (connected first, by ``register``).
    if getattr(instance, "_skipped_sign_in", False):
        del instance.skip_history_when_saving, instance._skipped_sign_in


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


class DataVersion(models.Model):
    """One row whose ``token`` changes when any transaction that changed the data commits: what
    a cached page is keyed on, so that no page outlives the data it shows (core.page_cache,
    docs/adr/0026). A new random token each time, not a counter, so that a database restored
    from a backup, or a test database made again, never meets a page cached for another one."""

    token = models.UUIDField()

    def __str__(self):
        return f"Data version {self.token}"


class RecordVersion(models.Model):
    """The version of one intervention's records, one authority's, or the rest's (``kind``
    ``i``, ``a`` or ``r``, the last with ``object_id`` 0): a random token that triggers change in
    the same statement as any change to those records. What a list's rows are cached under
    (core.record_versions, docs/adr/0028)."""

    kind = models.CharField(max_length=1)
    object_id = models.BigIntegerField()
    token = models.UUIDField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["kind", "object_id"], name="record_version_once")
        ]

    def __str__(self):
        return f"Version {self.token} of {self.kind} {self.object_id}"
