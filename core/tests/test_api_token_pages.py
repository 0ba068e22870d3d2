"""The API tokens page: officials, admins and commissioners make, name, list and revoke their
own tokens; a new token is shown once and stored only as its SHA-256; every change is in the
token's history with who made it."""

import re

import pytest
from django.urls import reverse

from core import api_tokens
from core.models import ApiToken

pytestmark = pytest.mark.django_db

LIST = reverse("core:apitoken_list")
CREATE = reverse("core:apitoken_create")
CREATED = reverse("core:apitoken_created")


def shown_secret(html: str) -> str:
    return re.search(r'<code class="app-api-token" id="api-token">([^<]+)</code>', html).group(1)


@pytest.mark.parametrize("role", ["official", "commissioner", "admin_user"])
def test_each_role_makes_a_token_shown_once_and_stored_hashed(client, request, role):
    user = request.getfixturevalue(role)
    client.force_login(user)

    made = client.post(CREATE, {"name": "Power Query workbook", "days": "90"}, follow=True)
    listing = client.get(LIST).content.decode()

    html = made.content.decode()
    secret = shown_secret(html)
    token = ApiToken.objects.get(user=user)
    assert made.redirect_chain == [(CREATED, 302)]
    assert made.status_code == 200
    assert "no-store" in made["Cache-Control"]
    assert token.name == "Power Query workbook"
    assert token.secret_hash == api_tokens.hash_secret(secret)
    assert (token.expires_at - token.created_at).days == 90
    assert secret not in listing
    assert "Power Query workbook" in listing
    assert token.prefix in listing
    assert token.history.get().history_user == user


def test_the_new_token_is_shown_once_and_a_reload_makes_no_other(client, official):
    client.force_login(official)

    made = client.post(CREATE, {"name": "R script", "days": "30"}, follow=True)
    again = client.get(CREATED)

    secret = shown_secret(made.content.decode())
    assert again.status_code == 302
    assert again.url == LIST
    assert secret not in again.content.decode()
    assert secret not in str(dict(client.session))
    assert ApiToken.objects.filter(user=official).count() == 1


def test_the_page_of_a_new_token_is_only_for_tokens_holders(client, django_user_model):
    nobody = django_user_model.objects.create_user("nobody", password="x")
    client.force_login(nobody)

    assert client.get(CREATED).status_code == 403


def test_the_form_says_what_is_missing(client, official):
    client.force_login(official)

    response = client.post(CREATE, {"name": "   ", "days": "1000"})

    html = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in html
    assert "Enter a name for the token" in html
    assert "Select how long the token should last" in html
    assert not ApiToken.objects.exists()


def test_someone_sees_and_revokes_only_their_own_tokens(client, official, commissioner):
    own, _ = api_tokens.create_api_token(official, by=official, name="mine", days=30)
    theirs, _ = api_tokens.create_api_token(commissioner, by=commissioner, name="theirs", days=30)
    client.force_login(official)

    listing = client.get(LIST).content.decode()
    refused = client.post(reverse("core:apitoken_revoke", args=[theirs.pk]))
    revoked = client.post(reverse("core:apitoken_revoke", args=[own.pk]), follow=True)

    assert "mine" in listing and "theirs" not in listing
    assert refused.status_code == 404
    theirs.refresh_from_db()
    own.refresh_from_db()
    assert theirs.revoked_at is None
    assert own.revoked_at is not None
    # Once: base.html shows the messages, the page itself does not again.
    assert revoked.content.decode().count("API token “mine” revoked: it no longer works") == 1
    assert ">Revoked</strong>" in revoked.content.decode()
    latest = own.history.first()
    assert (latest.history_user, latest.history_change_reason) == (official, "API token revoked")


def test_revoking_is_post_only(client, official):
    token, _ = api_tokens.create_api_token(official, by=official, name="mine", days=30)
    client.force_login(official)

    assert client.get(reverse("core:apitoken_revoke", args=[token.pk])).status_code == 405


def test_someone_with_no_role_is_refused_with_the_reason(client, django_user_model):
    nobody = django_user_model.objects.create_user("nobody", password="x")
    client.force_login(nobody)

    for response in (client.get(LIST), client.post(CREATE, {"name": "x", "days": "30"})):
        assert response.status_code == 403
        assert "Only DfE officials and commissioners can have API tokens" in (
            response.content.decode()
        )
    assert not ApiToken.objects.exists()


def test_the_pages_need_a_sign_in(client):
    response = client.get(LIST)

    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_nobody_makes_a_token_for_someone_else(official, commissioner):
    with pytest.raises(api_tokens.PermissionDenied):
        api_tokens.create_api_token(commissioner, by=official, name="x", days=30)
