"""Sign-in, sign-out and failed sign-in are logged (never the password); the admin log is kept."""

import logging

from django.contrib.admin.models import LogEntry
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.core.exceptions import PermissionDenied
from django.db.models.signals import pre_delete, pre_save
from django.dispatch import receiver

from .lockout import client_ip

logger = logging.getLogger("core.auth")


def _client_ip(request) -> str:
    return (client_ip(request) or "-") if request is not None else "-"


@receiver(user_logged_in)
def log_sign_in(sender, request, user, **kwargs):
    logger.info("sign-in user=%s ip=%s", user.get_username(), _client_ip(request))


@receiver(user_logged_out)
def log_sign_out(sender, request, user, **kwargs):
    name = user.get_username() if user is not None else "-"
    logger.info("sign-out user=%s ip=%s", name, _client_ip(request))


@receiver(user_login_failed)
def log_failed_sign_in(sender, credentials, request=None, **kwargs):
    # The name is whatever was typed: quoted and escaped (%r), so a newline in it cannot forge
    # a log line.
    logger.warning(
        "failed-sign-in user=%r ip=%s", str(credentials.get("username", "-")), _client_ip(request)
    )


# The admin's own log (django_admin_log) is written once and kept, like the history tables
# (docs/adr/0007): no change to an entry and no deletion through the app. The database refuses
# them too, for anything that goes around the ORM.
@receiver(pre_save, sender=LogEntry)
def refuse_admin_log_change(sender, instance, raw=False, **kwargs):
    if not raw and not instance._state.adding:
        raise PermissionDenied("The admin log cannot be changed")


@receiver(pre_delete, sender=LogEntry)
def refuse_admin_log_delete(sender, instance, **kwargs):
    raise PermissionDenied("The admin log cannot be deleted")
