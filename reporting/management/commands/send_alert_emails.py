"""manage.py send_alert_emails: email DfE officials the alerts not yet emailed (what the Celery
task ``reporting.tasks.email_alerts`` does, for when the worker or broker is down)."""

from django.core.management.base import BaseCommand

from reporting.alerts import email_alerts
from reporting.models import Alert


class Command(BaseCommand):
    help = "Email DfE officials every alert not yet emailed."

    def handle(self, *args, **options):
        sent = email_alerts(list(Alert.objects.unsent().values_list("pk", flat=True)))
        self.stdout.write(f"{sent} email{'s' if sent != 1 else ''} sent")
