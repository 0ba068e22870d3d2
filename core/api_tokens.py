"""Personal API tokens: making one (shown once), revoking it, and signing a request in with it.

A token is ``oversee_`` and 43 random URL-safe characters; the database keeps its SHA-256 only.
Tokens are read-only (``reporting.api.authentication`` refuses any other method) and expire.
Every request signed in with a token is logged with its holder and the token's id.
"""

from __future__ import annotations

import datetime
import hashlib
import logging
import secrets

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from . import roles
from .history import is_process, save_with_history
from .models import ApiToken

logger = logging.getLogger("core.api_tokens")

TOKEN_PREFIX = "oversee_"  # noqa: S105 (marks a string as our token; not a secret)
MAX_DAYS = 366
# Last use is written at most this often per token: a script's thousand requests are one write.
LAST_USED_EVERY = datetime.timedelta(minutes=1)


def may_hold_tokens(user) -> bool:
    """Officials, admins and commissioners, signed in with an active account."""
    return user.is_active and (roles.is_official(user) or roles.has_role(user, roles.COMMISSIONER))


def hash_secret(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def create_api_token(user, *, by, name: str, days: int) -> tuple[ApiToken, str]:
    """A new token for ``user``, lasting ``days`` days, and its secret (never stored: show it
    once). ``by`` is the user themself, or a process account (``manage.py create_api_token``)."""
    if not is_process(by) and by != user:
        raise PermissionDenied("You can only make API tokens for yourself")
    if not may_hold_tokens(user):
        raise PermissionDenied(
            "Only DfE officials, admins and commissioners with an active account can hold"
            " API tokens"
        )
    if not 1 <= days <= MAX_DAYS:
        raise ValidationError({"days": f"A token must last from 1 to {MAX_DAYS} days"})
    secret = TOKEN_PREFIX + secrets.token_urlsafe(32)
    now = timezone.now()
    token = ApiToken(
        name=name.strip(),
        user=user,
        secret_hash=hash_secret(secret),
        prefix=secret[: len(TOKEN_PREFIX) + 4],
        created_at=now,
        expires_at=now + datetime.timedelta(days=days),
    )
    save_with_history(token, by=by, reason=f"API token made, for {days} days")
    logger.info("API token %s made for %s (%s days)", token.pk, user.username, days)
    return token, secret


def revoke_api_token(token: ApiToken, *, by) -> None:
    """Stops the token working at once; a revoked token stays listed, as revoked."""
    if not is_process(by):
        roles.require(
            ApiToken.objects.restrict(by, roles.CHANGE).filter(pk=token.pk).exists(),
            "You can only revoke your own API tokens",
        )
    if token.revoked_at is not None:
        return
    token.revoked_at = timezone.now()
    save_with_history(token, by=by, reason="API token revoked")
    logger.info("API token %s of %s revoked", token.pk, token.user.username)


def authenticate(secret: str, *, method: str, path: str) -> ApiToken | None:
    """The usable token whose secret this is (its ``user`` loaded), or None. Logs the use."""
    if not secret.startswith(TOKEN_PREFIX):
        return None
    now = timezone.now()
    token = (
        ApiToken.objects.usable(now)
        .select_related("user")
        .filter(secret_hash=hash_secret(secret))
        .first()
    )
    if token is None:
        logger.warning("API request with an unknown, expired or revoked token: %s %s", method, path)
        return None
    logger.info(
        "API token %s used by %s (user %s): %s %s",
        token.pk,
        token.user.username,
        token.user.pk,
        method,
        path,
    )
    if token.last_used_at is None or now - token.last_used_at >= LAST_USED_EVERY:
        token.last_used_at = now
        # A use, not a change: logged above, no history row (last_used_at is not tracked).
        token.skip_history_when_saving = True
        token.save(update_fields=["last_used_at"])
        del token.skip_history_when_saving
    return token
