"""Improvement boards and their meetings."""

from django.db import models
from django.db.models import F, Q

from core.models import Sourced
from core.temporal import HistoricalRecords

from .base import Versioned
from .intervention import Intervention, InterventionRecordQuerySet


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

    objects = InterventionRecordQuerySet.as_manager()
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

    INTERVENTION = "board__intervention"

    board = models.ForeignKey(ImprovementBoard, on_delete=models.PROTECT, related_name="meetings")
    held_on = models.DateField()
    attendees = models.TextField(blank=True)
    decisions = models.TextField(blank=True)
    notes = models.TextField(blank=True)

    objects = InterventionRecordQuerySet.as_manager()
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
