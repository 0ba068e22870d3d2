"""Property-based tests of the evidence upload, through the real pages: any bytes under any name
(path traversal, NUL bytes, very long names, wrong extensions and content types, too big).

A file is either taken, stored under a random name inside ``MEDIA_ROOT/evidence/`` and nowhere
else, or refused with the form shown again and a GOV.UK error pointing at the upload, leaving
everything as it was: no entry saved or changed, no Evidence row, no file left on disk.
"""

import re
import shutil
from pathlib import Path

import pytest
from django.db import transaction
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from core.testing import fuzz
from interventions.models import Evidence, ProgressEntry

from .workspace_world import file_bytes

pytestmark = pytest.mark.django_db

FUZZ = fuzz(max_examples=40)
LIMIT = 512  # bytes: small, so that too big files are quick to make

EXTENSIONS = [".pdf", ".docx", ".xlsx", ".csv", ".txt", ".png", ".jpg", ".exe", ".PDF", ""]
names = st.one_of(
    st.sampled_from(
        [
            "../../x.pdf",
            "..\\..\\x.txt",
            "/etc/passwd.txt",
            "evidence/../../settings.csv",
            "a\x00.pdf",
            "notes.txt\x00.exe",
            "",
            ".",
            "..",
            " ",
            ".pdf",
            "x" * 300 + ".pdf",
            "plan.pdf.exe",
            "setup.exe.pdf",
            "%2e%2e%2fx.pdf",
            "&#46;&#46;&#47;x.pdf",
            'quote".pdf',
            "line\r\nbreak.txt",
            "Ünïcødé notes.txt",
            "CON.txt",
        ]
    ),
    st.builds(lambda stem, ext: stem + ext, st.text(max_size=40), st.sampled_from(EXTENSIONS)),
)
GENUINE = [file_bytes(t) for t in Evidence.FileType.values]
contents = st.one_of(
    st.binary(max_size=LIMIT + 100),
    st.sampled_from(GENUINE),
    st.builds(bytes.__add__, st.sampled_from(GENUINE), st.binary(max_size=64)),
    st.just(file_bytes(size=LIMIT + 1)),
    st.just(b""),
)
content_types = st.sampled_from(
    ["application/pdf", "text/plain", "application/x-msdownload", "image/png", "", "x/y"]
)
files = st.tuples(names, contents, content_types)

BOUNDARY = "fuzz-boundary-7MA4YWxkTrZu0gW"


def multipart(fields: dict, file: tuple[str, bytes, str]) -> bytes:
    """A form as a browser (or anyone) sends it, the file's name exactly as given: Django's test
    client would check and tidy the name first."""
    name, content, content_type = file
    parts = [
        f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="{field}"\r\n\r\n{value}\r\n'
        for field, value in fields.items()
    ]
    head = (
        f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="evidence"; filename="{name}"'
        f"\r\nContent-Type: {content_type}\r\n\r\n"
    )
    return b"".join(
        [*(p.encode() for p in parts), head.encode(), content, f"\r\n--{BOUNDARY}--\r\n".encode()]
    )


@pytest.fixture(autouse=True)
def evidence_limit(settings) -> None:
    settings.EVIDENCE_MAX_BYTES = LIMIT


def files_on_disk(media: Path) -> list[Path]:
    return [path for path in media.rglob("*") if path.is_file()]


NEW_ENTRY = {
    "occurred_on-day": "1",
    "occurred_on-month": "9",
    "occurred_on-year": "2016",
    "kind": "visit",
    "summary": "Second visit",
}


def taken_or_refused(client, url: str, fields: dict, file, media: Path, entry=None) -> None:
    """Post a good form but for its ``file``: either the file is taken and stored safely (or,
    with no name at all, not taken as a file), or the form is shown again with an error at the
    upload and nothing has changed."""
    entries, evidence = ProgressEntry.objects.count(), Evidence.objects.count()
    version = entry and entry.version
    history = entry and entry.history.count()
    body = multipart(fields, file)
    try:
        with transaction.atomic():
            response = client.post(url, body, f"multipart/form-data; boundary={BOUNDARY}")
            assert response.status_code in (200, 302), response.status_code
            if response.status_code == 302:
                taken = Evidence.objects.count() - evidence
                assert taken in (0, 1)
                stored = [e.file.name for e in Evidence.objects.order_by("-pk")[:taken]]
                assert all(re.fullmatch(r"evidence/[0-9a-f]{32}", name) for name in stored)
                assert files_on_disk(media) == [media / name for name in stored]
                names = Evidence.objects.order_by("-pk")[:taken].values_list("original_name")
                assert not any(set("/\\\x00") & set(name) for (name,) in names)
            else:
                page = response.content.decode()
                assert "govuk-error-summary" in page
                assert 'href="#id_evidence"' in page
                assert ProgressEntry.objects.count() == entries
                assert Evidence.objects.count() == evidence
                assert files_on_disk(media) == []
                if entry:
                    entry.refresh_from_db()
                    assert (entry.version, entry.history.count()) == (version, history)
            transaction.set_rollback(True)  # each example starts from the same database
    finally:
        shutil.rmtree(media, ignore_errors=True)


@FUZZ
@given(file=files)
def test_any_file_logging_progress_is_taken_safely_or_refused_changing_nothing(
    signed_in, world, media, file
):
    url = reverse("interventions:entry_create", args=[world.intervention.pk])
    taken_or_refused(signed_in, url, NEW_ENTRY, file, media)


@FUZZ
@given(file=files)
def test_any_file_added_to_an_entry_is_taken_safely_or_refused_changing_nothing(
    signed_in, world, media, file
):
    entry = world.entry
    url = reverse("interventions:entry_update", args=[world.intervention.pk, entry.pk])
    unchanged = {
        "occurred_on-day": entry.occurred_on.day,
        "occurred_on-month": entry.occurred_on.month,
        "occurred_on-year": entry.occurred_on.year,
        "kind": entry.kind,
        "summary": entry.summary,
        "rag-leadership": "red",
        "direction-leadership": "no_change",
        "rationale-leadership": "Too early to see change",
        "version": entry.version,
    }
    taken_or_refused(signed_in, url, unchanged, file, media, entry)
