"""Commissioners and their appointments to interventions."""

import datetime

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone

from core.models import Sourced
from core.temporal import HistoricalRecords

from .base import Versioned
from .intervention import Intervention, InterventionRecordQuerySet


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


class AppointmentQuerySet(InterventionRecordQuerySet):
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
