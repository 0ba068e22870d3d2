import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import override_settings

from core import roles
from interventions.models import Intervention
from interventions.tests.factories import (
    CommissionerAppointmentFactory,
    CommissionerFactory,
)

pytestmark = pytest.mark.django_db


@override_settings(DEBUG=True)
def test_demo_users_have_one_account_per_role_and_the_commissioner_sees_their_interventions(
    django_user_model,
):
    commissioner = CommissionerFactory(name="John Coughlan")
    appointment = CommissionerAppointmentFactory(commissioner=commissioner)

    call_command("create_demo_users")
    call_command("create_demo_users")  # twice: still one account each

    assert (
        django_user_model.objects.filter(username__in=["commissioner", "official", "admin"]).count()
        == 3
    )
    user = django_user_model.objects.get(username="commissioner")
    assert roles.has_role(user, roles.COMMISSIONER)
    assert list(Intervention.objects.restrict(user, "view")) == [appointment.intervention]
    commissioner.refresh_from_db()
    assert (
        commissioner.history.first().history_change_reason == "Demo account for local development"
    )


@override_settings(DEBUG=False)
def test_demo_users_are_refused_outside_development():
    with pytest.raises(CommandError, match="development only"):
        call_command("create_demo_users")
