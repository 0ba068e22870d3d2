"""The DfE's pages: national dashboard, presumption watchlist and authority pages."""

from django.urls import path

from . import views_dashboards as views

urlpatterns = [
    path("dashboard/", views.DashboardView.as_view(), name="dashboard"),
    path("dashboard/csv/", views.DashboardCsvView.as_view(), name="dashboard_csv"),
    path("watchlist/", views.WatchlistView.as_view(), name="watchlist"),
    path("authorities/", views.AuthorityListView.as_view(), name="authority_list"),
    path(
        "authorities/<str:ons_code>/",
        views.AuthorityDetailView.as_view(),
        name="authority_detail",
    ),
]
