"""DfE interventions in children's services: the intervention and everything recorded about it.

An intervention follows the lifecycle in DOMAIN.md (trigger, notice or direction, commissioner,
initial review, the Minister's decision, implementation, monitoring, exit). Every model here is
history-tracked; key dates and statuses change only with a reason (see ``services.py``).
"""

import datetime
import secrets
from decimal import Decimal
from typing import NamedTuple

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords

from core import roles
from core.models import Sourced
from inspections.models import format_date

from . import duties
from .duties import whole_months_between

# ---------------------------------------------------------------------------------------------
# Building blocks


class Versioned(models.Model):
    """A row whose ``version`` goes up by one on every save, for optimistic locking in forms.

    A form carries the version it was built from; a save whose version no longer matches the
    database is a lost update (the later optimistic-locking issue checks this in services).
    """

    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if not self._state.adding:
            self.version += 1
        super().save(*args, **kwargs)


# An open intervention with nothing recorded for this long is stale.
STALE_AFTER_MONTHS = 6


class DeliveryModel(models.TextChoices):
    """How children's services are run or supported: shared by partnerships and ADM options.

    One list, not one per model, because an ADM option, a recommendation and the partnership
    that implements it must use the same words for the same thing.
    """

    RETAIN = "retain", "Council keeps its services, with support"
    RUNS_SERVICES = "runs_services", "Another authority runs the services"
    EXPERT_ADVISER = "expert_adviser", "Expert adviser"
    IMPROVEMENT_PARTNER = "improvement_partner", "Improvement partner"
    ADM_PARTNERSHIP = "adm_partnership", "Inter-authority partnership (ADM)"
    CHILDRENS_TRUST = "childrens_trust", "Children's trust"
    INTEGRATED_CARE = "integrated_care", "Integrated care organisation"
    OTHER = "other", "Other"


# ---------------------------------------------------------------------------------------------
# Policy data


