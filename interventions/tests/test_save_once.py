"""Issue 15: a create form saves once however often it is sent, and a clash the services could
not see (two saves at the same moment) is the form's error, not a server error."""

import datetime
import re

import pytest
from django.db.models.signals import pre_save
from django.urls import reverse

from interventions.models import Action, BoardMeeting, ProgressEntry

from .test_workspace_forms import action_data, create_url, entry_data, error_summary, meeting_data

pytestmark = pytest.mark.django_db


def token_on(page) -> str:
    found = re.search(r'name="submission" value="([^"]+)"', page.content.decode())
    assert found, "The form has no submission token"
    return found.group(1)


@pytest.mark.parametrize(
    ("route", "data", "model"),
    [
        ("interventions:action_create", action_data, Action),
        ("interventions:entry_create", entry_data, ProgressEntry),
        ("interventions:board_meeting_create", meeting_data, BoardMeeting),
    ],
)
def test_a_form_sent_twice_saves_once(signed_in, world, route, data, model):
    url = reverse(route, args=[world.intervention.pk])
    before = model.objects.count()
    token = token_on(signed_in.get(url))

    first = signed_in.post(url, data(submission=token))
    second = signed_in.post(url, data(submission=token))

    assert first.status_code == second.status_code == 302
    assert model.objects.count() == before + 1
    assert second.url == first.url  # to what the first one saved
    page = signed_in.get(second.url).content.decode()
    assert "This was already saved" in page


def test_each_new_form_has_its_own_token(signed_in, world):
    url = create_url(world)
    assert token_on(signed_in.get(url)) != token_on(signed_in.get(url))


def test_a_rejected_form_keeps_its_token_and_saves_when_corrected(signed_in, world):
    url = create_url(world)
    token = token_on(signed_in.get(url))
    rejected = signed_in.post(url, entry_data(summary="", submission=token))
    assert error_summary(rejected) == ["Enter a summary"]
    assert token_on(rejected) == token
    assert signed_in.post(url, entry_data(submission=token)).status_code == 302
    assert ProgressEntry.objects.filter(summary=entry_data()["summary"]).count() == 1


def test_a_board_meeting_saved_at_the_same_moment_is_the_forms_error(signed_in, world):
    """Another request inserts the same board's meeting on the same day between this one's
    checks and its insert (as two concurrent posts did): the database refuses the second."""
    board = world.meeting.board
    day = datetime.date(2016, 8, 5)

    def other_request_saves_first(sender, instance, **kwargs):
        pre_save.disconnect(other_request_saves_first, sender=BoardMeeting)
        BoardMeeting.objects.bulk_create([BoardMeeting(board=board, held_on=day)])

    pre_save.connect(other_request_saves_first, sender=BoardMeeting, weak=False)
    try:
        url = reverse("interventions:board_meeting_create", args=[world.intervention.pk])
        response = signed_in.post(url, meeting_data())
    finally:
        pre_save.disconnect(other_request_saves_first, sender=BoardMeeting)

    assert response.status_code == 200
    assert error_summary(response)[0].startswith("Someone saved a record that clashes")
    assert "Adopt the revised plan" in response.content.decode()  # what was typed is kept
