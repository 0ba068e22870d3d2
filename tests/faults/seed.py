"""Records for the fault tests' own database, written by `manage.py shell -c` in a subprocess
(the test process is connected to the suite's test database, not to that server)."""

import datetime

from django.contrib.auth.models import Group, User
from django.utils import timezone

from core import roles
from core.history import system_user
from interventions import services
from interventions.duties import periods_ended
from interventions.tests.factories import LocalAuthorityFactory

from .servers import PASSWORD


def official(username: str) -> None:
    user = User.objects.create_user(username=username, password=PASSWORD)
    user.groups.add(Group.objects.get(name=roles.DFE_OFFICIAL))


def intervention_with_reports_due(name: str) -> None:
    """An intervention opened seven months ago with a commissioner appointed that day: its
    first two quarterly reports are due and none exists. Prints its id and how many reports the
    sweep should make."""
    today = timezone.localdate()
    opened = today - datetime.timedelta(days=210)
    by = system_user("fault-tests")
    intervention = services.open_intervention(
        LocalAuthorityFactory(name=name), by=by, opened_on=opened
    )
    person = services.add_commissioner(by=by, name=f"Commissioner for {name}")
    services.appoint_commissioner(intervention, person, by=by, starts_on=opened)
    print(intervention.pk, len(periods_ended(intervention, today)))
