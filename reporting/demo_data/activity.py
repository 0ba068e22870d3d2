"""The bulk of an intervention's record: monthly board meetings, weekly progress entries with
RAG ratings by theme, the actions they raise through their states, and partner days.

Each row is what the service would write (see ``bulk``): a meeting as ``record_board_meeting``
then ``update_board_meeting`` when its minutes are agreed; an entry and its ratings as
``record_progress``, sometimes edited (``update_progress``) or re-rated (``rate_theme``) a few
days later; an action as ``create_action`` then ``update_action`` (due date moved, done or
cancelled); partner days as ``log_partner_days``. Entries are written by the commissioner
appointed that day, with their account if they have one (else by the generator, with no
author, like entries loaded from documents).
"""

import datetime
import functools
from dataclasses import dataclass
from decimal import Decimal

from core.dating import moment
from interventions.models import Action, BoardMeeting, PartnerDayLog, ProgressEntry, ThemeRating

from . import text
from .bulk import Recorder
from .plan import days, seeded
from .timeline import Timeline

D = datetime.date
Kind = ProgressEntry.Kind
RAGS = (ThemeRating.Rag.RED, ThemeRating.Rag.AMBER, ThemeRating.Rag.GREEN)
WEEKLY_KINDS = (
    (Kind.VISIT, 45),
    (Kind.INTERVIEW, 14),
    (Kind.CASE_AUDIT, 14),
    (Kind.DIAGNOSTIC, 5),
    (Kind.PEER_REVIEW, 5),
    (Kind.LETTER, 5),
)
ATTENDEES = (
    "Commissioner; chief executive; director of children's services; lead member; police; "
    "health; schools; the improvement partner"
)
OWNERS = (
    "Director of children's services",
    "Principal social worker",
    "Head of service",
    "Chief executive",
    "Partnership manager",
)
# What ``record_activity`` writes, parents first.
MODELS = [BoardMeeting, ProgressEntry, ThemeRating, Action, PartnerDayLog]
# Activity rows are written an hour after the day's events (see ``casework``).
ACTIVITY_SECONDS = 3600


@dataclass
class Scene:
    """What the activity of one intervention needs from the casework that made its structure."""

    line: Timeline
    intervention: object  # the Intervention
    board: object | None
    partnerships: list  # (ImprovementPartnership, first day, last day or None)
    actor: object  # commissioner -> the user who records their work
    system: object  # the generator's own user
    themes: list
    today: D
    seed: int


@functools.lru_cache(maxsize=4096)
def when(day: D, offset: int = 0) -> datetime.datetime:
    return moment(day, ACTIVITY_SECONDS + offset)


class ThemeRatings:
    """Each theme's RAG as the intervention goes on: mostly red and amber at first, improving
    more often than not, and falling back after a re-inspection finds services Inadequate."""

    def __init__(self, scene: Scene, rng):
        self.rng = rng
        self.level = {t.pk: rng.choices((0, 1, 2), weights=(55, 40, 5))[0] for t in scene.themes}
        self.rated: set[int] = set()
        self.setbacks = sorted(r.publication_date for r in scene.line.intervention.repeats)
        self.falling: set[int] = set()

    def rate(self, theme_pk: int, day: D) -> tuple[str, str, str]:
        rng = self.rng
        while self.setbacks and self.setbacks[0] <= day:
            self.setbacks.pop(0)
            self.falling = set(self.level)
        old = self.level[theme_pk]
        new = old
        if theme_pk in self.falling:
            self.falling.discard(theme_pk)
            new = max(0, old - 1)
        elif rng.random() < 0.12:
            new = min(2, old + 1) if rng.random() < 0.62 else max(0, old - 1)
        self.level[theme_pk] = new
        first = theme_pk not in self.rated
        self.rated.add(theme_pk)
        if new != old:
            movement = "better" if new > old else "worse"
            direction = (
                ThemeRating.Direction.IMPROVING if new > old else ThemeRating.Direction.DECLINING
            )
            return RAGS[new], direction, text.rationale(rng, movement)
        direction = ThemeRating.Direction.NO_CHANGE
        if first:
            return RAGS[new], direction, "Baseline rating at the start of the intervention."
        note = text.rationale(rng, "same") if rng.random() < 0.5 else ""
        return RAGS[new], direction, note


