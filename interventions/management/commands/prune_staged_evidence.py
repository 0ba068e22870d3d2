"""Remove uploaded evidence files that were never attached to an entry and can no longer be."""

from django.core.management.base import BaseCommand

from interventions import staging


class Command(BaseCommand):
    help = (
        "Delete staged evidence files older than the upload token's lifetime (24 hours) that no "
        "evidence record, current or historical, refers to."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="List the files without deleting them."
        )

    def handle(self, *args, dry_run, **options):
        names = staging.prune(dry_run=dry_run)
        verb = "Would remove" if dry_run else "Removed"
        for name in names:
            self.stdout.write(f"{verb} {name}")
        self.stdout.write(f"{verb} {len(names)} expired staged evidence file(s).")