class Theme(models.Model):
    """A theme that progress is rated against (RAG); policy data, changed through history."""

    code = models.SlugField(max_length=50, unique=True, help_text="A stable name for loaders")
    name = models.CharField(max_length=100, unique=True)
    description = models.TextField(blank=True)
    order = models.PositiveSmallIntegerField(default=0)
    active = models.BooleanField(
        default=True, help_text="Inactive themes keep their past ratings but take no new ones"
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["order", "name"]

    def __str__(self):
        return self.name


# ---------------------------------------------------------------------------------------------
# The intervention


class InterventionQuerySet(models.QuerySet):
    def open(self) -> "InterventionQuerySet":
        return self.filter(closed_on__isnull=True)

    def closed(self) -> "InterventionQuerySet":
        return self.filter(closed_on__isnull=False)

    def with_duties(self) -> "InterventionQuerySet":
        """With what each one's reporting duties are worked out from, in three queries."""
        return self.prefetch_related(*duties.RELATIONS)

    def visible_to(self, user) -> "InterventionQuerySet":
        """DfE officials and admins see every intervention; a commissioner sees those they are
        or were appointed to; anyone else sees none."""
        if not user.is_authenticated:
            return self.none()
        if roles.has_role(user, roles.ADMIN) or roles.has_role(user, roles.DFE_OFFICIAL):
            return self.all()
        if roles.has_role(user, roles.COMMISSIONER):
            return self.filter(
                pk__in=CommissionerAppointment.objects.filter(commissioner__user=user).values(
                    "intervention_id"
                )
            )
        return self.none()

    def editable_by(self, user, today: datetime.date | None = None) -> "InterventionQuerySet":
        """Admins edit everything; officials edit open interventions; a commissioner edits the
        open interventions of their current appointments (past appointments are read-only)."""
        if not user.is_authenticated:
            return self.none()
        if roles.has_role(user, roles.ADMIN):
            return self.all()
        if roles.has_role(user, roles.DFE_OFFICIAL):
            return self.open()
        if roles.has_role(user, roles.COMMISSIONER):
            current = CommissionerAppointment.objects.current(today).filter(commissioner__user=user)
            return self.open().filter(pk__in=current.values("intervention_id"))
        return self.none()

    def with_dashboard(self) -> "InterventionQuerySet":
        """Annotate what the national dashboard shows, in one query whatever the row count:
        current commissioner, next direction review, latest entry date, and RAG counts over
        each intervention's latest rating per theme."""
        current = CommissionerAppointment.objects.current().filter(
            intervention=models.OuterRef("pk")
        )
        open_direction = StatutoryDirection.objects.open().filter(
            intervention=models.OuterRef("pk")
        )
        latest = ThemeRating.objects.latest_per_theme().filter(
            entry__intervention=models.OuterRef("pk")
        )
        counts = {
            f"rag_{rag}": models.Subquery(
                latest.filter(rag=rag)
                .order_by()
                .values("entry__intervention")
                .annotate(n=models.Count("pk"))
                .values("n"),
                output_field=models.IntegerField(),
            )
            for rag in ThemeRating.Rag.values
        }
        return self.select_related("authority").annotate(
            current_commissioner_name=models.Subquery(
                current.order_by("-starts_on").values("commissioner__name")[:1]
            ),
            next_direction_review_on=models.Subquery(
                open_direction.order_by("-issued_on").values("next_review_on")[:1]
            ),
            last_entry_on=models.Max("progress_entries__occurred_on"),
            **counts,
        )


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
        permissions = [("view_all_interventions", "Can see every intervention")]

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
        text = f"Closed {format_date(self.closed_on)}"
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

    def current_commissioners(self, today: datetime.date | None = None):
        return Commissioner.objects.filter(
            appointments__in=self.appointments.current(today)
        ).distinct()

    def latest_ratings(self) -> dict["Theme", "ThemeRating"]:
        """Each theme's most recent rating in this intervention, in theme order."""
        ratings = (
            ThemeRating.objects.latest_per_theme()
            .filter(entry__intervention=self)
            .select_related("theme", "entry")
            .order_by("theme__order", "theme__name")
        )
        return {rating.theme: rating for rating in ratings}

    def rag_summary(self) -> dict[str, int]:
        """How many themes are currently red, amber and green."""
        summary = dict.fromkeys(ThemeRating.Rag.values, 0)
        for rating in self.latest_ratings().values():
            summary[rating.rag] += 1
        return summary


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


# ---------------------------------------------------------------------------------------------
# Notices and directions


class DirectionQuerySet(models.QuerySet):
    """Shared by notices and directions: both are revised (replaced) and finally ended."""

    def open(self):
        return self.filter(revised_on__isnull=True, **{f"{self.model.END_FIELD}__isnull": True})

    def in_force_on(self, day: datetime.date):
        end = self.model.END_FIELD
        return self.filter(issued_on__lte=day).filter(
            Q(revised_on__isnull=True) | Q(revised_on__gt=day),
            Q(**{f"{end}__isnull": True}) | Q(**{f"{end}__gt": day}),
        )


def _direction_constraints(prefix: str, end: str, noun: str, ended: str) -> list:
    """Dates in order and one open instrument per intervention, for notices and directions."""
    return [
        models.CheckConstraint(
            condition=Q(revised_on__isnull=True) | Q(revised_on__gte=F("issued_on")),
            name=f"{prefix}_revised_after_issued",
            violation_error_message="The revision date must be on or after the issue date",
        ),
        models.CheckConstraint(
            condition=Q(**{f"{end}__isnull": True}) | Q(**{f"{end}__gte": F("issued_on")}),
            name=f"{prefix}_{end}_after_issued",
            violation_error_message=f"The date the {noun} was {ended} must be on or after the"
            " issue date",
        ),
        models.CheckConstraint(
            condition=Q(next_review_on__isnull=True) | Q(next_review_on__gte=F("issued_on")),
            name=f"{prefix}_review_after_issued",
            violation_error_message="The next review must be on or after the issue date",
        ),
        models.CheckConstraint(
            condition=Q(revised_on__isnull=True) | Q(**{f"{end}__isnull": True}),
            name=f"{prefix}_revised_or_{end}_not_both",
            violation_error_message=f"A {noun} is either revised or {ended}, not both",
        ),
        models.CheckConstraint(
            condition=~Q(supersedes=F("pk")),
            name=f"{prefix}_does_not_supersede_itself",
            violation_error_message=f"A {noun} cannot supersede itself",
        ),
        models.UniqueConstraint(
            fields=["intervention"],
            condition=Q(revised_on__isnull=True, **{f"{end}__isnull": True}),
            name=f"one_open_{prefix}_per_intervention",
            violation_error_message=f"This intervention already has a {noun} in force",
        ),
    ]


class ImprovementNotice(Versioned, Sourced):
    """A non-statutory improvement notice; revising one issues a new notice that supersedes it."""

    END_FIELD = "lifted_on"

    intervention = models.ForeignKey(Intervention, on_delete=models.PROTECT, related_name="notices")
    issued_on = models.DateField()
    requirements = models.TextField(blank=True, help_text="What the notice requires")
    adviser = models.CharField(
        max_length=200,
        blank=True,
        help_text="The improvement adviser DfE appointed, if any: they review progress for DfE"
        " officials",
    )
    review_every_months = models.PositiveSmallIntegerField(
        default=6,
        validators=[MinValueValidator(1)],
        help_text="How often the adviser's review is due, in months",
    )
    next_review_on = models.DateField(null=True, blank=True)
    revised_on = models.DateField(
        null=True, blank=True, help_text="The day a revised notice replaced this one"
    )
    lifted_on = models.DateField(null=True, blank=True)
    supersedes = models.OneToOneField(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="superseded_by"
    )
    notes = models.TextField(blank=True)

    objects = DirectionQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["issued_on", "pk"]
        constraints = _direction_constraints("notice", "lifted_on", "notice", "lifted")

    def __str__(self):
        return f"Improvement notice to {self.intervention.authority}, {self.issued_on:%B %Y}"

    @property
    def is_open(self) -> bool:
        return self.revised_on is None and self.lifted_on is None

    def is_in_force_on(self, day: datetime.date) -> bool:
        ended = self.revised_on or self.lifted_on
        return self.issued_on <= day and (ended is None or day < ended)


class StatutoryDirection(Versioned, Sourced):
    """A direction from the Secretary of State; revising one issues a new direction."""

    END_FIELD = "revoked_on"

    class LegalBasis(models.TextChoices):
        S497A = (
            "s497a",
            "Section 497A Education Act 1996, as applied by section 50 Children Act 2004",
        )
        OTHER = "other", "Other"

    intervention = models.ForeignKey(
        Intervention, on_delete=models.PROTECT, related_name="directions"
    )
    legal_basis = models.CharField(
        max_length=10, choices=LegalBasis.choices, default=LegalBasis.S497A
    )
    requires_commissioner = models.BooleanField(
        "requires co-operation with a commissioner", default=False
    )
    requires_improvement_partner = models.BooleanField(
        "requires working with an improvement partner", default=False
    )
    requires_trust = models.BooleanField(
        "requires transfer of functions to a children's trust", default=False
    )
    requires_other_authority = models.BooleanField(
        "requires transfer of functions to another authority", default=False
    )
    requirements = models.TextField(blank=True, help_text="What the direction requires, in words")
    issued_on = models.DateField()
    expires_on = models.DateField(
        null=True, blank=True, help_text="For a direction with a fixed term, such as five years"
    )
    next_review_on = models.DateField(null=True, blank=True)
    revised_on = models.DateField(
        null=True, blank=True, help_text="The day a revised direction replaced this one"
    )
    revoked_on = models.DateField(null=True, blank=True)
    supersedes = models.OneToOneField(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="superseded_by"
    )
    notes = models.TextField(blank=True)

    objects = DirectionQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["issued_on", "pk"]
        constraints = [
            *_direction_constraints("direction", "revoked_on", "direction", "revoked"),
            models.CheckConstraint(
                condition=Q(expires_on__isnull=True) | Q(expires_on__gt=F("issued_on")),
                name="direction_expires_after_issued",
                violation_error_message="The expiry date must be after the issue date",
            ),
        ]

    def __str__(self):
        return f"Statutory direction to {self.intervention.authority}, {self.issued_on:%B %Y}"

    @property
    def is_open(self) -> bool:
        return self.revised_on is None and self.revoked_on is None

    def is_in_force_on(self, day: datetime.date) -> bool:
        ended = self.revised_on or self.revoked_on
        return self.issued_on <= day and (ended is None or day < ended)

    @property
    def requirement_labels(self) -> list[str]:
        flags = [
            "requires_commissioner",
            "requires_improvement_partner",
            "requires_trust",
            "requires_other_authority",
        ]
        return [str(self._meta.get_field(f).verbose_name) for f in flags if getattr(self, f)]


# ---------------------------------------------------------------------------------------------
# Commissioners


class Commissioner(Versioned):
    """A person the Minister appoints; linked to a user account only if they sign in."""

    name = models.CharField(max_length=150)
    title = models.CharField(
        max_length=200,
        blank=True,
        help_text="For example, Chief Executive, Hampshire County Council",
    )
    organisation = models.CharField(max_length=200, blank=True)
    email = models.EmailField(blank=True)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="commissioner",
        help_text="The account this commissioner signs in with, if they have one",
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["name", "pk"]

    def __str__(self):
        return self.name


class AppointmentQuerySet(models.QuerySet):
    def current(self, today: datetime.date | None = None) -> "AppointmentQuerySet":
        today = today or timezone.localdate()
        return self.filter(starts_on__lte=today).filter(
            Q(ends_on__isnull=True) | Q(ends_on__gte=today)
        )


class CommissionerAppointment(Versioned, Sourced):
    """A commissioner's appointment to one intervention, from a start date to an end date."""

    intervention = models.ForeignKey(
        Intervention, on_delete=models.PROTECT, related_name="appointments"
    )
    commissioner = models.ForeignKey(
        Commissioner, on_delete=models.PROTECT, related_name="appointments"
    )
    starts_on = models.DateField()
    ends_on = models.DateField(null=True, blank=True)
    appointed_by = models.CharField(
        max_length=200, blank=True, help_text="For example, Minister for Children and Families"
    )
    notes = models.TextField(blank=True)

    objects = AppointmentQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["starts_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=F("starts_on")),
                name="appointment_ends_after_start",
                violation_error_message="The appointment must end on or after the day it starts",
            ),
            models.UniqueConstraint(
                fields=["intervention", "commissioner", "starts_on"],
                name="unique_appointment_start",
                violation_error_message="This appointment is already recorded",
            ),
        ]

    def __str__(self):
        return f"{self.commissioner} for {self.intervention.authority} from {self.starts_on}"

    def is_current(self, today: datetime.date | None = None) -> bool:
        today = today or timezone.localdate()
        return self.starts_on <= today and (self.ends_on is None or self.ends_on >= today)


