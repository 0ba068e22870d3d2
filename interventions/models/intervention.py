"""The intervention and its dated changes of status."""

import datetime
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone

from core.temporal import HistoricalRecords

if TYPE_CHECKING:
    from .instruments import StatutoryDirection
    from .progress import Theme, ThemeRating

from core import roles
from core.dates import govuk_date
from core.models import Sourced

from .. import duties
from ..duties import whole_months_between
from .base import STALE_AFTER_MONTHS, Versioned


class InterventionQuerySet(models.QuerySet):
    def open(self) -> "InterventionQuerySet":
        return self.filter(closed_on__isnull=True)

    def closed(self) -> "InterventionQuerySet":
        return self.filter(closed_on__isnull=False)

    def with_duties(self) -> "InterventionQuerySet":
        """With what each one's reporting duties are worked out from, in three queries."""
        return self.prefetch_related(*duties.RELATIONS)

    def restrict(
        self, user, action: str = roles.VIEW, today: datetime.date | None = None
    ) -> "InterventionQuerySet":
        """The interventions ``user`` may act on; the one definition of who may do what.

        - view: DfE officials and admins, every intervention; a commissioner, those they are
          or were appointed to.
        - change (DfE's record: status, instruments, appointments): admins, every
          intervention; officials, open ones.
        - log (the commissioner's workspace): the commissioner appointed now, while open.
        """
        roles.check_action(action)
        if not user.is_authenticated:
            return self.none()
        if action == roles.VIEW:
            if roles.is_official(user):
                return self.all()
            if roles.has_role(user, roles.COMMISSIONER):
                return self.filter(pk__in=self._appointments_of(user).values("intervention_id"))
        elif action == roles.CHANGE:
            if roles.has_role(user, roles.ADMIN):
                return self.all()
            if roles.has_role(user, roles.DFE_OFFICIAL):
                return self.open()
        elif action == roles.LOG:
            return self.open().appointed_now(user, today)
        return self.none()

    def appointed_now(self, user, today: datetime.date | None = None) -> "InterventionQuerySet":
        """Those ``user`` is appointed to as commissioner today (open or not)."""
        if not roles.has_role(user, roles.COMMISSIONER):
            return self.none()
        current = self._appointments_of(user).current(today)
        return self.filter(pk__in=current.values("intervention_id"))

    def _appointments_of(self, user):
        appointments = self.model._meta.get_field("appointments").related_model.objects
        return appointments.filter(commissioner__user=user)


class InterventionRecordQuerySet(models.QuerySet):
    """For the records of an intervention: the model's ``INTERVENTION`` names the path from a
    record to its intervention (``"intervention"`` unless it says otherwise)."""

    def restrict(self, user, action: str = roles.VIEW, today: datetime.date | None = None):
        """The records of the interventions ``user`` may act on (``Intervention.restrict``)."""
        path = getattr(self.model, "INTERVENTION", "intervention")
        scope = Intervention.objects.restrict(user, action, today)
        if not scope.query.where:  # every intervention: nothing to narrow (or to join)
            return self.all()
        return self.filter(**{f"{path}__in": scope})


