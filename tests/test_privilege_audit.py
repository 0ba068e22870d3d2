"""Issue 15: changes to accounts and roles leave an audit, and the admin deletes none of it."""

import pytest
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from conftest import make_user
from core import roles

pytestmark = pytest.mark.django_db

AUDIT = "/admin/audit/"


@pytest.fixture
def admin_client(client, admin_user):
    client.force_login(admin_user)
    return client


def user_form(user, **changes) -> dict:
    """The admin's user change form as it stands, with ``changes``."""
    data = {
        "username": user.username,
        "first_name": user.first_name,
        "last_name": user.last_name,
        "email": user.email,
        "is_active": "on" if user.is_active else "",
        "is_staff": "on" if user.is_staff else "",
        "is_superuser": "on" if user.is_superuser else "",
        "groups": [str(g.pk) for g in user.groups.all()],
        "user_permissions": [],
        "last_login_0": "",
        "last_login_1": "",
        "date_joined_0": timezone.localtime(user.date_joined).strftime("%Y-%m-%d"),
        "date_joined_1": timezone.localtime(user.date_joined).strftime("%H:%M:%S"),
    }
    data.update(changes)
    return {k: v for k, v in data.items() if v != ""}


def test_making_a_user_superuser_and_admin_is_on_the_audit_page(
    admin_client, admin_user, django_user_model
):
    someone = make_user(django_user_model, "someone", roles.COMMISSIONER)
    admin_group = Group.objects.get(name=roles.ADMIN)
    response = admin_client.post(
        f"/admin/auth/user/{someone.pk}/change/",
        user_form(someone, is_superuser="on", is_staff="on", groups=[str(admin_group.pk)]),
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    someone.refresh_from_db()
    assert someone.is_superuser

    latest = someone.history.order_by("-history_id").first()
    assert latest.is_superuser and latest.history_user == admin_user
    # The groups as they were at that change are in the history too.
    assert {row.group_id for row in latest.groups.all()} == {admin_group.pk}

    response = admin_client.get(AUDIT, {"record_type": "auth.user"})
    changes = response.context["changes"]
    assert any(c.record == "someone" and c.user == admin_user for c in changes)


def test_the_password_hash_is_never_in_the_history(django_user_model):
    user = make_user(django_user_model, "hashed", None)
    user.set_password("another-long-passphrase")
    user.save()
    history_fields = {f.name for f in user.history.model._meta.fields}
    assert "password" not in history_fields
    assert user.history.count() == 2


def test_signing_in_writes_no_history(client, django_user_model):
    user = make_user(django_user_model, "signs-in", roles.COMMISSIONER)
    before = user.history.count()
    assert (
        client.post(
            "/sign-in/", {"username": "signs-in", "password": "correct-horse-battery-staple"}
        ).status_code
        == 302
    )
    user.refresh_from_db()
    assert user.last_login is not None
    assert user.history.count() == before


def test_a_change_to_a_groups_permissions_is_in_its_history(admin_client, admin_user):
    group = Group.objects.get(name=roles.COMMISSIONER)
    permission = Permission.objects.get(
        content_type=ContentType.objects.get_for_model(Group), codename="delete_group"
    )
    response = admin_client.post(
        f"/admin/auth/group/{group.pk}/change/",
        {
            "name": group.name,
            "permissions": [str(p.pk) for p in group.permissions.all()] + [str(permission.pk)],
        },
    )
    assert response.status_code == 302
    latest = group.history.order_by("-history_id").first()
    assert latest.history_user == admin_user
    assert permission.pk in {row.permission_id for row in latest.permissions.all()}
    changes = admin_client.get(AUDIT, {"record_type": "auth.group"}).context["changes"]
    assert [c.record for c in changes][0] == roles.COMMISSIONER


def test_groups_cannot_be_deleted_in_the_admin(admin_client):
    group = Group.objects.get(name=roles.COMMISSIONER)
    assert admin_client.get(f"/admin/auth/group/{group.pk}/delete/").status_code == 403
    response = admin_client.post(
        "/admin/auth/group/",
        {"action": "delete_selected", "_selected_action": [group.pk], "post": "yes"},
    )
    assert response.status_code in (200, 302)
    assert Group.objects.filter(pk=group.pk).exists()


@pytest.mark.parametrize(
    "model, values",
    [
        (
            AccessAttempt,
            {"username": "victim", "ip_address": "10.0.0.1", "failures_since_start": 5},
        ),
        (AccessLog, {"username": "victim", "ip_address": "10.0.0.1"}),
        (AccessFailureLog, {"username": "victim", "ip_address": "10.0.0.1"}),
    ],
)
def test_sign_in_failure_records_cannot_be_deleted_in_the_admin(admin_client, model, values):
    record = model.objects.create(user_agent="test", path_info="/sign-in/", **values)
    url = f"/admin/axes/{model._meta.model_name}/"
    assert admin_client.get(f"{url}{record.pk}/delete/").status_code == 403
    admin_client.post(
        url, {"action": "delete_selected", "_selected_action": [record.pk], "post": "yes"}
    )
    assert model.objects.filter(pk=record.pk).exists()


def test_the_admin_log_is_not_changed_or_deleted_by_the_app(admin_user):
    entry = LogEntry.objects.create(
        user=admin_user, action_flag=CHANGE, object_repr="x", change_message="Changed"
    )
    entry.change_message = "Nothing happened"
    for attempt in (entry.save, entry.delete, LogEntry.objects.filter(pk=entry.pk).delete):
        with pytest.raises(PermissionDenied), transaction.atomic():
            attempt()
    assert LogEntry.objects.get(pk=entry.pk).change_message == "Changed"
