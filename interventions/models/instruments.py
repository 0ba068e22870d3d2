"""The instruments DfE issues: improvement notices and statutory directions."""

import datetime

from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import F, Q

from core.models import Sourced
from core.temporal import HistoricalRecords

from .base import Versioned
from .intervention import Intervention, InterventionRecordQuerySet


class InstrumentQuerySet(InterventionRecordQuerySet):
    """Notices and directions: both are revised (replaced) and finally ended."""

    def open(self):
        return self.filter(revised_on__isnull=True, **{f"{self.model.END_FIELD}__isnull": True})

    def in_force_on(self, day: datetime.date):
        end = self.model.END_FIELD
        return self.filter(issued_on__lte=day).filter(
            Q(revised_on__isnull=True) | Q(revised_on__gt=day),
            Q(**{f"{end}__isnull": True}) | Q(**{f"{end}__gt": day}),
        )


class Instrument(Versioned, Sourced):
    """What a notice and a direction share: issued on a day, reviewed, revised by a new one
    that supersedes it, and finally ended on ``END_FIELD`` (lifted or revoked)."""

    END_FIELD = ""  # the date the instrument ended on: lifted_on, revoked_on
    # The terms it is issued with, which a revision carries over unless it changes them (a
    # review date and notes are each one's own).
    TERMS: tuple[str, ...] = ("requirements", "next_review_on", "notes")

    issued_on = models.DateField()
    requirements = models.TextField(blank=True, help_text="What it requires, in words")
    next_review_on = models.DateField(null=True, blank=True)
    revised_on = models.DateField(
        null=True, blank=True, help_text="The day a revised one replaced this one"
    )
    supersedes = models.OneToOneField(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="superseded_by"
    )
    notes = models.TextField(blank=True)

    objects = InstrumentQuerySet.as_manager()

    class Meta:
        abstract = True
        ordering = ["issued_on", "pk"]

    @property
    def ended_on(self) -> datetime.date | None:
        """The day it was lifted or revoked (None while not)."""
        return getattr(self, self.END_FIELD)

    @property
    def is_open(self) -> bool:
        return self.revised_on is None and self.ended_on is None

    def is_in_force_on(self, day: datetime.date) -> bool:
        ended = self.revised_on or self.ended_on
        return self.issued_on <= day and (ended is None or day < ended)


def instrument_constraints(prefix: str, end: str, noun: str, ended: str) -> list:
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


class ImprovementNotice(Instrument):
    """A non-statutory improvement notice; revising one issues a new notice that supersedes it."""

    END_FIELD = "lifted_on"
    TERMS = ("adviser", "review_every_months", *Instrument.TERMS)

    intervention = models.ForeignKey(Intervention, on_delete=models.PROTECT, related_name="notices")
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
    lifted_on = models.DateField(null=True, blank=True)

    history = HistoricalRecords()

    class Meta(Instrument.Meta):
        constraints = instrument_constraints("notice", "lifted_on", "notice", "lifted")

    def __str__(self):
        return f"Improvement notice to {self.intervention.authority}, {self.issued_on:%B %Y}"


class StatutoryDirection(Instrument):
    """A direction from the Secretary of State; revising one issues a new direction."""

    END_FIELD = "revoked_on"
    TERMS = (
        "legal_basis",
        "requires_commissioner",
        "requires_improvement_partner",
        "requires_trust",
        "requires_other_authority",
        "requirements",
        "expires_on",
        "next_review_on",
        "notes",
    )

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
    expires_on = models.DateField(
        null=True, blank=True, help_text="For a direction with a fixed term, such as five years"
    )
    revoked_on = models.DateField(null=True, blank=True)

    history = HistoricalRecords()

    class Meta(Instrument.Meta):
        constraints = [
            *instrument_constraints("direction", "revoked_on", "direction", "revoked"),
            models.CheckConstraint(
                condition=Q(expires_on__isnull=True) | Q(expires_on__gt=F("issued_on")),
                name="direction_expires_after_issued",
                violation_error_message="The expiry date must be after the issue date",
            ),
        ]

    def __str__(self):
        return f"Statutory direction to {self.intervention.authority}, {self.issued_on:%B %Y}"

    @property
    def requirement_labels(self) -> list[str]:
        flags = [
            "requires_commissioner",
            "requires_improvement_partner",
            "requires_trust",
            "requires_other_authority",
        ]
        return [str(self._meta.get_field(f).verbose_name) for f in flags if getattr(self, f)]
