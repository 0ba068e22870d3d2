"""Quarterly commissioner reports to the Minister, and the frozen versions of each.

A ``Report`` is one intervention's report for one reporting period: at most one per intervention
and period (a database constraint). Its content lives in ``ReportVersion`` rows: the first
version is generated from the history tables; the commissioner completes its narrative and signs
it off; a DfE official submits it, which freezes it (content, HTML and PDF stored with their
SHA-256). Reopening a submitted report keeps the frozen version untouched and starts a new one.
"""

import datetime
import json
import logging

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone

from core import roles
from core.temporal import HistoricalRecords
from interventions import duties

logger = logging.getLogger(__name__)


class ReportQuerySet(models.QuerySet):
    def restrict(
        self, user, action: str = roles.VIEW, today: datetime.date | None = None
    ) -> "ReportQuerySet":
        """The reports ``user`` may act on; the one definition of who may do what to a report.

        - view: the reports of the interventions they may see (``Intervention.restrict``);
        - write (the narrative, and signing it off): a commissioner's report, by the
          commissioner appointed now (the final report of a closed one too); an improvement
          adviser's review (the adviser, appointed by DfE, has no account here), by a DfE
          official;
        - submit (or return to its author): DfE officials; reopen: admins.
        What state a report must be in for each step is the workflow's (``services``).
        """
        from interventions.models import Intervention

        roles.check_action(action)
        visible = self.filter(intervention__in=Intervention.objects.restrict(user, roles.VIEW))
        if action == roles.VIEW:
            return visible
        if action == roles.WRITE:
            appointed = Intervention.objects.appointed_now(user, today)
            mine = Q(kind=Report.Kind.COMMISSIONER, intervention__in=appointed)
            if roles.has_role(user, roles.DFE_OFFICIAL):
                mine |= Q(kind=Report.Kind.ADVISER)
            return visible.filter(mine)
        if action == roles.SUBMIT and roles.has_role(user, roles.DFE_OFFICIAL):
            return visible
        if action == roles.REOPEN and roles.has_role(user, roles.ADMIN):
            return visible
        return self.none()

    def outstanding(self) -> "ReportQuerySet":
        """Reports not yet submitted."""
        return self.exclude(status=Report.Status.SUBMITTED)

    def awaited(self) -> "ReportQuerySet":
        """Reports not yet submitted that someone is waiting for: not those of a record loaded
        from documents (its sources end), whose reports the sources may simply not include."""
        return self.outstanding().filter(intervention__sources_end_on__isnull=True)

    def overdue(self, today: datetime.date | None = None) -> "ReportQuerySet":
        """Awaited reports past their due date."""
        today = today or timezone.localdate()
        return self.awaited().filter(due_on__lt=today)


class Report(models.Model):
    """One report owed under a reporting duty (``interventions.duties``) for one period: a
    commissioner's report to the Minister, or an improvement adviser's review for DfE."""

    class Kind(models.TextChoices):
        COMMISSIONER = duties.COMMISSIONER, "Commissioner's report to the Minister"
        ADVISER = duties.ADVISER, "Improvement adviser's review for DfE officials"

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        SIGNED_OFF = "signed_off", "Signed off by the commissioner"
        SUBMITTED = "submitted", "Submitted to the Minister"

    intervention = models.ForeignKey(
        "interventions.Intervention", on_delete=models.PROTECT, related_name="reports"
    )
    kind = models.CharField(max_length=12, choices=Kind.choices, default=Kind.COMMISSIONER)
    source = models.CharField(
        max_length=300,
        blank=True,
        help_text="For a report sent outside the service: the document it was (its narrative"
        " quotes it). Empty for reports written in the service",
    )
    period_start = models.DateField()
    period_end = models.DateField()
    due_on = models.DateField(help_text="When the report should reach the Minister")
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.DRAFT)
    version = models.PositiveSmallIntegerField(
        default=1, help_text="The number of the current version; earlier ones are kept"
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    # The days the commissioner was told the report was due and overdue, so that the sweep
    # (every 10 minutes) sends each reminder once.
    due_reminder_sent_on = models.DateField(null=True, blank=True, editable=False)
    overdue_reminder_sent_on = models.DateField(null=True, blank=True, editable=False)

    objects = ReportQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["-period_start", "intervention_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["intervention", "kind", "period_start"],
                name="one_report_per_intervention_duty_period",
                violation_error_message="This intervention already has a report for this period",
            ),
            models.CheckConstraint(
                condition=Q(period_end__gte=F("period_start")),
                name="report_period_ends_after_start",
                violation_error_message="The period must end on or after the day it starts",
            ),
            models.CheckConstraint(
                condition=Q(due_on__gte=F("period_end")),
                name="report_due_after_period_end",
                violation_error_message="The report must be due on or after the period ends",
            ),
            models.CheckConstraint(
                condition=Q(version__gte=1),
                name="report_version_from_1",
                violation_error_message="Enter a version of 1 or more",
            ),
        ]

    def __str__(self):
        return f"{self.intervention.authority}: report for {self.period_label}"

    def get_absolute_url(self):
        return reverse("reporting:report_detail", args=[self.pk])

    @property
    def period_label(self) -> str:
        """The period in words: "April to June 2017", or with both years when it spans two."""
        start, end = self.period_start, self.period_end
        if start.year == end.year:
            if start.month == end.month:
                return f"{start:%B %Y}"
            return f"{start:%B} to {end:%B %Y}"
        return f"{start:%B %Y} to {end:%B %Y}"

    @property
    def title(self) -> str:
        """What the report is, as its reader knows it."""
        return self.get_kind_display()

    @property
    def reader(self) -> str:
        return "the Minister" if self.kind == self.Kind.COMMISSIONER else "DfE officials"

    @property
    def is_submitted(self) -> bool:
        return self.status == self.Status.SUBMITTED

    @property
    def is_awaited(self) -> bool:
        """Not yet submitted, and someone is waiting for it (see ``ReportQuerySet.awaited``)."""
        return not self.is_submitted and self.intervention.sources_end_on is None

    def is_overdue(self, today: datetime.date | None = None) -> bool:
        today = today or timezone.localdate()
        return self.is_awaited and self.due_on < today

    def current_version(self) -> "ReportVersion":
        return self.versions.get(number=self.version)


