"""The DfE's pages: national dashboard, presumption watchlist and authority pages."""

from django.urls import path

import core.converters  # noqa: F401 (registers <ons:...>)

from .authority import views as authority
from .dashboard import views as dashboard
from .watchlist import views as watchlist

urlpatterns = [
    path("dashboard/", dashboard.DashboardView.as_view(), name="dashboard"),
    path("dashboard/csv/", dashboard.DashboardCsvView.as_view(), name="dashboard_csv"),
    path("watchlist/", watchlist.WatchlistView.as_view(), name="watchlist"),
    path("authorities/", authority.AuthorityListView.as_view(), name="authority_list"),
    path(
        "authorities/<ons:ons_code>/",
        authority.AuthorityDetailView.as_view(),
        name="authority_detail",
    ),
]
