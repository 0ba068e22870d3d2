"""Evidence files: only genuine files of the allowed types and size are taken, they are kept
across a rejected form only for their uploader, and only those who can see the intervention
can download them, always as an attachment."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.urls import reverse

from interventions import evidence as evidence_files
from interventions import services
from interventions.models import Evidence

from .workspace_world import file_bytes, upload

pytestmark = pytest.mark.django_db

D = datetime.date
FileType = Evidence.FileType


# --- what is accepted -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "file_type"),
    [
        ("plan.pdf", FileType.PDF),
        ("plan.docx", FileType.DOCX),
        ("figures.xlsx", FileType.XLSX),
        ("figures.csv", FileType.CSV),
        ("notes.txt", FileType.TXT),
        ("whiteboard.png", FileType.PNG),
        ("whiteboard.jpg", FileType.JPEG),
        ("WHITEBOARD.JPEG", FileType.JPEG),
    ],
)
def test_genuine_files_of_each_allowed_type_are_accepted(name, file_type):
    assert evidence_files.check_upload(upload(name, file_bytes(file_type))) == file_type


def test_a_csv_saved_by_excel_in_windows_1252_is_text():
    content = "theme,note\nleadership,caf\xe9 meeting\n".encode("cp1252")
    assert evidence_files.check_upload(upload("figures.csv", content)) == FileType.CSV


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("setup.exe", b"MZ\x90\x00", "setup.exe must be a PDF, Word document"),
        ("no-extension", file_bytes(), "must be a PDF"),
        ("macro.docm", file_bytes(FileType.DOCX), "must be a PDF"),
        ("renamed.pdf", b"MZ\x90\x00\x03\x00", "renamed.pdf is not a real PDF"),
        ("renamed.png", file_bytes(FileType.JPEG), "is not a real PNG image"),
        ("archive.docx", file_bytes(FileType.XLSX), "is not a real Word document"),
        ("broken.xlsx", b"PK\x03\x04 not really a zip", "is not a real Excel spreadsheet"),
        (
            "binary.txt",
            b"\x00\x01\x02\x03ELF",
            "binary.txt is not a real text file: its contents do not match",
        ),
        ("empty.pdf", b"", "empty.pdf is empty"),
    ],
)
def test_other_files_are_refused_saying_why(name, content, message):
    with pytest.raises(ValidationError, match=message):
        evidence_files.check_upload(upload(name, content))


def test_files_over_the_limit_are_refused(settings):
    settings.EVIDENCE_MAX_BYTES = 1024
    assert evidence_files.check_upload(upload("small.pdf", file_bytes(size=1024))) == "pdf"
    with pytest.raises(ValidationError, match="big.pdf must be smaller than 1KB"):
        evidence_files.check_upload(upload("big.pdf", file_bytes(size=1025)))


def test_the_default_limit_is_10mb():
    assert evidence_files.max_bytes() == 10 * 1024 * 1024
    assert evidence_files.describe_limit() == "10MB"


# --- staging ----------------------------------------------------------------------------------


def test_a_staged_file_is_stored_with_a_random_name_and_named_by_a_signed_token(
    world, commissioner
):
    staged, token = evidence_files.stage(
        upload("../../etc/passwd.pdf", file_bytes()),
        user=commissioner,
        intervention=world.intervention,
    )
    assert staged.original_name == "passwd.pdf"
    assert staged.name.startswith("evidence/") and "passwd" not in staged.name
    assert default_storage.exists(staged.name)
    assert evidence_files.unsign(token, user=commissioner, intervention=world.intervention) == (
        staged
    )


def test_a_token_works_only_for_its_user_and_intervention(world, commissioner, official):
    _, token = evidence_files.stage(
        upload("a.pdf", file_bytes()), user=commissioner, intervention=world.intervention
    )
    with pytest.raises(ValidationError, match="expired"):
        evidence_files.unsign(token, user=official, intervention=world.intervention)
    with pytest.raises(ValidationError, match="expired"):
        evidence_files.unsign(token, user=commissioner, intervention=world.other)
    with pytest.raises(ValidationError, match="expired"):
        evidence_files.unsign(token + "x", user=commissioner, intervention=world.intervention)


def test_a_token_expires(world, commissioner, monkeypatch):
    _, token = evidence_files.stage(
        upload("a.pdf", file_bytes()), user=commissioner, intervention=world.intervention
    )
    monkeypatch.setattr(evidence_files, "STAGING_MAX_AGE", -1)
    with pytest.raises(ValidationError, match="expired"):
        evidence_files.unsign(token, user=commissioner, intervention=world.intervention)


# --- downloading ------------------------------------------------------------------------------


@pytest.fixture
def attached(world, commissioner):
    staged, _ = evidence_files.stage(
        upload("Board minutes <July>.pdf", file_bytes()),
        user=commissioner,
        intervention=world.intervention,
    )
    return services.attach_evidence(world.entry, staged, by=commissioner)


def download_url(item):
    return reverse("interventions:evidence_download", args=[item.entry.intervention_id, item.pk])


@pytest.mark.parametrize("who", ["commissioner", "official", "admin_user"])
def test_those_who_can_see_the_intervention_download_the_file_as_an_attachment(
    request, client, attached, who
):
    client.force_login(request.getfixturevalue(who))
    response = client.get(download_url(attached))

    assert response.status_code == 200
    assert b"".join(response.streaming_content) == file_bytes()
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    assert "Board minutes" in response["Content-Disposition"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "no-store" in response["Cache-Control"]


def test_another_commissioner_gets_404_for_the_file(client, attached, other_commissioner):
    client.force_login(other_commissioner)
    assert client.get(download_url(attached)).status_code == 404


def test_a_file_is_not_found_under_another_intervention(client, attached, world, official):
    client.force_login(official)
    url = reverse("interventions:evidence_download", args=[world.other.pk, attached.pk])
    assert client.get(url).status_code == 404


def test_removed_evidence_is_no_longer_downloadable(client, attached, commissioner):
    services.remove_evidence_file(attached, by=commissioner, reason="Wrong file")
    client.force_login(commissioner)
    assert client.get(download_url(attached)).status_code == 404


def test_a_file_missing_from_storage_is_a_404_not_an_error(client, attached, commissioner):
    default_storage.delete(attached.file.name)
    client.force_login(commissioner)
    assert client.get(download_url(attached)).status_code == 404


def test_stored_files_are_not_served_by_any_static_or_media_route(client, attached, official):
    client.force_login(official)
    for path in (f"/media/{attached.file.name}", f"/static/{attached.file.name}", "/evidence/"):
        assert client.get(path).status_code == 404


# --- the admin --------------------------------------------------------------------------------


def test_admin_lists_evidence_read_only_with_a_download_link(admin_client, attached):
    changelist = admin_client.get(reverse("admin:interventions_evidence_changelist"))
    assert changelist.status_code == 200
    page = admin_client.get(reverse("admin:interventions_evidence_change", args=[attached.pk]))
    assert page.status_code == 200
    assert download_url(attached) in page.content.decode()
    assert admin_client.get(reverse("admin:interventions_evidence_add")).status_code == 403
