"""The permission matrix (ADR 15) of the reporting app's DfE pages and of the API: who may open
the national dashboard (and its CSV), the presumption watchlist, the authority pages and each
API endpoint.

The dashboard, its CSV, the watchlist and the API's presumption test are for DfE officials and
admins: anyone else signed in is refused with 403 and the reason, on pages and in the API alike.
Authority pages and the API's authorities, interventions and reports answer everyone signed in,
limited to what they may view: an intervention out of someone's view scope is a 404, never an
answer that confirms it exists. A visitor not signed in is sent to sign in on a page, and
refused with a 401 in JSON by the API (with a Bearer challenge). An address under /api/ that is
no endpoint is a JSON 404 for everyone.
"""

import pytest
from django.urls import get_resolver, reverse

from interventions.tests.factories import CommissionerFactory

from .dashboard_world import intervention_story

pytestmark = pytest.mark.django_db

OFFICIALS_PAGE, PAGE, OFFICIALS_API, API, OWN, OTHERS, NO_ENDPOINT = (
    "officials' page",
    "page",
    "officials' endpoint",
    "endpoint",
    "own intervention's record",
    "another intervention's record",
    "no endpoint",
)

# Every URL of the DfE pages and the API: what it needs, and its arguments from the world.
URLS = {
    "reporting:dashboard": (OFFICIALS_PAGE, lambda w: []),
    "reporting:dashboard_csv": (OFFICIALS_PAGE, lambda w: []),
    "reporting:watchlist": (OFFICIALS_PAGE, lambda w: []),
    "reporting:authority_list": (PAGE, lambda w: []),
    "reporting:authority_detail": (PAGE, lambda w: [w.own.authority.ons_code]),
    "api:schema": (API, lambda w: []),
    "api:authority_list": (API, lambda w: []),
    "api:authority_detail": (API, lambda w: [w.own.authority.ons_code]),
    "api:authority_inspections": (API, lambda w: [w.own.authority.ons_code]),
    "api:presumption": (OFFICIALS_API, lambda w: []),
    "api:intervention_list": (API, lambda w: []),
    "api:report_list": (API, lambda w: []),
    "api:docs": (PAGE, lambda w: []),
    "api:unknown": (NO_ENDPOINT, lambda w: ["nothing-here/"]),
}
RECORDS = [
    "api:intervention_detail",
    "api:intervention_entries",
    "api:intervention_board_meetings",
    "api:intervention_partner_days",
]
for _name in RECORDS:
    URLS[f"{_name}[own]"] = (OWN, lambda w: [w.own.intervention.pk])
    URLS[f"{_name}[others]"] = (OTHERS, lambda w: [w.others.intervention.pk])

# (role, what the URL needs) -> status, the needs in this order:
NEEDS = (OFFICIALS_PAGE, PAGE, OFFICIALS_API, API, OWN, OTHERS, NO_ENDPOINT)
MATRIX = {
    "anonymous": (302, 302, 401, 401, 401, 401, 404),
    "commissioner": (403, 200, 403, 200, 200, 404, 404),
    "no role": (403, 200, 403, 200, 404, 404, 404),
    "official": (200, 200, 200, 200, 200, 200, 404),
    "admin": (200, 200, 200, 200, 200, 200, 404),
}
EXPECTED = {role: dict(zip(NEEDS, statuses, strict=True)) for role, statuses in MATRIX.items()}


class World:
    """The commissioner's own intervention, and another they were never appointed to."""

    def __init__(self, commissioner):
        self.own = intervention_story(commissioner=CommissionerFactory(user=commissioner))
        self.others = intervention_story()


@pytest.fixture
def world(commissioner):
    return World(commissioner)


@pytest.fixture
def users(commissioner, official, admin_user, django_user_model):
    return {
        "anonymous": None,
        "commissioner": commissioner,
        "no role": django_user_model.objects.create_user(username="no-role"),
        "official": official,
        "admin": admin_user,
    }


def url(key: str, world: World) -> str:
    return reverse(key.split("[")[0], args=URLS[key][1](world))


def test_the_matrix_covers_every_dashboard_and_api_url():
    pages = get_resolver("reporting.urls_dashboards").reverse_dict
    api = get_resolver("reporting.api.urls").reverse_dict
    names = {f"reporting:{n}" for n in pages if isinstance(n, str)} | {
        f"api:{n}" for n in api if isinstance(n, str)
    }
    assert names == {key.split("[")[0] for key in URLS}


@pytest.mark.parametrize("role", EXPECTED)
@pytest.mark.parametrize("key", URLS)
def test_get(client, world, users, role, key):
    need = URLS[key][0]
    if users[role] is not None:
        client.force_login(users[role])

    response = client.get(url(key, world))

    assert response.status_code == EXPECTED[role][need], f"{role} GET {key}"
    is_api = key.startswith("api:") and need != PAGE
    if response.status_code == 302:
        assert response.url.startswith(reverse("login"))
    if is_api and response.status_code in (401, 403, 404):
        # The API refuses in JSON, saying why (or that there is nothing the user can see).
        assert response["Content-Type"].startswith("application/json")
        assert response.json()["detail"]
    if response.status_code == 403 and not is_api:
        assert "You cannot do this" in response.content.decode()
