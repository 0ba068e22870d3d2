"""The workspace's services: logging and editing progress with evidence, optimistic locking,
actions and board meetings. Each records who made the change and why."""

import datetime
from pathlib import Path

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction

from interventions import evidence as evidence_files
from interventions import services
from interventions.models import Action, BoardMeeting, Evidence, ImprovementBoard, ThemeRating

from . import factories as f
from .workspace_world import build_world, file_bytes, upload

pytestmark = pytest.mark.django_db

D = datetime.date
Rag = ThemeRating.Rag


@pytest.fixture
def world(commissioner):
    return build_world(commissioner)


def latest_history(instance):
    return instance.history.order_by("-history_date", "-history_id").first()


def staged_pdf(world, user, name="visit-notes.pdf"):
    staged, _token = evidence_files.stage(
        upload(name, file_bytes()), user=user, intervention=world.intervention
    )
    return staged


# --- logging progress with evidence -----------------------------------------------------------


def test_record_progress_attaches_staged_files_with_who_and_why(world, commissioner, media):
    staged = staged_pdf(world, commissioner)

    entry = services.record_progress(
        world.intervention,
        by=commissioner,
        occurred_on=D(2016, 9, 1),
        kind="visit",
        summary="Second visit",
        ratings=[(world.leadership, Rag.AMBER, "improving", "New director in post")],
        evidence=[staged],
    )

    item = entry.evidence.get()
    assert (item.original_name, item.file_type, item.uploaded_by) == (
        "visit-notes.pdf",
        "pdf",
        commissioner,
    )
    assert item.size == len(file_bytes())
    # Stored under MEDIA_ROOT with a random name: nothing of the uploader's name on disk.
    stored = Path(media) / item.file.name
    assert stored.read_bytes() == file_bytes()
    assert "visit-notes" not in item.file.name and item.file.name.startswith("evidence/")
    row = latest_history(item)
    assert (row.history_user, row.history_change_reason) == (commissioner, "Evidence attached")
    assert entry.author == commissioner
    assert latest_history(entry.ratings.get()).history_change_reason == "Theme rated"


def test_a_staged_file_cannot_be_attached_twice(world, commissioner):
    staged = staged_pdf(world, commissioner)
    services.record_progress(
        world.intervention,
        by=commissioner,
        occurred_on=D(2016, 9, 1),
        kind="visit",
        summary="One",
        evidence=[staged],
    )
    with pytest.raises(ValidationError, match="already attached"):
        services.record_progress(
            world.intervention,
            by=commissioner,
            occurred_on=D(2016, 9, 2),
            kind="visit",
            summary="Two",
            evidence=[staged],
        )


# --- editing an entry -------------------------------------------------------------------------


def test_editing_an_entry_moves_its_version_and_records_the_reason(world, commissioner):
    entry = world.entry
    before = entry.version

    services.update_progress(
        entry,
        by=commissioner,
        as_author=True,
        version=before,
        reason="Visit was a day later",
        occurred_on=D(2016, 6, 2),
        summary="Met the director",
    )

    entry.refresh_from_db()
    assert entry.version == before + 1
    assert (entry.occurred_on, entry.summary) == (D(2016, 6, 2), "Met the director")
    row = latest_history(entry)
    assert (row.history_user, row.history_change_reason) == (commissioner, "Visit was a day later")


def test_changing_only_a_rating_still_moves_the_entry_version(world, commissioner):
    entry = world.entry
    before = entry.version

    services.update_progress(
        entry,
        by=commissioner,
        as_author=True,
        version=before,
        summary=entry.summary,
        ratings=[(world.leadership, Rag.RED, "improving", "Too early to see change")],
    )

    entry.refresh_from_db()
    assert entry.version == before + 1
    assert entry.ratings.get().direction == "improving"
    assert latest_history(entry.ratings.get()).history_user == commissioner


def test_an_edit_that_changes_nothing_writes_no_history(world, commissioner):
    entry = world.entry
    rows = entry.history.count()

    services.update_progress(
        entry, by=commissioner, as_author=True, version=entry.version, summary=entry.summary
    )

    assert entry.history.count() == rows