# ---------------------------------------------------------------------------------------------
# Improvement partnerships


class DayUsage(NamedTuple):
    """Partner days used in a period against the pro-rata allowance (None if no allowance)."""

    used: Decimal
    allowed: Decimal | None

    @property
    def remaining(self) -> Decimal | None:
        return None if self.allowed is None else self.allowed - self.used


class ImprovementPartnership(Versioned, Sourced):
    """A stronger authority supporting a weaker one, directed or voluntary."""

    class LegalBasis(models.TextChoices):
        DIRECTED = "directed", "Directed"
        VOLUNTARY = "voluntary", "Voluntary"

    supporting = models.ForeignKey(
        "authorities.LocalAuthority",
        on_delete=models.PROTECT,
        related_name="partnerships_supporting",
        verbose_name="supporting authority",
    )
    supported = models.ForeignKey(
        "authorities.LocalAuthority",
        on_delete=models.PROTECT,
        related_name="partnerships_supported",
        verbose_name="supported authority",
    )
    intervention = models.ForeignKey(
        Intervention,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="partnerships",
    )
    direction = models.ForeignKey(
        StatutoryDirection,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="partnerships",
        help_text="The direction a directed partnership is made under",
    )
    model = models.CharField(max_length=30, choices=DeliveryModel.choices)
    legal_basis = models.CharField(max_length=10, choices=LegalBasis.choices)
    starts_on = models.DateField()
    ends_on = models.DateField(null=True, blank=True)
    break_clauses = models.TextField(blank=True)
    day_allowance_per_year = models.DecimalField(
        max_digits=7,
        decimal_places=2,
        null=True,
        blank=True,
        help_text="Days of support a year, such as 200",
    )
    day_rate = models.DecimalField(
        max_digits=9, decimal_places=2, null=True, blank=True, help_text="Pounds a day"
    )
    annual_budget = models.DecimalField(
        max_digits=12, decimal_places=2, null=True, blank=True, help_text="Pounds a year"
    )
    overhead_percent = models.DecimalField(
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        help_text="An overhead charge on top, as a percentage (the Isle of Wight paid 15%)",
    )
    funded_by = models.CharField(max_length=200, blank=True, help_text="For example, DfE")
    heads_of_terms = models.TextField(blank=True, help_text="Including performance outputs")
    notes = models.TextField(blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["starts_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(supporting=F("supported")),
                name="partnership_supporting_is_not_supported",
                violation_error_message=(
                    "The supporting and supported authorities must be different"
                ),
            ),
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=F("starts_on")),
                name="partnership_ends_after_start",
                violation_error_message="The partnership must end on or after the day it starts",
            ),
            models.CheckConstraint(
                condition=Q(day_allowance_per_year__isnull=True) | Q(day_allowance_per_year__gt=0),
                name="partnership_day_allowance_positive",
                violation_error_message="Enter a day allowance greater than 0",
            ),
            models.CheckConstraint(
                condition=Q(day_rate__isnull=True) | Q(day_rate__gte=0),
                name="partnership_day_rate_not_negative",
                violation_error_message="Enter a day rate of 0 or more",
            ),
            models.CheckConstraint(
                condition=Q(annual_budget__isnull=True) | Q(annual_budget__gte=0),
                name="partnership_budget_not_negative",
                violation_error_message="Enter an annual budget of 0 or more",
            ),
            models.CheckConstraint(
                condition=Q(overhead_percent__isnull=True) | Q(overhead_percent__gte=0),
                name="partnership_overhead_not_negative",
                violation_error_message="Enter an overhead of 0 or more",
            ),
        ]

    def __str__(self):
        return f"{self.supporting} supporting {self.supported} ({self.get_model_display()})"

    def clean(self):
        errors = {}
        if self.intervention_id and self.intervention.authority_id != self.supported_id:
            errors["intervention"] = "Choose an intervention in the supported authority"
        if self.direction_id and self.direction.intervention_id != self.intervention_id:
            errors["direction"] = "Choose a direction of the same intervention"
        if errors:
            raise ValidationError(errors)

    def is_active_on(self, day: datetime.date) -> bool:
        return self.starts_on <= day and (self.ends_on is None or day <= self.ends_on)

    def days_used(self, start: datetime.date, end: datetime.date) -> Decimal:
        total = self.day_logs.filter(worked_on__range=(start, end)).aggregate(
            total=models.Sum("days")
        )["total"]
        return total or Decimal("0")

    def days_allowed(self, start: datetime.date, end: datetime.date) -> Decimal | None:
        """The yearly allowance pro rata for the part of ``start``–``end`` the partnership ran."""
        if self.day_allowance_per_year is None:
            return None
        start = max(start, self.starts_on)
        end = min(end, self.ends_on) if self.ends_on else end
        if end < start:
            return Decimal("0")
        days = Decimal((end - start).days + 1)
        return (self.day_allowance_per_year * days / Decimal(365)).quantize(Decimal("0.01"))

    def day_usage(self, start: datetime.date, end: datetime.date) -> DayUsage:
        return DayUsage(self.days_used(start, end), self.days_allowed(start, end))


