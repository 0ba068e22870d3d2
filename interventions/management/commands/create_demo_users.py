"""Create one demo account per role, for local development only.

It lives in `interventions` because the demo commissioner's account is linked to a real
commissioner from the case studies (John Coughlan), so that signing in as them shows the
interventions they were appointed to.
"""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from core import roles
from core.history import system_user
from interventions import services
from interventions.models import Commissioner

DEMO_COMMISSIONER = "John Coughlan"
DEMO_USERS = [
    # username, role, first name, last name
    ("commissioner", roles.COMMISSIONER, "John", "Coughlan"),
    ("official", roles.DFE_OFFICIAL, "Dana", "Official"),
    ("admin", roles.ADMIN, "Ada", "Admin"),
]


class Command(BaseCommand):
    help = "Create one demo account per role and print their sign-in details (DEBUG only)."

    def add_arguments(self, parser):
        parser.add_argument("--password", default="demo-password-2026")

    @transaction.atomic
    def handle(self, *args, password, **options):
        if not settings.DEBUG:
            raise CommandError("Demo accounts are for development only: set DJANGO_DEBUG=1.")
        users = {
            role: self._user(username, role, first, last, password)
            for username, role, first, last in DEMO_USERS
        }
        lines = [
            f"  {role:<14} username: {user.username:<14} password: {password}"
            for role, user in users.items()
        ]
        self.stdout.write("Demo accounts (development only):\n" + "\n".join(lines))
        self._link_commissioner(users[roles.COMMISSIONER])

    def _user(self, username, role, first, last, password):
        user, _ = get_user_model().objects.get_or_create(username=username)
        user.first_name, user.last_name = first, last
        user.email = f"{username}@example.invalid"
        user.is_staff = user.is_superuser = role == roles.ADMIN
        user.set_password(password)
        user.save()
        user.groups.add(Group.objects.get(name=role))
        return user

    def _link_commissioner(self, user):
        commissioner = Commissioner.objects.filter(name=DEMO_COMMISSIONER).first()
        if commissioner is None:
            self.stdout.write("  (No case studies loaded: the commissioner sees no interventions.)")
            return
        if commissioner.user_id != user.pk:
            services.link_commissioner_account(
                commissioner,
                user,
                by=system_user("demo-accounts"),
                reason="Demo account for local development",
            )
        count = commissioner.appointments.values("intervention").distinct().count()
        self.stdout.write(
            f"  The commissioner account is {DEMO_COMMISSIONER}, appointed to {count} "
            "interventions in the case studies."
        )
