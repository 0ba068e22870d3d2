"""Resetting a forgotten password in a real browser: from the sign-in page to the email, a
new password refused by the validators and then accepted, signing in with it, and a link that
no longer works. Every page shown is checked with axe-core by the ``page`` fixture."""

import re
from urllib.parse import urlsplit

import pytest
from django.contrib.auth.models import Group
from playwright.sync_api import expect

from core import roles

from .support import PASSWORD, sign_in

# The email task runs in the live server's thread as the request commits.
pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("celery_eager")]

NEW_PASSWORD = "a-longer-walk-by-the-river"


@pytest.fixture
def person(django_user_model):
    user = django_user_model.objects.create_user(
        username="jo", email="jo@example.gov.uk", password=PASSWORD
    )
    user.groups.add(Group.objects.get(name=roles.COMMISSIONER))
    return user


def test_a_person_resets_a_forgotten_password_and_signs_in_with_it(
    page, live_server, person, mailoutbox, visit
):
    visit("/sign-in/")
    page.get_by_role("link", name="Forgotten your password?").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Reset your password")
    page.get_by_role("button", name="Send the link").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_be_focused()
    expect(summary.get_by_role("link")).to_have_text("Enter your email address")
    page.get_by_label("Email address").fill("jo@example.gov.uk")
    page.get_by_role("button", name="Send the link").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Check your email")
    (email,) = mailoutbox
    link = urlsplit(re.search(r"http\S+", email.body).group(0)).path
    page.goto(live_server.url + link)

    expect(page.get_by_role("heading", level=1)).to_have_text("Choose a new password")
    page.get_by_label("New password", exact=True).fill("12345678")
    page.get_by_label("Confirm new password").fill("12345678")
    page.get_by_role("button", name="Save the new password").click()
    expect(page).to_have_title(re.compile("^Error: Choose a new password"))
    expect(summary).to_be_focused()
    expect(summary.get_by_role("link").first).to_have_text(re.compile("^Password is too common"))
    page.get_by_label("New password", exact=True).fill(NEW_PASSWORD)
    page.get_by_label("Confirm new password").fill(NEW_PASSWORD)
    page.get_by_role("button", name="Save the new password").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Your password has been changed")
    sign_in(page, live_server, person, password=NEW_PASSWORD)
    expect(page.get_by_role("heading", level=1)).to_have_text("Your interventions")

    page.get_by_role("button", name=re.compile("Sign out")).click()
    visit(link)
    expect(page.get_by_role("heading", level=1)).to_have_text("This link no longer works")
