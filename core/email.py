"""Email from the service: absolute links, and sending by a retried Celery task after commit.

- ``absolute(path)`` turns a path into a link that works from an inbox: ``SITE_URL`` (the
  service's own address, e.g. ``https://oversee.education.gov.uk``) + the path. Every link in
  an email is made with it; nothing takes the host from a request.
- ``queue_email(...)`` sends nothing itself: once the caller's transaction commits it queues
  ``core.tasks.send_email``, which the worker retries with backoff while the mail server (or
  GOV.UK Notify) does not answer. A rolled-back change sends no email, and a mail server that
  is down loses none.
- ``deliver(...)`` is what that task does: Django's ``EMAIL_BACKEND`` (SMTP in production,
  from the ``EMAIL_*`` settings), or GOV.UK Notify when ``GOV_NOTIFY_API_KEY`` is set.
"""

from __future__ import annotations

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction


def absolute(path: str) -> str:
    """The link to a path of the service, as someone reading an email must open it."""
    return settings.SITE_URL.rstrip("/") + "/" + path.lstrip("/")


def queue_email(*, template: str, to: list[str], subject: str, body: str) -> None:
    """Send one email through the worker once the current transaction commits.

    ``template`` names the kind of email (a key of ``GOV_NOTIFY_TEMPLATES``, used only when
    sending through GOV.UK Notify)."""
    from .tasks import send_email  # tasks import this module

    if not to:
        return
    payload = {"template": template, "to": list(to), "subject": subject, "body": body}
    queue = settings.EMAIL_QUEUE or None
    transaction.on_commit(lambda: send_email.apply_async(kwargs=payload, queue=queue))


def deliver(*, template: str, to: list[str], subject: str, body: str) -> int:
    """Send one email now (the task's work); returns how many messages went."""
    if settings.GOV_NOTIFY_API_KEY:
        return _deliver_by_notify(template=template, to=to, subject=subject, body=body)
    return EmailMessage(subject, body, settings.DEFAULT_FROM_EMAIL, to).send()


def notify_payloads(*, template: str, to: list[str], subject: str, body: str) -> list[dict]:
    """The GOV.UK Notify requests for one email: one per recipient, on the template the
    settings name for this kind of email (else the general one), whose ``((subject))`` and
    ``((body))`` placeholders carry the text."""
    templates = settings.GOV_NOTIFY_TEMPLATES
    template_id = templates.get(template) or templates["default"]
    return [
        {
            "email_address": address,
            "template_id": template_id,
            "personalisation": {"subject": subject, "body": body},
            "email_reply_to_id": settings.GOV_NOTIFY_REPLY_TO_ID or None,
        }
        for address in to
    ]


def _deliver_by_notify(**email) -> int:
    from notifications_python_client.notifications import NotificationsAPIClient

    client = NotificationsAPIClient(settings.GOV_NOTIFY_API_KEY)
    payloads = notify_payloads(**email)
    for payload in payloads:
        client.send_email_notification(**payload)
    return len(payloads)
