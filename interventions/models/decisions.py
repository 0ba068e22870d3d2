"""Alternative delivery model (ADM) assessments and ministerial decisions."""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q

from core.models import Sourced
from core.temporal import HistoricalRecords

from .base import DeliveryModel, Versioned
from .intervention import Intervention, InterventionRecordQuerySet


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

    objects = InterventionRecordQuerySet.as_manager()
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

    INTERVENTION = "assessment__intervention"

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

    objects = InterventionRecordQuerySet.as_manager()
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

    objects = InterventionRecordQuerySet.as_manager()
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
