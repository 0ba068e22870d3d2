"""Signing in through an OpenID Connect provider: the service's side of the protocol against a
real provider process (tests/oidc_provider), driven by Django's test client for the service and
by HTTP requests for the provider's sign-in page, as a browser would be."""

from __future__ import annotations

import logging
from urllib.parse import parse_qs, urlsplit

import pytest
import requests
from axes.models import AccessFailureLog, AccessLog
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from core import roles
from core.models import SignInIdentity

pytestmark = pytest.mark.django_db

User = get_user_model()


def start(client, key: str) -> dict[str, str]:
    """The service's redirect to the provider: the authorisation request's parameters."""
    response = client.get(f"/sign-in/{key}/")
    assert response.status_code == 302
    location = urlsplit(response["Location"])
    return {k: v[0] for k, v in parse_qs(location.query).items()}


def sign_in(client, provider, key: str, *, fault: str = "none", **claims):
    """Start at the service, sign in on the provider's page with these claims, and give the
    provider's answer to the service's callback: the service's response."""
    params = start(client, key)
    form = {
        "sub": "user-1",
        "email": "jo.bloggs@example.gov.uk",
        "email_verified": "true",
        "groups": "",
        "fault": fault,
        **claims,
    }
    answer = requests.post(
        f"{provider.issuer}/authorize", data={**params, **form}, allow_redirects=False, timeout=10
    )
    assert answer.status_code == 302, answer.text
    callback = urlsplit(answer.headers["Location"])
    assert callback.path == f"/sign-in/{key}/callback/"
    return client.get(f"{callback.path}?{callback.query}")


def test_the_authorisation_request_carries_state_nonce_and_a_pkce_challenge(providers_on, client):
    params = start(client, "dfe")
    assert params["client_id"] == "oversee-dfe"
    assert params["response_type"] == "code"
    assert params["redirect_uri"] == "http://testserver/sign-in/dfe/callback/"
    assert params["code_challenge_method"] == "S256"
    assert len(params["code_challenge"]) == 43
    assert len(params["state"]) >= 32 and len(params["nonce"]) >= 32
    assert set(params["scope"].split()) >= {"openid", "email"}


def test_a_commissioner_signs_in_through_dfe_sign_in_and_gets_an_account(providers_on, client):
    response = sign_in(
        client,
        providers_on["dfe"],
        "dfe",
        groups="commissioner",
        given_name="Jo",
        family_name="Bloggs",
    )

    assert response.status_code == 302
    user = User.objects.get(email="jo.bloggs@example.gov.uk")
    assert user.username == "jo.bloggs@example.gov.uk"
    assert (user.first_name, user.last_name) == ("Jo", "Bloggs")
    assert not user.has_usable_password()
    assert roles.user_roles(user) == {roles.COMMISSIONER}
    assert not user.is_staff
    identity = SignInIdentity.objects.get(user=user)
    assert (identity.provider, identity.subject) == ("dfe", "user-1")
    assert identity.history.get().history_change_reason == "First sign-in through DfE Sign-in"
    # The session is the user's, and home sends a commissioner to their interventions.
    assert client.get("/").url == "/interventions/"
    assert client.get("/interventions/").status_code == 200
    # The token request proved the PKCE verifier; django-axes logged the sign-in.
    (token,) = providers_on["dfe"].log("token")[-1:]
    assert token["problem"] is None and token["pkce_verifier_sent"]
    assert AccessLog.objects.filter(username=user.username).exists()


def test_an_official_signs_in_through_entra_and_lands_on_the_dashboard(providers_on, client):
    response = sign_in(
        client, providers_on["entra"], "entra", sub="entra-7", groups="dfe-officials,other-group"
    )
    assert response.status_code == 302
    user = User.objects.get(
        sign_in_identities__provider="entra", sign_in_identities__subject="entra-7"
    )
    assert roles.user_roles(user) == {roles.DFE_OFFICIAL}
    assert client.get("/").url == "/reporting/dashboard/"


def test_signing_in_again_finds_the_same_account_and_follows_the_providers_roles(
    providers_on, client
):
    sign_in(client, providers_on["entra"], "entra", sub="entra-8", groups="dfe-officials")
    client.logout()
    sign_in(
        client,
        providers_on["entra"],
        "entra",
        sub="entra-8",
        email="renamed@example.gov.uk",
        groups="oversee-admins",
    )
    (user,) = User.objects.filter(sign_in_identities__subject="entra-8")
    assert roles.user_roles(user) == {roles.ADMIN}
    assert user.is_staff
    assert User.objects.count() == 1


def test_an_existing_account_is_matched_by_verified_email_and_linked(providers_on, client):
    person = User.objects.create_user("jo", email="Jo.Bloggs@example.gov.uk", password="x" * 20)
    person.groups.add(Group.objects.get(name=roles.DFE_OFFICIAL))

    sign_in(client, providers_on["entra"], "entra", sub="entra-9", groups="dfe-officials")

    assert SignInIdentity.objects.get(provider="entra", subject="entra-9").user == person
    assert User.objects.count() == 1


