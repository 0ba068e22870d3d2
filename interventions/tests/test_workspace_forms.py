"""The workspace's forms through the pages: log progress, change an entry, actions and board
meetings. Bad input gets a GOV.UK error summary and keeps everything typed; a stale edit is
refused with what changed."""

import datetime
import html
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from core.dates import govuk_time
from interventions import services
from interventions.models import Action, BoardMeeting, Evidence, ProgressEntry, ThemeRating

from .workspace_world import file_bytes, upload

pytestmark = pytest.mark.django_db

D = datetime.date
LEADERSHIP = "Leadership, management and governance"


def error_summary(response) -> list[str]:
    """The messages of the page's GOV.UK error summary, as a person reads them."""
    page = response.content.decode()
    found = re.search(r'govuk-error-summary__list">(.*?)</ul>', page, re.S)
    assert found, "The page has no error summary"
    return [html.unescape(m) for m in re.findall(r"<a [^>]*>(.*?)</a>", found.group(1), re.S)]


def date_parts(prefix: str, day: datetime.date | tuple) -> dict:
    d, m, y = (day.day, day.month, day.year) if isinstance(day, datetime.date) else day
    return {f"{prefix}-day": d, f"{prefix}-month": m, f"{prefix}-year": y}


def entry_data(**overrides) -> dict:
    data = {
        **date_parts("occurred_on", D(2016, 9, 1)),
        "kind": "visit",
        "summary": "Second visit: the new director has a plan",
        "rag-leadership": "amber",
        "direction-leadership": "improving",
        "rationale-leadership": "A permanent director started in August",
    }
    return {**data, **overrides}


def create_url(world):
    return reverse("interventions:entry_create", args=[world.intervention.pk])


# --- logging progress -------------------------------------------------------------------------


def test_commissioner_logs_an_entry_with_a_rag_change_and_a_file(signed_in, world, commissioner):
    response = signed_in.post(
        create_url(world), entry_data(evidence=upload("visit-notes.pdf", file_bytes()))
    )

    entry = ProgressEntry.objects.latest("pk")
    assert response.status_code == 302
    assert response.url == reverse(
        "interventions:entry_detail", args=[world.intervention.pk, entry.pk]
    )
    assert (entry.author, entry.occurred_on, entry.kind) == (commissioner, D(2016, 9, 1), "visit")
    rating = entry.ratings.get()
    assert (rating.rag, rating.direction, rating.rationale) == (
        "amber",
        "improving",
        "A permanent director started in August",
    )
    assert entry.evidence.get().original_name == "visit-notes.pdf"
    page = signed_in.get(response.url).content.decode()
    assert "Progress entry saved" in page
    assert "visit-notes.pdf" in page


def test_a_rag_change_without_a_rationale_is_refused_and_nothing_typed_is_lost(signed_in, world):
    data = entry_data(**{"rationale-leadership": ""})
    response = signed_in.post(
        create_url(world), {**data, "evidence": upload("visit-notes.pdf", file_bytes())}
    )

    assert response.status_code == 200
    assert error_summary(response) == [
        f"Enter a rationale for changing {LEADERSHIP} from red to amber"
    ]
    page = response.content.decode()
    assert "<title>Error: Log progress" in page
    assert 'href="#id_rationale-leadership"' in page
    assert "Second visit: the new director has a plan</textarea>" in page
    assert 'name="occurred_on-year" type="text" inputmode="numeric" value="2016"' in page
    assert re.search(r'value="amber" checked', page)
    # The file was kept: offered, ticked, for the next submission.
    assert "visit-notes.pdf" in page
    tokens = response.context["form"].data.getlist("staged")
    assert len(tokens) == 1 and f'value="{tokens[0]}" checked' in page
    assert not ProgressEntry.objects.filter(summary=data["summary"]).exists()

    again = signed_in.post(
        create_url(world), {**data, "rationale-leadership": "New director", "staged": tokens}
    )

    assert again.status_code == 302
    entry = ProgressEntry.objects.get(summary=data["summary"])
    assert [e.original_name for e in entry.evidence.all()] == ["visit-notes.pdf"]


