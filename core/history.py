"""Writing records so that every change lands in the history, with who made it and why.

Loaders and services use these instead of ``queryset.update()`` or ``bulk_create()``, which write
no history. A change that alters nothing writes nothing, so a loader run twice is a no-op. New
rows a loader reads by the thousand are checked one by one (``check_new``) but inserted in bulk
(``create_in_bulk``), each still with its own history row.
"""

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from pathlib import Path

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.db.models.signals import pre_save
from django.dispatch import receiver
from simple_history.utils import bulk_create_with_history

from .loading import DataFileError
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


def is_process(by) -> bool:
    """A process acts, not a person: a loader, the worker or a management command, as a
    ``system_user`` account (which cannot sign in) or as no one. Whoever runs it decided what
    it does, so its scope is not asked."""
    return by is None or not by.is_active


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
# Creating many new rows, each with its history row

BATCH_SIZE = 500
# A new row waiting to be inserted, with the file and line it came from.
NewRow = tuple[models.Model, Path | str, int | None]


def check_new(instance: models.Model, path: Path | str, line: int | None) -> None:
    """Validate a new row in Python before it is queued for ``create_in_bulk``.

    Foreign keys are not checked: validating one is a query per row, and the loaders take every
    related row from the database or from rows inserted before this one. The uniqueness and
    constraint checks are left to the database too (``create_in_bulk`` names the line it
    refuses), as ``apply_changes(..., db_checks=False)`` leaves them.
    """
    relations = [field.name for field in instance._meta.fields if field.is_relation]
    try:
        instance.full_clean(exclude=relations, validate_unique=False, validate_constraints=False)
    except ValidationError as exc:
        raise DataFileError(path, "; ".join(exc.messages), line) from exc


def create_in_bulk(
    model: type[models.Model], rows: Sequence[NewRow], *, by: AbstractBaseUser, reason: str
) -> None:
    """Insert rows checked by ``check_new``, each with one history row ("+", ``by``, ``reason``).

    A first load creates thousands of rows: saving them one by one (an INSERT and a history
    INSERT each) took most of the time of every test module that loads the real data. A batch
    the database refuses is saved again row by row, to name the file and line at fault.
    """
    for start in range(0, len(rows), BATCH_SIZE):
        batch = rows[start : start + BATCH_SIZE]
        try:
            with transaction.atomic():
                bulk_create_with_history(
                    [instance for instance, _, _ in batch],
                    model,
                    batch_size=BATCH_SIZE,
                    default_user=by,
                    default_change_reason=reason,
                )
        except IntegrityError:
            _create_one_by_one(model, batch, by=by, reason=reason)


def _create_one_by_one(
    model: type[models.Model], batch: Sequence[NewRow], *, by: AbstractBaseUser, reason: str
) -> None:
    """Save a refused batch row by row: the first row refused is a DataFileError for its line."""
    for instance, path, line in batch:
        # The batch was rolled back, so any key a partial insert gave the instance is void.
        instance.pk = None
        instance._state.adding = True
        instance._history_user = by
        instance._change_reason = reason
        try:
            with transaction.atomic():
                instance.save()
        except IntegrityError as exc:
            raise DataFileError(path, _refusal(instance, exc), line) from exc


def _refusal(instance: models.Model, error: IntegrityError) -> str:
    """Why the database refused a row, in the model's words.

    SQLite's errors name the columns, not the constraint, so the row is validated in full
    (uniqueness and constraints too, now that the rows before it are saved) for the message.
    """
    try:
        instance.full_clean()
    except ValidationError as exc:
        return "; ".join(exc.messages)
    return constraint_message(type(instance), error)


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
