from django.conf import settings
from django.db import models
from simple_history.models import HistoricalRecords


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
