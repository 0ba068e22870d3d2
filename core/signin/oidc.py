"""Single sign-on through an OpenID Connect provider, with mozilla-django-oidc.

The library does the protocol: state, nonce and a PKCE code verifier kept in the session, the
code exchanged for tokens, the ID token's signature checked against the provider's JWKS. Here
it is given one provider of settings.OIDC_PROVIDERS at a time (each has its own start and
callback URLs), its endpoints from the provider's discovery document, and these checks it does
not make itself: the token's issuer, audience, expiry and issue time. The account comes from
accounts.sign_in_from_claims, the one service for it. A refusal is logged, recorded by
django-axes as a failed sign-in (so lockout counts it), and answered with a GOV.UK page.
"""

from __future__ import annotations

import logging
from urllib.parse import parse_qs, urlencode, urlsplit

import jwt
import requests
from axes.handlers.proxy import AxesProxyHandler
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied, SuspiciousOperation
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.views.generic import View
from mozilla_django_oidc.auth import OIDCAuthenticationBackend
from mozilla_django_oidc.utils import import_from_settings
from mozilla_django_oidc.views import OIDCAuthenticationCallbackView, OIDCAuthenticationRequestView

from . import providers
from .accounts import Refused, sign_in_from_claims

logger = logging.getLogger("core.signin")

PROVIDER_SESSION_KEY = "oidc_provider"
ID_TOKEN_SESSION_KEY = "oidc_id_token"  # noqa: S105 (the library's session key)
# Seconds of difference between the provider's clock and ours that a token's times may show.
CLOCK_LEEWAY = 60
REQUIRED_CLAIMS = ["iss", "aud", "sub", "exp", "iat"]


def callback_url_name(key: str) -> str:
    return f"oidc_callback_{key}"


def provider_setting(provider: providers.Provider, attr: str, *default):
    """The library's setting ``attr`` for this provider: its endpoints and client, else settings."""
    by_provider = {
        "OIDC_RP_CLIENT_ID": lambda: provider.client_id,
        "OIDC_RP_CLIENT_SECRET": lambda: provider.client_secret,
        "OIDC_OP_AUTHORIZATION_ENDPOINT": lambda: provider.metadata["authorization_endpoint"],
        "OIDC_OP_TOKEN_ENDPOINT": lambda: provider.metadata["token_endpoint"],
        "OIDC_OP_JWKS_ENDPOINT": lambda: provider.metadata["jwks_uri"],
        "OIDC_OP_USER_ENDPOINT": lambda: provider.metadata.get("userinfo_endpoint"),
        "OIDC_AUTHENTICATION_CALLBACK_URL": lambda: callback_url_name(provider.key),
    }
    if attr in by_provider:
        return by_provider[attr]()
    return import_from_settings(attr, *default)


class ProviderBackend(OIDCAuthenticationBackend):
    """Authenticates only a request to a provider's callback (CallbackView marks it)."""

    def __init__(self, *args, **kwargs):
        # The library reads its settings here; which provider's is known only in authenticate().
        self.UserModel = get_user_model()
        self.provider = None

    def get_settings(self, attr, *args):
        return provider_setting(self.provider, attr, *args)

    def authenticate(self, request, **kwargs):
        key = getattr(request, "oidc_provider_key", None) if request is not None else None
        self.provider = providers.get(key) if key else None
        if self.provider is None:
            return None
        super().__init__()
        try:
            return super().authenticate(request, **kwargs)
        except (
            Refused,
            SuspiciousOperation,
            jwt.PyJWTError,
            requests.RequestException,
            KeyError,
            ValueError,
        ) as error:
            reason = str(error) or error.__class__.__name__
            logger.warning(
                "Refused a sign-in through %s from %s: %s",
                self.provider.name,
                request.META.get("REMOTE_ADDR"),
                reason,
            )
            request.oidc_refusal = reason
            # Django's authenticate() then sends user_login_failed, which django-axes records.
            raise PermissionDenied(reason) from error

    def _verify_jws(self, payload, key):
        """The signature (the library's check), then issuer, audience and times."""
        super()._verify_jws(payload, key)
        try:
            return jwt.decode(
                payload,
                key,
                algorithms=[self.OIDC_RP_SIGN_ALGO],
                audience=self.provider.client_id,
                issuer=self.provider.issuer,
                leeway=CLOCK_LEEWAY,
                options={"require": REQUIRED_CLAIMS},
            )
        except jwt.PyJWTError as error:
            raise SuspiciousOperation(f"The ID token is not valid: {error}") from error

    def get_userinfo(self, access_token, id_token, payload):
        if not self.OIDC_OP_USER_ENDPOINT:
            return {}
        return super().get_userinfo(access_token, id_token, payload)

    def get_or_create_user(self, access_token, id_token, payload):
        """The account for the ID token's claims, with what userinfo adds for the same subject
        (OpenID Connect Core 5.3.2: userinfo for another subject must not be used)."""
        userinfo = self.get_userinfo(access_token, id_token, payload)
        if userinfo and userinfo.get("sub") != payload["sub"]:
            raise Refused("The provider's userinfo is for another subject")
        return sign_in_from_claims(
            provider=self.provider,
            claims={**userinfo, **payload},
            may_sign_in=lambda user: AxesProxyHandler.is_allowed(
                self.request, {"username": user.get_username()}
            ),
        )

    def store_tokens(self, access_token, id_token):
        super().store_tokens(access_token, id_token)
        self.request.session[PROVIDER_SESSION_KEY] = self.provider.key


