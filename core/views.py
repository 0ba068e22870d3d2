from django.contrib.auth.decorators import login_not_required
from django.db import transaction
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET
from django.views.generic import TemplateView

from .health import run_checks


class HomeView(TemplateView):
    template_name = "core/home.html"


class AboutDataView(TemplateView):
    template_name = "core/about_data.html"


class AccessibilityView(TemplateView):
    template_name = "core/accessibility.html"


@never_cache
@require_GET
@login_not_required
@transaction.non_atomic_requests
def healthz(request):
    """200 when the database and the broker answer, 503 naming the parts that do not."""
    results = run_checks()
    failing = sorted(name for name, ok in results.items() if not ok)
    body = {
        "status": "ok" if not failing else "unavailable",
        "checks": {name: "ok" if ok else "failing" for name, ok in results.items()},
    }
    if failing:
        body["failing"] = failing
    return JsonResponse(body, status=503 if failing else 200)