def test_an_edit_from_an_old_version_is_refused_and_saves_nothing(world, commissioner):
    entry = world.entry
    seen = entry.version
    services.update_progress(
        entry, by=commissioner, as_author=True, version=seen, summary="First change"
    )

    with pytest.raises(services.EditConflict) as conflict:
        services.update_progress(
            entry, by=commissioner, as_author=True, version=seen, summary="Second change"
        )

    assert conflict.value.version == seen
    assert conflict.value.current.summary == "First change"
    entry.refresh_from_db()
    assert entry.summary == "First change"


def test_only_the_author_can_edit_an_entry(world, other_commissioner, official):
    co_commissioner = services.add_commissioner(
        by=official, name="Co-commissioner", user=other_commissioner
    )
    services.appoint_commissioner(
        world.intervention, co_commissioner, by=official, starts_on=D(2016, 6, 1)
    )
    with pytest.raises(PermissionDenied):
        services.update_progress(
            world.entry,
            by=other_commissioner,
            as_author=True,
            version=world.entry.version,
            summary="Not mine",
        )


def test_the_author_cannot_edit_once_their_appointment_has_ended(world, commissioner, official):
    appointment = world.intervention.appointments.get()
    services.end_appointment(appointment, by=official, ends_on=D(2017, 1, 1), reason="Term ended")
    with pytest.raises(PermissionDenied):
        services.update_progress(
            world.entry,
            by=commissioner,
            as_author=True,
            version=world.entry.version,
            summary="Too late",
        )


def test_a_locked_entry_cannot_be_edited_or_given_evidence(world, commissioner, official):
    services.lock_entries([world.entry], by=official, reason="2016 Q2 report submitted")
    world.entry.refresh_from_db()
    with pytest.raises(ValidationError, match="submitted report"):
        services.update_progress(
            world.entry,
            by=commissioner,
            as_author=True,
            version=world.entry.version,
            summary="Changed after submission",
        )
    with pytest.raises(ValidationError, match="submitted report"):
        services.attach_evidence(world.entry, staged_pdf(world, commissioner), by=commissioner)


def test_a_new_date_needs_a_reason(world, commissioner):
    with pytest.raises(ValidationError) as error:
        services.update_progress(
            world.entry,
            by=commissioner,
            as_author=True,
            version=world.entry.version,
            occurred_on=D(2016, 6, 3),
        )
    assert "reason" in error.value.message_dict


def test_removing_evidence_keeps_the_file_and_says_who_and_why(world, commissioner, media):
    item = services.attach_evidence(world.entry, staged_pdf(world, commissioner), by=commissioner)
    world.entry.refresh_from_db()

    services.update_progress(
        world.entry,
        by=commissioner,
        as_author=True,
        version=world.entry.version,
        reason="Wrong file",
        remove_evidence=[item],
    )

    item.refresh_from_db()
    assert item.is_removed and item.removed_by == commissioner
    assert not world.entry.evidence.current().exists()
    assert (Path(media) / item.file.name).exists()
    row = latest_history(item)
    assert (row.history_user, row.history_change_reason) == (commissioner, "Wrong file")


# --- actions ----------------------------------------------------------------------------------


def test_update_action_reassigns_and_records_who(world, commissioner):
    action = world.action
    services.update_action(
        action,
        by=commissioner,
        version=action.version,
        owner="Chief executive",
        title=action.title,
    )
    action.refresh_from_db()
    assert action.owner == "Chief executive"
    row = latest_history(action)
    assert (row.history_user, row.history_change_reason) == (commissioner, "Action edited")


