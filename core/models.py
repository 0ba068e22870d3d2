from django.db import models


class WorkerHeartbeat(models.Model):
    """A row written by a Celery task: proof that a worker took a task and reached the database."""

    token = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return f"Heartbeat {self.token} at {self.created_at:%Y-%m-%d %H:%M:%S}"
