"""Issue 15: what a form's uploads may leave on disk. One submission stages at most
EVIDENCE_MAX_FILES_PER_REQUEST files, and one person keeps at most EVIDENCE_STAGED_QUOTA_BYTES
staged (uploaded with a rejected form, not attached yet)."""

import pytest
from django.core.files.storage import default_storage
from django.urls import reverse

from interventions import evidence as evidence_files
from interventions.models import Evidence, StagedUpload

from .test_workspace_forms import create_url, entry_data, error_summary
from .workspace_world import file_bytes, upload

pytestmark = pytest.mark.django_db


def stored_files() -> list[str]:
    if not default_storage.exists("evidence"):
        return []
    return default_storage.listdir("evidence")[1]


def test_too_many_files_in_one_submission_are_refused_and_none_is_stored(signed_in, world):
    files = [upload(f"file-{n}.pdf", file_bytes()) for n in range(11)]
    response = signed_in.post(create_url(world), entry_data(summary="", evidence=files))
    assert response.status_code == 200
    assert "Select 10 files or fewer at a time (you selected 11)" in error_summary(response)
    assert stored_files() == []
    assert not StagedUpload.objects.exists()


def test_ten_files_are_taken(signed_in, world):
    files = [upload(f"file-{n}.pdf", file_bytes()) for n in range(10)]
    response = signed_in.post(create_url(world), entry_data(evidence=files))
    assert response.status_code == 302
    assert Evidence.objects.count() == 10
    assert not StagedUpload.objects.exists()  # attached: no longer counted as staged


def test_rejected_forms_cannot_stage_more_than_the_quota(signed_in, world, commissioner, settings):
    size = len(file_bytes(size=4096))
    settings.EVIDENCE_STAGED_QUOTA_BYTES = 3 * size
    for n in range(3):
        response = signed_in.post(
            create_url(world),
            entry_data(summary="", evidence=upload(f"kept-{n}.pdf", file_bytes(size=4096))),
        )
        assert error_summary(response) == ["Enter a summary"]
    assert evidence_files.staged_bytes(commissioner) == 3 * size

    response = signed_in.post(
        create_url(world),
        entry_data(summary="", evidence=upload("one-too-many.pdf", file_bytes(size=4096))),
    )

    assert any(m.startswith("one-too-many.pdf was not uploaded") for m in error_summary(response))
    assert len(stored_files()) == 3


def test_saving_the_form_frees_the_quota(signed_in, world, commissioner, settings):
    size = len(file_bytes(size=4096))
    settings.EVIDENCE_STAGED_QUOTA_BYTES = size
    response = signed_in.post(
        create_url(world), entry_data(summary="", evidence=upload("a.pdf", file_bytes(size=4096)))
    )
    tokens = response.context["form"].data.getlist("staged")
    assert signed_in.post(create_url(world), entry_data(staged=tokens)).status_code == 302
    assert evidence_files.staged_bytes(commissioner) == 0
    url = reverse("interventions:entry_create", args=[world.intervention.pk])
    response = signed_in.post(url, entry_data(evidence=upload("b.pdf", file_bytes(size=4096))))
    assert response.status_code == 302
