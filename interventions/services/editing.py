"""Changing a record: only the fields a caller gives (``UNCHANGED`` for the others), over the
version a form was opened on (optimistic locking), and which fields a service takes."""

import inspect
from collections.abc import Callable, Iterable
from typing import Any


class _Unchanged:
    """A field the caller leaves as it is: None and "" are values a field may be set to."""

    def __repr__(self) -> str:
        return "UNCHANGED"


UNCHANGED: Any = _Unchanged()

# What a service takes by keyword besides a record's fields.
NOT_FIELDS = frozenset({"by", "reason", "version", "as_author"})


def keywords(service: Callable) -> tuple[str, ...]:
    """The fields ``service`` takes by keyword, in its order: what a form hands it (the admin
    reads them here rather than keeping a second list of them)."""
    parameters = inspect.signature(service).parameters.values()
    return tuple(
        p.name for p in parameters if p.kind is p.KEYWORD_ONLY and p.name not in NOT_FIELDS
    )


def arguments(values: dict[str, Any], names: Iterable[str]) -> dict[str, Any]:
    """The ``names`` among a service's arguments (``values``: its ``locals()``, read before it
    binds anything else), so that a long list of fields is written once, in the signature."""
    return {name: values[name] for name in names}


def supplied(**values: Any) -> dict[str, Any]:
    """The values given, without those left ``UNCHANGED``."""
    return {name: value for name, value in values.items() if value is not UNCHANGED}


def changed(instance, **values: Any) -> dict[str, Any]:
    """The values given that differ from ``instance``'s: a form posts every field."""
    return {
        name: value
        for name, value in supplied(**values).items()
        if getattr(instance, name) != value
    }


def apply(instance, changes: dict[str, Any]) -> None:
    for name, value in changes.items():
        setattr(instance, name, value)


def nothing_to_save(version: int | None, *changes) -> bool:
    """True for a form's edit (one made at a ``version``) that changes nothing: it writes no
    history row. A call without a version is saved: its caller passes only what changes (the
    admin, its form's changed fields, with plain edits already set on the record)."""
    return version is not None and not any(changes)


class EditConflict(Exception):
    """Someone saved the record after the form was opened: ``current`` is the record as it is
    now, ``version`` the version the form was built from."""

    def __init__(self, current, version: int):
        name = current._meta.verbose_name
        super().__init__(f"{name} {current.pk} is no longer at version {version}")
        self.current = current
        self.version = version


def lock_for_edit(instance, version: int | None):
    """The record, locked until the transaction ends, if it is still at ``version`` (the
    instance as given when there is no version to hold it to).

    Two people saving the same record wait for each other here, and the second finds the
    version moved on: an EditConflict, never a silent overwrite.
    """
    if version is None:
        return instance
    current = type(instance)._default_manager.select_for_update().get(pk=instance.pk)
    if current.version != version:
        raise EditConflict(current, version)
    return current