class PartnerDayLog(Sourced):
    """Days of partner support given on a date, counted against the partnership's allowance."""

    partnership = models.ForeignKey(
        ImprovementPartnership, on_delete=models.PROTECT, related_name="day_logs"
    )
    worked_on = models.DateField()
    days = models.DecimalField(
        max_digits=5, decimal_places=2, validators=[MinValueValidator(Decimal("0.01"))]
    )
    description = models.TextField(blank=True)
    logged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["worked_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(days__gt=0),
                name="day_log_days_positive",
                violation_error_message="Enter a number of days greater than 0",
            ),
        ]

    def __str__(self):
        return f"{self.days} days on {self.worked_on}"

    def clean(self):
        partnership = self.partnership if self.partnership_id else None
        if partnership and self.worked_on and not partnership.is_active_on(self.worked_on):
            raise ValidationError(
                {"worked_on": "Enter a date within the partnership's start and end dates"}
            )


# ---------------------------------------------------------------------------------------------
# Improvement boards


class ImprovementBoard(Versioned, Sourced):
    """The children's improvement board that oversees an intervention's improvement plan."""

    intervention = models.ForeignKey(Intervention, on_delete=models.PROTECT, related_name="boards")
    name = models.CharField(max_length=200, default="Children's Improvement Board")
    chair_name = models.CharField(max_length=150, blank=True)
    independent_chair = models.BooleanField(default=False)
    chaired_by_commissioner = models.BooleanField(default=False)
    established_on = models.DateField(null=True, blank=True)
    stood_down_on = models.DateField(null=True, blank=True)
    notes = models.TextField(blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["established_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(stood_down_on__isnull=True)
                | Q(established_on__isnull=True)
                | Q(stood_down_on__gte=F("established_on")),
                name="board_stood_down_after_established",
                violation_error_message="The board must stand down on or after it was set up",
            ),
        ]

    def __str__(self):
        return f"{self.name}, {self.intervention.authority}"


