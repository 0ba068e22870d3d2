"""Evidence files go through Django's STORAGES (the file system by default), so an object store
shared by several web machines can hold them instead: with another storage configured, an
upload, its download and the pruning of staged files never touch MEDIA_ROOT."""

import pytest
from django.core.files.storage import default_storage, storages
from django.urls import reverse

from interventions.models import Evidence, ProgressEntry

from .test_workspace_forms import entry_data
from .workspace_world import file_bytes, upload

pytestmark = pytest.mark.django_db

IN_MEMORY = {
    "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}


def test_the_file_system_is_the_default_storage(media):
    assert type(storages["default"]).__name__ == "FileSystemStorage"
    assert default_storage.location == str(media)


def test_evidence_is_uploaded_and_downloaded_through_the_configured_storage(
    settings, signed_in, world, media
):
    settings.STORAGES = IN_MEMORY
    url = reverse("interventions:entry_create", args=[world.intervention.pk])

    response = signed_in.post(url, entry_data(evidence=upload("notes.pdf", file_bytes())))

    assert response.status_code == 302
    entry = ProgressEntry.objects.latest("pk")
    evidence = Evidence.objects.get(entry=entry)
    assert type(storages["default"]).__name__ == "InMemoryStorage"
    assert default_storage.exists(evidence.file.name)
    assert not media.exists() or not any(media.rglob("*.pdf"))  # nothing on the local disk
    download = signed_in.get(
        reverse("interventions:evidence_download", args=[world.intervention.pk, evidence.pk])
    )
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == file_bytes()