def who_took_the_step() -> models.ForeignKey:
    """The account that signed off, submitted or reopened a version: empty until someone does,
    and kept while the version names it."""
    return models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )


class StoredCopyChanged(Exception):
    """A submitted version's stored content, HTML or PDF no longer matches its SHA-256."""


class ReportVersion(models.Model):
    """One version of a report: generated content, the commissioner's narrative, sign-off,
    submission, and once submitted the frozen HTML and PDF with their SHA-256."""

    # What a frozen version keeps as it was submitted.
    FROZEN_FIELDS = (
        "content",
        "content_sha256",
        "overall_assessment",
        "risks",
        "recommendation",
        "signed_off_by_id",
        "signed_off_at",
        "submitted_by_id",
        "submitted_at",
        "html",
        "html_sha256",
        "sha256",
        "pdf_sha256",
        "frozen_at",
    )

    # What the worker fills in once, after submission, when it has rendered the PDF.
    COMPLETED_BY_PDF = ("sha256", "pdf_sha256", "frozen_at")

    report = models.ForeignKey(Report, on_delete=models.PROTECT, related_name="versions")
    number = models.PositiveSmallIntegerField()
    data_as_at = models.DateTimeField(
        help_text="The content shows the history tables as they stood at this moment"
    )
    content = models.TextField(help_text="The generated facts, as canonical JSON")
    content_sha256 = models.CharField(max_length=64)

    overall_assessment = models.TextField(blank=True)
    risks = models.TextField(blank=True)
    recommendation = models.TextField(blank=True, help_text="The recommendation to the Minister")

    signed_off_by = who_took_the_step()
    signed_off_at = models.DateTimeField(null=True, blank=True)
    submitted_by = who_took_the_step()
    submitted_at = models.DateTimeField(null=True, blank=True)

    html = models.TextField(blank=True, help_text="The frozen report page, as submitted")
    html_sha256 = models.CharField(max_length=64, blank=True)
    pdf = models.BinaryField(blank=True, default=b"", editable=False)
    sha256 = models.CharField(
        max_length=64, blank=True, help_text="SHA-256 of the frozen content, HTML and PDF"
    )
    pdf_sha256 = models.CharField(max_length=64, blank=True)
    frozen_at = models.DateTimeField(null=True, blank=True)

    reopened_by = who_took_the_step()
    reopened_at = models.DateTimeField(null=True, blank=True)
    reopen_reason = models.TextField(blank=True)

    # The big frozen fields are not copied into every history row; they never change once set.
    history = HistoricalRecords(excluded_fields=["content", "html", "pdf"])

    class Meta:
        ordering = ["report", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["report", "number"],
                name="unique_report_version_number",
                violation_error_message="This report already has a version with that number",
            ),
            models.CheckConstraint(
                condition=Q(number__gte=1),
                name="report_version_number_from_1",
                violation_error_message="Enter a version number of 1 or more",
            ),
            models.CheckConstraint(
                condition=Q(signed_off_at__isnull=True, signed_off_by__isnull=True)
                | Q(signed_off_at__isnull=False, signed_off_by__isnull=False),
                name="report_sign_off_has_who_and_when",
                violation_error_message="Record who signed off the report and when",
            ),
            models.CheckConstraint(
                condition=Q(submitted_at__isnull=True, submitted_by__isnull=True)
                | Q(
                    submitted_at__isnull=False,
                    submitted_by__isnull=False,
                    signed_off_at__isnull=False,
                ),
                name="report_submitted_after_sign_off_with_who_and_when",
                violation_error_message="A report must be signed off before it is submitted",
            ),
            models.CheckConstraint(
                condition=Q(frozen_at__isnull=True)
                | (Q(submitted_at__isnull=False) & ~Q(html="") & ~Q(sha256="") & ~Q(pdf_sha256="")),
                name="report_frozen_has_document_and_hash",
                violation_error_message="A frozen report needs its HTML, PDF and SHA-256",
            ),
            models.CheckConstraint(
                condition=Q(reopened_at__isnull=True)
                | (Q(frozen_at__isnull=False) & ~Q(reopen_reason="")),
                name="report_reopened_only_when_frozen_with_reason",
                violation_error_message="Only a submitted report can be reopened, with a reason",
            ),
        ]

    def __str__(self):
        return f"{self.report}, version {self.number}"

    def save(self, *args, **kwargs):
        # A frozen version is what the Minister read: refuse any change to it except recording
        # that it was reopened (which adds to it, and never alters what was sent).
        # Between submission and the worker's PDF, what was submitted is fixed already: only the
        # PDF and the hashes and time that complete the freeze may be filled in.
        if self.pk and not self._state.adding:
            stored = ReportVersion.objects.filter(pk=self.pk, submitted_at__isnull=False).first()
            if stored is not None and self._frozen_fields_differ(stored):
                raise ValidationError("This report was submitted and can no longer be changed")
        super().save(*args, **kwargs)

    def check_stored_copy(self, *parts: str) -> None:
        """Before serving ``parts`` ("content", "html", "pdf") of a submitted version: raise
        ``StoredCopyChanged``, logged at ERROR naming the version, when one no longer matches
        the SHA-256 stored when it was submitted (or, for the PDF, rendered), or the three no
        longer match the version's ``sha256``. Nothing in the service changes them (the database
        refuses, reporting migration 0007): a mismatch is someone writing behind its back."""
        from .reports.content import sha256_hex
        from .services import bundle_sha256

        if self.submitted_at is None:
            return
        stored = {
            "content": (self.content, self.content_sha256),
            "html": (self.html, self.html_sha256),
            "pdf": (bytes(self.pdf), self.pdf_sha256 if self.is_frozen else None),
        }
        changed = [
            part
            for part in parts
            if stored[part][1] is not None and sha256_hex(stored[part][0]) != stored[part][1]
        ]
        if not changed and self.is_frozen and bundle_sha256(self) != self.sha256:
            changed = ["sha256"]
        if changed:
            logger.error(
                "Report version %s (report %s, version %s): stored %s no longer match the"
                " SHA-256 recorded when it was submitted; refused to serve it",
                self.pk,
                self.report_id,
                self.number,
                ", ".join(changed),
            )
            raise StoredCopyChanged(self, changed)

    def content_data(self) -> dict:
        """The generated facts (see ``reporting.reports.content.build_content``)."""
        return json.loads(self.content)

    @property
    def is_frozen(self) -> bool:
        return self.frozen_at is not None

    @property
    def is_signed_off(self) -> bool:
        return self.signed_off_at is not None

    def _frozen_fields_differ(self, stored: "ReportVersion") -> bool:
        if stored.is_frozen:
            fixed = self.FROZEN_FIELDS
            if bytes(stored.pdf) != bytes(self.pdf):
                return True
        else:
            fixed = tuple(f for f in self.FROZEN_FIELDS if f not in self.COMPLETED_BY_PDF)
        return any(getattr(stored, name) != getattr(self, name) for name in fixed)


