"""What the services check before they write: a reason where one is needed, dates in order, and
that the actor may act, asked of the one scope definition (``restrict``, docs/adr/0015)."""

import datetime

from django.core.exceptions import ValidationError

from core import roles
from core.history import is_process

from ..models import Intervention, ProgressEntry


def require_reason(reason: str, what: str) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": f"Enter a reason for {what}"})
    return reason


def require_on_or_after(day: datetime.date, earliest: datetime.date, field: str, message: str):
    if day < earliest:
        raise ValidationError({field: message})


def author_of(by, author):
    """Who wrote an entry: the author given, else the actor, unless the actor is a process,
    whose loaded entries have no author."""
    if author is not None:
        return author
    return None if is_process(by) else by


def require_change(intervention: Intervention, by) -> None:
    """DfE's record of an intervention (its status, notices and directions, appointments and
    partnerships) changes only in the scope ``Intervention.objects.restrict(by, "change")``
    gives: admins, any intervention; DfE officials, open ones. Else 403 (PermissionDenied)."""
    if is_process(by):
        return
    allowed = Intervention.objects.restrict(by, roles.CHANGE).filter(pk=intervention.pk)
    roles.require(
        allowed.exists(),
        "Only DfE officials change an open intervention's record, and only admins a closed one",
    )


def require_log(intervention: Intervention, by) -> None:
    """The commissioner's record of an intervention (progress entries, actions, boards and
    meetings, ADM assessments) is written by the commissioner appointed now while it is open
    (``restrict(by, "log")``), or by DfE within ``restrict(by, "change")`` (the admin). Else 403
    (PermissionDenied)."""
    if is_process(by):
        return
    scope = Intervention.objects.restrict(by, roles.LOG) | Intervention.objects.restrict(
        by, roles.CHANGE
    )
    roles.require(
        scope.filter(pk=intervention.pk).exists(),
        "Only the commissioner appointed now, or DfE, can add to an open intervention's record",
    )


def require_author(entry: ProgressEntry, by, today: datetime.date | None = None) -> None:
    """In the workspace an entry is changed only by its author, while they may log on its
    intervention (``ProgressEntry.objects.restrict(by, "log")``: appointed now, and it is
    open). Else 403 (PermissionDenied)."""
    in_scope = (
        by is not None
        and ProgressEntry.objects.restrict(by, roles.LOG, today).filter(pk=entry.pk).exists()
    )
    roles.require(
        in_scope and entry.author_id == by.pk,
        "Only the commissioner who wrote an entry can change it, while appointed",
    )
