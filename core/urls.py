from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.urls import path

from . import views
from .forms import SignInForm

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
]

auth_urlpatterns = [
    path(
        "sign-in/",
        auth_views.LoginView.as_view(
            redirect_authenticated_user=True, authentication_form=SignInForm
        ),
        name="login",
    ),
    path("sign-out/", auth_views.LogoutView.as_view(), name="logout"),
]
