"""Email that arrives: a password reset and a report reminder travel from the service through
the broker to a real Celery worker, which sends them to a real SMTP server the test starts; the
test reads what arrived and follows the absolute link in it."""

import datetime
import re

import pytest
from django.urls import reverse

from conftest import make_user
from core import roles
from core.email import notify_payloads
from core.testing import WorkerProcess, wait_for

OLD_PASSWORD = "correct-horse-battery-staple"
NEW_PASSWORD = "a-longer-walk-by-the-river"
SITE_URL = "http://testserver"
LINK = re.compile(r"https?://\S+")


@pytest.fixture
def mail_worker(smtp_server, settings, django_db_serialized_rollback, transactional_db, tmp_path):
    """A real worker whose email goes to the test's SMTP server, on a queue of its own."""
    worker = WorkerProcess(tmp_path, env={**smtp_server.settings(), "SITE_URL": SITE_URL})
    settings.EMAIL_QUEUE = worker.queue
    settings.SITE_URL = SITE_URL
    try:
        worker.wait_until_ready()
        yield worker
    finally:
        worker.stop()


def arrived(smtp_server, subject_start: str):
    return wait_for(
        lambda: [m for m in smtp_server.messages if m["Subject"].startswith(subject_start)],
        timeout=60,
    )


@pytest.mark.worker
def test_a_password_reset_arrives_by_smtp_with_a_link_that_works(
    client, django_user_model, smtp_server, mail_worker
):
    worker = mail_worker
    make_user(django_user_model, "jo", roles.COMMISSIONER, email="jo@example.gov.uk")

    response = client.post(reverse("password_reset"), {"email": "jo@example.gov.uk"})
    assert response.status_code == 302

    [message] = arrived(smtp_server, "Reset your password")
    assert message["To"] == "jo@example.gov.uk"
    body = message.get_content()
    [link] = LINK.findall(body)
    assert link.startswith(f"{SITE_URL}/password-reset/")
    assert "core.tasks.send_email" in worker.log()

    form_page = client.get(link)
    assert form_page.status_code == 302  # Django moves the token out of the address
    done = client.post(
        form_page.url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}
    )
    assert done.status_code == 302
    assert done.url == reverse("password_reset_complete")
    signed_in = client.post(reverse("login"), {"username": "jo", "password": NEW_PASSWORD})
    assert signed_in.status_code == 302


@pytest.mark.worker
def test_a_report_reminder_arrives_by_smtp_with_a_link_that_opens_the_report(
    client, django_user_model, smtp_server, mail_worker
):
    from core.history import system_user
    from reporting import tasks
    from reporting.tests.test_report_workflow import recent_report

    worker = mail_worker
    user = make_user(django_user_model, "robin", roles.COMMISSIONER)
    report = recent_report(system_user("tests"), user)

    due = report.due_on
    tasks.send_report_reminders.apply_async(
        ((due + datetime.timedelta(days=1)).isoformat(),), queue=worker.queue
    )

    [message] = arrived(smtp_server, "Report overdue")
    assert message["To"] == "robin@example.gov.uk"
    [link] = LINK.findall(message.get_content())
    assert link == f"{SITE_URL}{report.get_absolute_url()}"
    report.refresh_from_db()
    assert report.overdue_reminder_sent_on == due + datetime.timedelta(days=1)

    client.force_login(user)
    page = client.get(link)
    assert page.status_code == 200
    assert report.intervention.authority.name in page.content.decode()


def test_notify_gets_one_request_per_recipient_on_the_template_for_the_kind(settings):
    settings.GOV_NOTIFY_TEMPLATES = {"default": "general-id", "report_reminder": "reminder-id"}
    settings.GOV_NOTIFY_REPLY_TO_ID = ""
    email = {"to": ["a@example.gov.uk", "b@example.gov.uk"], "subject": "S", "body": "B"}

    reminders = notify_payloads(template="report_reminder", **email)
    others = notify_payloads(template="password_reset", **email)

    assert reminders == [
        {
            "email_address": "a@example.gov.uk",
            "template_id": "reminder-id",
            "personalisation": {"subject": "S", "body": "B"},
            "email_reply_to_id": None,
        },
        {
            "email_address": "b@example.gov.uk",
            "template_id": "reminder-id",
            "personalisation": {"subject": "S", "body": "B"},
            "email_reply_to_id": None,
        },
    ]
    assert {p["template_id"] for p in others} == {"general-id"}


def test_an_email_is_retried_later_when_the_mail_server_does_not_answer(
    settings, smtp_server, caplog
):
    from core.tasks import EMAIL_RETRY, send_email
    from core.testing import free_port

    email = {"template": "default", "to": ["a@example.gov.uk"], "subject": "S", "body": "B"}
    settings.EMAIL_PORT = free_port()  # nothing listens there
    # Run here, the retries follow at once (a worker waits the backoff between them).
    refused = send_email.apply(kwargs=email)
    retries = [r for r in caplog.records if "retry: Retry in" in r.getMessage()]
    assert len(retries) == EMAIL_RETRY["max_retries"]
    assert "ConnectionRefusedError" in retries[0].getMessage()
    assert refused.state == "FAILURE"
    assert smtp_server.messages == []

    settings.EMAIL_PORT = smtp_server.port
    assert send_email.apply(kwargs=email).get() == 1
    [message] = smtp_server.messages
    assert message["Subject"] == "S"
