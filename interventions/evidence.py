"""Evidence files: what may be uploaded, and keeping an upload across a rejected form.

A file is accepted only when its extension names an allowed type *and* its first bytes are that
type's (a renamed executable is refused), and it is no bigger than ``EVIDENCE_MAX_BYTES``.
Office files are ZIP archives: a Word document must hold ``word/document.xml``, a workbook
``xl/workbook.xml``. CSV and text files have no magic number: they must be UTF-8 text.

Browsers cannot fill a file input in again, so a form that is rejected for another reason would
lose the user's files. Each accepted file is therefore stored at once under a random name
(*staged*) and the form carries a signed token for it; the token names the user and the
intervention, so it cannot be used to attach someone else's upload.
"""

from __future__ import annotations

import hashlib
import zipfile
from dataclasses import asdict, dataclass
from pathlib import PurePath

from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.files.base import File
from django.core.files.storage import default_storage
from django.db.models import Sum
from django.template.defaultfilters import filesizeformat

from .models import Evidence, StagedUpload, evidence_upload_to

FileType = Evidence.FileType

DEFAULT_MAX_BYTES = 10 * 1024 * 1024
DEFAULT_MAX_FILES = 10
DEFAULT_STAGED_QUOTA = 50 * 1024 * 1024
EXTENSIONS = {
    ".pdf": FileType.PDF,
    ".docx": FileType.DOCX,
    ".xlsx": FileType.XLSX,
    ".csv": FileType.CSV,
    ".txt": FileType.TXT,
    ".png": FileType.PNG,
    ".jpg": FileType.JPEG,
    ".jpeg": FileType.JPEG,
}
# How a message names each type mid-sentence.
NOUNS = {
    FileType.PDF: "PDF",
    FileType.DOCX: "Word document",
    FileType.XLSX: "Excel spreadsheet",
    FileType.CSV: "CSV file",
    FileType.TXT: "text file",
    FileType.PNG: "PNG image",
    FileType.JPEG: "JPEG image",
}
ALLOWED_TEXT = "a PDF, Word document, Excel spreadsheet, CSV, text file, PNG or JPEG"
# What the file chooser offers (the server checks again: this is only a convenience).
ACCEPT = ",".join(EXTENSIONS)
STAGING_SALT = "interventions.evidence.staged"
STAGING_MAX_AGE = 24 * 60 * 60  # seconds: long enough to finish a form, short enough to expire
SNIFF_BYTES = 8192


def max_bytes() -> int:
    return getattr(settings, "EVIDENCE_MAX_BYTES", DEFAULT_MAX_BYTES)


def describe_limit() -> str:
    """The limit as GOV.UK writes sizes: 10MB, 500KB."""
    size = max_bytes()
    for unit, scale in (("MB", 1024 * 1024), ("KB", 1024)):
        if size >= scale:
            return f"{size / scale:.3g}{unit}"
    return f"{size} bytes"


def check_upload(upload) -> str:
    """The upload's file type, or a ValidationError naming the file and what is wrong."""
    name = PurePath(upload.name or "").name
    label = name or "The selected file"
    file_type = EXTENSIONS.get(PurePath(name).suffix.lower())
    if file_type is None:
        raise ValidationError(f"{label} must be {ALLOWED_TEXT}", code="file_type")
    if not upload.size:
        raise ValidationError(f"{label} is empty", code="empty")
    if upload.size > max_bytes():
        raise ValidationError(f"{label} must be smaller than {describe_limit()}", code="size")
    if not content_matches(upload, file_type):
        raise ValidationError(
            f"{label} is not a real {NOUNS[file_type]}: its contents do not match its name",
            code="content",
        )
    return file_type


def content_matches(upload, file_type: str) -> bool:
    """Whether the file's first bytes are those of ``file_type``."""
    upload.seek(0)
    head = upload.read(SNIFF_BYTES)
    upload.seek(0)
    if file_type == FileType.PDF:
        return head.startswith(b"%PDF-")
    if file_type == FileType.PNG:
        return head.startswith(b"\x89PNG\r\n\x1a\n")
    if file_type == FileType.JPEG:
        return head.startswith(b"\xff\xd8\xff")
    if file_type in (FileType.DOCX, FileType.XLSX):
        return head.startswith(b"PK\x03\x04") and _office_part(upload, file_type)
    return _is_text(head)


