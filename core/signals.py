"""Sign-in, sign-out and failed sign-in are logged (never the password)."""

import logging

from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

logger = logging.getLogger("core.auth")


def _client_ip(request) -> str:
    return request.META.get("REMOTE_ADDR", "-") if request is not None else "-"


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
