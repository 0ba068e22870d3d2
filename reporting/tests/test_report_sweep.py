"""The reports sweep runs every REPORTS_SWEEP_SECONDS, and what it queues expires when the next
one is due, so a worker away for a while finds one copy of each task that still matters, not
one per sweep. (That the sweep heals work lost with Redis: tests/faults/test_broker_outage.py.)"""

import pytest
from django.conf import settings

from reporting import tasks

from .report_world import build_world


def test_the_sweep_is_scheduled_every_few_minutes_and_expires_when_the_next_is_due():
    entry = settings.CELERY_BEAT_SCHEDULE["generate-due-reports"]

    assert entry["task"] == tasks.generate_due_reports.name
    assert entry["schedule"] == settings.REPORTS_SWEEP_SECONDS <= 15 * 60
    assert entry["options"]["expires"] == settings.REPORTS_SWEEP_SECONDS


@pytest.mark.django_db
def test_what_the_sweep_queues_expires_when_the_next_sweep_is_due(monkeypatch, settings):
    settings.REPORTS_SWEEP_SECONDS = 120
    build_world()
    sent = []
    for task in (tasks.generate_report, tasks.send_report_reminders):
        monkeypatch.setattr(
            task, "apply_async", lambda args=(), task=task, **options: sent.append((task, options))
        )

    assert tasks.generate_due_reports.apply(args=["2017-07-15"]).get() == 2

    assert [task for task, _ in sent] == [tasks.generate_report] * 2 + [tasks.send_report_reminders]
    assert all(options["expires"] == 120 for _, options in sent)
