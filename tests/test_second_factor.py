"""Break-glass admin accounts: a password alone reaches nothing; the account sets up an
authenticator app (TOTP), then gives a code from it, or a recovery code, each time it signs in
with a password. The codes are generated here as an app would, from the key the page shows."""

from __future__ import annotations

import base64
import re

import pytest
from django_otp.plugins.otp_totp.models import TOTPDevice

from core.testing import authenticator_code

pytestmark = pytest.mark.django_db

PASSWORD = "correct-horse-battery-staple"  # noqa: S105 (the root conftest's test password)


def password_sign_in(client, username: str):
    return client.post("/sign-in/", {"username": username, "password": PASSWORD})


def set_up_app(client) -> tuple[bytes, list[str]]:
    """Set-up as a person does it: read the key off the page, give the app's code; the key and
    the recovery codes shown."""
    page = client.get("/sign-in/security-code/set-up/")
    assert page.status_code == 200
    key_b32 = re.search(r'data-totp-key="([A-Z2-7]+)"', page.text).group(1)
    key = base64.b32decode(key_b32)
    response = client.post("/sign-in/security-code/set-up/", {"code": authenticator_code(key)})
    assert response.status_code == 302
    assert response.url.startswith("/sign-in/security-code/recovery-codes/")
    codes_page = client.get(response.url)
    codes = re.findall(r"<li><code>(\w+)</code></li>", codes_page.text)
    return key, codes


def test_an_admin_signed_in_with_a_password_alone_is_refused_the_admin_and_the_app(
    client, admin_user
):
    assert password_sign_in(client, "admin").status_code == 302

    for path in ("/admin/", "/reporting/dashboard/", "/admin/audit/", "/"):
        response = client.get(path)
        assert response.status_code == 302, path
        assert response.url == f"/sign-in/security-code/set-up/?next={path}"
    assert client.get("/api/interventions/").status_code == 403


def test_an_admin_sets_up_an_app_then_reaches_the_admin(client, admin_user):
    password_sign_in(client, "admin")
    key, codes = set_up_app(client)

    assert len(codes) == 10 and len(set(codes)) == 10
    assert TOTPDevice.objects.get(user=admin_user).confirmed
    assert client.get("/admin/").status_code == 200
    # The codes are shown once.
    assert client.get("/sign-in/security-code/recovery-codes/").status_code == 302


def test_a_wrong_code_is_refused_and_the_right_one_lets_the_admin_in(client, admin_user, caplog):
    password_sign_in(client, "admin")
    key, _ = set_up_app(client)
    client.logout()

    password_sign_in(client, "admin")
    assert client.get("/admin/").url == "/sign-in/security-code/?next=/admin/"
    wrong = client.post("/sign-in/security-code/?next=/admin/", {"code": "000000"})
    assert wrong.status_code == 200
    assert "The security code is not right" in wrong.text
    assert client.get("/admin/").status_code == 302
    assert any("Wrong security code for admin" in r.message for r in caplog.records)

    TOTPDevice.objects.filter(user=admin_user).update(throttling_failure_count=0)
    device = TOTPDevice.objects.get(user=admin_user)
    right = client.post(
        "/sign-in/security-code/",
        {"code": authenticator_code(key, after_step=device.last_t), "next": "/admin/"},
    )
    assert right.status_code == 302 and right.url == "/admin/"
    assert client.get("/admin/").status_code == 200


def test_a_recovery_code_works_once(client, admin_user):
    password_sign_in(client, "admin")
    _, codes = set_up_app(client)
    client.logout()

    password_sign_in(client, "admin")
    assert client.post("/sign-in/security-code/", {"code": codes[0]}).status_code == 302
    assert client.get("/admin/").status_code == 200
    client.logout()

    password_sign_in(client, "admin")
    again = client.post("/sign-in/security-code/", {"code": codes[0]})
    assert again.status_code == 200
    assert "The security code is not right" in again.text


def test_an_empty_code_gets_a_govuk_error(client, admin_user):
    password_sign_in(client, "admin")
    page = client.post("/sign-in/security-code/set-up/", {"code": ""})
    assert page.status_code == 200
    assert "govuk-error-summary" in page.text
    assert "Enter the security code" in page.text


def test_an_account_without_the_admin_role_needs_no_code(client, commissioner):
    password_sign_in(client, "commissioner")
    assert client.get("/interventions/").status_code == 200
    assert client.get("/sign-in/security-code/").url == "/"
