"""Actions raised in an intervention, with owners and due dates."""

import datetime

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Case, F, Q, Value, When
from django.utils import timezone

from core import roles
from core.models import Sourced
from core.temporal import HistoricalRecords

from .base import Versioned
from .boards import BoardMeeting
from .intervention import Intervention, InterventionRecordQuerySet
from .progress import ProgressEntry


def overdue_on(today: datetime.date) -> Q:
    """Open and due before ``today`` (``Action.is_overdue`` in memory)."""
    return Q(status=Action.Status.OPEN, due_on__lt=today)


class ActionQuerySet(InterventionRecordQuerySet):
    def open(self) -> "ActionQuerySet":
        return self.filter(status=Action.Status.OPEN)

    def overdue(self, today: datetime.date | None = None) -> "ActionQuerySet":
        return self.filter(overdue_on(today or timezone.localdate()))

    def needing_attention_first(self, today: datetime.date) -> "ActionQuerySet":
        """Open before done or dropped, overdue first among them, then by due date (none
        last), then as recorded; each marked ``overdue`` (``Action.is_overdue``)."""
        return self.annotate(
            overdue=Case(When(overdue_on(today), then=Value(True)), default=Value(False)),
        ).order_by(
            Case(When(status=Action.Status.OPEN, then=Value(0)), default=Value(1)),
            F("overdue").desc(),
            F("due_on").asc(nulls_last=True),
            "pk",
        )

    def owner_to_remind(self, today: datetime.date | None = None) -> "ActionQuerySet":
        """Overdue actions whose owner has an account and has not been reminded since the
        action fell due."""
        return (
            self.overdue(today)
            .filter(owner_user__isnull=False, owner_user__is_active=True)
            .exclude(owner_user__email="")
            .filter(Q(owner_reminded_on__isnull=True) | Q(owner_reminded_on__lte=F("due_on")))
        )


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
    # An owner with an account, who is reminded when the action is overdue; ``owner`` then
    # holds their name (the free text stays for people outside the service).
    owner_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    # The day the owner was last reminded that it is overdue (one reminder per due date).
    owner_reminded_on = models.DateField(null=True, blank=True, editable=False)
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

    @staticmethod
    def possible_owners(intervention: Intervention):
        """The accounts an action of ``intervention`` can be given to: the commissioners
        appointed to it now, DfE officials and admins (active accounts, by name)."""
        users = get_user_model().objects.filter(is_active=True)
        appointed = intervention.appointments.current().values("commissioner__user")
        officials = Q(groups__name__in=[roles.DFE_OFFICIAL, roles.ADMIN])
        return (
            users.filter(Q(pk__in=appointed) | officials)
            .distinct()
            .order_by("first_name", "last_name", "username")
        )

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