def _office_part(upload, file_type: str) -> bool:
    required = "word/document.xml" if file_type == FileType.DOCX else "xl/workbook.xml"
    try:
        # Reads only the archive's directory, never inflates its contents.
        with zipfile.ZipFile(upload) as archive:
            return required in archive.namelist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        return False
    finally:
        upload.seek(0)


# Tab, line feed, form feed and carriage return: the only control bytes text files hold.
TEXT_CONTROLS = frozenset({9, 10, 12, 13})


def _is_text(head: bytes) -> bool:
    """No control bytes but those text has: any text encoding passes (Excel on Windows saves
    CSV files in Windows-1252, not UTF-8); executables and images, full of zero bytes, fail."""
    return not any(byte < 32 and byte not in TEXT_CONTROLS for byte in head)


@dataclass(frozen=True)
class StagedFile:
    """An accepted upload already stored, waiting for its entry to be saved."""

    name: str  # where it is in storage
    original_name: str
    file_type: str
    size: int
    sha256: str

    @property
    def label(self) -> str:
        return f"{self.original_name} ({filesizeformat(self.size)})"


def max_files() -> int:
    """How many files one submission of a form may upload."""
    return getattr(settings, "EVIDENCE_MAX_FILES_PER_REQUEST", DEFAULT_MAX_FILES)


def staged_quota() -> int:
    """How many bytes one person may keep staged (uploaded, not yet attached) at a time."""
    return getattr(settings, "EVIDENCE_STAGED_QUOTA_BYTES", DEFAULT_STAGED_QUOTA)


def staged_bytes(user) -> int:
    """What ``user`` has staged and could still attach."""
    uploads = StagedUpload.objects.unexpired(STAGING_MAX_AGE).filter(user=user)
    return uploads.aggregate(total=Sum("size"))["total"] or 0


def stage(upload, *, user, intervention) -> tuple[StagedFile, str]:
    """Store an upload that passed ``check_upload`` and return it with its signed token.

    Refused when it would take what ``user`` keeps staged over ``staged_quota()``."""
    file_type = check_upload(upload)
    if staged_bytes(user) + upload.size > staged_quota():
        label = PurePath(upload.name or "").name or "The selected file"
        raise ValidationError(
            f"{label} was not uploaded: you have {filesizeformat(staged_quota())} of files "
            "uploaded but not saved. Save the form, or upload fewer files",
            code="quota",
        )
    digest = hashlib.sha256()
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    stored = default_storage.save(evidence_upload_to(None, upload.name), File(upload))
    staged = StagedFile(
        name=stored,
        original_name=PurePath(upload.name).name[:255],
        file_type=file_type,
        size=upload.size,
        sha256=digest.hexdigest(),
    )
    StagedUpload.objects.create(name=stored, user=user, size=upload.size)
    return staged, sign(staged, user=user, intervention=intervention)


def sign(staged: StagedFile, *, user, intervention) -> str:
    payload = asdict(staged) | {"user": user.pk, "intervention": intervention.pk}
    return signing.dumps(payload, salt=STAGING_SALT, compress=True)


def unsign(token: str, *, user, intervention) -> StagedFile:
    """The staged file a token names, if the token is genuine, recent and this user's."""
    expired = ValidationError(
        "A file you uploaded earlier has expired: upload it again", code="staged"
    )
    try:
        payload = signing.loads(token, salt=STAGING_SALT, max_age=STAGING_MAX_AGE)
    except (signing.BadSignature, ValueError, TypeError):
        raise expired from None
    if payload.pop("user", None) != user.pk or payload.pop("intervention", None) != (
        intervention.pk
    ):
        raise expired
    try:
        staged = StagedFile(**payload)
    except TypeError:
        raise expired from None
    if not staged.name.startswith("evidence/") or not default_storage.exists(staged.name):
        raise expired
    return staged


def open_stored(name: str):
    return default_storage.open(name, "rb")
