"""Create one demo account per role, for local development only."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError

from core import roles

DEMO_USERS = [
    # username, role, first name, last name, is_staff
    ("commissioner", roles.COMMISSIONER, "John", "Coughlan", False),
    ("official", roles.DFE_OFFICIAL, "Dana", "Official", False),
    ("admin", roles.ADMIN, "Ada", "Admin", True),
]


class Command(BaseCommand):
    help = "Create one demo account per role and print their sign-in details (DEBUG only)."

    def add_arguments(self, parser):
        parser.add_argument("--password", default="demo-password-2026")

    def handle(self, *args, password, **options):
        if not settings.DEBUG:
            raise CommandError("Demo accounts are for development only: set DJANGO_DEBUG=1.")
        User = get_user_model()
        lines = []
        for username, role, first, last, is_staff in DEMO_USERS:
            user, _ = User.objects.get_or_create(username=username)
            user.first_name, user.last_name = first, last
            user.email = f"{username}@example.invalid"
            user.is_staff = is_staff
            user.is_superuser = role == roles.ADMIN
            user.set_password(password)
            user.save()
            user.groups.add(Group.objects.get(name=role))
            lines.append(f"  {role:<14} username: {username:<14} password: {password}")
        self.stdout.write("Demo accounts (development only):\n" + "\n".join(lines))
