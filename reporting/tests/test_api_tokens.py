"""Personal API tokens on the API: ``Authorization: Bearer <token>`` signs a request in as the
token's holder (their scope applies), read-only; anonymous requests get 401 with a Bearer
challenge; every use is logged with who and which token; the browser session still works."""

import datetime
import logging

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from core import api_tokens
from core.models import ApiToken

from . import test_api

pytestmark = pytest.mark.django_db

two_commissioners = test_api.two_commissioners  # Torbay (ours) and Slough (theirs)

INTERVENTIONS = reverse("api:intervention_list")


def bearer(secret: str) -> dict:
    return {"HTTP_AUTHORIZATION": f"Bearer {secret}"}


def token_for(user, days: int = 30) -> tuple[ApiToken, str]:
    return api_tokens.create_api_token(user, by=user, name="pandas notebook", days=days)


def test_a_token_reads_the_api_with_its_holders_scope(
    client, official, commissioner, two_commissioners
):
    mine, theirs = two_commissioners
    _, official_secret = token_for(official)
    _, commissioner_secret = token_for(commissioner)

    everyone = client.get(INTERVENTIONS, **bearer(official_secret))
    own = client.get(INTERVENTIONS, **bearer(commissioner_secret))
    other = client.get(
        reverse("api:intervention_detail", args=[theirs.intervention.pk]),
        **bearer(commissioner_secret),
    )
    presumption = client.get(reverse("api:presumption"), **bearer(commissioner_secret))

    assert everyone.status_code == 200
    assert [i["authority"]["name"] for i in everyone.json()["results"]] == ["Slough", "Torbay"]
    assert [i["id"] for i in own.json()["results"]] == [mine.intervention.pk]
    assert other.status_code == 404
    assert presumption.status_code == 403  # officials only, for a token as for a session
    assert "sessionid" not in everyone.cookies


def test_the_schema_is_readable_with_a_token(client, official):
    _, secret = token_for(official)

    response = client.get(reverse("api:schema"), **bearer(secret))

    assert response.status_code == 200
    schema = response.json()
    assert schema["openapi"] == "3.1.0"
    assert schema["components"]["securitySchemes"]["bearerAuth"] == {
        "type": "http",
        "scheme": "bearer",
        "description": "A personal API token: `Authorization: Bearer <token>`",
    }


@pytest.mark.parametrize(
    "header",
    [
        None,
        "Basic b2ZmaWNpYWw6cGFzc3dvcmQ=",
        "Token abc",
    ],
)
def test_without_a_token_the_api_answers_401_with_a_bearer_challenge(client, header):
    extra = {"HTTP_AUTHORIZATION": header} if header else {}

    response = client.get(INTERVENTIONS, **extra)

    assert response.status_code == 401
    assert response["WWW-Authenticate"] == (
        'Bearer realm="Oversee children\'s services interventions API"'
    )
    assert response.json() == {"detail": "Authentication credentials were not provided."}


def test_an_unknown_expired_or_revoked_token_is_a_401(client, official):
    expired, expired_secret = token_for(official, days=1)
    expired.expires_at = timezone.now() - datetime.timedelta(seconds=1)
    expired.save()
    revoked, revoked_secret = token_for(official)
    api_tokens.revoke_api_token(revoked, by=official)
    _, good = token_for(official)

    answers = [
        client.get(INTERVENTIONS, **bearer(secret))
        for secret in (expired_secret, revoked_secret, good[:-1] + "x", "not-ours", good + " x")
    ]

    assert [a.status_code for a in answers] == [401, 401, 401, 401, 401]
    assert answers[0].json() == {
        "detail": "The API token is not valid: it may have expired or been revoked"
    }
    assert client.get(INTERVENTIONS, **bearer(good)).status_code == 200


def test_a_deactivated_users_token_stops_working(client, official):
    _, secret = token_for(official)
    official.is_active = False
    official.save()

    assert client.get(INTERVENTIONS, **bearer(secret)).status_code == 401


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
def test_a_token_is_read_only(client, official, method):
    _, secret = token_for(official)

    response = getattr(client, method)(INTERVENTIONS, **bearer(secret))

    assert response.status_code == 403
    assert response.json() == {"detail": "API tokens are read-only"}


def test_every_use_is_logged_with_the_user_and_the_token(client, official, caplog):
    token, secret = token_for(official)

    with caplog.at_level(logging.INFO, logger="core.api_tokens"):
        client.get(INTERVENTIONS + "?open=true", **bearer(secret))
        client.get(INTERVENTIONS, **bearer(secret))

    uses = [r.getMessage() for r in caplog.records if " used by " in r.getMessage()]
    who = f"API token {token.pk} used by official (user {official.pk})"
    assert uses == [f"{who}: GET /api/interventions/?open=true", f"{who}: GET /api/interventions/"]
    token.refresh_from_db()
    assert token.last_used_at is not None
    # A use is not a change: the history has only the token's making.
    assert [h.history_change_reason for h in token.history.all()] == ["API token made, for 30 days"]


def test_the_browser_session_still_works(client, official):
    client.force_login(official)

    assert client.get(INTERVENTIONS).status_code == 200


def test_the_command_makes_a_token_that_works(client, official, capsys):
    call_command("create_api_token", "official", "--days", "7")

    secret = capsys.readouterr().out.strip()
    token = ApiToken.objects.get(user=official)
    assert secret.startswith("oversee_")
    assert token.secret_hash == api_tokens.hash_secret(secret)
    assert secret not in {token.secret_hash, token.prefix, token.name}
    assert (
        datetime.timedelta(days=6, hours=23)
        < token.expires_at - timezone.now()
        <= (datetime.timedelta(days=7))
    )
    assert token.history.get().history_user.username == "system:create_api_token"
    assert client.get(INTERVENTIONS, **bearer(secret)).status_code == 200


# ---------------------------------------------------------------------------------------------
# 404s


@pytest.mark.parametrize(
    "path", ["/api/", "/api/nothing-here/", "/api/authorities/E06000027/nothing/", "/api/a/b/c/"]
)
def test_an_unknown_api_address_is_a_json_404(client, path):
    response = client.get(path)

    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"detail": "Not found."}


def test_an_address_without_its_slash_is_redirected_then_a_json_404(client):
    response = client.get("/api/nothing-here", follow=True)

    assert response.redirect_chain == [("/api/nothing-here/", 301)]
    assert response.json() == {"detail": "Not found."}


def test_a_missing_record_is_a_404_that_names_no_model(client, official):
    _, secret = token_for(official)

    response = client.get(reverse("api:authority_detail", args=["E06999999"]), **bearer(secret))

    assert response.status_code == 404
    assert response.json() == {"detail": "Not found."}
