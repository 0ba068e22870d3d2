import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_sign_in_page_is_gov_uk_styled(client):
    response = client.get(reverse("login"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "govuk-header" in html
    assert "govuk-service-navigation" in html
    assert "govuk-phase-banner" in html
    assert 'href="#main-content"' in html
    assert "Local authority names and codes: mySociety, CC BY 4.0" in html
    assert "Open Government Licence v3.0" in html


def test_anonymous_home_redirects_to_sign_in(client):
    response = client.get(reverse("core:home"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_user_signs_in_and_sees_home(client, official):
    response = client.post(
        reverse("login"),
        {"username": "official", "password": "correct-horse-battery-staple"},
        follow=True,
    )
    assert response.status_code == 200
    assert response.context["user"] == official
    assert "Sign out" in response.content.decode()


def test_wrong_password_shows_error_summary(client, official):
    response = client.post(reverse("login"), {"username": "official", "password": "wrong"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "govuk-error-summary" in html
    assert "<title>Error: " in html


def test_sign_out_is_post_only(client, official):
    client.force_login(official)
    assert client.get(reverse("logout")).status_code == 405
    response = client.post(reverse("logout"))
    assert response.status_code == 302
    assert client.get(reverse("core:home")).status_code == 302
