from django.db import models


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
