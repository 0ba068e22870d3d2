"""The second factor of break-glass admin accounts: a code from an authenticator app (TOTP),
or one of ten single-use recovery codes, with django-otp.

An admin account (staff, superuser or the Admin role) that signed in with a password
(Django's ModelBackend: the sign-in page and the admin's) reaches nothing but these pages and
sign-out until it has given a code: the first time it sets up its app here. Single sign-on
leaves the second factor to the provider. A wrong code counts as a failed sign-in for
django-axes, so five lock the account at that address as five wrong passwords would.
"""

from __future__ import annotations

import base64
import logging

from axes.handlers.proxy import AxesProxyHandler
from django import forms
from django.contrib.auth import BACKEND_SESSION_KEY, logout, user_login_failed
from django.db import transaction
from django.http import HttpResponseForbidden
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.generic import FormView, TemplateView
from django_otp import login as otp_login
from django_otp import match_token
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from core import roles

logger = logging.getLogger("core.signin")

PASSWORD_BACKEND = "django.contrib.auth.backends.ModelBackend"  # noqa: S105 (a class path)
RECOVERY_CODES = 10
NEW_CODES_SESSION_KEY = "new_recovery_codes"
APP_NAME = "Authenticator app"


def needs_second_factor(user) -> bool:
    """An admin account: staff, superuser or the Admin role."""
    return user.is_staff or roles.has_role(user, roles.ADMIN)


def owes_second_factor(request) -> bool:
    """Signed in with a password to an admin account, and no code given yet this session."""
    user = request.user
    return (
        user.is_authenticated
        and request.session.get(BACKEND_SESSION_KEY) == PASSWORD_BACKEND
        and needs_second_factor(user)
        and not user.is_verified()
    )


def has_app(user) -> bool:
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


class SecondFactorMiddleware:
    """Sends an admin who owes a code to give it (or to set up the app), refusing all else."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if owes_second_factor(request) and request.path not in _open_paths():
            if request.path.startswith("/api/"):
                return HttpResponseForbidden("Give your security code first")
            target = "security_code" if has_app(request.user) else "security_code_setup"
            return redirect(f"{reverse(target)}?next={request.get_full_path()}")
        return self.get_response(request)


def _open_paths() -> set[str]:
    return {
        reverse(name)
        for name in ("security_code", "security_code_setup", "recovery_codes", "logout")
    }


# -- Services: every write to a person's devices -------------------------------------------


def start_app_setup(user) -> TOTPDevice:
    """The account's unconfirmed app (a new secret each time set-up starts again)."""
    TOTPDevice.objects.filter(user=user, confirmed=False).delete()
    return TOTPDevice.objects.create(user=user, name=APP_NAME, confirmed=False)


@transaction.atomic
def confirm_app(device: TOTPDevice, code: str) -> list[str] | None:
    """Confirms the app when ``code`` is right, with new recovery codes (returned, to be shown
    once); None when the code is wrong."""
    if not device.verify_token(code):
        return None
    device.confirmed = True
    device.save()
    TOTPDevice.objects.filter(user=device.user).exclude(pk=device.pk).delete()
    logger.info("%s set up an authenticator app", device.user.get_username())
    return new_recovery_codes(device.user)


def new_recovery_codes(user) -> list[str]:
    StaticDevice.objects.filter(user=user).delete()
    static = StaticDevice.objects.create(user=user, name="Recovery codes", confirmed=True)
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODES)]
    for code in codes:
        static.token_set.create(token=code)
    return codes


# -- Pages -----------------------------------------------------------------------------------


class CodeForm(forms.Form):
    code = forms.CharField(
        label="Security code",
        max_length=16,
        error_messages={"required": "Enter the security code"},
    )

    def clean_code(self) -> str:
        return "".join(self.cleaned_data["code"].split())


def _next_url(request) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return reverse("core:home")


def _failed_code(request, form) -> None:
    """Counted as a failed sign-in (django-axes); locked out, the session ends."""
    username = request.user.get_username()
    logger.warning("Wrong security code for %s from %s", username, request.META.get("REMOTE_ADDR"))
    user_login_failed.send(sender=__name__, credentials={"username": username}, request=request)
    form.add_error("code", "The security code is not right: check it and try again")


def _locked_out(request) -> bool:
    return not AxesProxyHandler.is_allowed(request, {"username": request.user.get_username()})


class SecurityCodeView(FormView):
    """Asks an admin who signed in with a password for a code from their app (or a recovery
    code)."""

    template_name = "core/signin/security_code.html"
    form_class = CodeForm

    def dispatch(self, request, *args, **kwargs):
        if not owes_second_factor(request):
            return redirect(_next_url(request))
        if not has_app(request.user):
            return redirect(f"{reverse('security_code_setup')}?next={_next_url(request)}")
        return super().dispatch(request, *args, **kwargs)

    def form_valid(self, form):
        if _locked_out(self.request):
            logout(self.request)
            return render(self.request, "registration/locked_out.html", status=429)
        device = match_token(self.request.user, form.cleaned_data["code"])
        if device is None:
            _failed_code(self.request, form)
            return self.form_invalid(form)
        otp_login(self.request, device)
        logger.info("%s gave a security code (%s)", self.request.user.get_username(), device.name)
        return redirect(_next_url(self.request))

    def get_context_data(self, **kwargs):
        return super().get_context_data(next=_next_url(self.request), **kwargs)


class SecurityCodeSetupView(FormView):
    """Sets up an authenticator app: the key to add to it, then a code it shows to confirm."""

    template_name = "core/signin/security_code_setup.html"
    form_class = CodeForm

    def dispatch(self, request, *args, **kwargs):
        if not owes_second_factor(request):
            return redirect(_next_url(request))
        if has_app(request.user):
            return redirect(f"{reverse('security_code')}?next={_next_url(request)}")
        return super().dispatch(request, *args, **kwargs)

    def get(self, request, *args, **kwargs):
        start_app_setup(request.user)
        return super().get(request, *args, **kwargs)

    def device(self) -> TOTPDevice | None:
        return TOTPDevice.objects.filter(user=self.request.user, confirmed=False).first()

    def form_valid(self, form):
        device = self.device()
        if device is None:
            return redirect(self.request.get_full_path())
        if _locked_out(self.request):
            logout(self.request)
            return render(self.request, "registration/locked_out.html", status=429)
        codes = confirm_app(device, form.cleaned_data["code"])
        if codes is None:
            _failed_code(self.request, form)
            return self.form_invalid(form)
        device.refresh_from_db()
        otp_login(self.request, device)
        self.request.session[NEW_CODES_SESSION_KEY] = codes
        return redirect(f"{reverse('recovery_codes')}?next={_next_url(self.request)}")

    def get_context_data(self, **kwargs):
        device = self.device()
        key = base64.b32encode(device.bin_key).decode() if device else ""
        return super().get_context_data(
            next=_next_url(self.request),
            key=key,
            key_groups=[key[i : i + 4] for i in range(0, len(key), 4)],
            config_url=device.config_url if device else "",
            **kwargs,
        )


class RecoveryCodesView(TemplateView):
    """The new recovery codes, shown once."""

    template_name = "core/signin/recovery_codes.html"

    def get(self, request, *args, **kwargs):
        codes = request.session.pop(NEW_CODES_SESSION_KEY, None)
        if not codes:
            return redirect(_next_url(request))
        return self.render_to_response(self.get_context_data(codes=codes, next=_next_url(request)))
