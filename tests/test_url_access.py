"""Every URL of the service needs sign-in, except the few that must not."""

import re

import pytest
from django.conf import settings
from django.contrib.auth.models import Group
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from core import roles
from core.tasks import record_heartbeat

pytestmark = pytest.mark.django_db

# The only pages an anonymous visitor may open.
PUBLIC = {
    "login",
    "password_reset",
    "password_reset_done",
    "password_reset_confirm",
    "password_reset_complete",
    "core:healthz",
    "core:accessibility",
    "admin:login",
}
# Each sign-in provider's start and callback (core/signin): public, and "not found" while the
# provider is off (tests/test_single_sign_on.py signs in through them with providers on).
PROVIDER_PAGES = {
    f"{page}_{key}" for key in settings.OIDC_PROVIDERS for page in ("oidc_start", "oidc_callback")
}
# Arguments for the public pages that take some (a reset link that no longer works).
PUBLIC_KWARGS = {"password_reset_confirm": {"uidb64": "MQ", "token": "set-password"}}
SAMPLE_ARGS = {
    "int": "1",
    "str": "x",
    "slug": "x",
    "ons": "E06000027",  # core.converters: an ONS code
    "path": "x",
    "uuid": "00000000-0000-0000-0000-000000000000",
}


def walk(patterns, prefix="", namespace=None):
    for entry in patterns:
        if isinstance(entry, URLResolver):
            ns = entry.namespace or namespace
            if ns and namespace and entry.namespace:
                ns = f"{namespace}:{entry.namespace}"
            yield from walk(entry.url_patterns, prefix + str(entry.pattern), ns)
        elif isinstance(entry, URLPattern):
            name = f"{namespace}:{entry.name}" if namespace and entry.name else entry.name
            yield name, prefix + str(entry.pattern)


def sample_path(route: str) -> str:
    """A concrete path for a route: converters filled in, regex routes simplified."""
    path = re.sub(r"<(?:(\w+):)?\w+>", lambda m: SAMPLE_ARGS.get(m.group(1) or "str", "x"), route)
    path = re.sub(r"\(\?P<\w+>[^)]*\)", "1", path)  # regex groups (the admin's)
    path = path.replace("^", "").replace("$", "").replace("\\", "")
    return "/" + path


PRIVATE_ROUTES = sorted(
    {
        (name or "", sample_path(route))
        for name, route in walk(get_resolver().url_patterns)
        if name not in PUBLIC | PROVIDER_PAGES
    }
)


def test_the_walk_finds_every_app():
    paths = [path for _, path in PRIVATE_ROUTES]
    assert "/" in paths
    assert any(path.startswith("/admin/") for path in paths)


# The JSON API answers an anonymous request itself, with a 401 or 403 in JSON: an API client
# must not be handed an HTML sign-in page. Its docs page is a page; any other address under
# /api/ is a JSON 404 (reporting/tests/test_api_tokens.py).
API_PREFIX = "/api/"
API_PAGES = {"api:docs"}
API_NO_ENDPOINT = {"api:unknown"}
PAGE_ROUTES = [
    (name, path)
    for name, path in PRIVATE_ROUTES
    if not path.startswith(API_PREFIX) or name in API_PAGES
]
API_ROUTES = [
    (name, path)
    for name, path in PRIVATE_ROUTES
    if path.startswith(API_PREFIX) and name not in API_PAGES | API_NO_ENDPOINT
]


@pytest.mark.parametrize(("name", "path"), PAGE_ROUTES, ids=[p for _, p in PAGE_ROUTES])
def test_anonymous_request_is_sent_to_sign_in(client, name, path):
    response = client.get(path)
    sign_in_paths = (reverse("login"), reverse("admin:login"))
    assert response.status_code in (301, 302), f"{path} answered {response.status_code}"
    assert response.url.startswith(sign_in_paths), f"{path} redirected to {response.url}"


def test_the_walk_finds_the_api():
    assert any(path == "/api/schema/" for _, path in API_ROUTES)


@pytest.mark.parametrize(("name", "path"), API_ROUTES, ids=[p for _, p in API_ROUTES])
def test_anonymous_api_request_is_refused_in_json(client, name, path):
    response = client.get(path)
    assert response.status_code in (401, 403), f"{path} answered {response.status_code}"
    assert response["Content-Type"].startswith("application/json")
    assert "detail" in response.json()


@pytest.mark.parametrize("name", sorted(PUBLIC))
def test_public_pages_answer_without_sign_in(client, name):
    if name == "core:healthz":  # answers 200 once a worker and beat have been seen
        record_heartbeat("worker")
        record_heartbeat("sweep", kind="sweep")
    response = client.get(reverse(name, kwargs=PUBLIC_KWARGS.get(name)))
    assert response.status_code == 200


@pytest.mark.parametrize("name", sorted(PROVIDER_PAGES))
def test_sign_in_provider_pages_answer_not_found_while_no_provider_is_on(client, name):
    assert client.get(reverse(name)).status_code == 404


def test_sign_in_is_required_by_djangos_middleware():
    """The walk above checks what it does; this that it is Django's, not one of our own."""
    assert "django.contrib.auth.middleware.LoginRequiredMiddleware" in settings.MIDDLEWARE


def test_the_roles_are_django_groups():
    assert set(Group.objects.values_list("name", flat=True)) >= set(roles.ALL)
    assert set(roles.ALL) == {"Commissioner", "DfE official", "Admin"}
