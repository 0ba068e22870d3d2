"""Issue 15: lockout by the address the trusted proxy reports, a cap per account whatever the
address, and password reset links limited per address and per email."""

import pytest
from django.urls import reverse

from conftest import make_user
from core import roles

pytestmark = pytest.mark.django_db

PASSWORD = "correct-horse-battery-staple"
PROXY = "10.0.0.2"


@pytest.fixture
def person(django_user_model):
    return make_user(django_user_model, "jo", roles.COMMISSIONER, email="jo@example.gov.uk")


@pytest.fixture
def behind_one_proxy(settings):
    settings.TRUSTED_PROXY_COUNT = 1


def sign_in(client, password, *, forwarded=None, remote=PROXY, username="jo"):
    extra = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    return client.post(reverse("login"), {"username": username, "password": password}, **extra)


def test_behind_the_proxy_an_attacker_locks_only_their_own_address(
    client, person, behind_one_proxy
):
    for _ in range(5):
        sign_in(client, "wrong", forwarded="198.51.100.7")
    assert sign_in(client, PASSWORD, forwarded="198.51.100.7").status_code == 429

    # The person, through the same proxy from their own address, is not locked out.
    assert sign_in(client, PASSWORD, forwarded="203.0.113.5").status_code == 302


def test_a_forged_forwarded_header_does_not_escape_the_lockout(client, person, behind_one_proxy):
    # The client may send any X-Forwarded-For; the proxy appends the address it saw.
    for n in range(5):
        sign_in(client, "wrong", forwarded=f"192.0.2.{n}, 198.51.100.7")
    response = sign_in(client, PASSWORD, forwarded="192.0.2.99, 198.51.100.7")
    assert response.status_code == 429


def test_without_a_trusted_proxy_the_header_is_ignored(client, person):
    for n in range(5):
        sign_in(client, "wrong", forwarded=f"192.0.2.{n}", remote="198.51.100.7")
    assert sign_in(client, PASSWORD, forwarded="192.0.2.99", remote="198.51.100.7").status_code == (
        429
    )


def test_the_sign_in_log_names_the_client_not_the_proxy(client, person, behind_one_proxy, caplog):
    with caplog.at_level("INFO", logger="core.auth"):
        sign_in(client, "wrong", forwarded="198.51.100.7")
    logged = [r.getMessage() for r in caplog.records if r.name == "core.auth"]
    assert any(line.endswith("ip=198.51.100.7") for line in logged)


def test_an_account_is_locked_after_ten_failures_from_any_number_of_addresses(
    client, person, behind_one_proxy, settings
):
    assert settings.SIGN_IN_ACCOUNT_FAILURE_LIMIT == 10
    addresses = ["198.51.100.1", "198.51.100.2", "198.51.100.3", "198.51.100.4"]
    for n in range(10):  # at most three from each address: none is locked by its own count
        sign_in(client, "wrong", forwarded=addresses[n % 4])

    response = sign_in(client, PASSWORD, forwarded="198.51.100.5")

    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


def test_nine_failures_across_addresses_still_let_the_person_sign_in(
    client, person, behind_one_proxy
):
    for n in range(9):
        sign_in(client, "wrong", forwarded=f"198.51.100.{n % 3 + 1}")
    assert sign_in(client, PASSWORD, forwarded="198.51.100.5").status_code == 302


@pytest.fixture
def ask_for_link(client, celery_eager, django_capture_on_commit_callbacks):
    """Ask for a reset link; its email goes, as in service, by the task after commit."""

    def ask(client, email, address):
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(reverse("password_reset"), {"email": email}, REMOTE_ADDR=address)

    return ask


def test_reset_links_for_one_email_are_limited_whatever_the_address(
    client, person, mailoutbox, ask_for_link
):
    for n in range(3):
        assert ask_for_link(client, "jo@example.gov.uk", f"198.51.100.{n}").status_code == 302
    assert len(mailoutbox) == 3

    response = ask_for_link(client, "JO@example.gov.uk ", "198.51.100.9")

    assert response.status_code == 429
    assert "too many password reset links" in response.content.decode()
    assert len(mailoutbox) == 3


def test_reset_links_from_one_address_are_limited_whatever_the_email(
    client, person, mailoutbox, ask_for_link
):
    for n in range(5):
        assert ask_for_link(client, f"someone{n}@example.gov.uk", "198.51.100.7").status_code == 302

    response = ask_for_link(client, "jo@example.gov.uk", "198.51.100.7")

    assert response.status_code == 429
    assert mailoutbox == []
    # Another address may still ask.
    assert ask_for_link(client, "jo@example.gov.uk", "198.51.100.8").status_code == 302
    assert len(mailoutbox) == 1
