"""Fixtures of the cross-app tests: the tests' own OpenID Connect providers, as real processes."""

from collections.abc import Iterator

import pytest

from tests.oidc_provider import ProviderProcess

# What the service's settings map each provider's groups to (settings.OIDC_PROVIDERS).
DFE_ROLE_MAP = {"commissioner": "Commissioner"}
ENTRA_ROLE_MAP = {"dfe-officials": "DfE official", "oversee-admins": "Admin"}


@pytest.fixture(scope="session")
def dfe_provider() -> Iterator[ProviderProcess]:
    """Stands in for DfE Sign-in (commissioners): a provider of the suite's own, on 127.0.0.1."""
    provider = ProviderProcess("oversee-dfe", "dfe-client-secret")
    yield provider
    provider.stop()


@pytest.fixture(scope="session")
def entra_provider() -> Iterator[ProviderProcess]:
    """Stands in for Microsoft Entra ID (officials), with a key and client of its own."""
    provider = ProviderProcess("oversee-entra", "entra-client-secret")
    yield provider
    provider.stop()


@pytest.fixture
def providers_on(settings, dfe_provider, entra_provider):
    """Both providers configured, as settings from the environment would configure them."""
    directives = settings.CONTENT_SECURITY_POLICY["DIRECTIVES"]
    form_action = [*directives["form-action"], dfe_provider.issuer, entra_provider.issuer]
    settings.CONTENT_SECURITY_POLICY = {"DIRECTIVES": {**directives, "form-action": form_action}}
    settings.OIDC_PROVIDERS = {
        "dfe": dfe_provider.settings("DfE Sign-in", "roles", DFE_ROLE_MAP),
        "entra": entra_provider.settings("Microsoft Entra ID", "groups", ENTRA_ROLE_MAP),
    }
    return {"dfe": dfe_provider, "entra": entra_provider}
