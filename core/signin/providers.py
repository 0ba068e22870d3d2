"""The OpenID Connect providers in settings.OIDC_PROVIDERS, and what their discovery documents
say. A provider is on when it has a discovery URL and a client id; settings are read on each
use, discovery documents are kept for an hour."""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field

import requests
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

DISCOVERY_TTL = 60 * 60
_discovered: dict[str, tuple[float, dict]] = {}
_lock = threading.Lock()


@dataclass(frozen=True)
class Provider:
    """One provider as configured: its key in settings (in its URLs too) and how to reach it."""

    key: str
    name: str
    discovery_url: str
    client_id: str
    client_secret: str
    roles_claim: str
    role_map: dict[str, str] = field(default_factory=dict)

    @property
    def metadata(self) -> dict:
        """The provider's discovery document (OpenID Connect Discovery 1.0)."""
        return discover(self.discovery_url)

    @property
    def start_url_name(self) -> str:
        return f"oidc_start_{self.key}"

    @property
    def issuer(self) -> str:
        return self.metadata["issuer"]

    def roles_from(self, claims: dict) -> set[str]:
        """The service's roles the claims' values map to (settings), never the values' own names."""
        values = claims.get(self.roles_claim) or []
        if isinstance(values, str):
            values = [values]
        return {self.role_map[value] for value in values if value in self.role_map}


def configured() -> list[Provider]:
    """The providers that are on, in settings order."""
    return [
        Provider(key=key, **config)
        for key, config in settings.OIDC_PROVIDERS.items()
        if config.get("discovery_url") and config.get("client_id")
    ]


def get(key: str) -> Provider | None:
    return next((provider for provider in configured() if provider.key == key), None)


def discover(url: str) -> dict:
    """The discovery document at ``url``, fetched at most once an hour."""
    with _lock:
        cached = _discovered.get(url)
    if cached and time.monotonic() - cached[0] < DISCOVERY_TTL:
        return cached[1]
    response = requests.get(url, timeout=settings.OIDC_TIMEOUT)
    response.raise_for_status()
    document = response.json()
    missing = {
        "issuer",
        "authorization_endpoint",
        "token_endpoint",
        "jwks_uri",
    } - document.keys()
    if missing:
        raise ImproperlyConfigured(f"{url} does not name: {', '.join(sorted(missing))}")
    with _lock:
        _discovered[url] = (time.monotonic(), document)
    return document
