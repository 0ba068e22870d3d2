"""Resetting a forgotten password: Django's four views, with GOV.UK pages and wording.

- The first page answers the same whether or not the address belongs to an account, so it
  tells no one who has one; the link goes by email through EMAIL_BACKEND.
- The new password must pass AUTH_PASSWORD_VALIDATORS; their messages are reworded as GOV.UK
  writes errors, and shown on the new password field.
- Changing the password ends every session the person had (Django checks a hash of the
  password in each session), so a reset also signs out anyone using a stolen session. The
  User history keeps no password, so the reset is also logged (logger ``core.auth``) with
  who and where.
- The email goes from the worker after the request commits (core.email.queue_email), so a
  known address answers as fast as an unknown one, and a mail server that is down delays the
  email rather than losing it. The link starts with SITE_URL, never the request's host.
- Requests for links are limited per address and per email typed (``reset_limit_reached``):
  the limit is the same whether or not the email belongs to an account, so it tells no one
  who has one either.

Sign-in lockout (django-axes locks a username at an address after 5 failures): a reset never
signs anyone in (``post_reset_login`` stays off), so the next sign-in goes through the form
axes guards. Completing a reset clears the failures recorded for that username *from the
address that completed it*, so someone who locked themselves out and reset their password can
sign in at once. That helps no attacker: completing a reset needs the link sent to the
account's email, whose holder could take the account over anyway, and the failures recorded
from any other address stay, so guessing from there stays locked.
"""

from __future__ import annotations

import datetime
import hashlib
import logging

from axes.helpers import get_client_ip_address
from axes.utils import reset as clear_axes_failures
from django import forms
from django.conf import settings
from django.contrib.auth import password_validation
from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import PasswordResetForm, SetPasswordForm
from django.core.exceptions import ValidationError
from django.template import loader
from django.urls import reverse
from django.utils import timezone

from .email import absolute, queue_email
from .models import PasswordResetRequest

logger = logging.getLogger("core.auth")

# Django's validators' messages, as GOV.UK writes errors (see AUTH_PASSWORD_VALIDATORS).
VALIDATOR_MESSAGES = {
    "password_too_short": "Password must be %(min_length)d characters or more",
    "password_too_common": "Password is too common: choose one that is harder to guess",
    "password_entirely_numeric": "Password must include a letter or symbol, not only numbers",
    "password_too_similar": "Password must not be similar to your %(verbose_name)s",
}


def govuk_message(error: ValidationError) -> str:
    """One validator's error in GOV.UK words (another validator's own, without a full stop)."""
    wording = VALIDATOR_MESSAGES.get(error.code or "")
    if wording:
        return wording % (error.params or {})
    return " ".join(error.messages).rstrip(".")


def password_hint() -> str:
    """What a new password needs, from the validators in force."""
    lengths = [
        validator.min_length
        for validator in password_validation.get_default_password_validators()
        if hasattr(validator, "min_length")
    ]
    hint = f"Must be at least {max(lengths)} characters. " if lengths else ""
    return hint + "Do not use a common password, only numbers, or your name or username."


def link_lifetime() -> str:
    """How long a reset link works, in words ("3 days", "1 hour")."""
    seconds = settings.PASSWORD_RESET_TIMEOUT
    days, hours = seconds // 86400, seconds // 3600
    if days and not seconds % 86400:
        return f"{days} day{'s' if days > 1 else ''}"
    return f"{max(hours, 1)} hour{'s' if hours > 1 else ''}"


class ResetRequestForm(PasswordResetForm):
    email = forms.EmailField(
        label="Email address",
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        error_messages={
            "required": "Enter your email address",
            "invalid": "Enter an email address in the correct format, like name@example.com",
            "max_length": "Email address must be 254 characters or fewer",
        },
    )

    def send_mail(
        self,
        subject_template_name,
        email_template_name,
        context,
        from_email,
        to_email,
        html_email_template_name=None,
    ):
        """Queue the email for the worker, with the link on the service's own address."""
        context["reset_link"] = absolute(
            reverse("password_reset_confirm", args=[context["uid"], context["token"]])
        )
        subject = "".join(loader.render_to_string(subject_template_name, context).splitlines())
        body = loader.render_to_string(email_template_name, context)
        queue_email(template="password_reset", to=[to_email], subject=subject, body=body)


class NewPasswordForm(SetPasswordForm):
    error_messages = {"password_mismatch": "Enter the same password in both boxes"}

    new_password1 = forms.CharField(
        label="New password",
        strip=False,
        error_messages={"required": "Enter a new password"},
    )
    new_password2 = forms.CharField(
        label="Confirm new password",
        strip=False,
        error_messages={"required": "Enter your new password again"},
    )

    def __init__(self, user, *args, **kwargs):
        super().__init__(user, *args, **kwargs)
        self.fields["new_password1"].help_text = password_hint()

    def clean(self):
        # Django's form reports the validators on the confirmation box; GOV.UK puts them on
        # the password itself.
        self.validate_passwords("new_password1", "new_password2")
        password = self.cleaned_data.get("new_password1")
        if password:
            try:
                password_validation.validate_password(password, self.user)
            except ValidationError as error:
                self.add_error("new_password1", [govuk_message(e) for e in error.error_list])
        return self.cleaned_data


RESET_LIMIT_WINDOW = datetime.timedelta(hours=1)
TOO_MANY_RESETS = "You have asked for too many password reset links: wait an hour and try again"


def reset_limit_reached(address: str | None, email: str) -> bool:
    """Whether another link may not be sent: too many asked for from ``address``, or for
    ``email``, in the last hour. Otherwise the request is counted."""
    now = timezone.now()
    recent = PasswordResetRequest.objects.filter(requested_at__gte=now - RESET_LIMIT_WINDOW)
    PasswordResetRequest.objects.filter(requested_at__lt=now - RESET_LIMIT_WINDOW).delete()
    email_hash = hashlib.sha256(email.strip().casefold().encode()).hexdigest()
    if (
        recent.filter(email_hash=email_hash).count() >= settings.PASSWORD_RESET_LIMIT_PER_EMAIL
        or address is not None
        and recent.filter(address=address).count() >= settings.PASSWORD_RESET_LIMIT_PER_ADDRESS
    ):
        return True
    PasswordResetRequest.objects.create(address=address, email_hash=email_hash, requested_at=now)
    return False


class ResetRequestView(auth_views.PasswordResetView):
    form_class = ResetRequestForm

    def form_valid(self, form):
        address = get_client_ip_address(self.request)
        if reset_limit_reached(address, form.cleaned_data["email"]):
            logger.warning("password-reset-limited ip=%s", address or "-")
            form.add_error("email", TOO_MANY_RESETS)
            return self.render_to_response(self.get_context_data(form=form), status=429)
        return super().form_valid(form)

    @property
    def extra_email_context(self):
        return {"service_name": settings.SERVICE_NAME, "link_lifetime": link_lifetime()}


class ResetLinkSentView(auth_views.PasswordResetDoneView):
    def get_context_data(self, **kwargs):
        return super().get_context_data(
            link_lifetime=link_lifetime(), from_email=settings.DEFAULT_FROM_EMAIL, **kwargs
        )


class NewPasswordView(auth_views.PasswordResetConfirmView):
    form_class = NewPasswordForm

    def form_valid(self, form):
        response = super().form_valid(form)
        username = form.user.get_username()
        address = get_client_ip_address(self.request)
        if address:  # without one, axes would clear the username's failures everywhere
            clear_axes_failures(ip=address, username=username)
        logger.info("password-reset user=%s ip=%s", username, address or "-")
        return response
