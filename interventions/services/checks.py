"""What every service checks: a reason where one is needed, dates in order, who acts."""

import datetime

from django.core.exceptions import ValidationError


def require_reason(reason: str, what: str) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": f"Enter a reason for {what}"})
    return reason


def require_on_or_after(day: datetime.date, earliest: datetime.date, field: str, message: str):
    if day < earliest:
        raise ValidationError({field: message})


def author_of(by, author):
    """Who wrote an entry: the author given, else the actor, unless the actor is a process
    (system accounts are inactive), whose loaded entries have no author."""
    if author is not None:
        return author
    return by if by is not None and by.is_active else None
