"""Optimistic locking: a form saves only over the version it was opened on."""

from typing import Any


class EditConflict(Exception):
    """Someone saved the record after the form was opened: ``current`` is the record as it is
    now, ``version`` the version the form was built from."""

    def __init__(self, current, version: int):
        name = current._meta.verbose_name
        super().__init__(f"{name} {current.pk} is no longer at version {version}")
        self.current = current
        self.version = version


def lock_for_edit(instance, version: int):
    """The record, locked until the transaction ends, if it is still at ``version``.

    Two people saving the same record wait for each other here, and the second finds the
    version moved on: an EditConflict, never a silent overwrite.
    """
    current = type(instance)._default_manager.select_for_update().get(pk=instance.pk)
    if current.version != version:
        raise EditConflict(current, version)
    return current


def _differences(instance, values: dict[str, Any]) -> dict[str, Any]:
    """Only the values that differ from the instance's: a form posts every field."""
    return {name: value for name, value in values.items() if getattr(instance, name) != value}