class ProviderMixin:
    """The view's provider, from the ``provider_key`` it was made with; 404 when it is off."""

    provider_key: str = ""

    def __init__(self, **kwargs):
        # The library's views read their settings here, before the provider is known.
        View.__init__(self, **kwargs)

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.provider = providers.get(self.provider_key)
        if self.provider is None:
            raise Http404("No such sign-in provider")

    def get_settings(self, attr, *args):
        return provider_setting(self.provider, attr, *args)


def refused(request, reason: str, *, provider: providers.Provider | None, status: int = 403):
    return render(
        request,
        "core/signin/refused.html",
        {"reason": reason, "provider": provider},
        status=status,
    )


@method_decorator(login_not_required, name="dispatch")
class StartView(ProviderMixin, OIDCAuthenticationRequestView):
    """Sends the browser to the provider with state, nonce and a PKCE code challenge."""

    def get(self, request):
        try:
            self.OIDC_OP_AUTH_ENDPOINT = self.get_settings("OIDC_OP_AUTHORIZATION_ENDPOINT")
        except (requests.RequestException, ValueError, KeyError) as error:
            logger.error("%s is not answering: %s", self.provider.name, error)
            reason = f"{self.provider.name} is not answering. Try again later."
            return refused(request, reason, provider=self.provider, status=503)
        self.OIDC_RP_CLIENT_ID = self.provider.client_id
        response = super().get(request)
        # Remember which provider this state was sent to: its answer must come back from there.
        (state,) = parse_qs(urlsplit(response.url).query)["state"]
        request.session["oidc_states"][state]["provider"] = self.provider.key
        request.session.modified = True
        return response


@method_decorator(login_not_required, name="dispatch")
class CallbackView(ProviderMixin, OIDCAuthenticationCallbackView):
    """The provider's answer: the code exchanged, the token checked, the account signed in."""

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        request.oidc_provider_key = self.provider.key  # for ProviderBackend

    def get(self, request):
        if request.GET.get("error"):
            logger.warning(
                "%s answered with an error: %s %s",
                self.provider.name,
                request.GET.get("error"),
                request.GET.get("error_description", ""),
            )
            super().get(request)  # forgets the state, signs out
            reason = f"{self.provider.name} did not sign you in."
            return refused(request, reason, provider=self.provider)
        sent = request.session.get("oidc_states", {}).get(request.GET.get("state", ""))
        if sent is None or sent.get("provider") != self.provider.key:
            logger.warning(
                "A %s callback with a state this session did not send", self.provider.name
            )
            reason = "This sign-in was not started here, or has already been used. Start again."
            return refused(request, reason, provider=self.provider, status=400)
        return super().get(request)

    def login_failure(self):
        reason = getattr(self.request, "oidc_refusal", None) or "The sign-in could not be checked."
        if getattr(self.request, "axes_locked_out", False):
            reason = "Too many failed sign-ins from here. Try again later."
        return refused(self.request, reason, provider=self.provider)


def end_session_url(request) -> str | None:
    """The provider's sign-out URL for the session's provider (OpenID Connect RP-Initiated
    Logout), or None for a session signed in with a password or a provider without one."""
    provider = providers.get(request.session.get(PROVIDER_SESSION_KEY, ""))
    id_token = request.session.get(ID_TOKEN_SESSION_KEY)
    if provider is None or not id_token:
        return None
    try:
        endpoint = provider.metadata.get("end_session_endpoint")
    except (requests.RequestException, ValueError, KeyError) as error:
        logger.error("%s is not answering: %s", provider.name, error)
        return None
    if not endpoint:
        return None
    query = urlencode(
        {
            "id_token_hint": id_token,
            "client_id": provider.client_id,
            "post_logout_redirect_uri": request.build_absolute_uri(reverse("login")),
        }
    )
    return f"{endpoint}{'&' if '?' in endpoint else '?'}{query}"
