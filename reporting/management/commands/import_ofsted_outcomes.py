"""manage.py import_ofsted_outcomes FILE: a new Ofsted publication, all or nothing."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from core.history import system_user
from core.loading import DataFileError
from inspections.importing import ADDED, CHANGED, FORMATS
from reporting.alerts import import_ofsted_outcomes


class Command(BaseCommand):
    help = (
        "Import Ofsted inspection outcomes from FILE, in Ofsted's outcomes layout or Data to "
        "Insight's scrape (detected from the header). One transaction: a bad row refuses the "
        "whole file. Safe to run again: an unchanged file writes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument("--format", choices=FORMATS, help="Default: from the file's header")
        parser.add_argument(
            "--dry-run", action="store_true", help="Say what would change, and change nothing"
        )
        parser.add_argument(
            "--verbose-rows", action="store_true", help="List every row added or changed"
        )

    def handle(self, *args, file, format=None, dry_run=False, verbose_rows=False, **options):
        try:
            outcome = import_ofsted_outcomes(
                file, by=system_user("ofsted-import"), format=format, dry_run=dry_run
            )
        except DataFileError as exc:
            raise CommandError(f"{exc} (nothing was imported)") from exc
        result = outcome.result
        for change in result.changes:
            if change.outcome in (ADDED, CHANGED) and (verbose_rows or dry_run):
                details = "; ".join(change.details)
                self.stdout.write(f"line {change.line}: {change.authority}: {details}")
        self.stdout.write(result.summary())
        for alert in outcome.alerts:
            self.stdout.write(f"Alert: {alert.message}")
        if dry_run:
            self.stdout.write(self.style.WARNING("Dry run: nothing was changed"))
        else:
            self.stdout.write(self.style.SUCCESS(f"Imported {result.file_name}"))