def test_update_action_needs_a_reason_to_change_status_or_due_date(world, commissioner):
    with pytest.raises(ValidationError) as error:
        services.update_action(
            world.action, by=commissioner, version=world.action.version, due_on=D(2016, 12, 1)
        )
    assert "reason" in error.value.message_dict

    services.update_action(
        world.action,
        by=commissioner,
        version=world.action.version,
        status=Action.Status.DONE,
        completed_on=D(2016, 10, 1),
        reason="Plan published",
    )
    world.action.refresh_from_db()
    assert world.action.status == Action.Status.DONE
    assert latest_history(world.action).history_change_reason == "Plan published"


def test_update_action_from_an_old_version_is_a_conflict(world, commissioner):
    seen = world.action.version
    services.update_action(world.action, by=commissioner, version=seen, owner="Someone")
    with pytest.raises(services.EditConflict):
        services.update_action(world.action, by=commissioner, version=seen, owner="Someone else")


# --- board meetings ---------------------------------------------------------------------------


def test_first_meeting_sets_up_a_board_when_there_is_none(official):
    intervention = f.InterventionFactory()
    meeting = services.record_board_meeting(
        intervention,
        by=official,
        held_on=D(2016, 6, 1),
        attendees="Commissioner",
        decisions="Terms of reference agreed",
    )
    board = ImprovementBoard.objects.get(intervention=intervention)
    assert meeting.board == board
    assert latest_history(board).history_change_reason == (
        "Board set up when its first meeting was recorded"
    )
    assert latest_history(meeting).history_user == official


def test_with_two_boards_sitting_the_board_must_be_chosen(world, commissioner):
    services.set_up_board(world.intervention, by=commissioner, name="Practice board")
    with pytest.raises(ValidationError) as error:
        services.record_board_meeting(world.intervention, by=commissioner, held_on=D(2016, 8, 1))
    assert "board" in error.value.message_dict


def test_a_board_meets_once_a_day(world, commissioner):
    with pytest.raises(ValidationError) as error:
        services.record_board_meeting(
            world.intervention, by=commissioner, held_on=world.meeting.held_on
        )
    assert "held_on" in error.value.message_dict


def test_moving_a_meeting_needs_a_reason_and_is_locked_by_version(world, commissioner):
    meeting = world.meeting
    with pytest.raises(ValidationError) as error:
        services.update_board_meeting(
            meeting, by=commissioner, version=meeting.version, held_on=D(2016, 7, 2)
        )
    assert "reason" in error.value.message_dict

    seen = meeting.version
    services.update_board_meeting(
        meeting, by=commissioner, version=seen, held_on=D(2016, 7, 2), reason="Typo"
    )
    meeting.refresh_from_db()
    assert meeting.held_on == D(2016, 7, 2)
    assert latest_history(meeting).history_change_reason == "Typo"
    with pytest.raises(services.EditConflict):
        services.update_board_meeting(meeting, by=commissioner, version=seen, decisions="Other")
    assert BoardMeeting.objects.get(pk=meeting.pk).decisions == "Agree the improvement plan"


# --- evidence constraints ---------------------------------------------------------------------


def make_evidence(world, commissioner, **overrides):
    values = {
        "entry": world.entry,
        "original_name": "notes.pdf",
        "file_type": "pdf",
        "size": 10,
        "sha256": "0" * 64,
        "uploaded_by": commissioner,
        "file": "evidence/abc",
    } | overrides
    return Evidence.objects.create(**values)


@pytest.mark.parametrize(
    "overrides",
    [
        {"size": 0},
        {"file_type": "exe"},
        {"original_name": ""},
    ],
    ids=["empty", "type-not-allowed", "no-name"],
)
def test_evidence_constraints_fire_in_the_database(world, commissioner, overrides):
    with pytest.raises(IntegrityError), transaction.atomic():
        make_evidence(world, commissioner, **overrides)


def test_evidence_removed_by_needs_removed_at(world, commissioner):
    with pytest.raises(IntegrityError), transaction.atomic():
        make_evidence(world, commissioner, removed_by=commissioner)


def test_one_evidence_row_per_stored_file(world, commissioner):
    make_evidence(world, commissioner)
    with pytest.raises(IntegrityError), transaction.atomic():
        make_evidence(world, commissioner)
