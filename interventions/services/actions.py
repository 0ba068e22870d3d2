"""Actions raised in an intervention, through their states."""

from typing import Any

from django.db import transaction
from django.utils import timezone

from core.history import save_with_history

from ..models import (
    Action,
    Intervention,
)
from .checks import require_reason
from .editing import _differences, lock_for_edit

ACTION_FIELDS = {
    "title",
    "description",
    "owner",
    "owner_user",
    "due_on",
    "status",
    "completed_on",
    "source",
    "source_entry",
    "source_meeting",
    "illustrative",
    "created_on",
}


ACTION_KEY_FIELDS = {"due_on", "status", "completed_on"}


@transaction.atomic
def create_action(
    intervention: Intervention,
    *,
    by,
    title: str,
    reason: str = "",
    **details: Any,
) -> Action:
    """Create an open action; ``details`` are any of ACTION_FIELDS. The source follows from
    ``source_entry`` or ``source_meeting`` when it is not given."""
    _check_action_fields(details)
    if "source" not in details:
        if details.get("source_entry"):
            details["source"] = Action.Source.PROGRESS_ENTRY
        elif details.get("source_meeting"):
            details["source"] = Action.Source.BOARD_MEETING
    action = Action(intervention=intervention, title=title, **details)
    _complete_if_done(action)
    save_with_history(action, by=by, reason=reason.strip() or "Action created")
    return action


@transaction.atomic
def update_action(action: Action, *, by, reason: str = "", **changes: Any) -> Action:
    """Change an action; a reason is required when its due date, status or completion date
    changes. Marking it done without a completion date completes it today."""
    _check_action_fields(changes)
    key_changed = {
        name
        for name, value in changes.items()
        if name in ACTION_KEY_FIELDS and getattr(action, name) != value
    }
    if key_changed:
        reason = require_reason(reason, "changing the due date or status")
    for name, value in changes.items():
        setattr(action, name, value)
    _complete_if_done(action)
    save_with_history(action, by=by, reason=reason.strip() or "Action edited")
    return action


def _complete_if_done(action: Action):
    if action.status == Action.Status.DONE and action.completed_on is None:
        action.completed_on = timezone.localdate()
    if action.status == Action.Status.OPEN:
        action.completed_on = None


def _check_action_fields(fields: dict):
    unknown = set(fields) - ACTION_FIELDS
    if unknown:
        raise TypeError(f"Unknown action fields: {', '.join(sorted(unknown))}")


@transaction.atomic
def edit_action(action: Action, *, by, version: int, reason: str = "", **changes: Any) -> Action:
    """``update_action`` on the action the form showed at ``version``, for what changed."""
    action = lock_for_edit(action, version)
    changed = _differences(action, changes)
    if not changed:
        return action
    return update_action(action, by=by, reason=reason, **changed)
