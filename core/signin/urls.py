"""Every sign-in URL but the password reset's: the sign-in page, each provider's start and
callback, sign-out (which ends the provider's session too), and the admin's second factor."""

from django.conf import settings
from django.urls import path

from . import oidc, second_factor, views

urlpatterns = [
    path("sign-in/", views.SignInView.as_view(), name="login"),
    path("sign-out/", views.SignOutView.as_view(), name="logout"),
    path("sign-in/security-code/", second_factor.SecurityCodeView.as_view(), name="security_code"),
    path(
        "sign-in/security-code/set-up/",
        second_factor.SecurityCodeSetupView.as_view(),
        name="security_code_setup",
    ),
    path(
        "sign-in/security-code/recovery-codes/",
        second_factor.RecoveryCodesView.as_view(),
        name="recovery_codes",
    ),
]
# One start and one callback URL for each provider that settings name (on or off: a provider
# that is off answers 404), so that each provider has a redirect URI of its own.
for key in settings.OIDC_PROVIDERS:
    urlpatterns += [
        path(f"sign-in/{key}/", oidc.StartView.as_view(provider_key=key), name=f"oidc_start_{key}"),
        path(
            f"sign-in/{key}/callback/",
            oidc.CallbackView.as_view(provider_key=key),
            name=oidc.callback_url_name(key),
        ),
    ]