def test_the_same_rating_again_needs_no_rationale(signed_in, world):
    data = entry_data(**{"rag-leadership": "red", "rationale-leadership": ""})
    assert signed_in.post(create_url(world), data).status_code == 302


def test_the_first_rating_of_a_theme_needs_no_rationale(signed_in, world):
    data = entry_data(**{"rag-care-leavers": "green", "direction-care-leavers": "improving"})
    assert signed_in.post(create_url(world), data).status_code == 302
    assert ProgressEntry.objects.latest("pk").ratings.count() == 2


@pytest.mark.parametrize(
    ("parts", "message"),
    [
        (("", "", ""), "Enter the date it happened"),
        (("31", "2", "2017"), "The date it happened must be a real date"),
        (("", "9", "2016"), "The date it happened must include a day"),
        (("1", "13", "2016"), "The date it happened must be a real date"),
        (("1", "9", "16"), "Year must include 4 numbers"),
        (("1", "1", "2016"), "The date it happened must be on or after the intervention opened"),
        (("1", "1", "2999"), "The date it happened must be today or in the past"),
    ],
)
def test_log_progress_answers_invalid_dates_with_an_error_summary(signed_in, world, parts, message):
    response = signed_in.post(create_url(world), entry_data(**date_parts("occurred_on", parts)))
    assert response.status_code == 200
    assert error_summary(response)[0].startswith(message)
    # What was typed in the boxes is shown again.
    page = response.content.decode()
    for name, value in zip(("day", "month", "year"), parts, strict=True):
        if value:
            assert f'name="occurred_on-{name}" type="text" inputmode="numeric" value="{value}"' in (
                page
            )


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("run-me.exe", b"MZ\x90\x00", "run-me.exe must be a PDF, Word document"),
        ("fake.pdf", b"MZ\x90\x00", "fake.pdf is not a real PDF"),
        ("big.pdf", file_bytes(size=2048), "big.pdf must be smaller than 1KB"),
        ("empty.txt", b"", "empty.txt is empty"),
    ],
)
def test_unsupported_or_oversized_files_get_an_error_summary(
    signed_in, world, settings, name, content, message
):
    settings.EVIDENCE_MAX_BYTES = 1024
    response = signed_in.post(create_url(world), entry_data(evidence=upload(name, content)))
    assert response.status_code == 200
    assert error_summary(response)[0].startswith(message)
    assert 'href="#id_evidence"' in response.content.decode()
    assert not Evidence.objects.exists()


def test_a_bad_file_does_not_lose_the_good_one_uploaded_with_it(signed_in, world):
    files = [upload("good.pdf", file_bytes()), upload("bad.exe", b"MZ")]
    response = signed_in.post(create_url(world), entry_data(evidence=files))
    assert error_summary(response)[0].startswith("bad.exe must be")
    assert [s.original_name for s in response.context["form"].staged_files.values()] == ["good.pdf"]


def test_a_rating_needs_a_direction_and_a_direction_needs_a_rating(signed_in, world):
    data = entry_data(
        **{
            "direction-leadership": "",
            "direction-care-leavers": "declining",
        }
    )
    response = signed_in.post(create_url(world), data)
    assert set(error_summary(response)) == {
        f"Select the direction of travel for {LEADERSHIP}",
        "Select a RAG rating for Care leavers, or clear the others",
    }


def test_summary_and_kind_are_required(signed_in, world):
    response = signed_in.post(create_url(world), entry_data(summary="  ", kind=""))
    assert set(error_summary(response)) == {
        "Enter a summary",
        "Select what kind of activity it was",
    }


# --- changing an entry ------------------------------------------------------------------------


def update_url(world, entry=None):
    entry = entry or world.entry
    return reverse("interventions:entry_update", args=[world.intervention.pk, entry.pk])


def update_data(world, **overrides) -> dict:
    entry = world.entry
    data = {
        **date_parts("occurred_on", entry.occurred_on),
        "kind": entry.kind,
        "summary": entry.summary,
        "rag-leadership": "red",
        "direction-leadership": "no_change",
        "rationale-leadership": "Too early to see change",
        "version": entry.version,
        "reason": "",
    }
    return {**data, **overrides}


