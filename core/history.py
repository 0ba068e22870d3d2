"""Writing records so that every change lands in the history, with who made it and why.

Loaders and services use these instead of ``queryset.update()`` or ``bulk_create()``, which write
no history. A change that alters nothing writes nothing, so a loader run twice is a no-op.
"""

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from django.contrib.auth import get_user_model
from django.db import models
from django.db.models.signals import pre_save
from django.dispatch import receiver

from .models import Sourced

CREATED, UPDATED, UNCHANGED = "created", "updated", "unchanged"


def has_history(model: type[models.Model]) -> bool:
    """True for a model tracked by simple-history (``history = HistoricalRecords()``)."""
    return hasattr(model._meta, "simple_history_manager_attribute")


def system_user(name: str):
    """A named account, unable to sign in, that history rows written by a process point to."""
    User = get_user_model()
    user, created = User.objects.get_or_create(
        username=f"system:{name}",
        defaults={"first_name": "System", "last_name": name, "is_active": False},
    )
    if created:
        user.set_unusable_password()
        user.save(update_fields=["password"])
    return user


def save_with_history(
    instance: models.Model, *, by=None, reason: str = "", db_checks: bool = True
) -> None:
    """Validate and save one instance, recording who changed it and why in its history row.

    ``db_checks=False`` skips the uniqueness and constraint checks that ``full_clean`` runs as
    database queries (several per row). Bulk loaders that already key their rows use it; the
    database still enforces every constraint, so nothing invalid is ever saved.
    """
    if by is not None:
        instance._history_user = by
    if reason:
        instance._change_reason = reason
    instance.full_clean(validate_unique=db_checks, validate_constraints=db_checks)
    instance.save()


def apply_changes(
    instance: models.Model, values: dict, *, by=None, reason: str = "", db_checks: bool = True
) -> str:
    """Set ``values`` (by attribute name, ``authority_id`` for a foreign key) on ``instance``.

    Saves, and so writes one history row, only when the instance is new or a value differs.
    Returns CREATED, UPDATED or UNCHANGED.
    """
    is_new = instance._state.adding
    changed = False
    for attname, value in values.items():
        if getattr(instance, attname) != value:
            setattr(instance, attname, value)
            changed = True
    if not (is_new or changed):
        return UNCHANGED
    save_with_history(instance, by=by, reason=reason, db_checks=db_checks)
    return CREATED if is_new else UPDATED


def constraint_message(model: type[models.Model], error: Exception) -> str:
    """The GOV.UK message of the model constraint a database error names, else the error."""
    text = str(error)
    for constraint in model._meta.constraints:
        if constraint.name in text:
            return str(constraint.get_violation_error_message())
    return f"breaks a database rule ({text.splitlines()[0] if text else type(error).__name__})"


# ---------------------------------------------------------------------------------------------
# Provenance of records loaded from documents

_provenance: ContextVar[tuple[str, bool] | None] = ContextVar("provenance", default=None)


@contextmanager
def provenance(source: str, *, illustrative: bool = False) -> Iterator[None]:
    """Every ``core.models.Sourced`` record created in this block, by whichever service, names
    ``source`` as its document, and is marked illustrative if the fact it records is. A loader
    wraps each fact in it, so no service needs provenance parameters of its own."""
    token = _provenance.set((source[:300], illustrative))
    try:
        yield
    finally:
        _provenance.reset(token)


@receiver(pre_save, dispatch_uid="core_stamp_provenance")
def _stamp_provenance(sender, instance, **kwargs) -> None:
    current = _provenance.get()
    if current is None or not isinstance(instance, Sourced) or not instance._state.adding:
        return
    source, illustrative = current
    instance.source = instance.source or source
    instance.illustrative = instance.illustrative or illustrative
