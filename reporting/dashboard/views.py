"""The national dashboard and its CSV: for DfE officials and admins (anyone else: 403 with the
reason, ADR 15). The rows are limited to the interventions the user may view."""

from __future__ import annotations

from django.http import HttpResponse
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.views.generic import TemplateView, View

from core.page_cache import VersionedPageMixin, versioned_page
from core.paging import paged
from core.views import OfficialsOnlyMixin
from interventions.models import STALE_AFTER_MONTHS, Intervention
from reporting.alerts import changed_since

from .csv import dashboard_csv
from .forms import DashboardForm, as_at_query
from .listing import Listing, listing
from .table import COLUMNS, COLUMNS_BY_KEY, totals
from .vocabulary import Showing


def sorting(query) -> tuple[str, bool]:
    """The column to sort by and whether descending, from ``?sort=...&order=desc``.

    These come from the page's own links, not from anything a person types, so a value we do
    not know falls back to the default rather than showing an error.
    """
    key = query.get("sort", "")
    key = key if key in COLUMNS_BY_KEY else "authority"
    return key, query.get("order") == "desc"


def dashboard_listing(request) -> tuple[DashboardForm, Listing, str, bool]:
    """The dashboard's form and the rows it shows (none while the form has errors)."""
    form = DashboardForm(request.GET)
    key, descending = sorting(request.GET)
    if not form.is_valid():
        return form, Listing([], totals([])), key, descending
    visible = Intervention.objects.restrict(request.user, "view")
    filters = form.filters
    shown = listing(
        form.day, visible, filters, key, descending, open_only=filters.showing == Showing.OPEN
    )
    return form, shown, key, descending


def without(query, *names: str) -> str:
    """The query string without ``names``, for links that change only those."""
    copy = query.copy()
    for name in names:
        copy.pop(name, None)
    return copy.urlencode()


def sort_headings(query, key: str, descending: bool) -> list[dict]:
    """Each column heading with the link that sorts by it (the sorted one flips) and its
    ``aria-sort`` value, keeping the other parameters of the query."""
    base = without(query, "sort", "order", "page")
    headings = []
    for column in COLUMNS:
        current = column.key == key
        order = "desc" if current and not descending else "asc"
        sort = f"sort={column.key}&order={order}"
        headings.append(
            {
                "column": column,
                "href": f"?{base}&{sort}" if base else f"?{sort}",
                "aria_sort": ("descending" if descending else "ascending") if current else "none",
            }
        )
    return headings


class DashboardView(OfficialsOnlyMixin, VersionedPageMixin, TemplateView):
    template_name = "reporting/dashboard.html"

    def get_context_data(self, **kwargs):
        form, shown, key, descending = dashboard_listing(self.request)
        query = self.request.GET
        day = form.day if form.is_valid() else None
        # A page of rows at a time, as their facts show them (listing.RowFacts: kept, no full
        # state built); the totals and the CSV count them all.
        pages = paged(self.request, shown.facts or [], "page", "interventions-heading")
        showing = form.shows if form.is_valid() else Showing.OPEN
        return super().get_context_data(
            form=form,
            day=day,
            showing=showing,
            stale_after_months=STALE_AFTER_MONTHS,
            noun={"open": "open intervention", "closed": "closed intervention"}.get(
                showing, "intervention"
            ),
            today=timezone.localdate(),
            pages=pages,
            rows=pages.rows,
            totals=shown.totals,
            headings=sort_headings(query, key, descending),
            query=without(query, "page"),
            today_query=without(query, "date-day", "date-month", "date-year"),
            as_at_query=as_at_query(day),
            **changed_since_context(),
            **kwargs,
        )


def changed_since_context() -> dict:
    """The "changed since" panel of the dashboard and the watchlist."""
    since, alerts = changed_since()
    return {"changed_since_day": since, "changed_since": alerts}


class DashboardCsvView(OfficialsOnlyMixin, View):
    """Exactly the rows the dashboard shows for the same query, as CSV for analysts: one value
    a column, with ids and ONS codes (``csv.dashboard_csv``)."""

    @method_decorator(versioned_page)
    def get(self, request, *args, **kwargs):
        form, shown, _key, _descending = dashboard_listing(request)
        if not form.is_valid():
            return HttpResponse(
                "Correct the filters on the dashboard, then download again.",
                status=400,
                content_type="text/plain; charset=utf-8",
            )
        return dashboard_csv(shown.states, form.day, request)