class BoardMeeting(Versioned, Sourced):
    """One meeting of an improvement board: who came and what it decided."""

    board = models.ForeignKey(ImprovementBoard, on_delete=models.PROTECT, related_name="meetings")
    held_on = models.DateField()
    attendees = models.TextField(blank=True)
    decisions = models.TextField(blank=True)
    notes = models.TextField(blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["held_on", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["board", "held_on"],
                name="one_meeting_per_board_day",
                violation_error_message="This board already has a meeting on that day",
            ),
        ]

    def __str__(self):
        return f"{self.board.name} meeting on {self.held_on}"


# ---------------------------------------------------------------------------------------------
# Alternative delivery models and the Minister's decisions


class ADMAssessment(Versioned, Sourced):
    """The commissioner's test of the presumption: options considered and a recommendation."""

    intervention = models.ForeignKey(
        Intervention, on_delete=models.PROTECT, related_name="adm_assessments"
    )
    started_on = models.DateField()
    concluded_on = models.DateField(null=True, blank=True)
    presumption_applies = models.BooleanField(
        null=True, blank=True, help_text="Whether the presumption of removal applied (if known)"
    )
    compelling_reasons = models.TextField(
        blank=True, help_text="Reasons not to remove services, when the presumption is rebutted"
    )
    recommendation = models.TextField(blank=True)
    recommended_model = models.CharField(max_length=30, choices=DeliveryModel.choices, blank=True)
    recommended_partner = models.ForeignKey(
        "authorities.LocalAuthority",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="recommended_in_assessments",
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["started_on", "pk"]
        verbose_name = "ADM assessment"
        constraints = [
            models.CheckConstraint(
                condition=Q(concluded_on__isnull=True) | Q(concluded_on__gte=F("started_on")),
                name="adm_assessment_concluded_after_started",
                violation_error_message="The assessment must conclude on or after it started",
            ),
        ]

    def __str__(self):
        return f"ADM assessment for {self.intervention.authority}, {self.started_on:%B %Y}"


class ADMOption(Versioned, Sourced):
    """One option an ADM assessment weighed, with pros, cons and risks and what became of it."""

    class Outcome(models.TextChoices):
        CONSIDERED = "considered", "Considered"
        DISCOUNTED = "discounted", "Discounted"
        RECOMMENDED = "recommended", "Recommended"

    assessment = models.ForeignKey(ADMAssessment, on_delete=models.PROTECT, related_name="options")
    name = models.CharField(max_length=200)
    model = models.CharField(max_length=30, choices=DeliveryModel.choices)
    partner = models.ForeignKey(
        "authorities.LocalAuthority",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="adm_options",
        help_text="The authority this option would partner with, if any",
    )
    description = models.TextField(blank=True)
    pros = models.TextField(blank=True)
    cons = models.TextField(blank=True)
    risks = models.TextField(blank=True)
    outcome = models.CharField(max_length=12, choices=Outcome.choices, default=Outcome.CONSIDERED)
    outcome_on = models.DateField(null=True, blank=True)
    outcome_reason = models.TextField(blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["assessment", "pk"]
        verbose_name = "ADM option"
        constraints = [
            models.UniqueConstraint(
                fields=["assessment", "name"],
                name="unique_adm_option_name",
                violation_error_message="This assessment already has an option with that name",
            ),
            models.UniqueConstraint(
                fields=["assessment"],
                condition=Q(outcome="recommended"),
                name="one_recommended_option_per_assessment",
                violation_error_message="Another option is already recommended: only one can be",
            ),
            models.CheckConstraint(
                condition=~Q(outcome="discounted")
                | (Q(outcome_on__isnull=False) & ~Q(outcome_reason="")),
                name="adm_option_discounted_has_date_and_reason",
                violation_error_message="Enter the date and the reason the option was discounted",
            ),
        ]

    def __str__(self):
        return self.name


class MinisterialDecision(Versioned, Sourced):
    """What the Minister decided: minded to, then confirmed (or rejected)."""

    class Stage(models.TextChoices):
        MINDED_TO = "minded_to", "Minded to"
        CONFIRMED = "confirmed", "Confirmed"
        REJECTED = "rejected", "Rejected"

    intervention = models.ForeignKey(
        Intervention, on_delete=models.PROTECT, related_name="ministerial_decisions"
    )
    assessment = models.ForeignKey(
        ADMAssessment, on_delete=models.PROTECT, null=True, blank=True, related_name="decisions"
    )
    stage = models.CharField(max_length=10, choices=Stage.choices)
    decided_on = models.DateField()
    decided_by = models.CharField(
        max_length=200, blank=True, help_text="For example, Minister for Children and Families"
    )
    decision = models.TextField()
    next_update_due_on = models.DateField(null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["decided_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(next_update_due_on__isnull=True)
                | Q(next_update_due_on__gte=F("decided_on")),
                name="decision_update_due_after_decided",
                violation_error_message="The next update must be due on or after the decision",
            ),
            models.CheckConstraint(
                condition=~Q(decision=""),
                name="decision_has_text",
                violation_error_message="Enter the decision",
            ),
        ]

    def __str__(self):
        return f"{self.get_stage_display()} ({self.decided_on}), {self.intervention.authority}"

    def clean(self):
        if self.assessment_id and self.assessment.intervention_id != self.intervention_id:
            raise ValidationError({"assessment": "Choose an assessment of the same intervention"})


# ---------------------------------------------------------------------------------------------
# The commissioner's progress entries


class ProgressEntry(Versioned, Sourced):
    """Something the commissioner did or saw on a date, with RAG ratings by theme; or an event
    someone else brought about (``actor``: a council's Cabinet, Ofsted, DfE, an MP)."""

    class Kind(models.TextChoices):
        VISIT = "visit", "Visit"
        BOARD_MEETING = "board_meeting", "Board meeting"
        INTERVIEW = "interview", "Interview"
        CASE_AUDIT = "case_audit", "Case audit"
        DIAGNOSTIC = "diagnostic", "Diagnostic"
        PEER_REVIEW = "peer_review", "Peer review"
        LETTER = "letter", "Letter"
        EVENT = "event", "Event"

    # Kinds a commissioner records of their own work; an event has someone else as its actor.
    OWN_KINDS = tuple(filter(lambda kind: kind != "event", Kind))

    intervention = models.ForeignKey(
        Intervention, on_delete=models.PROTECT, related_name="progress_entries"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text="Empty for entries loaded from documents",
    )
    occurred_on = models.DateField()
    kind = models.CharField(max_length=20, choices=Kind.choices)
    summary = models.TextField()
    actor = models.CharField(
        max_length=200,
        blank=True,
        help_text="Who brought the event about, when not the commissioner: for example,"
        " Isle of Wight Council Cabinet",
    )
    board_meeting = models.ForeignKey(
        BoardMeeting,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="progress_entries",
    )
    locked_at = models.DateTimeField(
        null=True,
        blank=True,
        editable=False,
        help_text="Set when a submitted report includes this entry; it cannot change after",
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["occurred_on", "pk"]
        verbose_name_plural = "progress entries"
        constraints = [
            models.CheckConstraint(
                condition=~Q(summary=""),
                name="progress_entry_has_summary",
                violation_error_message="Enter a summary",
            ),
            models.CheckConstraint(
                condition=~Q(kind="event") | ~Q(actor=""),
                name="progress_event_has_actor",
                violation_error_message="Enter who brought the event about",
            ),
        ]
        # Newest first within an intervention, ties by id: the order the dashboard's latest
        # rating of each theme is found in, read from the index with no sort (issue #7).
        indexes = [
            models.Index(fields=["intervention", "occurred_on", "id"], name="entry_newest_first")
        ]

    def __str__(self):
        return f"{self.get_kind_display()} on {self.occurred_on}"

    @property
    def is_locked(self) -> bool:
        return self.locked_at is not None

    def clean(self):
        meeting = self.board_meeting if self.board_meeting_id else None
        if meeting and meeting.board.intervention_id != self.intervention_id:
            raise ValidationError(
                {"board_meeting": "Choose a meeting of this intervention's board"}
            )


class ThemeRatingQuerySet(models.QuerySet):
    def latest_per_theme(self) -> "ThemeRatingQuerySet":
        """Only the latest rating of each theme in each intervention (by entry date, then id)."""
        later = ThemeRating.objects.filter(
            theme=models.OuterRef("theme"),
            entry__intervention=models.OuterRef("entry__intervention"),
        ).filter(
            Q(entry__occurred_on__gt=models.OuterRef("entry__occurred_on"))
            | Q(
                entry__occurred_on=models.OuterRef("entry__occurred_on"),
                entry_id__gt=models.OuterRef("entry_id"),
            )
        )
        return self.filter(~models.Exists(later))


class ThemeRating(Versioned, Sourced):
    """A RAG rating of one theme in one progress entry, with its direction of travel."""

    class Rag(models.TextChoices):
        RED = "red", "Red"
        AMBER = "amber", "Amber"
        GREEN = "green", "Green"

    class Direction(models.TextChoices):
        IMPROVING = "improving", "Improving"
        NO_CHANGE = "no_change", "No change"
        DECLINING = "declining", "Declining"

    entry = models.ForeignKey(ProgressEntry, on_delete=models.PROTECT, related_name="ratings")
    theme = models.ForeignKey(Theme, on_delete=models.PROTECT, related_name="ratings")
    rag = models.CharField("RAG rating", max_length=5, choices=Rag.choices)
    direction = models.CharField("direction of travel", max_length=10, choices=Direction.choices)
    rationale = models.TextField(blank=True)

    objects = ThemeRatingQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["entry", "theme__order", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["entry", "theme"],
                name="one_rating_per_entry_theme",
                violation_error_message="This theme is already rated in this entry",
            ),
        ]

    def __str__(self):
        return f"{self.theme}: {self.get_rag_display()}"

    def previous_rating(self) -> "ThemeRating | None":
        """The same theme's rating in the latest earlier entry of the same intervention."""
        entry = self.entry
        earlier = Q(entry__occurred_on__lt=entry.occurred_on)
        if entry.pk:
            earlier |= Q(entry__occurred_on=entry.occurred_on, entry_id__lt=entry.pk)
        return (
            ThemeRating.objects.filter(
                theme_id=self.theme_id, entry__intervention_id=entry.intervention_id
            )
            .filter(earlier)
            .exclude(pk=self.pk)
            .order_by("-entry__occurred_on", "-entry_id")
            .first()
        )

    def rag_changed(self) -> bool:
        """True when the rating differs from the theme's previous rating (or is the first)."""
        previous = self.previous_rating()
        return previous is None or previous.rag != self.rag

    def clean(self):
        if self.theme_id and self.entry_id and not self.rationale.strip():
            previous = self.previous_rating()
            if previous is not None and previous.rag != self.rag:
                raise ValidationError(
                    {"rationale": "Enter a rationale for changing the rating of this theme"}
                )


# ---------------------------------------------------------------------------------------------
# Actions


class ActionQuerySet(models.QuerySet):
    def open(self) -> "ActionQuerySet":
        return self.filter(status=Action.Status.OPEN)

    def overdue(self, today: datetime.date | None = None) -> "ActionQuerySet":
        today = today or timezone.localdate()
        return self.open().filter(due_on__lt=today)


class Action(Versioned, Sourced):
    """Something someone must do, with an owner, a due date and where it came from."""

    class Status(models.TextChoices):
        OPEN = "open", "Open"
        DONE = "done", "Done"
        CANCELLED = "cancelled", "Cancelled"

    class Source(models.TextChoices):
        PROGRESS_ENTRY = "progress_entry", "Progress entry"
        BOARD_MEETING = "board_meeting", "Board meeting"
        REPORT = "report", "Report"
        REVIEW = "review", "Review"
        OTHER = "other", "Other"

    intervention = models.ForeignKey(Intervention, on_delete=models.PROTECT, related_name="actions")
    title = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    owner = models.CharField(max_length=200, blank=True, help_text="Who is responsible")
    owner_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    due_on = models.DateField(null=True, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)
    completed_on = models.DateField(null=True, blank=True)
    source = models.CharField(max_length=20, choices=Source.choices, default=Source.OTHER)
    source_entry = models.ForeignKey(
        ProgressEntry, on_delete=models.PROTECT, null=True, blank=True, related_name="actions"
    )
    source_meeting = models.ForeignKey(
        BoardMeeting, on_delete=models.PROTECT, null=True, blank=True, related_name="actions"
    )
    created_on = models.DateField(default=timezone.localdate)

    objects = ActionQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["due_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="done") | Q(completed_on__isnull=False),
                name="action_done_has_completed_date",
                violation_error_message="Enter the date the action was completed",
            ),
            models.CheckConstraint(
                condition=~Q(status="open") | Q(completed_on__isnull=True),
                name="action_open_has_no_completed_date",
                violation_error_message="Remove the completion date of an open action",
            ),
            models.CheckConstraint(
                condition=~Q(source="progress_entry") | Q(source_entry__isnull=False),
                name="action_from_entry_names_entry",
                violation_error_message="Choose the progress entry the action came from",
            ),
            models.CheckConstraint(
                condition=~Q(source="board_meeting") | Q(source_meeting__isnull=False),
                name="action_from_meeting_names_meeting",
                violation_error_message="Choose the board meeting the action came from",
            ),
        ]
        indexes = [models.Index(fields=["status", "due_on"])]

    def __str__(self):
        return self.title

    def is_overdue(self, today: datetime.date | None = None) -> bool:
        today = today or timezone.localdate()
        return self.status == self.Status.OPEN and self.due_on is not None and self.due_on < today

    def clean(self):
        errors = {}
        if self.source_entry_id and self.source_entry.intervention_id != self.intervention_id:
            errors["source_entry"] = "Choose a progress entry of the same intervention"
        meeting = self.source_meeting if self.source_meeting_id else None
        if meeting and meeting.board.intervention_id != self.intervention_id:
            errors["source_meeting"] = "Choose a meeting of this intervention's board"
        if errors:
            raise ValidationError(errors)


# ---------------------------------------------------------------------------------------------
# Evidence attached to progress entries


def evidence_upload_to(instance: "Evidence", filename: str) -> str:
    """A random name under ``evidence/``: nothing the uploader chose reaches the file system, and
    no name can be guessed. The original name is kept in the row, for the download."""
    return f"evidence/{secrets.token_hex(16)}"


class EvidenceQuerySet(models.QuerySet):
    def current(self) -> "EvidenceQuerySet":
        """Evidence not removed from its entry (removed files are kept for the audit trail)."""
        return self.filter(removed_at__isnull=True)


class Evidence(models.Model):
    """A file attached to a progress entry, stored under MEDIA_ROOT with a random name."""

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
