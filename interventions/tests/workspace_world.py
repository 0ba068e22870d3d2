"""A small, realistic intervention for the workspace tests (Torbay, 2016), built through the
services as a person would record it, and genuine little files to upload."""

from __future__ import annotations

import datetime
import io
import zipfile
from dataclasses import dataclass
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile

from core.history import system_user
from inspections.models import Area, Grade, Inspection, Judgement
from interventions import services
from interventions.models import (
    Action,
    BoardMeeting,
    Evidence,
    Intervention,
    ProgressEntry,
    Theme,
    ThemeRating,
)

from . import factories as f

D = datetime.date
FileType = Evidence.FileType


@dataclass
class World:
    intervention: Intervention
    entry: ProgressEntry  # by the commissioner, rating leadership red
    action: Action  # open, overdue
    meeting: BoardMeeting
    leadership: Theme
    other: Intervention  # someone else's


def graded_inspection(authority, published: datetime.date, grades: dict[str, str]) -> Inspection:
    inspection = Inspection.objects.create(
        authority=authority,
        framework="SIF",
        type=Inspection.Type.STANDARD,
        publication_date=published,
    )
    for area, grade in grades.items():
        Judgement.objects.create(inspection=inspection, area=area, grade=grade)
    return inspection


def build_world(commissioner, *, name: str = "Torbay") -> World:
    """An open intervention the ``commissioner`` user is appointed to now, with one of each
    record, and another intervention nobody in the test is appointed to."""
    dfe = system_user("workspace-tests")
    authority = f.LocalAuthorityFactory(name=name)
    sif = graded_inspection(
        authority,
        D(2016, 1, 14),
        {
            Area.OVERALL: Grade.INADEQUATE,
            Area.HELP_AND_PROTECTION: Grade.INADEQUATE,
            Area.LOOKED_AFTER_AND_PERMANENCE: Grade.REQUIRES_IMPROVEMENT,
            Area.LEADERSHIP: Grade.INADEQUATE,
        },
    )
    intervention = services.open_intervention(
        authority,
        by=dfe,
        opened_on=D(2016, 1, 14),
        reason="SIF judged Inadequate",
        trigger_inspection=sif,
    )
    services.issue_direction(
        intervention,
        by=dfe,
        issued_on=D(2016, 5, 25),
        requires_commissioner=True,
        next_review_on=D(2016, 11, 25),
    )
    person = services.add_commissioner(
        by=dfe, name="John Coughlan", title="Chief Executive", user=commissioner
    )
    services.appoint_commissioner(intervention, person, by=dfe, starts_on=D(2016, 5, 25))
    partner = f.LocalAuthorityFactory(name="Hampshire")
    partnership = services.start_partnership(
        partner,
        authority,
        by=dfe,
        intervention=intervention,
        model="expert_adviser",
        legal_basis="directed",
        starts_on=D(2016, 5, 25),
        day_allowance_per_year=Decimal("200"),
    )
    services.log_partner_days(partnership, by=dfe, worked_on=D(2016, 6, 1), days=Decimal("3"))
    board = services.set_up_board(intervention, by=dfe, chaired_by_commissioner=True)
    meeting = services.record_board_meeting(
        intervention,
        board=board,
        by=dfe,
        held_on=D(2016, 7, 1),
        attendees="Commissioner\nDCS",
        decisions="Agree the improvement plan",
    )
    leadership = Theme.objects.get(code="leadership")
    entry = services.record_progress(
        intervention,
        by=commissioner,
        occurred_on=D(2016, 6, 1),
        kind="visit",
        summary="Met the director and front-line managers",
        ratings=[(leadership, ThemeRating.Rag.RED, "no_change", "Too early to see change")],
    )
    action = services.create_action(
        intervention,
        by=commissioner,
        title="Publish the improvement plan",
        owner="Director of children's services",
        due_on=D(2016, 9, 1),
    )
    other = services.open_intervention(
        f.LocalAuthorityFactory(name="Slough"), by=dfe, opened_on=D(2014, 10, 1)
    )
    return World(intervention, entry, action, meeting, leadership, other)


def file_bytes(file_type: str = FileType.PDF, size: int = 0) -> bytes:
    """A small genuine file of a type; ``size`` pads a PDF, text or CSV to that many bytes."""
    if file_type in (FileType.DOCX, FileType.XLSX):
        buffer = io.BytesIO()
        part = "word/document.xml" if file_type == FileType.DOCX else "xl/workbook.xml"
        with zipfile.ZipFile(buffer, "w") as archive:
            archive.writestr("[Content_Types].xml", "<Types/>")
            archive.writestr(part, "<document/>")
        return buffer.getvalue()
    body = {
        FileType.PDF: b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n",
        FileType.PNG: b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR",
        FileType.JPEG: b"\xff\xd8\xff\xe0\x00\x10JFIF\x00",
        FileType.CSV: b"theme,rating\nleadership,amber\n",
        FileType.TXT: b"Notes from the visit\n",
    }[file_type]
    return body + b" " * max(0, size - len(body))


def upload(name: str, content: bytes, content_type: str = "application/octet-stream"):
    return SimpleUploadedFile(name, content, content_type=content_type)
