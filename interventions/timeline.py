"""Everything that happened in an intervention, newest first, for the MoJ timeline.

Built from the records themselves (inspections of the authority, status changes, notices and
directions, appointments, partnerships, progress entries, board meetings, ADM assessments and
the Minister's decisions): one query per kind of record, whatever the number of rows.

Each item says where it comes from (``source``) and whether it is illustrative (no source gives
it), and so does each RAG rating among its details: the page marks them where they appear
(DOMAIN.md, "The records end where the sources end"). An event someone else brought about is
told under their name; a closing says why; a record loaded from documents shows where its
sources end.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import NamedTuple

from django.urls import reverse
from django.utils import timezone
from django.utils.text import Truncator

from core.dates import govuk_date
from inspections.models import Grade, Inspection

from .change_log import person
from .models import (
    ADMAssessment,
    BoardMeeting,
    Intervention,
    MinisterialDecision,
    ProgressEntry,
)

SUMMARY_WORDS = 40
# An event's title: who acted, and the start of what they did.
TITLE_WORDS = 12


class Detail(NamedTuple):
    """One line under an item (a judgement, a requirement, a RAG rating)."""

    text: str
    illustrative: bool = False


def _lines(texts) -> tuple[Detail, ...]:
    return tuple(Detail(text) for text in texts)


@dataclass(frozen=True)
class TimelineItem:
    date: datetime.date
    title: str
    byline: str = ""
    description: str = ""
    details: tuple[Detail, ...] = ()
    href: str = ""
    link_text: str = ""
    # Among items of one day: the order they happened in (a direction before the appointment
    # it requires); the timeline shows the latest first.
    rank: int = 0
    source: str = ""
    illustrative: bool = False
    # The record's end (its sources end here): shown apart from what happened.
    is_end: bool = False


# The sources' end comes after everything else recorded on its day.
END_RANK = 99


def _sourced(record) -> dict:
    """The provenance fields of a record that has them."""
    return {
        "source": getattr(record, "source", ""),
        "illustrative": getattr(record, "illustrative", False),
    }


def build(
    intervention: Intervention,
    inspections: Iterable[Inspection],
    today: datetime.date | None = None,
) -> list[TimelineItem]:
    """The intervention's whole timeline, newest first. ``inspections`` are the authority's,
    with their judgements prefetched (the summary reads the same list)."""
    return Timeline(intervention, inspections, today)[:]


class Timeline:
    """The timeline as a sequence a ``Paginator`` can page without reading it all.

    Progress entries and board meetings grow with an intervention's life; the other kinds are a
    handful of rows each. A slice reads only the newest entries and meetings it could need (its
    end), so page n costs n pages of those rows, never the whole log; the count is two COUNTs.
    """

    def __init__(
        self,
        intervention: Intervention,
        inspections: Iterable[Inspection],
        today: datetime.date | None = None,
    ):
        today = today or timezone.localdate()
        self.intervention = intervention
        self.few = [
            *_inspections(inspections),
            *_status_changes(intervention),
            *_instruments(intervention.notices.all(), "Improvement notice", "lifted"),
            *_instruments(intervention.directions.all(), "Statutory direction", "revoked"),
            *_appointments(intervention, today),
            *_partnerships(intervention, today),
            *_assessments(intervention),
            *_decisions(intervention),
            *_sources_end(intervention),
        ]

    def count(self) -> int:
        return (
            len(self.few)
            + _meeting_rows(self.intervention).count()
            + _entry_rows(self.intervention).count()
        )

    def __getitem__(self, window: slice) -> list[TimelineItem]:
        newest = window.stop
        items = [
            *self.few,
            *_meetings(self.intervention, newest),
            *_entries(self.intervention, newest),
        ]
        items.sort(key=lambda item: (item.date, item.rank), reverse=True)
        return items[window]


def _words(text: str) -> str:
    return Truncator(text or "").words(SUMMARY_WORDS, truncate=" …")


def grade_label(grade: str) -> str:
    return Grade(grade).label if grade in Grade.values else grade


def judgement_lines(inspection: Inspection) -> tuple[str, ...]:
    return tuple(
        f"{j.get_area_display()}: {grade_label(j.grade)}" for j in inspection.judgements_in_order()
    )


def _inspections(inspections: Iterable[Inspection]) -> Iterator[TimelineItem]:
    for inspection in inspections:
        day = inspection.publication_date or inspection.inspection_date
        if inspection.is_graded:
            overall = inspection.overall_grade
            verdict = " (Inadequate)" if inspection.is_inadequate else ""
            if overall and not verdict:
                verdict = f" ({grade_label(overall)})"
            title = f"Ofsted: {inspection.label} published{verdict}"
            details = _lines(judgement_lines(inspection))
        else:
            title = f"Ofsted: {inspection.label} published"
            details = _lines(filter(None, [inspection.themes, inspection.priority_actions]))
        yield TimelineItem(
            date=day,
            title=title,
            description=inspection.date_text[:1].upper() + inspection.date_text[1:],
            details=details,
            href=inspection.report_url,
            link_text="Read the report on the Ofsted website" if inspection.report_url else "",
            rank=0,
        )


def _status_changes(intervention: Intervention) -> Iterator[TimelineItem]:
    for change in intervention.status_changes.select_related("changed_by"):
        if change.to_status == Intervention.Status.CLOSED:
            title = _closed_title(intervention)
        elif change.from_status:
            title = f"Status changed to {change.get_to_status_display().lower()}"
        else:
            title = f"Intervention opened ({change.get_to_status_display().lower()})"
        yield TimelineItem(
            date=change.changed_on,
            title=title,
            byline=person(change.changed_by) if change.changed_by else "",
            description=change.reason,
            rank=1,
            **_sourced(change),
        )


def _closed_title(intervention: Intervention) -> str:
    """ "Intervention closed: direction revoked" (the exit's reason)."""
    reason = intervention.get_exit_reason_display()
    return (
        f"Intervention closed: {reason[0].lower()}{reason[1:]}"
        if reason
        else ("Intervention closed")
    )


def _sources_end(intervention: Intervention) -> Iterator[TimelineItem]:
    """Where a record loaded from documents ends: nothing after it is known."""
    day = intervention.sources_end_on
    if day is None:
        return
    yield TimelineItem(
        date=day,
        title="The sources end here",
        description=(
            f"The sources end on {govuk_date(day)}: nothing after this date is recorded. The"
            " documents this record was loaded from say no more."
        ),
        rank=END_RANK,
        is_end=True,
    )


def _instruments(queryset, noun: str, ended: str) -> Iterator[TimelineItem]:
    """Notices and directions: issued (or revised, when one supersedes another) and ended."""
    for instrument in queryset:
        revised = instrument.supersedes_id is not None
        details = tuple(getattr(instrument, "requirement_labels", ()))
        yield TimelineItem(
            date=instrument.issued_on,
            title=f"{noun} {'revised' if revised else 'issued'}",
            description=_words(instrument.requirements or instrument.notes),
            details=_lines(label[0].upper() + label[1:] for label in details),
            rank=2,
            **_sourced(instrument),
        )
        end = getattr(instrument, instrument.END_FIELD)
        if end:
            yield TimelineItem(date=end, title=f"{noun} {ended}", rank=2, **_sourced(instrument))


def _appointments(intervention: Intervention, today: datetime.date) -> Iterator[TimelineItem]:
    for appointment in intervention.appointments.select_related("commissioner"):
        commissioner = appointment.commissioner
        role = ", ".join(filter(None, [commissioner.title, commissioner.organisation]))
        yield TimelineItem(
            date=appointment.starts_on,
            title=f"{commissioner.name} appointed commissioner",
            description=role,
            details=_lines([f"Appointed by {appointment.appointed_by}"])
            if appointment.appointed_by
            else (),
            rank=3,
            **_sourced(appointment),
        )
        yield from _ended(appointment, f"{commissioner.name}'s appointment ended", 3, today)


def _ended(record, title: str, rank: int, today: datetime.date) -> Iterator[TimelineItem]:
    """The item for the end of an appointment or partnership, once it has ended."""
    if record.ends_on and record.ends_on <= today:
        yield TimelineItem(date=record.ends_on, title=title, rank=rank, **_sourced(record))


def _partnerships(intervention: Intervention, today: datetime.date) -> Iterator[TimelineItem]:
    for partnership in intervention.partnerships.select_related("supporting"):
        what = f"{partnership.supporting} as {partnership.get_model_display().lower()}"
        allowance = partnership.day_allowance_per_year
        yield TimelineItem(
            date=partnership.starts_on,
            title=f"Partnership began: {what}",
            description=f"{partnership.get_legal_basis_display()} partnership",
            details=_lines([f"Up to {allowance.normalize():f} days a year"]) if allowance else (),
            rank=4,
            **_sourced(partnership),
        )
        yield from _ended(partnership, f"Partnership ended: {what}", 4, today)


def _assessments(intervention: Intervention) -> Iterator[TimelineItem]:
    for assessment in ADMAssessment.objects.filter(intervention=intervention):
        yield TimelineItem(
            date=assessment.started_on,
            title="Test of the presumption and delivery options began",
            rank=5,
            **_sourced(assessment),
        )
        if assessment.concluded_on:
            yield TimelineItem(
                date=assessment.concluded_on,
                title="Commissioner's recommendation on the delivery model",
                description=_words(assessment.recommendation),
                rank=5,
                **_sourced(assessment),
            )


def _decisions(intervention: Intervention) -> Iterator[TimelineItem]:
    for decision in MinisterialDecision.objects.filter(intervention=intervention):
        yield TimelineItem(
            date=decision.decided_on,
            title=f"Minister's decision: {decision.get_stage_display().lower()}",
            byline=decision.decided_by,
            description=_words(decision.decision),
            rank=6,
            **_sourced(decision),
        )


def _meeting_rows(intervention: Intervention):
    return BoardMeeting.objects.filter(board__intervention=intervention)


def _meetings(intervention: Intervention, newest: int | None = None) -> Iterator[TimelineItem]:
    """The meetings, or only the ``newest`` so many."""
    meetings = _meeting_rows(intervention).select_related("board").order_by("-held_on", "-pk")
    for meeting in meetings[:newest]:
        yield TimelineItem(
            date=meeting.held_on,
            title=f"{meeting.board.name} met",
            description=_words(meeting.decisions),
            href=reverse("interventions:board_meeting_detail", args=[intervention.pk, meeting.pk]),
            link_text="View the meeting",
            rank=7,
            **_sourced(meeting),
        )


def _entry_rows(intervention: Intervention):
    return ProgressEntry.objects.filter(intervention=intervention)


def _entries(intervention: Intervention, newest: int | None = None) -> Iterator[TimelineItem]:
    """The progress entries, or only the ``newest`` so many."""
    entries = (
        _entry_rows(intervention)
        .select_related("author")
        .prefetch_related("ratings__theme")
        .order_by("-occurred_on", "-pk")
    )
    for entry in entries[:newest]:
        description = _words(entry.summary)
        if entry.actor:  # someone else's act, under their own name
            short = Truncator(entry.summary).words(TITLE_WORDS, truncate=" …")
            title, byline = f"{entry.actor}: {short}", ""
            if short == entry.summary:  # the title says it all
                description = ""
        else:
            title = f"Progress logged: {entry.get_kind_display().lower()}"
            byline = person(entry.author) if entry.author else ""
        yield TimelineItem(
            date=entry.occurred_on,
            title=title,
            byline=byline,
            description=description,
            details=tuple(
                Detail(
                    f"{rating.theme}: {rating.get_rag_display()}, "
                    f"{rating.get_direction_display().lower()}",
                    rating.illustrative,
                )
                for rating in entry.ratings.all()
            ),
            href=reverse("interventions:entry_detail", args=[intervention.pk, entry.pk]),
            link_text="View the entry",
            rank=8,
            **_sourced(entry),
        )
