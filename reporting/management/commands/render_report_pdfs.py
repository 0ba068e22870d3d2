"""manage.py render_report_pdfs: the PDF task's work, synchronously (for operators, and for when
the worker or the broker is down): render the PDF of every submitted report still waiting for
one, and complete its freeze."""

from django.core.management.base import BaseCommand, CommandError

from core.history import system_user
from reporting import services
from reporting.models import Report
from reporting.tasks import SYSTEM_USER


class Command(BaseCommand):
    help = (
        "Render the PDF of every submitted report still waiting for one, and freeze it. With "
        "--report, only that report's. Safe to run again, and while the worker runs: a report "
        "already frozen is left as it is. Renders with no time limit."
    )

    def add_arguments(self, parser):
        parser.add_argument("--report", type=int, help="A report's id")

    def handle(self, *args, report=None, **options):
        waiting = services.awaiting_pdf().select_related("report__intervention__authority")
        if report is not None:
            if not Report.objects.filter(pk=report).exists():
                raise CommandError(f"There is no report {report}")
            waiting = waiting.filter(report_id=report)
        by = system_user(SYSTEM_USER)
        rendered = 0
        for version in waiting.order_by("pk"):
            frozen = services.complete_freeze(version, by=by)
            rendered += 1
            self.stdout.write(f"Frozen: {version} (SHA-256 {frozen.sha256})")
        self.stdout.write(self.style.SUCCESS(f"{rendered} PDFs rendered"))