def test_the_author_changes_an_entry_and_the_history_says_who_and_what(
    signed_in, world, commissioner
):
    response = signed_in.post(
        update_url(world), update_data(world, summary="Met the director and managers")
    )
    assert response.status_code == 302
    world.entry.refresh_from_db()
    assert world.entry.summary == "Met the director and managers"
    page = signed_in.get(response.url).content.decode()
    assert "Entry changed" in page
    assert "Met the director and front-line managers" in page  # before
    assert "Met the director and managers" in page  # after


def test_a_stale_edit_is_refused_with_what_changed_and_can_be_reapplied(
    signed_in, world, admin_user
):
    seen = update_data(world)  # the form as the commissioner opened it
    services.update_progress(world.entry, by=admin_user, summary="Corrected by DfE")

    response = signed_in.post(update_url(world), {**seen, "summary": "My better summary"})

    assert response.status_code == 200
    saved_at = world.entry.history.latest("history_id").history_date
    messages = error_summary(response)
    assert messages[0] == (
        f"This entry was changed by admin at {govuk_time(saved_at)} while you were editing it"
    )
    assert messages[1] == "Summary was changed to “Corrected by DfE”: yours is “My better summary”"
    page = response.content.decode()
    assert "Their version (saved)" in page and "Corrected by DfE" in page
    assert "My better summary</textarea>" in page
    world.entry.refresh_from_db()
    assert world.entry.summary == "Corrected by DfE"
    new_version = response.context["form"].data["version"]
    assert int(new_version) == world.entry.version

    again = signed_in.post(
        update_url(world), {**seen, "summary": "My better summary", "version": new_version}
    )

    assert again.status_code == 302
    world.entry.refresh_from_db()
    assert world.entry.summary == "My better summary"


def test_a_stale_edit_lists_a_rating_someone_else_changed(signed_in, world, admin_user):
    seen = update_data(world)
    services.rate_theme(
        world.entry,
        world.leadership,
        by=admin_user,
        rag="amber",
        direction="improving",
        rationale="Checked",
        reason="Corrected",
    )
    services.update_progress(world.entry, by=admin_user, reason="Ratings corrected")

    response = signed_in.post(update_url(world), {**seen, "summary": "Mine"})

    assert response.status_code == 200
    messages = error_summary(response)
    assert f"RAG rating for {LEADERSHIP} was changed to “Amber”: yours is “Red”" in messages
    assert "Summary was changed" not in " ".join(messages)


def test_changing_the_date_needs_a_reason(signed_in, world):
    data = update_data(world, **date_parts("occurred_on", D(2016, 6, 2)))
    response = signed_in.post(update_url(world), data)
    assert error_summary(response) == ["Enter a reason for changing the date of the entry"]
    data["reason"] = "The visit was on the Thursday"
    assert signed_in.post(update_url(world), data).status_code == 302


def test_a_rating_given_cannot_be_taken_away(signed_in, world):
    response = signed_in.post(update_url(world), update_data(world, **{"rag-leadership": ""}))
    assert error_summary(response) == [f"Select a RAG rating for {LEADERSHIP}"]


def test_evidence_can_be_added_and_taken_off_an_entry(signed_in, world):
    response = signed_in.post(
        update_url(world), update_data(world, evidence=upload("plan.docx", file_bytes("docx")))
    )
    assert response.status_code == 302
    item = world.entry.evidence.get()
    world.entry.refresh_from_db()
    response = signed_in.post(
        update_url(world),
        update_data(
            world, remove_evidence=[item.pk], reason="Superseded", version=world.entry.version
        ),
    )
    assert response.status_code == 302
    assert not world.entry.evidence.current().exists()


def test_a_locked_entry_cannot_be_changed(signed_in, world, official):
    services.lock_entries([world.entry], by=official, reason="Report submitted")
    response = signed_in.get(update_url(world))
    assert response.status_code == 403
    assert "part of a submitted report" in response.content.decode()
    assert signed_in.post(update_url(world), update_data(world)).status_code == 403
    detail = signed_in.get(
        reverse("interventions:entry_detail", args=[world.intervention.pk, world.entry.pk])
    )
    assert "Change this entry" not in detail.content.decode()