class Intervention(Versioned):
    """The DfE's intervention in one authority's children's services, from trigger to exit."""

    class ExitReason(models.TextChoices):
        DIRECTION_REVOKED = "direction_revoked", "Direction revoked"
        REPLACED_BY_NOTICE = "replaced_by_notice", "Direction revoked and replaced by a notice"
        NOTICE_LIFTED = "notice_lifted", "Improvement notice lifted"
        FUNCTIONS_RETURNED = "functions_returned", "Functions returned to the council"
        SUPERSEDED = "superseded", "Replaced by a new intervention"
        OTHER = "other", "Other"

    class Status(models.TextChoices):
        TRIGGERED = "triggered", "Triggered"
        INITIAL_REVIEW = "initial_review", "Initial review"
        AWAITING_DECISION = "awaiting_decision", "Awaiting the Minister's decision"
        IMPLEMENTATION = "implementation", "Implementation"
        MONITORING = "monitoring", "Monitoring"
        CLOSED = "closed", "Closed"

    # Which status may follow which. A review can restart (a re-inspection judged Inadequate
    # again, or a Minister asking for more); nothing follows closed: a new trigger opens a new
    # intervention.
    TRANSITIONS: dict[str, frozenset[str]] = {
        Status.TRIGGERED: frozenset(
            {
                Status.INITIAL_REVIEW,
                Status.AWAITING_DECISION,
                Status.IMPLEMENTATION,
                Status.MONITORING,
                Status.CLOSED,
            }
        ),
        Status.INITIAL_REVIEW: frozenset(
            {Status.AWAITING_DECISION, Status.IMPLEMENTATION, Status.MONITORING, Status.CLOSED}
        ),
        Status.AWAITING_DECISION: frozenset(
            {Status.INITIAL_REVIEW, Status.IMPLEMENTATION, Status.MONITORING, Status.CLOSED}
        ),
        Status.IMPLEMENTATION: frozenset({Status.INITIAL_REVIEW, Status.MONITORING, Status.CLOSED}),
        Status.MONITORING: frozenset(
            {Status.INITIAL_REVIEW, Status.AWAITING_DECISION, Status.IMPLEMENTATION, Status.CLOSED}
        ),
        Status.CLOSED: frozenset(),
    }

    authority = models.ForeignKey(
        "authorities.LocalAuthority", on_delete=models.PROTECT, related_name="interventions"
    )
    trigger_inspection = models.ForeignKey(
        "inspections.Inspection",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="triggered_interventions",
        help_text="The inspection whose judgement triggered the intervention, if one did",
    )
    trigger_summary = models.TextField(
        blank=True, help_text="What triggered it, such as serious concerns at a visit"
    )
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.TRIGGERED)
    status_changed_on = models.DateField()
    opened_on = models.DateField()
    closed_on = models.DateField(null=True, blank=True)
    exit_reason = models.CharField(
        max_length=20,
        choices=ExitReason.choices,
        blank=True,
        help_text="Why the intervention closed (set when it closes)",
    )
    sources_end_on = models.DateField(
        null=True,
        blank=True,
        help_text="For a record loaded from documents: the last day its sources cover. Nothing"
        " after it is known, so nothing is owed or shown as current after it",
    )
    reporting_period_months = models.PositiveSmallIntegerField(
        default=3,
        help_text="How often a commissioner appointed to it reports to the Minister, in months"
        " (from the appointment date)",
    )
    notes = models.TextField(blank=True)

    objects = InterventionQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["-opened_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(closed_on__isnull=True) | Q(closed_on__gte=F("opened_on")),
                name="intervention_closed_after_opened",
                violation_error_message="The closing date must be on or after the opening date",
            ),
            models.CheckConstraint(
                condition=Q(status="closed", closed_on__isnull=False)
                | (~Q(status="closed") & Q(closed_on__isnull=True)),
                name="intervention_closed_status_has_closed_date",
                violation_error_message="Enter a closing date only for a closed intervention",
            ),
            models.CheckConstraint(
                condition=Q(status_changed_on__gte=F("opened_on")),
                name="intervention_status_changed_after_opened",
                violation_error_message="The status must change on or after the opening date",
            ),
            models.CheckConstraint(
                condition=Q(reporting_period_months__gte=1, reporting_period_months__lte=12),
                name="intervention_reporting_period_1_to_12_months",
                violation_error_message="Enter a reporting period between 1 and 12 months",
            ),
            models.CheckConstraint(
                condition=Q(closed_on__isnull=True) | ~Q(exit_reason=""),
                name="intervention_closed_with_exit_reason",
                violation_error_message="Choose why the intervention closed",
            ),
            models.CheckConstraint(
                condition=Q(sources_end_on__isnull=True) | Q(sources_end_on__gte=F("opened_on")),
                name="intervention_sources_end_after_opened",
                violation_error_message="The sources must end on or after the opening date",
            ),
            models.UniqueConstraint(
                fields=["authority"],
                condition=Q(closed_on__isnull=True),
                name="one_open_intervention_per_authority",
                violation_error_message="This authority already has an open intervention",
            ),
        ]

    def __str__(self):
        return f"{self.authority} (from {self.opened_on:%B %Y})"

    def get_absolute_url(self):
        return reverse("admin:interventions_intervention_change", args=[self.pk])

    @property
    def is_open(self) -> bool:
        return self.closed_on is None

    def clean(self):
        inspection = self.trigger_inspection
        inspected = getattr(inspection, "authority_id", None)
        if inspection is not None and self.authority_id and inspected != self.authority_id:
            raise ValidationError(
                {"trigger_inspection": "Choose an inspection of the same local authority"}
            )

    def can_change_to(self, status: str) -> bool:
        return status in self.TRANSITIONS.get(self.status, frozenset())

    def months_open(self, today: datetime.date | None = None) -> int:
        """Whole months from opening to closing, or to today while open; a record whose
        sources end stops counting there (nothing after it is known)."""
        today = today or timezone.localdate()
        return whole_months_between(self.opened_on, min(self.record_ends_on or today, today))

    @property
    def record_ends_on(self) -> datetime.date | None:
        """The last day the record covers: the closing date, or where its sources end."""
        return min((d for d in (self.closed_on, self.sources_end_on) if d), default=None)

    def sources_ended_by(self, day: datetime.date) -> bool:
        """True when ``day`` is past the last day the record's sources cover."""
        return self.sources_end_on is not None and day > self.sources_end_on

    def last_recorded_on(self, last_entry_on: datetime.date | None) -> datetime.date:
        """The last day anything was recorded: the latest progress entry (``last_entry_on``,
        None for none), change of status or the opening."""
        return max(d for d in (last_entry_on, self.status_changed_on, self.opened_on) if d)

    def is_stale(self, last_entry_on: datetime.date | None, today: datetime.date) -> bool:
        """Open, its sources not ended, and nothing recorded for ``STALE_AFTER_MONTHS``."""
        if not self.is_open or self.sources_ended_by(today):
            return False
        latest = self.last_recorded_on(last_entry_on)
        return whole_months_between(latest, today) >= STALE_AFTER_MONTHS

    @property
    def exit_text(self) -> str:
        """ "Closed 30 June 2018: direction revoked", or "" while open."""
        if self.closed_on is None:
            return ""
        text = f"Closed {govuk_date(self.closed_on)}"
        reason = self.get_exit_reason_display()
        return f"{text}: {reason[0].lower()}{reason[1:]}" if reason else text

    def reporting_duties(self) -> list[duties.Duty]:
        """Who owes reports on this intervention, from when to when (see ``duties``)."""
        return duties.duties(self)

    def report_periods(self, until: datetime.date) -> list[duties.ReportPeriod]:
        """Every reporting period of every duty begun on or before ``until``."""
        return duties.report_periods(self, until)

    def last_ended_report_period(self, day: datetime.date) -> duties.ReportPeriod | None:
        """The reporting period to have ended last before ``day`` (None if none has)."""
        return duties.last_ended_period(self, day)

    def next_report_due(self, today: datetime.date | None = None) -> datetime.date | None:
        """When the next report is due (None when no duty owes one)."""
        return duties.next_due(self, today or timezone.localdate())

    def open_direction(self) -> "StatutoryDirection | None":
        return self.directions.open().order_by("-issued_on").first()

    def next_direction_review(self) -> datetime.date | None:
        direction = self.open_direction()
        return direction.next_review_on if direction else None

    def latest_ratings(self) -> dict["Theme", "ThemeRating"]:
        """Each theme's most recent rating in this intervention, in theme order."""
        from .progress import ThemeRating  # it refers to this model: imported when asked

        ratings = ThemeRating.objects.filter(entry__intervention=self).select_related("theme")
        by_theme = ratings.latest_by_theme().values()
        return {r.theme: r for r in sorted(by_theme, key=lambda r: (r.theme.order, r.theme.name))}


class StatusChange(Sourced):
    """One dated move of an intervention from one status to another, with who and why."""

    intervention = models.ForeignKey(
        Intervention, on_delete=models.PROTECT, related_name="status_changes"
    )
    from_status = models.CharField(
        max_length=20,
        choices=Intervention.Status.choices,
        blank=True,
        help_text="Empty for the status an intervention opened with",
    )
    to_status = models.CharField(max_length=20, choices=Intervention.Status.choices)
    changed_on = models.DateField()
    reason = models.TextField()
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    recorded_at = models.DateTimeField(default=timezone.now, editable=False)

    objects = InterventionRecordQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["changed_on", "recorded_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(from_status=F("to_status")),
                name="status_change_changes_status",
                violation_error_message="Choose a status different from the current one",
            ),
            models.CheckConstraint(
                condition=~Q(reason=""),
                name="status_change_has_reason",
                violation_error_message="Enter a reason for the change of status",
            ),
        ]

    def __str__(self):
        before = self.get_from_status_display() or "opened"
        return f"{before} → {self.get_to_status_display()} on {self.changed_on}"