def record_activity(recorder: Recorder, scene: Scene) -> None:
    rng = seeded(scene.seed, "activity", scene.line.intervention.seed_key)
    planned = scene.line.intervention
    end = min(planned.closes_on or scene.today, scene.today)
    ratings = ThemeRatings(scene, rng)
    meetings = record_meetings(recorder, scene, rng, end)
    for day, meeting in sorted(weekly_days(scene, rng, end) + meetings, key=lambda item: item[0]):
        commissioner = appointed_on(scene.line, day)
        if commissioner is None:
            continue
        record_entry(recorder, scene, rng, ratings, day, meeting, scene.actor(commissioner), end)
    record_partner_days(recorder, scene, rng, end)


def appointed_on(line: Timeline, day: D):
    for commissioner, first, last in line.appointments:
        if first <= day and (last is None or day <= last):
            return commissioner
    return None


def weekly_days(scene: Scene, rng, end: D) -> list[tuple[D, None]]:
    """A day a week (the commissioner's usual weekday) from a week after the first
    appointment, with a week off now and then."""
    first = scene.line.appointments[0][1] + days(7)
    day = first + days((rng.randint(0, 3) - first.weekday()) % 7)
    found = []
    while day <= end:
        if rng.random() >= 0.12:
            found.append((day, None))
        day += days(7)
    return found


