"""Resetting a forgotten password: the link by email, the new password checked by Django's
validators with GOV.UK messages, the same answer for an address nobody has, and the sign-in
lockout kept for everyone but the person who completed the reset."""

import re

import pytest
from django.conf import settings
from django.contrib.auth import password_validation
from django.test import Client, TestCase
from django.urls import reverse

from conftest import make_user
from core import roles

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("celery_eager")]

OLD_PASSWORD = "correct-horse-battery-staple"
NEW_PASSWORD = "a-longer-walk-by-the-river"
LINK = re.compile(r"https?://[^/\s]+(/password-reset/[^\s]+/[^\s]+/)")


@pytest.fixture
def person(django_user_model):
    return make_user(
        django_user_model, "jo.commissioner", roles.COMMISSIONER, email="Jo@Example.gov.uk"
    )


def sign_in(client, username, password, **extra):
    return client.post(reverse("login"), {"username": username, "password": password}, **extra)


def ask_for_link(client, email):
    """Ask for a link; the email is queued as the request commits (here, as the block ends)."""
    with TestCase.captureOnCommitCallbacks(execute=True):
        return client.post(reverse("password_reset"), {"email": email})


def link_from(mailoutbox) -> str:
    (message,) = mailoutbox
    return LINK.search(message.body).group(1)


def set_password(client, link, password1, password2=None):
    """Open the emailed link, then post the new password on the page it leads to."""
    form_page = client.get(link)
    assert form_page.status_code == 302  # Django moves the token out of the address
    return client.post(
        form_page.url, {"new_password1": password1, "new_password2": password2 or password1}
    )


def test_sign_in_page_links_to_the_reset(client):
    assert reverse("password_reset") in client.get(reverse("login")).content.decode()


def test_a_person_resets_their_password_from_the_emailed_link(client, person, mailoutbox):
    response = ask_for_link(client, "jo@example.gov.uk")  # any case

    assert response.status_code == 302
    assert response.url == reverse("password_reset_done")
    (message,) = mailoutbox
    assert message.to == [person.email]
    assert message.subject == f"Reset your password: {settings.SERVICE_NAME}"
    assert "Your username is jo.commissioner." in message.body
    assert "works once, for 2 hours" in message.body

    response = set_password(client, link_from(mailoutbox), NEW_PASSWORD)

    assert response.status_code == 302
    assert response.url == reverse("password_reset_complete")
    assert "Your password has been changed" in client.get(response.url).content.decode()
    assert "_auth_user_id" not in client.session  # a reset signs no one in
    assert sign_in(client, "jo.commissioner", OLD_PASSWORD).status_code == 200  # refused
    assert sign_in(client, "jo.commissioner", NEW_PASSWORD).status_code == 302
    assert client.session["_auth_user_id"] == str(person.pk)


def test_the_link_works_only_once(client, person, mailoutbox):
    ask_for_link(client, person.email)
    link = link_from(mailoutbox)
    set_password(client, link, NEW_PASSWORD)

    response = client.get(link, follow=True)

    page = response.content.decode()
    assert response.status_code == 200
    assert "This link no longer works" in page
    assert 'name="new_password1"' not in page


def test_a_made_up_link_shows_the_no_longer_works_page(client, person):
    response = client.get(
        reverse("password_reset_confirm", kwargs={"uidb64": "MQ", "token": "abc-123"})
    )
    assert response.status_code == 200
    assert "This link no longer works" in response.content.decode()
    assert reverse("password_reset") in response.content.decode()


@pytest.mark.parametrize(
    "email",
    ["nobody@example.gov.uk", "inactive@example.gov.uk", "no-password@example.gov.uk"],
)
def test_an_address_without_an_account_gets_the_same_answer_and_no_email(
    client, django_user_model, person, mailoutbox, email
):
    make_user(django_user_model, "inactive", None, email="inactive@example.gov.uk", is_active=False)
    no_password = make_user(django_user_model, "sso", None, email="no-password@example.gov.uk")
    no_password.set_unusable_password()
    no_password.save()
    known = ask_for_link(client, person.email)
    mailoutbox.clear()

    unknown = ask_for_link(client, email)

    assert (unknown.status_code, unknown.url) == (known.status_code, known.url)
    assert mailoutbox == []
    page = client.get(unknown.url).content.decode()
    assert "If the address you entered belongs to an account" in page
    assert email not in page


