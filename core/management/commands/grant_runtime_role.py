"""manage.py grant_runtime_role ROLE: give the application's runtime role exactly what it needs.

Runs as the owner (DATABASE_OWNER_URL). What it grants is ``core.db_roles.GRANTS``; run it again
after every migrate (a new table gets nothing until then). See docs/adr/0018.
"""

from django.core.exceptions import ImproperlyConfigured
from django.core.management.base import BaseCommand, CommandError
from django.db import DEFAULT_DB_ALIAS

from core.db_roles import LIVE, grant_runtime_role


class Command(BaseCommand):
    help = (
        "Grant the runtime database role read and write on live tables, SELECT and INSERT only"
        " on history tables, and nothing else (no TRUNCATE, no DDL). Runs as the owner."
    )

    def add_arguments(self, parser):
        parser.add_argument("role", help="The role the application connects as (DATABASE_URL)")
        parser.add_argument(
            "--create",
            action="store_true",
            help="Create the role (LOGIN, no password) if it does not exist: for development and"
            " CI; in production the platform creates it with its password",
        )
        parser.add_argument("--database", default=DEFAULT_DB_ALIAS)

    def handle(self, *args, role, create, database, **options):
        try:
            granted = grant_runtime_role(role, using=database, create=create)
        except ImproperlyConfigured as error:
            raise CommandError(str(error)) from error
        limited = sum(1 for privileges in granted.values() if privileges != [LIVE])
        self.stdout.write(
            f"Granted {role} its privileges on {len(granted)} tables"
            f" ({limited} of them not read and write)."
        )
