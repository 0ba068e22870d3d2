"""The commissioner's progress entries, rated by theme (RAG)."""

import datetime
from collections.abc import Iterable, Mapping
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q, Window
from django.db.models.functions import RowNumber

from core.models import Sourced
from core.temporal import HistoricalRecords

from .base import Versioned
from .boards import BoardMeeting
from .intervention import Intervention, InterventionRecordQuerySet


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

    objects = InterventionRecordQuerySet.as_manager()
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


# What "latest" means for ratings: the rating in the entry with the latest date, entries on
# the same day in the order they were recorded (by id). Written once, for SQL and for memory.
NEWEST_FIRST = ("-entry__occurred_on", "-entry_id")


def entry_rank(entry) -> tuple[datetime.date, int]:
    """Where an entry stands in the order ``NEWEST_FIRST`` reads backwards."""
    return (entry.occurred_on, entry.id)


def latest_ratings_among(
    ratings: Iterable, entries: Mapping[int, Any], until: datetime.date, per=None
) -> dict[Any, tuple[Any, Any]]:
    """In memory: {key: (rating, entry)} for the latest rating of each key among ``ratings``
    whose entry (looked up by ``entry_id`` in ``entries``) is dated by ``until``. The key is
    ``per(rating, entry)``, by default the theme. For rows read from the history (as at a day,
    or a report's snapshot); ``ThemeRatingQuerySet.latest_by_theme`` is the same in SQL."""
    per = per or (lambda rating, entry: rating.theme_id)
    latest: dict[Any, tuple[Any, Any]] = {}
    for rating in ratings:
        entry = entries.get(rating.entry_id)
        if entry is None or entry.occurred_on > until:
            continue
        key = per(rating, entry)
        if key not in latest or entry_rank(latest[key][1]) < entry_rank(entry):
            latest[key] = (rating, entry)
    return latest


class ThemeRatingQuerySet(InterventionRecordQuerySet):
    def dated_by(self, day: datetime.date) -> "ThemeRatingQuerySet":
        """Ratings in entries dated on or before ``day``."""
        return self.filter(entry__occurred_on__lte=day)

    def before(self, entry: "ProgressEntry") -> "ThemeRatingQuerySet":
        """Ratings that come before ``entry``: earlier days, and on its day the entries recorded
        before it (every one, for an entry not yet saved, which will be recorded last)."""
        if not entry.pk:
            return self.dated_by(entry.occurred_on)
        return self.exclude(entry_id=entry.pk).filter(
            Q(entry__occurred_on__lt=entry.occurred_on)
            | Q(entry__occurred_on=entry.occurred_on, entry_id__lt=entry.pk)
        )

    def newest_first(self) -> "ThemeRatingQuerySet":
        """Latest first (``NEWEST_FIRST``): the first row of a theme is its latest rating."""
        return self.order_by(*NEWEST_FIRST)

    def latest_by_theme(self) -> dict[int, "ThemeRating"]:
        """{theme id: its latest rating} among these ratings (one query, with the entry).

        The database numbers each theme's ratings newest first and returns the first of each:
        a long intervention's thousands of ratings are never made into objects."""
        newest = Window(RowNumber(), partition_by=F("theme_id"), order_by=NEWEST_FIRST)
        latest = self.select_related("entry").annotate(newest=newest).filter(newest=1)
        return {rating.theme_id: rating for rating in latest.order_by()}


class ThemeRating(Versioned, Sourced):
    """A RAG rating of one theme in one progress entry, with its direction of travel."""

    INTERVENTION = "entry__intervention"

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
        earlier = ThemeRating.objects.filter(
            theme_id=self.theme_id, entry__intervention_id=self.entry.intervention_id
        ).before(self.entry)
        return earlier.exclude(pk=self.pk).newest_first().first()

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