def test_a_co_commissioner_cannot_change_someone_elses_entry(
    client, world, other_commissioner, official
):
    person = services.add_commissioner(by=other_commissioner, name="Co", user=other_commissioner)
    services.appoint_commissioner(world.intervention, person, by=official, starts_on=D(2016, 6, 1))
    client.force_login(other_commissioner)
    response = client.get(update_url(world))
    assert response.status_code == 403
    assert "Only the commissioner who wrote this entry" in response.content.decode()


# --- actions ----------------------------------------------------------------------------------


def action_data(**overrides) -> dict:
    data = {
        "title": "Appoint a permanent director",
        "description": "",
        "owner": "Chief executive",
        **date_parts("due_on", D(2016, 12, 1)),
    }
    return {**data, **overrides}


def test_commissioner_adds_an_action(signed_in, world, commissioner):
    url = reverse("interventions:action_create", args=[world.intervention.pk])
    response = signed_in.post(url, action_data())
    assert response.status_code == 302
    assert response.url.endswith("#actions")
    action = Action.objects.get(title="Appoint a permanent director")
    assert (action.owner, action.due_on, action.status) == (
        "Chief executive",
        D(2016, 12, 1),
        "open",
    )
    assert action.history.get().history_user == commissioner


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"title": ""}, "Enter the action"),
        ({"title": "x" * 201}, "Action must be 200 characters or fewer"),
        (date_parts("due_on", ("30", "2", "2017")), "The due date must be a real date"),
        (date_parts("due_on", ("1", "", "2017")), "The due date must include a month"),
    ],
)
def test_action_form_answers_bad_input_with_an_error_summary(signed_in, world, overrides, message):
    url = reverse("interventions:action_create", args=[world.intervention.pk])
    response = signed_in.post(url, action_data(**overrides))
    assert response.status_code == 200
    assert error_summary(response) == [message]
    assert 'value="Chief executive"' in response.content.decode()


def action_update_data(action, **overrides) -> dict:
    data = {
        "title": action.title,
        "description": action.description,
        "owner": action.owner,
        **date_parts("due_on", action.due_on),
        "status": action.status,
        "version": action.version,
        "reason": "",
    }
    return {**data, **overrides}


def test_changing_an_actions_status_needs_a_reason(signed_in, world, commissioner):
    url = reverse("interventions:action_update", args=[world.intervention.pk, world.action.pk])
    data = action_update_data(world.action, status="done")
    response = signed_in.post(url, data)
    assert error_summary(response) == ["Enter a reason for changing the due date or status"]

    response = signed_in.post(url, {**data, "reason": "Plan published on the website"})
    assert response.status_code == 302
    world.action.refresh_from_db()
    assert (world.action.status, world.action.completed_on) == ("done", timezone.localdate())
    row = world.action.history.latest("history_id")
    assert (row.history_user, row.history_change_reason) == (
        commissioner,
        "Plan published on the website",
    )


def test_an_open_action_has_no_completion_date(signed_in, world):
    url = reverse("interventions:action_update", args=[world.intervention.pk, world.action.pk])
    data = action_update_data(world.action, **date_parts("completed_on", D(2016, 10, 1)))
    response = signed_in.post(url, data)
    assert error_summary(response) == ["Remove the date completed, or change the status to done"]


def test_a_stale_action_edit_is_refused(signed_in, world, admin_user):
    seen = action_update_data(world.action)
    services.update_action(world.action, by=admin_user, owner="Deputy director")
    url = reverse("interventions:action_update", args=[world.intervention.pk, world.action.pk])
    response = signed_in.post(url, {**seen, "owner": "Chief executive"})
    messages = error_summary(response)
    assert messages[0].startswith("This action was changed by admin at ")
    assert (
        "Or an owner without an account (optional) was changed to “Deputy director”: "
        "yours is “Chief executive”" in (messages)
    )


