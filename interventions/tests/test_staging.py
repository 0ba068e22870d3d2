"""Uploads never attached are removed once their token has expired; attached files never are."""

import datetime
import os

import pytest
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.utils import timezone

from interventions import evidence as evidence_files
from interventions import services, staging

from .workspace_world import build_world, file_bytes, upload

pytestmark = pytest.mark.django_db


def stage(world, commissioner, name="plan.pdf"):
    staged, _ = evidence_files.stage(
        upload(name, file_bytes()), user=commissioner, intervention=world.intervention
    )
    return staged


def age(name: str, hours: float) -> None:
    """Make a stored file look as if it was written ``hours`` ago."""
    when = (timezone.now() - datetime.timedelta(hours=hours)).timestamp()
    os.utime(default_storage.path(name), (when, when))


def test_only_expired_unattached_files_are_removed(commissioner):
    world = build_world(commissioner)
    abandoned = stage(world, commissioner, "abandoned.pdf")
    recent = stage(world, commissioner, "recent.pdf")
    attached = stage(world, commissioner, "attached.pdf")
    removed = stage(world, commissioner, "removed.pdf")
    services.attach_evidence(world.entry, attached, by=commissioner)
    item = services.attach_evidence(world.entry, removed, by=commissioner)
    services.remove_evidence_file(item, by=commissioner, reason="Wrong file")
    for staged in (abandoned, attached, removed):
        age(staged.name, hours=25)
    age(recent.name, hours=23)

    assert staging.prune() == [abandoned.name]

    assert not default_storage.exists(abandoned.name)
    for kept in (recent, attached, removed):
        assert default_storage.exists(kept.name), kept.original_name


def test_dry_run_lists_without_deleting(commissioner, capsys):
    world = build_world(commissioner)
    abandoned = stage(world, commissioner)
    age(abandoned.name, hours=48)

    call_command("prune_staged_evidence", "--dry-run")

    assert f"Would remove {abandoned.name}" in capsys.readouterr().out
    assert default_storage.exists(abandoned.name)

    call_command("prune_staged_evidence")

    assert "Removed 1 expired" in capsys.readouterr().out
    assert not default_storage.exists(abandoned.name)


def test_no_evidence_folder_yet_is_nothing_to_do():
    assert staging.prune() == []
