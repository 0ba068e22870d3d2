"""Users by role, shared by every app's tests."""

import pytest
from django.contrib.auth.models import Group

from core import roles


def make_user(django_user_model, username: str, role: str | None, **extra):
    user = django_user_model.objects.create_user(
        username=username, password="correct-horse-battery-staple", **extra
    )
    if role:
        user.groups.add(Group.objects.get(name=role))
    return user


@pytest.fixture
def commissioner(django_user_model):
    return make_user(django_user_model, "commissioner", roles.COMMISSIONER)


@pytest.fixture
def other_commissioner(django_user_model):
    return make_user(django_user_model, "other-commissioner", roles.COMMISSIONER)


@pytest.fixture
def official(django_user_model):
    return make_user(django_user_model, "official", roles.DFE_OFFICIAL)


@pytest.fixture
def admin_user(django_user_model):
    return make_user(
        django_user_model, "admin", roles.ADMIN, is_staff=True, is_superuser=True
    )
