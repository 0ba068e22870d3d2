"""Email the owners of overdue actions now (what the beat task does, without the worker)."""

import datetime

from django.core.management.base import BaseCommand

from interventions.services.reminders import remind_overdue_action_owners


class Command(BaseCommand):
    help = "Email each owner with an account whose action is overdue and not yet reminded."

    def add_arguments(self, parser):
        parser.add_argument(
            "--today", type=datetime.date.fromisoformat, help="The day to run as (YYYY-MM-DD)."
        )

    def handle(self, *args, today=None, **options):
        sent = remind_overdue_action_owners(today)
        self.stdout.write(f"Sent {sent} reminder(s).")
