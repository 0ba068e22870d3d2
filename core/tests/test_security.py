import time

import pytest
from django.urls import reverse

from core.middleware import SEEN_KEY, STARTED_KEY

pytestmark = pytest.mark.django_db

PASSWORD = "correct-horse-battery-staple"


def sign_in(client, username, password=PASSWORD):
    return client.post(reverse("login"), {"username": username, "password": password})


def test_responses_carry_the_security_headers(client):
    response = client.get(reverse("login"))
    csp = response["Content-Security-Policy"]
    assert "default-src 'self'" in csp
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp
    assert "style-src 'self'" in csp
    assert "frame-ancestors 'none'" in csp
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "camera=()" in response["Permissions-Policy"]


def test_pages_have_no_inline_script_or_style(client, official):
    client.force_login(official)
    for name in ["login", "core:home", "core:about_data", "core:accessibility"]:
        html = client.get(reverse(name)).content.decode()
        assert "<script>" not in html, name
        assert "<style" not in html, name
        assert " style=" not in html, name


def test_session_ends_after_30_minutes_idle(client, official):
    sign_in(client, "official")
    assert client.get(reverse("core:about_data")).status_code == 200
    session = client.session
    session[SEEN_KEY] = int(time.time()) - 31 * 60
    session.save()

    response = client.get(reverse("core:about_data"), follow=True)

    assert response.redirect_chain[-1][0].startswith(reverse("login"))
    assert "did nothing for 30 minutes" in response.content.decode()


def test_activity_keeps_the_session_alive(client, official):
    sign_in(client, "official")
    session = client.session
    session[SEEN_KEY] = int(time.time()) - 29 * 60
    session.save()
    assert client.get(reverse("core:about_data")).status_code == 200
    assert client.session[SEEN_KEY] >= int(time.time()) - 5


def test_session_ends_after_8_hours_even_when_active(client, official):
    sign_in(client, "official")
    session = client.session
    session[STARTED_KEY] = int(time.time()) - 8 * 3600 - 1
    session[SEEN_KEY] = int(time.time())
    session.save()

    response = client.get(reverse("core:about_data"), follow=True)

    assert response.redirect_chain[-1][0].startswith(reverse("login"))
    assert "signed in for 8 hours" in response.content.decode()


def test_five_failed_sign_ins_lock_the_account_with_a_gov_uk_message(client, official):
    for _ in range(5):
        sign_in(client, "official", "wrong-password")

    response = sign_in(client, "official")  # even the right password is refused now

    assert response.status_code == 429
    assert "You cannot sign in for 15 minutes" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_sign_in_and_failed_sign_in_are_logged(client, official, caplog):
    with caplog.at_level("INFO", logger="core.auth"):
        sign_in(client, "official", "wrong-password")
        sign_in(client, "official")
    messages = [record.getMessage() for record in caplog.records if record.name == "core.auth"]
    assert any(m.startswith("failed-sign-in user='official'") for m in messages)
    assert any(m.startswith("sign-in user=official") for m in messages)
    assert not any("wrong-password" in m for m in messages)


def test_a_newline_in_a_typed_username_cannot_forge_a_log_line(client, caplog):
    with caplog.at_level("INFO", logger="core.auth"):
        sign_in(client, "x\nsign-in user=admin ip=10.0.0.1", "wrong-password")
    messages = [record.getMessage() for record in caplog.records if record.name == "core.auth"]
    assert messages
    assert not any("\n" in m for m in messages)
