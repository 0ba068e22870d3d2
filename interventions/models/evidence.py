"""Evidence files attached to an intervention's records."""

import datetime
import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from core.temporal import HistoricalRecords

from .intervention import InterventionRecordQuerySet
from .progress import ProgressEntry


def evidence_upload_to(instance: "Evidence", filename: str) -> str:
    """A random name under ``evidence/``: nothing the uploader chose reaches the file system, and
    no name can be guessed. The original name is kept in the row, for the download."""
    return f"evidence/{secrets.token_hex(16)}"


class EvidenceQuerySet(InterventionRecordQuerySet):
    def current(self) -> "EvidenceQuerySet":
        """Evidence not removed from its entry (removed files are kept for the audit trail)."""
        return self.filter(removed_at__isnull=True)


class Evidence(models.Model):
    """A file attached to a progress entry, stored under MEDIA_ROOT with a random name."""

    INTERVENTION = "entry__intervention"

    class FileType(models.TextChoices):
        PDF = "pdf", "PDF"
        DOCX = "docx", "Word document"
        XLSX = "xlsx", "Excel spreadsheet"
        CSV = "csv", "CSV file"
        TXT = "txt", "Text file"
        PNG = "png", "PNG image"
        JPEG = "jpeg", "JPEG image"

    # What the download says the file is; never what the uploader's browser claimed.
    CONTENT_TYPES = {
        FileType.PDF: "application/pdf",
        FileType.DOCX: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        FileType.XLSX: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        FileType.CSV: "text/csv",
        FileType.TXT: "text/plain",
        FileType.PNG: "image/png",
        FileType.JPEG: "image/jpeg",
    }

    entry = models.ForeignKey(ProgressEntry, on_delete=models.PROTECT, related_name="evidence")
    file = models.FileField(upload_to=evidence_upload_to, max_length=200)
    original_name = models.CharField("file name", max_length=255)
    file_type = models.CharField(max_length=4, choices=FileType.choices)
    size = models.PositiveBigIntegerField(help_text="In bytes")
    sha256 = models.CharField("SHA-256", max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(default=timezone.now, editable=False)
    removed_at = models.DateTimeField(
        null=True,
        blank=True,
        editable=False,
        help_text="Set when the file is taken off its entry; the file itself is kept",
    )
    removed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    objects = EvidenceQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["uploaded_at", "pk"]
        verbose_name_plural = "evidence"
        constraints = [
            models.CheckConstraint(
                condition=Q(size__gt=0),
                name="evidence_not_empty",
                violation_error_message="The selected file is empty",
            ),
            models.CheckConstraint(
                condition=~Q(original_name=""),
                name="evidence_has_file_name",
                violation_error_message="Enter the file's name",
            ),
            models.CheckConstraint(
                condition=Q(file_type__in=["pdf", "docx", "xlsx", "csv", "txt", "png", "jpeg"]),
                name="evidence_allowed_file_type",
                violation_error_message=(
                    "The selected file must be a PDF, Word document, Excel spreadsheet, CSV,"
                    " text file, PNG or JPEG"
                ),
            ),
            models.CheckConstraint(
                condition=Q(removed_at__isnull=False) | Q(removed_by__isnull=True),
                name="evidence_removed_by_only_when_removed",
                violation_error_message="Only removed evidence has someone who removed it",
            ),
            # One row per stored file, so a staged upload cannot be attached twice.
            models.UniqueConstraint(
                fields=["file"],
                name="unique_evidence_file",
                violation_error_message="This file is already attached",
            ),
        ]

    def __str__(self):
        return self.original_name

    def get_absolute_url(self):
        return reverse(
            "interventions:evidence_download", args=[self.entry.intervention_id, self.pk]
        )

    @property
    def content_type(self) -> str:
        return self.CONTENT_TYPES[self.file_type]

    @property
    def is_removed(self) -> bool:
        return self.removed_at is not None


class StagedUploadQuerySet(models.QuerySet):
    def unexpired(self, max_age: int) -> "StagedUploadQuerySet":
        """Uploads whose staging token (``max_age`` seconds) may still attach them."""
        return self.filter(staged_at__gte=timezone.now() - datetime.timedelta(seconds=max_age))


class StagedUpload(models.Model):
    """A file stored for an entry not saved yet (``interventions.evidence.stage``): whose it is
    and how big, so that what one person keeps staged is capped. Gone once attached or pruned."""

    name = models.CharField(max_length=100, unique=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    size = models.PositiveBigIntegerField()
    staged_at = models.DateTimeField(default=timezone.now)

    objects = StagedUploadQuerySet.as_manager()

    class Meta:
        indexes = [models.Index(fields=["user", "staged_at"])]

    def __str__(self):
        return f"{self.name} staged by {self.user_id}"
