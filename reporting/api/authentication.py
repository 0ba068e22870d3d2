"""``Authorization: Bearer <token>``: a personal API token (``core.api_tokens``) signs the
request in as its holder, whose scope then applies as for a page. Read-only: a token never
signs in a request that could change anything.

First in ``REST_FRAMEWORK["DEFAULT_AUTHENTICATION_CLASSES"]``, so that a request with no
credentials gets 401 with ``WWW-Authenticate: Bearer`` (DRF answers 401 only when the first
class names a challenge); the browser session still works after it.
"""

from __future__ import annotations

from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import exceptions
from rest_framework.authentication import BaseAuthentication, get_authorization_header
from rest_framework.permissions import SAFE_METHODS

from core import api_tokens

KEYWORD = "Bearer"
REALM = "Oversee children's services interventions API"


class BearerTokenAuthentication(BaseAuthentication):
    def authenticate(self, request):
        parts = get_authorization_header(request).split()
        if not parts or parts[0].decode("latin-1").lower() != KEYWORD.lower():
            return None
        if len(parts) != 2:
            raise exceptions.AuthenticationFailed(
                "Give the token after Bearer, with no spaces: Authorization: Bearer <token>"
            )
        secret = parts[1].decode("latin-1")
        token = api_tokens.authenticate(secret, method=request.method, path=request.get_full_path())
        if token is None:
            raise exceptions.AuthenticationFailed(
                "The API token is not valid: it may have expired or been revoked"
            )
        if request.method not in SAFE_METHODS:
            raise exceptions.PermissionDenied("API tokens are read-only")
        request._request.api_token = token
        return token.user, token

    def authenticate_header(self, request) -> str:
        return f'{KEYWORD} realm="{REALM}"'


class BearerTokenScheme(OpenApiAuthenticationExtension):
    """The schema's ``bearerAuth`` security scheme, which generated clients send."""

    target_class = BearerTokenAuthentication
    name = "bearerAuth"

    def get_security_definition(self, auto_schema):
        return {
            "type": "http",
            "scheme": "bearer",
            "description": "A personal API token: `Authorization: Bearer <token>`",
        }
