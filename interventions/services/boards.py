"""Improvement boards and their meetings."""

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from core.dates import govuk_date
from core.history import save_with_history

from ..models import (
    BoardMeeting,
    ImprovementBoard,
    Intervention,
)
from .checks import require_reason
from .editing import _differences, lock_for_edit


@transaction.atomic
def set_up_board(
    intervention: Intervention,
    *,
    by,
    chair_name: str = "",
    independent_chair: bool = False,
    chaired_by_commissioner: bool = False,
    established_on: datetime.date | None = None,
    name: str = "Children's Improvement Board",
    reason: str = "",
    notes: str = "",
) -> ImprovementBoard:
    board = ImprovementBoard(
        intervention=intervention,
        name=name,
        chair_name=chair_name,
        independent_chair=independent_chair,
        chaired_by_commissioner=chaired_by_commissioner,
        established_on=established_on,
        notes=notes,
    )
    save_with_history(board, by=by, reason=reason.strip() or "Improvement board set up")
    return board


@transaction.atomic
def stand_down_board(
    board: ImprovementBoard, *, by, stood_down_on: datetime.date, reason: str
) -> ImprovementBoard:
    reason = require_reason(reason, "standing the board down")
    board.stood_down_on = stood_down_on
    save_with_history(board, by=by, reason=reason)
    return board


@transaction.atomic
def record_board_meeting(
    board: ImprovementBoard,
    *,
    by,
    held_on: datetime.date,
    attendees: str = "",
    decisions: str = "",
    notes: str = "",
) -> BoardMeeting:
    meeting = BoardMeeting(
        board=board,
        held_on=held_on,
        attendees=attendees,
        decisions=decisions,
        notes=notes,
    )
    save_with_history(meeting, by=by, reason="Board meeting recorded")
    return meeting


MEETING_FIELDS = {"held_on", "attendees", "decisions", "notes"}


@transaction.atomic
def record_meeting(
    intervention: Intervention,
    *,
    by,
    held_on: datetime.date,
    board: ImprovementBoard | None = None,
    attendees: str = "",
    decisions: str = "",
    notes: str = "",
) -> BoardMeeting:
    """Record a board meeting from the workspace: of ``board``, else of the intervention's only
    board still sitting, else of a board set up now (a commissioner should not have to ask
    someone to create the board before logging its first meeting)."""
    if board is None:
        sitting = list(intervention.boards.filter(stood_down_on__isnull=True)[:2])
        if len(sitting) > 1:
            raise ValidationError({"board": "Select the board that met"})
        board = sitting[0] if sitting else None
    if board is None:
        board = set_up_board(
            intervention, by=by, reason="Board set up when its first meeting was recorded"
        )
    elif board.intervention_id != intervention.pk:
        raise ValidationError({"board": "Select a board of this intervention"})
    _refuse_second_meeting(board, held_on)
    return record_board_meeting(
        board, by=by, held_on=held_on, attendees=attendees, decisions=decisions, notes=notes
    )


@transaction.atomic
def update_board_meeting(
    meeting: BoardMeeting, *, by, reason: str = "", **changes: Any
) -> BoardMeeting:
    """Change a meeting's date, attendees, decisions or notes; a new date needs a reason."""
    unknown = set(changes) - MEETING_FIELDS
    if unknown:
        raise TypeError(f"Cannot change {', '.join(sorted(unknown))} of a board meeting")
    if "held_on" in changes and changes["held_on"] != meeting.held_on:
        reason = require_reason(reason, "changing the date of the meeting")
        _refuse_second_meeting(meeting.board, changes["held_on"], exclude=meeting)
    for name, value in changes.items():
        setattr(meeting, name, value)
    save_with_history(meeting, by=by, reason=reason.strip() or "Board meeting edited")
    return meeting


@transaction.atomic
def edit_board_meeting(
    meeting: BoardMeeting, *, by, version: int, reason: str = "", **changes: Any
) -> BoardMeeting:
    """``update_board_meeting`` on the meeting the form showed at ``version``."""
    meeting = lock_for_edit(meeting, version)
    changed = _differences(meeting, changes)
    if not changed:
        return meeting
    return update_board_meeting(meeting, by=by, reason=reason, **changed)


def _refuse_second_meeting(board: ImprovementBoard, held_on: datetime.date, exclude=None):
    others = board.meetings.filter(held_on=held_on)
    if exclude is not None:
        others = others.exclude(pk=exclude.pk)
    if others.exists():
        raise ValidationError(
            {"held_on": f"{board.name} already has a meeting on {govuk_date(held_on)}"}
        )
