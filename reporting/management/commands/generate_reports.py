"""manage.py generate_reports: the reports sweep's work, synchronously (for operators, and for when
the worker or the broker is down)."""

import datetime
import re

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from core.history import system_user
from interventions import duties
from interventions.models import Intervention
from reporting import services
from reporting.reports.forms import quarter_dates
from reporting.tasks import SYSTEM_USER

QUARTER = re.compile(r"^(\d{4})Q([1-4])$")


def quarter_bounds(text: str) -> tuple[datetime.date, datetime.date]:
    """ "2017Q2" -> (1 April 2017, 30 June 2017)."""
    match = QUARTER.match(text.strip().upper())
    if not match:
        raise CommandError(f"Enter the period as a year and quarter, like 2017Q2 (not {text!r})")
    return quarter_dates(int(match[1]), int(match[2]))


class Command(BaseCommand):
    help = (
        "Generate the missing reports owed for reporting periods that have ended (and withdraw"
        " unsubmitted reports no duty owes). With --period "
        "(such as 2017Q2), only the periods ending in that calendar quarter; with "
        "--intervention, only that intervention. Safe to run again: existing reports are kept."
    )

    def add_arguments(self, parser):
        parser.add_argument("--period", help="A calendar quarter, such as 2017Q2")
        parser.add_argument("--intervention", type=int, help="An intervention's id")

    def handle(self, *args, period=None, intervention=None, **options):
        today = timezone.localdate()
        interventions = Intervention.objects.order_by("pk")
        if intervention is not None:
            interventions = interventions.filter(pk=intervention)
            if not interventions.exists():
                raise CommandError(f"There is no intervention {intervention}")
        bounds = quarter_bounds(period) if period else None
        by = system_user(SYSTEM_USER)
        created = existing = 0
        services.withdraw_unowed_reports(by=by, today=today)
        for item in interventions.with_duties():
            for period in duties.periods_ended(item, today):
                if bounds and not bounds[0] <= period.end <= bounds[1]:
                    continue
                report, new = services.generate_report(item, period.start, kind=period.kind, by=by)
                created, existing = created + new, existing + (not new)
                verb = "Generated" if new else "Already there:"
                version = report.current_version()
                self.stdout.write(f"{verb} {report} (SHA-256 {version.content_sha256})")
        self.stdout.write(self.style.SUCCESS(f"{created} generated, {existing} already there"))
