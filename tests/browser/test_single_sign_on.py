"""Signing in in a real browser through a real OpenID Connect provider (the suite's own, in a
process of its own on 127.0.0.1: tests/oidc_provider), and a break-glass admin's second factor.
Every page of the service shown is checked with axe-core by the ``page`` fixture."""

import base64
import re

import pytest
from django.contrib.auth import get_user_model
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect

from core import roles
from core.testing import authenticator_code

from .support import PASSWORD

pytestmark = pytest.mark.browser

PROVIDER_PAGE = "Test provider: sign in"


def sign_in_at_provider(page, *, sub: str, email: str, groups: str) -> None:
    expect(page.get_by_role("heading", level=1)).to_have_text(PROVIDER_PAGE)
    page.get_by_label("Subject").fill(sub)
    page.get_by_label("Email", exact=True).fill(email)
    page.get_by_label("Groups (comma-separated)").fill(groups)
    page.get_by_role("button", name="Sign in").click()


def test_a_commissioner_signs_in_through_dfe_sign_in_and_out_of_both(
    page, live_server, providers_on, visit
):
    dfe = providers_on["dfe"]
    visit("/sign-in/")
    page.get_by_role("button", name="Sign in with DfE Sign-in").click()
    sign_in_at_provider(page, sub="dfe-sam", email="sam@example.gov.uk", groups="commissioner")

    expect(page.get_by_role("heading", level=1)).to_have_text("Your interventions")
    user = get_user_model().objects.get(email="sam@example.gov.uk")
    assert roles.user_roles(user) == {roles.COMMISSIONER}
    # Discovery, the authorisation request with PKCE, and the token request that proved it.
    (authorize,) = dfe.log("authorize")[-1:]
    assert authorize["problem"] is None
    assert authorize["params"]["code_challenge_method"] == "S256"
    (token,) = dfe.log("token")[-1:]
    assert token["problem"] is None and token["pkce_verifier_sent"]

    page.get_by_role("button", name=re.compile("Sign out")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Sign in")
    (logout,) = dfe.log("logout")[-1:]
    assert logout["sub"] == "dfe-sam" and logout["session_ended"]
    # The provider's session has ended too: it asks who is signing in again.
    page.get_by_role("button", name="Sign in with DfE Sign-in").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(PROVIDER_PAGE)


def test_an_official_signs_in_through_entra_and_lands_on_the_dashboard(
    page, live_server, providers_on, visit
):
    visit("/reporting/dashboard/?page=1")
    expect(page.get_by_role("heading", level=1)).to_have_text("Sign in")
    page.get_by_role("button", name="Sign in with Microsoft Entra ID").click()
    sign_in_at_provider(page, sub="entra-lee", email="lee@example.gov.uk", groups="dfe-officials")

    expect(page.get_by_role("heading", level=1)).to_have_text("National dashboard")
    assert page.url.endswith("/reporting/dashboard/?page=1")
    user = get_user_model().objects.get(email="lee@example.gov.uk")
    assert roles.user_roles(user) == {roles.DFE_OFFICIAL}


def test_a_sign_in_with_no_role_here_is_refused_with_a_govuk_page(
    page, live_server, providers_on, visit, page_checks, axe
):
    visit("/sign-in/")
    page.get_by_role("button", name="Sign in with DfE Sign-in").click()
    sign_in_at_provider(page, sub="dfe-kim", email="kim@example.gov.uk", groups="teachers")

    expect(page.get_by_role("heading", level=1)).to_have_text("You cannot sign in")
    expect(page.locator("[data-reason]")).to_contain_text("maps to a role of this service")
    # The refusal is a 403, as it should be: the only error the page's watch may see.
    refusals = [p for p in page_checks.problems if "/sign-in/dfe/callback/" in p]
    assert len(refusals) == 1 and refusals[0].endswith("answered 403")
    page_checks.problems.remove(refusals[0])
    axe()
    assert not get_user_model().objects.filter(email="kim@example.gov.uk").exists()


def password_sign_in(page, live_server, username: str) -> None:
    page.goto(live_server.url + "/sign-in/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_role("button", name=re.compile("^Sign in")).click()


def test_a_break_glass_admin_is_refused_without_a_second_factor_and_admitted_with_it(
    page, live_server, admin_user, visit
):
    password_sign_in(page, live_server, "admin")
    expect(page.get_by_role("heading", level=1)).to_have_text("Set up an authenticator app")
    # Neither the admin nor the app opens on the password alone.
    for path in ("/admin/", "/reporting/dashboard/"):
        visit(path)
        expect(page.get_by_role("heading", level=1)).to_have_text("Set up an authenticator app")

    key = base64.b32decode(page.locator("[data-totp-key]").get_attribute("data-totp-key"))
    page.get_by_label("Security code").fill(authenticator_code(key))
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Save your recovery codes")
    expect(page.locator("[data-recovery-codes] li")).to_have_count(10)
    page.get_by_role("button", name="I have saved my codes").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("National dashboard")

    page.get_by_role("button", name=re.compile("Sign out")).click()
    password_sign_in(page, live_server, "admin")
    expect(page.get_by_role("heading", level=1)).to_have_text("Security code")
    page.get_by_label("Security code").fill("123456")
    page.get_by_role("button", name="Continue").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_be_focused()
    expect(summary.get_by_role("link")).to_have_text(
        "The security code is not right: check it and try again"
    )
    TOTPDevice.objects.filter(user=admin_user).update(throttling_failure_count=0)
    device = TOTPDevice.objects.get(user=admin_user)
    page.get_by_label("Security code").fill(authenticator_code(key, after_step=device.last_t))
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("National dashboard")
    visit("/admin/")
    expect(page.get_by_role("heading", level=1)).not_to_have_text(re.compile("security code"))
