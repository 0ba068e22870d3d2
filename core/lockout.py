"""Who is signing in, and when an account is locked (django-axes; issue 15).

- The client's address is the one the trusted proxies report: behind ``TRUSTED_PROXY_COUNT``
  proxies, each of which appends the address it received the request from to
  ``X-Forwarded-For``, the client is the entry that many places from the right. Entries further
  left are whatever the client sent, and are ignored. With no proxy (the default) it is
  ``REMOTE_ADDR``: counting a header anyone can send would let anyone choose their address.
- A username is locked at one address after ``AXES_FAILURE_LIMIT`` failures there, and
  everywhere after ``SIGN_IN_ACCOUNT_FAILURE_LIMIT`` failures from all addresses together, so
  that guessing from many addresses is capped too.
"""

from __future__ import annotations

import ipaddress

from axes.attempts import get_cool_off_threshold
from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_client_username
from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Sum


def client_ip(request) -> str | None:
    """The client's address as the trusted proxies report it (AXES_CLIENT_IP_CALLABLE)."""
    remote = request.META.get("REMOTE_ADDR")
    count = settings.TRUSTED_PROXY_COUNT
    if not count:
        return remote
    forwarded = [entry.strip() for entry in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    if len(forwarded) < count:
        # Not through every proxy (a request inside the network): the peer is the client.
        return remote
    candidate = forwarded[-count]
    try:
        return str(ipaddress.ip_address(candidate))
    except ValueError:
        return remote


class AccountCapHandler(AxesDatabaseHandler):
    """Axes' database handler, also locking a username after too many failures in all."""

    def is_locked(self, request, credentials: dict | None = None) -> bool:
        if super().is_locked(request, credentials):
            return True
        return account_locked(request, credentials)

    def user_login_failed(self, sender, credentials: dict, request=None, **kwargs):
        # Axes decides the lockout page by its own count (this address's failures): the
        # account's count across addresses locks too.
        super().user_login_failed(sender, credentials, request, **kwargs)
        already = request is None or getattr(request, "axes_locked_out", False)
        if not already and account_locked(request, credentials):
            request.axes_locked_out = True
            request.axes_credentials = credentials


def account_locked(request, credentials: dict | None = None) -> bool:
    return account_failures(request, credentials) >= settings.SIGN_IN_ACCOUNT_FAILURE_LIMIT


def account_failures(request, credentials: dict | None = None) -> int:
    """Failed sign-ins for the request's username, from every address, in the cool-off time."""
    username = get_client_username(request, credentials)
    if not username:
        return 0
    attempts = AccessAttempt.objects.filter(
        username=username, attempt_time__gte=get_cool_off_threshold(request)
    )
    return attempts.aggregate(total=Sum("failures_since_start"))["total"] or 0