def record_meetings(recorder: Recorder, scene: Scene, rng, end: D) -> list[tuple[D, object]]:
    """The board meets once a month (in the second week), but not always in August."""
    if scene.board is None:
        return []
    established, stood_down = scene.line.board
    last = min(stood_down or end, end)
    found = []
    month = D(established.year, established.month, 1)
    while month <= last:
        held = month + days(7 + (1 - month.weekday()) % 7)  # the second Tuesday or so
        if established <= held <= last and not (month.month == 8 and rng.random() < 0.5):
            commissioner = appointed_on(scene.line, held)
            by = scene.actor(commissioner) if commissioner else scene.system
            meeting = recorder.create(
                BoardMeeting,
                when=when(held),
                by=by,
                reason="Board meeting recorded",
                board_id=scene.board.pk,
                held_on=held,
                attendees=ATTENDEES,
                decisions=text.meeting_decisions(rng),
            )
            minutes = held + days(rng.randint(7, 14))
            if rng.random() < 0.4 and minutes <= end:
                decisions = meeting.values["decisions"]
                recorder.change(
                    meeting,
                    when=when(minutes, 5),
                    by=by,
                    reason="Board meeting edited",
                    decisions=f"{decisions} Minutes agreed at the following meeting.",
                )
            found.append((held, meeting))
        month = D(month.year + month.month // 12, month.month % 12 + 1, 1)
    return found


def record_entry(recorder, scene: Scene, rng, ratings: ThemeRatings, day: D, meeting, by, end):
    author = by if by.is_active else None
    kind = Kind.BOARD_MEETING if meeting else rng.choices(*zip(*WEEKLY_KINDS, strict=True))[0]
    summary = text.entry_summary(rng, kind, scene.intervention.authority.name)
    entry = recorder.create(
        ProgressEntry,
        when=when(day, 1),
        by=by,
        reason="Progress recorded",
        intervention_id=scene.intervention.pk,
        author_id=author.pk if author else None,
        occurred_on=day,
        kind=kind,
        summary=summary,
        board_meeting_id=meeting,
    )
    themes = (
        scene.themes
        if meeting
        else sorted(rng.sample(scene.themes, rng.choice((2, 2, 3))), key=lambda t: t.order)
    )
    for theme in themes:
        rag, direction, rationale = ratings.rate(theme.pk, day)
        rating = recorder.create(
            ThemeRating,
            when=when(day, 1),
            by=by,
            reason="Theme rated",
            entry_id=entry,
            theme_id=theme.pk,
            rag=rag,
            direction=direction,
            rationale=rationale,
        )
        later = day + days(rng.randint(1, 3))
        if rng.random() < 0.03 and later <= end:
            refined = f"{rationale} Confirmed at the follow-up.".strip()
            recorder.change(
                rating, when=when(later, 3), by=by, reason="Theme rating changed", rationale=refined
            )
    later = day + days(rng.randint(1, 4))
    if rng.random() < 0.08 and later <= end:
        summary = f"{summary} Update: the service has sent its action plan."
        recorder.change(
            entry, when=when(later, 2), by=by, reason="Progress entry edited", summary=summary
        )
    for _ in range(rng.choice((1, 2, 3)) if meeting else int(rng.random() < 0.12)):
        record_action(recorder, scene, rng, day, entry, meeting, by, end)


def record_action(recorder, scene: Scene, rng, day: D, entry, meeting, by, end: D) -> None:
    """An action raised at a meeting or a visit: sometimes its due date moves; most are done,
    a few cancelled; some recent ones are still open (and overdue), older ones were done late.
    Nothing is left open once the intervention closes."""
    due = day + days(rng.randint(30, 120))
    action = recorder.create(
        Action,
        when=when(day, 2),
        by=by,
        reason="Action created",
        intervention_id=scene.intervention.pk,
        title=text.action_title(rng),
        owner=rng.choice(OWNERS),
        due_on=due,
        source=Action.Source.BOARD_MEETING if meeting else Action.Source.PROGRESS_ENTRY,
        source_meeting_id=meeting,
        source_entry_id=None if meeting else entry,
        created_on=day,
    )
    if rng.random() < 0.2:
        moved_on = day + days(max(1, (due - day).days * 7 // 10))
        if moved_on <= end:
            due += days(rng.randint(30, 60))
            recorder.change(
                action,
                when=when(moved_on, 4),
                by=by,
                reason="Due date moved: the service asked for more time",
                due_on=due,
            )
    outcome = rng.random()
    settled = max(day + days(1), due + days(rng.randint(-20, 15)))
    closed = scene.line.intervention.closes_on
    if closed:
        settled = min(settled, closed)
    elif settled > end or (outcome >= 0.82 and due >= end - days(180)):
        return  # still open (overdue, some of them)
    if outcome >= 0.82:  # done, but late
        settled = min(settled + days(rng.randint(30, 90)), closed or end)
    if outcome < 0.75 or outcome >= 0.82:
        recorder.change(
            action,
            when=when(settled, 6),
            by=by,
            reason="Action completed",
            status=Action.Status.DONE,
            completed_on=settled,
        )
    else:
        recorder.change(
            action,
            when=when(settled, 6),
            by=by,
            reason="Cancelled: superseded by the refreshed improvement plan",
            status=Action.Status.CANCELLED,
        )


def record_partner_days(recorder: Recorder, scene: Scene, rng, end: D) -> None:
    """The partner's days, logged weekly against the partnership's allowance."""
    for partnership, first, last in scene.partnerships:
        day = first + days(rng.randint(1, 6))
        while day <= min(last or end, end):
            recorder.create(
                PartnerDayLog,
                when=when(day, 7),
                by=scene.system,
                reason="Partner days logged",
                partnership_id=partnership.pk,
                worked_on=day,
                days=Decimal(rng.choice(("0.50", "1.00", "1.00", "1.50", "2.00"))),
                description=f"Support to the {rng.choice(text.TEAMS)} service",
                logged_by_id=scene.system.pk,
            )
            day += days(7)