class AlertQuerySet(models.QuerySet):
    def since(self, moment: datetime.datetime) -> "AlertQuerySet":
        return self.filter(created_at__gte=moment)

    def unsent(self) -> "AlertQuerySet":
        return self.filter(emailed_at__isnull=True)


class Alert(models.Model):
    """Something officials must hear about: a presumption rule newly applies to an authority, or
    a new Inadequate judgement for an authority with no open intervention (``reporting.alerts``).

    Written in the transaction of the change that raised it; emailed after commit. The
    authority's inspections are public data, so every signed-in user may see alerts.
    """

    class Kind(models.TextChoices):
        RULE_APPLIES = "rule_applies", "Presumption rule now applies"
        NEW_INADEQUATE = "new_inadequate", "New Inadequate judgement, no open intervention"

    kind = models.CharField(max_length=20, choices=Kind.choices)
    authority = models.ForeignKey(
        "authorities.LocalAuthority", on_delete=models.PROTECT, related_name="alerts"
    )
    inspection = models.ForeignKey(
        "inspections.Inspection",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="alerts",
        help_text="The inspection that is the evidence",
    )
    rule = models.ForeignKey(
        "inspections.PresumptionRule",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="alerts",
        help_text="The rule version that now applies",
    )
    message = models.TextField()
    cause = models.CharField(
        max_length=300, help_text="What raised it, for example the file imported"
    )
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    emailed_at = models.DateTimeField(null=True, blank=True)

    objects = AlertQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.authority}"

    def get_absolute_url(self):
        """The evidence: the authority's page, at its inspections."""
        url = reverse("reporting:authority_detail", args=[self.authority.ons_code])
        return f"{url}#inspections"
