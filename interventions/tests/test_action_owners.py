"""Action owners chosen from people with accounts (free text kept for people outside), and the
reminder an overdue action's owner receives."""

import datetime

import pytest
from django.core.management import call_command
from django.urls import reverse

from interventions import services
from interventions.models import Action
from interventions.services.reminders import remind_overdue_action_owners
from interventions.tasks import remind_overdue_action_owners as remind_task

from .test_workspace_forms import action_data, action_update_data, error_summary

pytestmark = pytest.mark.django_db

D = datetime.date


@pytest.fixture
def owner(official):
    official.first_name, official.last_name, official.email = "Ann", "Official", "ann@dfe.invalid"
    official.save()
    return official


def test_the_owner_list_offers_the_appointed_commissioner_and_officials_only(
    signed_in, world, commissioner, owner, other_commissioner
):
    url = reverse("interventions:action_create", args=[world.intervention.pk])
    form = signed_in.get(url).context["form"]
    offered = list(form.fields["owner_user"].queryset)
    assert commissioner in offered and owner in offered
    assert other_commissioner not in offered  # not appointed to this intervention
    assert "Ann Official" in signed_in.get(url).content.decode()


def test_commissioner_gives_an_action_to_someone_with_an_account(
    signed_in, world, commissioner, owner
):
    url = reverse("interventions:action_create", args=[world.intervention.pk])
    response = signed_in.post(url, action_data(owner="", owner_user=owner.pk))
    assert response.status_code == 302
    action = Action.objects.get(title="Appoint a permanent director")
    assert (action.owner_user, action.owner) == (owner, "Ann Official")
    row = action.history.get()
    assert (row.history_user, row.owner_user_id) == (commissioner, owner.pk)


def test_free_text_stays_for_people_outside_the_service(signed_in, world):
    url = reverse("interventions:action_create", args=[world.intervention.pk])
    signed_in.post(url, action_data(owner="Chief executive"))
    action = Action.objects.get(title="Appoint a permanent director")
    assert (action.owner_user, action.owner) == (None, "Chief executive")


def test_an_account_and_a_different_name_is_a_govuk_error(signed_in, world, owner):
    url = reverse("interventions:action_create", args=[world.intervention.pk])
    response = signed_in.post(url, action_data(owner="Someone else", owner_user=owner.pk))
    assert response.status_code == 200
    assert error_summary(response) == ["Choose an owner with an account or enter a name, not both"]


def test_an_account_outside_the_list_is_refused(signed_in, world, other_commissioner):
    url = reverse("interventions:action_create", args=[world.intervention.pk])
    response = signed_in.post(url, action_data(owner_user=other_commissioner.pk))
    assert response.status_code == 200
    assert error_summary(response) == ["Select an owner from the list"]


def test_reassigning_an_action_to_an_account(signed_in, world, owner):
    url = reverse("interventions:action_update", args=[world.intervention.pk, world.action.pk])
    data = action_update_data(world.action, owner="", owner_user=owner.pk)
    assert signed_in.post(url, data).status_code == 302
    world.action.refresh_from_db()
    assert world.action.owner_user == owner
    # The edit form shows the account chosen, and no free text beside it.
    form = signed_in.get(url).context["form"]
    assert (form.initial["owner_user"], form.initial["owner"]) == (owner.pk, "")


@pytest.fixture
def remind(smtp_server, celery_eager, django_capture_on_commit_callbacks):
    """Run the reminder for a day, its emails sent by the (eager) task after commit to the
    suite's SMTP server; returns how many it queued."""

    def run(day: datetime.date) -> int:
        with django_capture_on_commit_callbacks(execute=True):
            return remind_overdue_action_owners(day)

    return run


def give(action, user, commissioner):
    return services.update_action(action, by=commissioner, owner_user=user, owner="Ann Official")


def test_an_overdue_action_reminds_its_owner_once(
    world, commissioner, owner, remind, smtp_server, settings
):
    give(world.action, owner, commissioner)  # due 1 September 2016: overdue

    assert remind(D(2016, 9, 2)) == 1
    assert remind(D(2016, 9, 3)) == 0  # once for a due date

    (email,) = smtp_server.messages
    assert email["X-Envelope-To"] == "ann@dfe.invalid"
    assert email["Subject"] == "Action overdue: Torbay"
    body = email.get_content()
    assert "Publish the improvement plan" in body
    assert "Due: 1 September 2016" in body
    path = reverse("interventions:action_detail", args=[world.intervention.pk, world.action.pk])
    assert settings.SITE_URL.rstrip("/") + path in body  # a link that opens from the email
    world.action.refresh_from_db()
    assert world.action.owner_reminded_on == D(2016, 9, 2)
    row = world.action.history.latest()
    assert row.history_user.username == "system:reminders"
    assert row.history_change_reason == "Owner reminded that the action is overdue"


def test_a_new_due_date_passed_reminds_again(world, commissioner, owner, remind, smtp_server):
    give(world.action, owner, commissioner)
    remind(D(2016, 9, 2))
    services.update_action(
        world.action, by=commissioner, due_on=D(2016, 10, 1), reason="Board agreed more time"
    )
    assert remind(D(2016, 9, 20)) == 0  # not yet due
    assert remind(D(2016, 10, 2)) == 1
    assert len(smtp_server.messages) == 2


def test_no_reminder_before_the_due_date_when_done_or_without_an_account(
    world, commissioner, owner, remind, smtp_server
):
    assert remind(D(2016, 9, 2)) == 0  # free-text owner: nobody to email
    give(world.action, owner, commissioner)
    assert remind(D(2016, 9, 1)) == 0  # due today, not overdue
    services.update_action(world.action, by=commissioner, status="done", reason="Published")
    assert remind(D(2016, 9, 2)) == 0
    assert smtp_server.messages == []


def test_the_beat_task_and_the_command_run_the_same_reminder(
    world, commissioner, owner, smtp_server, celery_eager, django_capture_on_commit_callbacks
):
    give(world.action, owner, commissioner)
    with django_capture_on_commit_callbacks(execute=True):
        assert remind_task.apply(args=["2016-09-02"]).get() == 1
        call_command("remind_action_owners", "--today", "2016-09-03")
    assert len(smtp_server.messages) == 1


def test_the_reminder_is_scheduled(settings):
    tasks = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert "interventions.remind_overdue_action_owners" in tasks
