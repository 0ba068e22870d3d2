from django.contrib import admin
from django.urls import include, path

from core.urls import auth_urlpatterns
from core.views_audit import AuditView
from reporting.help import HelpView
from reporting.home import HomeView as CommissionerHomeView
from reporting.search.views import SearchView

admin.site.site_header = "Oversee children's services interventions: admin"
admin.site.site_title = "Oversee interventions admin"
admin.site.login_template = "registration/login.html"

# A database outage is a 503 "Sorry, the service is unavailable", any other error a 500.
handler500 = "core.errors.server_error_or_unavailable"

urlpatterns = [
    *auth_urlpatterns,
    path("", include("core.urls")),
    # The commissioner's home combines reports and interventions, so reporting serves it.
    path("interventions/", CommissionerHomeView.as_view(), name="commissioner_home"),
    path("interventions/", include("interventions.urls")),
    # Search and help cover every app's records and words, so reporting (the highest) serves them.
    path("search/", SearchView.as_view(), name="search"),
    path("help/", HelpView.as_view(), name="help"),
    path("reporting/", include("reporting.urls")),
    path("api/", include("reporting.api.urls")),
    # Ours, under the admin's path: before the admin's URLs, which take all of admin/.
    path("admin/audit/", AuditView.as_view(), name="audit"),
    path("admin/", admin.site.urls),
]
