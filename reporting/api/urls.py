"""The read-only JSON API, mounted at /api/, with its OpenAPI schema at /api/schema/.

Every view here is exempt from the site-wide sign-in redirect (``login_not_required``): an API
client must get a 403 in JSON, not an HTML sign-in page. DRF's ``IsAuthenticated`` (settings
``REST_FRAMEWORK``) then refuses anonymous requests, the schema's included.
"""

from django.contrib.auth.decorators import login_not_required, login_required
from django.urls import path, re_path
from drf_spectacular.renderers import OpenApiJsonRenderer2, OpenApiYamlRenderer
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.permissions import IsAuthenticated

from . import views
from .errors import unknown_endpoint

app_name = "api"


def api(view_class, **initkwargs):
    return login_not_required(view_class.as_view(**initkwargs))


# JSON first (so that a refusal is JSON too, like every other endpoint); YAML with
# ?format=yaml or an Accept header asking for it.
schema = api(
    SpectacularAPIView,
    permission_classes=[IsAuthenticated],
    renderer_classes=[OpenApiJsonRenderer2, OpenApiYamlRenderer],
)

# An intervention's records of each kind, below the intervention itself.
RECORDS = [
    ("entries", views.InterventionEntries, "intervention_entries"),
    ("board-meetings", views.InterventionBoardMeetings, "intervention_board_meetings"),
    ("partner-days", views.InterventionPartnerDays, "intervention_partner_days"),
]

urlpatterns = [
    path("schema/", schema, name="schema"),
    path("authorities/", api(views.AuthorityList), name="authority_list"),
    path("authorities/<str:ons_code>/", api(views.AuthorityDetail), name="authority_detail"),
    path(
        "authorities/<str:ons_code>/inspections/",
        api(views.AuthorityInspections),
        name="authority_inspections",
    ),
    path("presumption/", api(views.Presumption), name="presumption"),
    path("interventions/", api(views.InterventionList), name="intervention_list"),
    # Any text, not <int:pk>: an id that is not a whole number is then the API's JSON 404,
    # not the site's HTML page.
    path("interventions/<str:pk>/", api(views.InterventionDetail), name="intervention_detail"),
    *(
        path(f"interventions/<str:pk>/{route}/", api(view), name=name)
        for route, view, name in RECORDS
    ),
    path("reports/", api(views.ReportList), name="report_list"),
    # Swagger UI from drf-spectacular-sidecar's files, its set-up script a file too (the CSP
    # allows no inline script). A page: signing in first, as for any page.
    path(
        "docs/",
        # DRF's views are exempt from the sign-in middleware (DRF signs in): asked here.
        login_required(
            SpectacularSwaggerSplitView.as_view(
                url_name="api:schema", template_name="reporting/api_docs.html"
            )
        ),
        name="docs",
    ),
    # Last: any other address ending in "/" (CommonMiddleware adds the slash) is a JSON 404.
    re_path(r"^(?P<path>(?:.*/)?)$", unknown_endpoint, name="unknown"),
]
