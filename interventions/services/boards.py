"""Improvement boards and their meetings."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction

from core.dates import govuk_date
from core.history import save_with_history

from ..models import (
    BoardMeeting,
    ImprovementBoard,
    Intervention,
)
from .checks import require_log, require_reason
from .editing import UNCHANGED, apply, changed, lock_for_edit, nothing_to_save


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
    require_log(intervention, by)
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
    require_log(board.intervention, by)
    reason = require_reason(reason, "standing the board down")
    board.stood_down_on = stood_down_on
    save_with_history(board, by=by, reason=reason)
    return board


@transaction.atomic
def record_board_meeting(
    intervention: Intervention,
    *,
    by,
    held_on: datetime.date,
    board: ImprovementBoard | None = None,
    attendees: str = "",
    decisions: str = "",
    notes: str = "",
) -> BoardMeeting:
    """Record a meeting of ``board``, else of the intervention's only board still sitting, else
    of a board set up now (a commissioner should not have to ask someone to create the board
    before logging its first meeting). A board meets once a day."""
    require_log(intervention, by)
    board = board or _sitting_board(intervention, by)
    if board.intervention_id != intervention.pk:
        raise ValidationError({"board": "Select a board of this intervention"})
    _refuse_second_meeting(board, held_on)
    meeting = BoardMeeting(
        board=board,
        held_on=held_on,
        attendees=attendees,
        decisions=decisions,
        notes=notes,
    )
    save_with_history(meeting, by=by, reason="Board meeting recorded")
    return meeting


def _sitting_board(intervention: Intervention, by) -> ImprovementBoard:
    sitting = list(intervention.boards.filter(stood_down_on__isnull=True)[:2])
    if len(sitting) > 1:
        raise ValidationError({"board": "Select the board that met"})
    if sitting:
        return sitting[0]
    return set_up_board(
        intervention, by=by, reason="Board set up when its first meeting was recorded"
    )


@transaction.atomic
def update_board_meeting(
    meeting: BoardMeeting,
    *,
    by,
    reason: str = "",
    version: int | None = None,
    held_on: datetime.date = UNCHANGED,
    attendees: str = UNCHANGED,
    decisions: str = UNCHANGED,
    notes: str = UNCHANGED,
) -> BoardMeeting:
    """Change a meeting's date, attendees, decisions or notes (over the ``version`` a form was
    opened on, if given); a new date needs a reason."""
    require_log(meeting.board.intervention, by)
    meeting = lock_for_edit(meeting, version)
    changes = changed(
        meeting, held_on=held_on, attendees=attendees, decisions=decisions, notes=notes
    )
    if nothing_to_save(version, changes):
        return meeting
    if "held_on" in changes:
        reason = require_reason(reason, "changing the date of the meeting")
        _refuse_second_meeting(meeting.board, changes["held_on"], exclude=meeting)
    apply(meeting, changes)
    save_with_history(meeting, by=by, reason=reason.strip() or "Board meeting edited")
    return meeting


def _refuse_second_meeting(board: ImprovementBoard, held_on: datetime.date, exclude=None):
    others = board.meetings.filter(held_on=held_on)
    if exclude is not None:
        others = others.exclude(pk=exclude.pk)
    if others.exists():
        raise ValidationError(
            {"held_on": f"{board.name} already has a meeting on {govuk_date(held_on)}"}
        )
