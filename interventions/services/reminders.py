"""Reminding the owners of overdue actions: an owner with an account is emailed once for each
due date their action has passed (the action records the day, so the task can run any number of
times)."""

import datetime

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from core.dates import govuk_date
from core.email import absolute, queue_email
from core.history import save_with_history, system_user

from ..models import Action


def remind_overdue_action_owners(today: datetime.date | None = None) -> int:
    """Email the owner of each overdue action not yet reminded since it fell due (each sent by
    the worker once its reminder is recorded); returns how many were queued."""
    today = today or timezone.localdate()
    by = system_user("reminders")
    sent = 0
    for pk in Action.objects.owner_to_remind(today).order_by("pk").values_list("pk", flat=True):
        sent += _remind(pk, today, by)
    return sent


@transaction.atomic
def _remind(pk: int, today: datetime.date, by) -> int:
    action = (
        Action.objects.select_for_update(of=("self",))
        .select_related("intervention__authority", "owner_user")
        .filter(pk=pk)
        .owner_to_remind(today)
        .first()
    )
    if action is None:
        return 0  # done, moved or reminded by another run meanwhile
    action.owner_reminded_on = today
    save_with_history(action, by=by, reason="Owner reminded that the action is overdue")
    authority = action.intervention.authority.name
    path = reverse("interventions:action_detail", args=[action.intervention_id, action.pk])
    body = (
        f"An action you own is overdue.\n\n"
        f"Action: {action.title}\n"
        f"Authority: {authority}\n"
        f"Due: {govuk_date(action.due_on)}\n\n"
        f"Sign in to {settings.SERVICE_NAME} and open the action at "
        f"{absolute(path)}\n\n"
        "This email is OFFICIAL-SENSITIVE. Do not forward it outside government."
    )
    queue_email(
        template="action_overdue",
        to=[action.owner_user.email],
        subject=f"Action overdue: {authority}",
        body=body,
    )
    return 1
