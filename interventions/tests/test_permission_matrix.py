"""The permission matrix (ADR 15): who may open and change each page of the commissioner's
workspace, the commissioner's home, and the admin's pages of an intervention and of an entry.

A commissioner sees the interventions they are or were appointed to and changes those they are
appointed to now; an entry is changed only by its author. Officials and admins read every
intervention here and change nothing (admins use the Django admin, which only they, as staff,
may open). Anything out of someone's scope is a 404, never a page that confirms it exists; a
page someone can see but not change is a 403 that says why; a visitor not signed in is sent to
sign in.
"""

import datetime

import pytest
from django.contrib.auth.models import Group
from django.urls import get_resolver, reverse

from core import roles
from core.history import system_user
from interventions import evidence as evidence_files
from interventions import services
from interventions.models import Action, BoardMeeting, ProgressEntry

from .workspace_world import file_bytes, upload

pytestmark = pytest.mark.django_db

D = datetime.date
HOME, READ, CHANGE, ENTRY_CHANGE, ADMIN = "home", "read", "change", "entry change", "admin"

# Every URL of the workspace, the home and the admin's pages of an intervention and an entry:
# what it needs, and the arguments it takes from the world.
URLS = {
    "commissioner_home": (HOME, lambda w: []),
    "interventions:intervention_detail": (READ, lambda w: [w.intervention.pk]),
    "interventions:intervention_print": (READ, lambda w: [w.intervention.pk]),
    "interventions:intervention_timeline_csv": (READ, lambda w: [w.intervention.pk]),
    "interventions:entry_detail": (READ, lambda w: [w.intervention.pk, w.entry.pk]),
    "interventions:evidence_download": (READ, lambda w: [w.intervention.pk, w.evidence.pk]),
    "interventions:action_detail": (READ, lambda w: [w.intervention.pk, w.action.pk]),
    "interventions:board_meeting_detail": (READ, lambda w: [w.intervention.pk, w.meeting.pk]),
    "interventions:entry_create": (CHANGE, lambda w: [w.intervention.pk]),
    "interventions:entry_update": (ENTRY_CHANGE, lambda w: [w.intervention.pk, w.entry.pk]),
    "interventions:action_create": (CHANGE, lambda w: [w.intervention.pk]),
    "interventions:action_update": (CHANGE, lambda w: [w.intervention.pk, w.action.pk]),
    "interventions:board_meeting_create": (CHANGE, lambda w: [w.intervention.pk]),
    "interventions:board_meeting_update": (CHANGE, lambda w: [w.intervention.pk, w.meeting.pk]),
    "admin:interventions_intervention_changelist": (ADMIN, lambda w: []),
    "admin:interventions_intervention_change": (ADMIN, lambda w: [w.intervention.pk]),
    "admin:interventions_progressentry_changelist": (ADMIN, lambda w: []),
    "admin:interventions_progressentry_change": (ADMIN, lambda w: [w.entry.pk]),
}

# (role, what they need) -> status. The home answers 200 to everyone signed in: it shows only
# what they may see. The admin sends anyone but its staff (the admins) to its own sign-in.
EXPECTED = {
    "author": {READ: 200, CHANGE: 200, ENTRY_CHANGE: 200, ADMIN: 302},
    "co-commissioner": {READ: 200, CHANGE: 200, ENTRY_CHANGE: 403, ADMIN: 302},
    "past commissioner": {READ: 200, CHANGE: 403, ENTRY_CHANGE: 403, ADMIN: 302},
    "other commissioner": {READ: 404, CHANGE: 404, ENTRY_CHANGE: 404, ADMIN: 302},
    "official": {READ: 200, CHANGE: 403, ENTRY_CHANGE: 403, ADMIN: 302},
    "admin": {READ: 200, CHANGE: 403, ENTRY_CHANGE: 403, ADMIN: 200},
    "no role": {READ: 404, CHANGE: 404, ENTRY_CHANGE: 404, ADMIN: 302},
}
WORKSPACE = [name for name, (need, _) in URLS.items() if need not in (HOME, ADMIN)]