@pytest.mark.parametrize(
    ("email", "message"),
    [
        ("", "Enter your email address"),
        (
            "jo.example.gov.uk",
            "Enter an email address in the correct format, like name@example.com",
        ),
    ],
)
def test_the_email_address_is_checked_gov_uk_style(client, email, message, mailoutbox):
    response = ask_for_link(client, email)

    page = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in page
    assert f'<a href="#id_email">{message}</a>' in page
    assert "govuk-input--error" in page
    assert mailoutbox == []


@pytest.mark.parametrize(
    ("password1", "password2", "field", "message"),
    [
        ("", "", "id_new_password1", "Enter a new password"),
        ("short-1", "short-1", "id_new_password1", "Password must be 8 characters or more"),
        ("password123", "password123", "id_new_password1", "Password is too common"),
        ("8302917465", "8302917465", "id_new_password1", "Password must include a letter or"),
        ("jo.commissioner", "jo.commissioner", "id_new_password1", "must not be similar to"),
        (NEW_PASSWORD, NEW_PASSWORD + "x", "id_new_password2", "Enter the same password in both"),
    ],
)
def test_the_new_password_must_pass_the_validators(
    client, person, mailoutbox, password1, password2, field, message
):
    ask_for_link(client, person.email)

    response = set_password(client, link_from(mailoutbox), password1, password2)

    page = response.content.decode()
    assert response.status_code == 200
    assert "<title>Error: Choose a new password" in page
    assert re.search(rf'<a href="#{field}">[^<]*{message}[^<]*</a>', page), page
    assert f'id="{field}-error"' in page
    person.refresh_from_db()
    assert person.check_password(OLD_PASSWORD)


def test_the_django_password_validators_are_in_force():
    names = {type(v).__name__ for v in password_validation.get_default_password_validators()}
    assert names >= {
        "UserAttributeSimilarityValidator",
        "MinimumLengthValidator",
        "CommonPasswordValidator",
        "NumericPasswordValidator",
    }


def test_a_reset_signs_out_every_session_the_person_had(client, person, mailoutbox):
    elsewhere = Client()
    elsewhere.force_login(person)
    assert elsewhere.get(reverse("core:about_data")).status_code == 200

    ask_for_link(client, person.email)
    set_password(client, link_from(mailoutbox), NEW_PASSWORD)

    assert elsewhere.get(reverse("core:about_data")).url.startswith(reverse("login"))


def test_a_reset_lifts_the_lockout_only_for_the_address_that_completed_it(
    client, person, mailoutbox, caplog
):
    attacker = {"REMOTE_ADDR": "203.0.113.9"}
    for _ in range(5):
        sign_in(client, "jo.commissioner", "wrong", **attacker)
        sign_in(client, "jo.commissioner", "wrong")  # the person, from 127.0.0.1
    assert sign_in(client, "jo.commissioner", OLD_PASSWORD).status_code == 429

    ask_for_link(client, person.email)
    with caplog.at_level("INFO", logger="core.auth"):
        set_password(client, link_from(mailoutbox), NEW_PASSWORD)

    assert sign_in(client, "jo.commissioner", NEW_PASSWORD).status_code == 302
    client.logout()
    assert sign_in(client, "jo.commissioner", NEW_PASSWORD, **attacker).status_code == 429
    logged = [r.getMessage() for r in caplog.records if r.name == "core.auth"]
    assert "password-reset user=jo.commissioner ip=127.0.0.1" in logged
    assert not any(NEW_PASSWORD in line for line in logged)
