"""Improvement partnerships and the partner days they use."""

import datetime
from collections import defaultdict
from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import NamedTuple

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import F, Q, Sum

from core.models import Sourced
from core.temporal import HistoricalRecords

from ..duties import add_months
from .base import DeliveryModel, Versioned
from .instruments import StatutoryDirection
from .intervention import Intervention, InterventionRecordQuerySet


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

    objects = InterventionRecordQuerySet.as_manager()
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

    def year_containing(self, day: datetime.date) -> tuple[datetime.date, datetime.date]:
        """The partnership year (twelve months from its start, and so on) that contains ``day``:
        its first year before it starts, its last once it has ended; cut short at its end."""
        until = min(day, self.ends_on) if self.ends_on else day
        start = self.starts_on
        for year in range(max(0, until.year - self.starts_on.year + 1), 0, -1):
            if add_months(self.starts_on, 12 * year) <= until:
                start = add_months(self.starts_on, 12 * year)
                break
        end = add_months(start, 12) - datetime.timedelta(days=1)
        return start, min(end, self.ends_on) if self.ends_on else end

    def day_usage(
        self, start: datetime.date, end: datetime.date, logs: Iterable | None = None
    ) -> DayUsage:
        """Days used from ``start`` to ``end`` (inclusive) against the pro-rata allowance. The days
        are summed in memory from ``logs`` (rows with ``days`` and ``worked_on``, such as a
        report's snapshot) or else from the partnership's own day logs, prefetched or not.
        ``days_logged`` sums the same in SQL, for many partnerships at once."""
        logs = self.day_logs.all() if logs is None else logs
        used = sum((log.days for log in logs if start <= log.worked_on <= end), Decimal("0"))
        return DayUsage(used, self.days_allowed(start, end))


class PartnerDayLog(Sourced):
    """Days of partner support given on a date, counted against the partnership's allowance."""

    INTERVENTION = "partnership__intervention"

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

    objects = InterventionRecordQuerySet.as_manager()
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


def days_logged(
    spans: Mapping[int, tuple[datetime.date, datetime.date]],
) -> dict[tuple[int, bool], Decimal]:
    """{(partnership id, illustrative): days} logged by each partnership from ``start`` to
    ``end`` (inclusive, as ``day_usage`` counts them) of its span in ``spans``: summed in SQL,
    one query for them all (a partnership's day logs grow with its life). Missing keys are 0."""
    sums: dict[tuple[int, bool], Decimal] = defaultdict(Decimal)
    if not spans:
        return sums
    in_span = Q()
    for pk, (start, end) in spans.items():
        in_span |= Q(partnership_id=pk, worked_on__range=(start, end))
    logged = (
        PartnerDayLog.objects.filter(in_span)
        .values("partnership_id", "illustrative")
        .annotate(days=Sum("days"))
        .order_by()
    )
    for row in logged:
        sums[row["partnership_id"], row["illustrative"]] += row["days"]
    return sums
