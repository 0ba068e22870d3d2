"""The sign-in page (passwords, and a button for each provider that is on) and sign-out."""

from django.contrib.auth import views as auth_views
from django.shortcuts import redirect

from core.forms import SignInForm

from . import oidc, providers


class SignInView(auth_views.LoginView):
    redirect_authenticated_user = True
    authentication_form = SignInForm

    def get_context_data(self, **kwargs):
        return super().get_context_data(providers=providers.configured(), **kwargs)


class SignOutView(auth_views.LogoutView):
    """Django's sign-out, then the provider's for a session that came through one (OpenID
    Connect RP-Initiated Logout), which comes back to the sign-in page."""

    def post(self, request, *args, **kwargs):
        at_provider = oidc.end_session_url(request)
        response = super().post(request, *args, **kwargs)
        return redirect(at_provider) if at_provider else response