def test_overdue_actions_stand_out(signed_in, world):
    page = signed_in.get(
        reverse("interventions:intervention_detail", args=[world.intervention.pk])
    ).content.decode()
    assert "app-row--overdue" in page
    assert '<strong class="govuk-tag govuk-tag--red">Overdue</strong>' in page
    assert "Actions (1 overdue)" in page


# --- board meetings ---------------------------------------------------------------------------


def meeting_data(**overrides) -> dict:
    data = {
        **date_parts("held_on", D(2016, 8, 5)),
        "attendees": "Commissioner\nLeader of the council",
        "decisions": "Adopt the revised plan",
        "notes": "",
    }
    return {**data, **overrides}


def test_commissioner_records_a_board_meeting(signed_in, world, commissioner):
    url = reverse("interventions:board_meeting_create", args=[world.intervention.pk])
    response = signed_in.post(url, meeting_data())
    meeting = BoardMeeting.objects.get(held_on=D(2016, 8, 5))
    assert response.url == reverse(
        "interventions:board_meeting_detail", args=[world.intervention.pk, meeting.pk]
    )
    assert meeting.board == world.meeting.board
    assert meeting.history.get().history_user == commissioner


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        (date_parts("held_on", ("31", "4", "2016")), "The date of the meeting must be a real date"),
        (date_parts("held_on", ("", "", "")), "Enter the date of the meeting"),
        (
            date_parts("held_on", D(2016, 7, 1)),
            "Children's Improvement Board already has a meeting",
        ),
        ({"attendees": ""}, "Enter who attended"),
        ({"decisions": ""}, "Enter the decisions"),
    ],
)
def test_board_meeting_form_answers_bad_input(signed_in, world, overrides, message):
    url = reverse("interventions:board_meeting_create", args=[world.intervention.pk])
    response = signed_in.post(url, meeting_data(**overrides))
    assert response.status_code == 200
    assert error_summary(response)[0].startswith(message)


def test_a_stale_meeting_edit_is_refused_and_moving_it_needs_a_reason(signed_in, world, admin_user):
    meeting = world.meeting
    url = reverse("interventions:board_meeting_update", args=[world.intervention.pk, meeting.pk])
    seen = {
        **date_parts("held_on", meeting.held_on),
        "attendees": meeting.attendees,
        "decisions": meeting.decisions,
        "notes": "",
        "version": meeting.version,
        "reason": "",
    }
    moved = signed_in.post(url, {**seen, **date_parts("held_on", D(2016, 7, 2))})
    assert error_summary(moved) == ["Enter a reason for changing the date of the meeting"]

    services.update_board_meeting(meeting, by=admin_user, decisions="Plan agreed with changes")
    response = signed_in.post(url, {**seen, "decisions": "Plan agreed"})
    assert error_summary(response)[0].startswith("This meeting was changed by admin at ")
    assert "Decisions was changed to “Plan agreed with changes”: yours is “Plan agreed”" in (
        error_summary(response)
    )


def test_officials_read_but_cannot_change(client, world, official):
    client.force_login(official)
    detail = client.get(reverse("interventions:intervention_detail", args=[world.intervention.pk]))
    assert detail.status_code == 200
    assert "DfE officials can read every intervention" in detail.content.decode()
    assert "Log progress" not in detail.content.decode()
    response = client.post(create_url(world), entry_data())
    assert response.status_code == 403
    assert not ProgressEntry.objects.filter(summary=entry_data()["summary"]).exists()


def test_past_appointments_are_read_only(signed_in, world, commissioner, official):
    services.end_appointment(
        world.intervention.appointments.get(),
        by=official,
        ends_on=D(2017, 1, 1),
        reason="Term ended",
    )
    detail = signed_in.get(
        reverse("interventions:intervention_detail", args=[world.intervention.pk])
    )
    assert "Your appointment to this intervention has ended" in detail.content.decode()
    assert signed_in.get(create_url(world)).status_code == 403


def test_ratings_are_offered_with_the_previous_rating_as_a_hint(signed_in, world):
    page = signed_in.get(create_url(world)).content.decode()
    assert "Last rated red on 1 June 2016" in page
    assert ThemeRating.objects.count() == 1
