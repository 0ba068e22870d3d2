"""Actions raised in an intervention, through their states."""

import datetime

from django.db import transaction
from django.utils import timezone

from core.history import save_with_history

from ..models import Action, BoardMeeting, Intervention, ProgressEntry
from .checks import require_log, require_reason
from .editing import (
    UNCHANGED,
    apply,
    arguments,
    changed,
    keywords,
    lock_for_edit,
    nothing_to_save,
)

# A change to these needs a reason.
KEY_FIELDS = {"due_on", "status", "completed_on"}


@transaction.atomic
def create_action(
    intervention: Intervention,
    *,
    by,
    title: str,
    reason: str = "",
    description: str = "",
    owner: str = "",
    owner_user=None,
    due_on: datetime.date | None = None,
    status: str = Action.Status.OPEN,
    completed_on: datetime.date | None = None,
    source: str = "",
    source_entry: ProgressEntry | None = None,
    source_meeting: BoardMeeting | None = None,
    created_on: datetime.date | None = None,
    illustrative: bool = False,
) -> Action:
    """Raise an action (open unless ``status`` says otherwise) on ``created_on``, else today.
    Its source follows from ``source_entry`` or ``source_meeting`` when it is not given."""
    require_log(intervention, by)
    fields = arguments(locals(), keywords(create_action))
    if not source:
        fields["source"] = (
            Action.Source.PROGRESS_ENTRY
            if source_entry
            else Action.Source.BOARD_MEETING
            if source_meeting
            else Action.Source.OTHER
        )
    fields["created_on"] = created_on or timezone.localdate()
    action = Action(intervention=intervention, **fields)
    _complete_if_done(action)
    save_with_history(action, by=by, reason=reason.strip() or "Action created")
    return action


@transaction.atomic
def update_action(
    action: Action,
    *,
    by,
    reason: str = "",
    version: int | None = None,
    title: str = UNCHANGED,
    description: str = UNCHANGED,
    owner: str = UNCHANGED,
    owner_user=UNCHANGED,
    due_on: datetime.date | None = UNCHANGED,
    status: str = UNCHANGED,
    completed_on: datetime.date | None = UNCHANGED,
    source: str = UNCHANGED,
    source_entry: ProgressEntry | None = UNCHANGED,
    source_meeting: BoardMeeting | None = UNCHANGED,
    created_on: datetime.date = UNCHANGED,
    illustrative: bool = UNCHANGED,
) -> Action:
    """Change an action (over the ``version`` a form was opened on, if given); a reason is
    required when its due date, status or completion date changes. Marking it done without a
    completion date completes it today; reopening it clears the date."""
    given = arguments(locals(), keywords(update_action))
    require_log(action.intervention, by)
    action = lock_for_edit(action, version)
    changes = changed(action, **given)
    if nothing_to_save(version, changes):
        return action
    if changes.keys() & KEY_FIELDS:
        reason = require_reason(reason, "changing the due date or status")
    apply(action, changes)
    _complete_if_done(action)
    save_with_history(action, by=by, reason=reason.strip() or "Action edited")
    return action


def _complete_if_done(action: Action):
    if action.status == Action.Status.DONE and action.completed_on is None:
        action.completed_on = timezone.localdate()
    if action.status == Action.Status.OPEN:
        action.completed_on = None
