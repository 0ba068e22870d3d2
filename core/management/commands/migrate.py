"""Django's migrate, connected as the database owner (DATABASE_OWNER_URL) when one is set.

Only the owner changes the schema; the application runs as a role that owns nothing
(core.db_roles, docs/adr/0018). Everything migrate runs, data migrations and post_migrate
handlers too (core.append_only's triggers), runs as the owner.
"""

from django.core.management.commands.migrate import Command as DjangoMigrate

from core.db_roles import as_owner


class Command(DjangoMigrate):
    help = DjangoMigrate.help + " Connects as the owner from DATABASE_OWNER_URL when it is set."

    def handle(self, *args, **options):
        with as_owner(options["database"]):
            return super().handle(*args, **options)
