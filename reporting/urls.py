"""The reporting app's pages: dashboards (urls_dashboards) and quarterly reports (reports.urls)."""

from .reports.urls import urlpatterns as report_urls
from .urls_dashboards import urlpatterns as dashboard_urls

app_name = "reporting"

urlpatterns = [*dashboard_urls, *report_urls]
