from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.urls import path

from . import password_reset, views, views_tokens
from .signin import urls as signin_urls

app_name = "core"

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("about-the-data/", views.AboutDataView.as_view(), name="about_data"),
    path(
        "accessibility/",
        login_not_required(views.AccessibilityView.as_view()),
        name="accessibility",
    ),
    path("api-tokens/", views_tokens.ApiTokenListView.as_view(), name="apitoken_list"),
    path("api-tokens/new/", views_tokens.ApiTokenCreateView.as_view(), name="apitoken_create"),
    path(
        "api-tokens/new/created/",
        views_tokens.ApiTokenCreatedView.as_view(),
        name="apitoken_created",
    ),
    path(
        "api-tokens/<int:pk>/revoke/",
        views_tokens.ApiTokenRevokeView.as_view(),
        name="apitoken_revoke",
    ),
]

auth_urlpatterns = [
    *signin_urls.urlpatterns,
    # Forgotten password (core.password_reset). Django's URL names, which its views reverse.
    path(
        "password-reset/",
        login_not_required(password_reset.ResetRequestView.as_view()),
        name="password_reset",
    ),
    path(
        "password-reset/check-your-email/",
        login_not_required(password_reset.ResetLinkSentView.as_view()),
        name="password_reset_done",
    ),
    path(
        "password-reset/<uidb64>/<token>/",
        login_not_required(password_reset.NewPasswordView.as_view()),
        name="password_reset_confirm",
    ),
    path(
        "password-reset/complete/",
        login_not_required(auth_views.PasswordResetCompleteView.as_view()),
        name="password_reset_complete",
    ),
]