def expected(role: str, name: str) -> int:
    need = URLS[name][0]
    return 200 if need == HOME else EXPECTED[role][need]


def url(name: str, world) -> str:
    return reverse(name, args=URLS[name][1](world))


@pytest.fixture
def world(world, commissioner):
    staged, _ = evidence_files.stage(
        upload("plan.pdf", file_bytes()), user=commissioner, intervention=world.intervention
    )
    world.evidence = services.attach_evidence(world.entry, staged, by=commissioner)
    return world


def appointed(django_user_model, world, username: str, *, ends_on=None):
    user = django_user_model.objects.create_user(username=username)
    user.groups.add(Group.objects.get(name=roles.COMMISSIONER))
    person = services.add_commissioner(by=user, name=username, user=user)
    services.appoint_commissioner(
        world.intervention,
        person,
        by=system_user("workspace-tests"),  # DfE appoints, as in build_world
        starts_on=D(2016, 6, 1),
        ends_on=ends_on,
    )
    return user


@pytest.fixture
def users(world, commissioner, other_commissioner, official, admin_user, django_user_model):
    return {
        "author": commissioner,
        "co-commissioner": appointed(django_user_model, world, "co-commissioner"),
        "past commissioner": appointed(
            django_user_model, world, "past-commissioner", ends_on=D(2017, 1, 1)
        ),
        "other commissioner": other_commissioner,
        "official": official,
        "admin": admin_user,
        "no role": django_user_model.objects.create_user(username="no-role"),
    }


def test_the_matrix_covers_every_workspace_url():
    resolver = get_resolver("interventions.urls")
    names = {f"interventions:{n}" for n in resolver.reverse_dict if isinstance(n, str)}
    assert names == {name for name in URLS if name.startswith("interventions:")}


@pytest.mark.parametrize("role", EXPECTED)
@pytest.mark.parametrize("name", URLS)
def test_get(client, world, users, role, name):
    client.force_login(users[role])
    response = client.get(url(name, world))
    assert response.status_code == expected(role, name), f"{role} GET {name}"
    if response.status_code == 302:
        assert response.url.startswith(reverse("admin:login"))


@pytest.mark.parametrize("role", EXPECTED)
@pytest.mark.parametrize("name", [n for n in WORKSPACE if URLS[n][0] != READ])
def test_post_changes_nothing_without_permission(client, world, users, role, name):
    status = expected(role, name)
    client.force_login(users[role])
    before = history_rows()

    response = client.post(url(name, world), {"summary": ""})

    if status == 200:
        # Allowed: an incomplete form is answered with its errors, and saves nothing.
        assert response.status_code == 200
        assert "govuk-error-summary" in response.content.decode()
    else:
        assert response.status_code == status, f"{role} POST {name}"
    assert history_rows() == before


def history_rows() -> tuple[int, int, int]:
    return (
        ProgressEntry.history.count(),
        Action.history.count(),
        BoardMeeting.history.count(),
    )


@pytest.mark.parametrize("name", URLS)
def test_anonymous_visitors_are_sent_to_sign_in(client, world, name):
    response = client.get(url(name, world))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_records_of_another_intervention_are_not_found_under_yours(
    client, world, commissioner, official
):
    """Ids from another intervention, put in a URL of one's own, find nothing."""
    other_entry = services.record_progress(
        world.other, by=official, occurred_on=D(2016, 1, 1), kind="visit", summary="Not yours"
    )
    client.force_login(commissioner)
    mine = world.intervention.pk
    for name, args in [
        ("entry_detail", [mine, other_entry.pk]),
        ("entry_update", [mine, other_entry.pk]),
        ("intervention_detail", [world.other.pk]),
    ]:
        assert client.get(reverse(f"interventions:{name}", args=args)).status_code == 404, name


def test_officials_change_dfes_record_but_never_log_in_the_workspace(world, official):
    """Officials change DfE's record of an open intervention (in the admin, through the
    services); the commissioner's workspace is the commissioner's: officials do not log there."""
    from interventions.models import Intervention

    assert world.intervention in Intervention.objects.restrict(official, "change")
    assert not Intervention.objects.restrict(official, "log").exists()
