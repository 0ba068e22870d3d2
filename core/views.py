from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.db import transaction
from django.http import JsonResponse
from django.shortcuts import redirect
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET
from django.views.generic import TemplateView

from . import roles
from .health import run_checks


class OfficialsOnlyMixin:
    """A page for DfE officials and admins: anyone else is refused with 403 and the reason
    (ADR 15; signing in comes first, through the login middleware)."""

    def dispatch(self, request, *args, **kwargs):
        roles.require_official(request.user)
        return super().dispatch(request, *args, **kwargs)


class HomeView(TemplateView):
    """Sends each role to its own start page (settings.HOME_URL_BY_ROLE); else a plain page."""

    template_name = "core/home.html"

    def get(self, request, *args, **kwargs):
        held = roles.user_roles(request.user)
        for role, url_name in settings.HOME_URL_BY_ROLE:
            if role in held or (request.user.is_superuser and role == roles.ADMIN):
                return redirect(url_name)
        return super().get(request, *args, **kwargs)


class AboutDataView(TemplateView):
    template_name = "core/about_data.html"


class AccessibilityView(TemplateView):
    template_name = "core/accessibility.html"


@never_cache
@require_GET
@login_not_required
@transaction.non_atomic_requests
def healthz(request):
    """200 when the database, broker, worker and beat answer, 503 naming those that do not."""
    results = run_checks()
    failing = sorted(name for name, ok in results.items() if ok is False)
    words = {True: "ok", False: "failing", None: "unknown"}
    body = {
        "status": "ok" if not failing else "unavailable",
        "checks": {name: words[ok] for name, ok in results.items()},
    }
    if failing:
        body["failing"] = failing
    return JsonResponse(body, status=503 if failing else 200)
