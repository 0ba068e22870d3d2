"""Accounts from a provider's verified claims: the one service that signs someone in by single
sign-on. It matches the account by the provider's subject (then, once, by verified email),
creates it when there is none, and sets its roles from the claims through settings' role map.
A sign-in whose claims map to no role is refused before anything is written."""

from __future__ import annotations

import logging

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction

from core import roles
from core.models import SignInIdentity

from .providers import Provider

logger = logging.getLogger("core.signin")


class Refused(Exception):
    """A sign-in the service will not accept; the message says why, for the log and the page."""


def sign_in_from_claims(*, provider: Provider, claims: dict, may_sign_in=None):
    """The account for these verified claims (ID token, with userinfo for the same subject),
    created or updated; Refused when the claims do not allow a sign-in. ``may_sign_in(user)``,
    when given, is asked about an existing account before anything is written (a lockout)."""
    subject = claims.get("sub")
    if not subject:
        raise Refused("The provider sent no subject (sub)")
    granted = provider.roles_from(claims)
    if not granted:
        raise Refused(
            f"None of the {provider.roles_claim!r} values {claims.get(provider.roles_claim)!r} "
            f"maps to a role of this service"
        )
    with transaction.atomic():
        identity, user = existing_account(provider, claims)
        if user is not None and may_sign_in is not None and not may_sign_in(user):
            raise Refused(f"{user.get_username()} is locked out after failed sign-ins")
        user = user or _create(provider, claims)
        if identity is None:
            identity = SignInIdentity(provider=provider.key, subject=subject, user=user)
            identity._change_reason = f"First sign-in through {provider.name}"
            identity.save()
        _set_roles(user, granted)
    logger.info(
        "Signed in %s through %s (sub %s) with roles %s",
        user.get_username(),
        provider.name,
        subject,
        sorted(granted),
    )
    return user


def existing_account(provider: Provider, claims: dict) -> tuple[SignInIdentity | None, object]:
    """The identity and account the claims name: by the provider's subject, else (not linked
    yet) by the verified email. A password (break-glass) admin account is never taken over by
    a provider's email. (None, None) when there is none."""
    identity = (
        SignInIdentity.objects.select_related("user")
        .filter(provider=provider.key, subject=claims["sub"])
        .first()
    )
    user = identity.user if identity else _match_by_email(provider, claims)
    if user is not None and not user.is_active:
        raise Refused(f"The account {user.get_username()} is deactivated")
    return identity, user


def _verified_email(provider: Provider, claims: dict) -> str:
    email = (claims.get("email") or "").strip()
    if not email:
        raise Refused("The provider sent no email address")
    if claims.get("email_verified") is not True:
        raise Refused(f"The provider has not verified the email address {email}")
    return email


def _match_by_email(provider: Provider, claims: dict):
    email = _verified_email(provider, claims)
    matches = list(get_user_model().objects.filter(email__iexact=email)[:2])
    if len(matches) > 1:
        raise Refused(f"More than one account has the email address {email}")
    if not matches:
        return None
    user = matches[0]
    if user.is_staff or user.is_superuser:
        raise Refused(f"{user.get_username()} is an admin account: it signs in with a password")
    if SignInIdentity.objects.filter(provider=provider.key, user=user).exists():
        raise Refused(f"{user.get_username()} is linked to another {provider.name} account")
    return user


def _create(provider: Provider, claims: dict):
    """A new account, named by its email (or the provider and subject if that is taken)."""
    email = _verified_email(provider, claims)
    User = get_user_model()
    username = email if not User.objects.filter(username__iexact=email).exists() else None
    username = username or f"{provider.key}-{claims['sub']}"[:150]
    user = User(
        username=username,
        email=email,
        first_name=(claims.get("given_name") or "")[:150],
        last_name=(claims.get("family_name") or "")[:150],
    )
    user.set_unusable_password()  # signs in through the provider only
    user.save()
    return user


def _set_roles(user, granted: set[str]) -> None:
    """The provider decides the account's roles: those it grants now, no others."""
    held = set(roles.user_roles(user)) & set(roles.ALL)
    if held != granted:
        user.groups.remove(*Group.objects.filter(name__in=held - granted))
        user.groups.add(*Group.objects.filter(name__in=granted - held))
        logger.info("Roles of %s set to %s (were %s)", user.get_username(), granted, held)
    staff = roles.ADMIN in granted
    if user.is_staff != staff:
        user.is_staff = staff
        user.save(update_fields=["is_staff"])
    user._role_names = frozenset(granted)