@pytest.mark.parametrize(
    ("fault", "why"),
    [
        ("tampered", "JWS token verification failed"),
        ("foreign-key", "JWS token verification failed"),
        ("audience", "The ID token is not valid: Audience"),
        ("expired", "Signature has expired"),
        ("nonce", "Nonce verification failed"),
    ],
)
def test_a_bad_id_token_is_refused_logged_and_creates_nothing(
    providers_on, client, caplog, fault, why
):
    with caplog.at_level(logging.WARNING, logger="core.signin"):
        response = sign_in(client, providers_on["dfe"], "dfe", groups="commissioner", fault=fault)

    assert response.status_code == 403
    assert "You cannot sign in" in response.text
    assert why in response.text
    assert "_auth_user_id" not in client.session
    assert not User.objects.exists()
    assert not SignInIdentity.objects.exists()
    assert any("Refused a sign-in through DfE Sign-in" in r.message for r in caplog.records)
    assert AccessFailureLog.objects.count() == 1


def test_a_sign_in_whose_groups_map_to_no_role_is_refused(providers_on, client, caplog):
    with caplog.at_level(logging.WARNING, logger="core.signin"):
        response = sign_in(client, providers_on["dfe"], "dfe", groups="oversee-admins,teachers")

    assert response.status_code == 403
    assert "maps to a role of this service" in response.text
    assert not User.objects.exists()
    assert any("maps to a role" in r.message for r in caplog.records)


def test_an_unverified_email_is_refused(providers_on, client):
    response = sign_in(
        client, providers_on["dfe"], "dfe", groups="commissioner", email_verified="false"
    )
    assert response.status_code == 403
    assert "has not verified the email address" in response.text
    assert not User.objects.exists()


def test_a_break_glass_admin_account_is_not_taken_over_by_email(providers_on, client, admin_user):
    admin_user.email = "jo.bloggs@example.gov.uk"
    admin_user.save()
    response = sign_in(client, providers_on["entra"], "entra", groups="dfe-officials")
    assert response.status_code == 403
    assert not SignInIdentity.objects.exists()


def test_an_answer_for_another_providers_sign_in_is_refused(providers_on, client):
    params = start(client, "dfe")
    response = client.get("/sign-in/entra/callback/", {"code": "x", "state": params["state"]})
    assert response.status_code == 400
    assert "was not started here" in response.text


def test_signing_out_ends_the_session_at_the_provider_too(providers_on, client):
    sign_in(client, providers_on["dfe"], "dfe", sub="user-5", groups="commissioner")

    response = client.post("/sign-out/")

    assert "_auth_user_id" not in client.session
    at_provider = urlsplit(response["Location"])
    assert f"{at_provider.scheme}://{at_provider.netloc}" == providers_on["dfe"].issuer
    assert at_provider.path == "/logout"
    query = parse_qs(at_provider.query)
    assert query["post_logout_redirect_uri"] == ["http://testserver/sign-in/"]
    back = requests.get(response["Location"], allow_redirects=False, timeout=10)
    assert back.headers["Location"] == "http://testserver/sign-in/"
    assert providers_on["dfe"].log("logout")[-1]["sub"] == "user-5"


def test_the_session_limits_apply_to_a_single_sign_on_session(providers_on, client):
    sign_in(client, providers_on["dfe"], "dfe", groups="commissioner")
    assert client.get("/interventions/").status_code == 200
    session = client.session
    session["_session_seen_at"] -= 31 * 60
    session.save()
    response = client.get("/interventions/")
    assert response.status_code == 302
    assert response.url.startswith("/sign-in/")


def test_with_providers_on_only_admin_accounts_sign_in_with_a_password(
    providers_on, client, commissioner, admin_user
):
    page = client.get("/sign-in/")
    assert "Sign in with DfE Sign-in" in page.text
    assert "Sign in with Microsoft Entra ID" in page.text

    refused = client.post(
        "/sign-in/", {"username": "commissioner", "password": "correct-horse-battery-staple"}
    )
    assert refused.status_code == 200
    assert (
        "Sign in with DfE Sign-in or Microsoft Entra ID: passwords are only for admin accounts"
        in refused.text
    )
    assert "_auth_user_id" not in client.session

    allowed = client.post(
        "/sign-in/", {"username": "admin", "password": "correct-horse-battery-staple"}
    )
    assert allowed.status_code == 302
    assert client.session["_auth_user_id"] == str(admin_user.pk)


def test_with_no_provider_the_sign_in_page_is_as_before(client, commissioner):
    page = client.get("/sign-in/")
    assert "Sign in with" not in page.text
    assert client.get("/sign-in/dfe/").status_code == 404
    assert client.get("/sign-in/entra/callback/").status_code == 404
    response = client.post(
        "/sign-in/", {"username": "commissioner", "password": "correct-horse-battery-staple"}
    )
    assert response.status_code == 302
    assert client.get("/").url == "/interventions/"


def test_an_account_locked_out_by_wrong_passwords_is_refused_by_single_sign_on(
    providers_on, client
):
    person = User.objects.create_user("jo", email="jo.bloggs@example.gov.uk", password="x" * 20)
    person.groups.add(Group.objects.get(name=roles.DFE_OFFICIAL))
    for _ in range(5):
        client.post("/sign-in/", {"username": "jo", "password": "wrong"})

    response = sign_in(
        client, providers_on["entra"], "entra", sub="entra-3", groups="dfe-officials"
    )

    assert response.status_code == 403
    assert "jo is locked out after failed sign-ins" in response.text
    assert "_auth_user_id" not in client.session
    assert not SignInIdentity.objects.exists()
