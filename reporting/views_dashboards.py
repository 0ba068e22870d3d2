"""The DfE's pages: the national dashboard (and its CSV), the presumption watchlist, and the
authority pages. The queries are in ``dashboards.py``; the charts in ``charts.py``.

The dashboard and the watchlist are for DfE officials and admins: anyone else gets a 404, as
for any page out of their scope. Authority pages are public data and open to every signed-in
user, but the interventions and partnerships on them are limited to what the user may see.
"""

from __future__ import annotations

import csv
import datetime

from django import forms
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.views.generic import TemplateView, View

from authorities.models import LocalAuthority
from core import roles
from core.forms import GovukDateField
from core.paging import paged
from inspections.models import GRADE_LEVEL, Area
from interventions.models import STALE_AFTER_MONTHS, Intervention

from . import dashboards
from .charts import GradePanel, Series, grade_chart, line_chart
from .dashboards import (
    COLUMNS,
    COLUMNS_BY_KEY,
    OPEN_STATUSES,
    DashboardFilters,
    Instrument,
    RagLevel,
    ReportStatus,
    Showing,
)
from .listing import Listing, listing


def is_official(user) -> bool:
    return roles.has_role(user, roles.DFE_OFFICIAL) or roles.has_role(user, roles.ADMIN)


class OfficialsOnlyMixin:
    """DfE officials and admins only; for anyone else the page does not exist."""

    def dispatch(self, request, *args, **kwargs):
        if not is_official(request.user):
            raise Http404("This page is for DfE officials")
        return super().dispatch(request, *args, **kwargs)


def any_choice(choices, label: str = "Any") -> list[tuple[str, str]]:
    return [("", label), *choices]


class AsAtForm(forms.Form):
    """A day to look back to, given as day, month and year; empty means today."""

    date = GovukDateField(
        required=False,
        label="Show as it stood on",
        help_text="For example, 30 6 2017. Leave empty for today",
        error_name="the date",
    )

    def clean_date(self) -> datetime.date | None:
        day = self.cleaned_data.get("date")
        if day and day > timezone.localdate():
            raise forms.ValidationError("The date must be today or in the past")
        return day

    @property
    def day(self) -> datetime.date:
        """The day asked for (today if none); only once the form is valid."""
        return self.cleaned_data.get("date") or timezone.localdate()


class WatchlistForm(AsAtForm):
    date = GovukDateField(
        required=False,
        label="Test the presumption on",
        help_text="For example, 1 5 2016. Leave empty for today",
        error_name="the date",
    )
    region = forms.ChoiceField(
        required=False,
        choices=any_choice(LocalAuthority.Region.choices, "All regions"),
        error_messages={"invalid_choice": "Choose a region from the list"},
    )


STALE_CHOICES = [
    ("", "Any"),
    ("stale", f"Stale: nothing recorded for {STALE_AFTER_MONTHS} months"),
    ("current", "Not stale"),
]


class DashboardForm(AsAtForm):
    region = forms.ChoiceField(
        required=False,
        choices=any_choice(LocalAuthority.Region.choices, "All regions"),
        error_messages={"invalid_choice": "Choose a region from the list"},
    )
    type = forms.ChoiceField(
        label="Type",
        required=False,
        choices=any_choice(Instrument.choices, "All types"),
        error_messages={"invalid_choice": "Choose a type from the list"},
    )
    status = forms.ChoiceField(
        required=False,
        choices=any_choice(OPEN_STATUSES, "All statuses"),
        error_messages={"invalid_choice": "Choose a status from the list"},
    )
    rag = forms.ChoiceField(
        label="Worst RAG rating",
        required=False,
        choices=any_choice(RagLevel.choices, "Any rating"),
        error_messages={"invalid_choice": "Choose a RAG rating from the list"},
    )
    report = forms.ChoiceField(
        label="Report status",
        required=False,
        choices=any_choice(ReportStatus.choices, "Any report status"),
        error_messages={"invalid_choice": "Choose a report status from the list"},
    )
    showing = forms.ChoiceField(
        label="Open or closed",
        required=False,
        choices=Showing.choices,
        error_messages={"invalid_choice": "Choose open, closed or all"},
    )
    stale = forms.ChoiceField(
        label="Recording",
        required=False,
        choices=STALE_CHOICES,
        error_messages={"invalid_choice": "Choose whether to show stale interventions"},
    )

    FILTERS = ("region", "type", "status", "rag", "report")

    @property
    def filters(self) -> DashboardFilters:
        showing = self.shows
        return DashboardFilters(
            **{name: self.cleaned_data[name] for name in self.FILTERS},
            showing="" if showing == Showing.ALL else showing,
            stale={"": None, "stale": True, "current": False}[self.cleaned_data["stale"]],
        )

    @property
    def shows(self) -> str:
        """Open (by default), closed or all, once the form is valid."""
        return self.cleaned_data.get("showing") or Showing.OPEN


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
        return form, Listing([], dashboards.totals([])), key, descending
    visible = Intervention.objects.restrict(request.user, "view")
    filters = form.filters
    shown = listing(
        form.day, visible, filters, key, descending, open_only=filters.showing == Showing.OPEN
    )
    return form, shown, key, descending


def as_at_query(day: datetime.date | None) -> str:
    """The query string that asks another page for the same day ("" for today)."""
    if day is None or day == timezone.localdate():
        return ""
    return f"date-day={day.day}&date-month={day.month}&date-year={day.year}"


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


class DashboardView(OfficialsOnlyMixin, TemplateView):
    template_name = "reporting/dashboard.html"

    def get_context_data(self, **kwargs):
        form, shown, key, descending = dashboard_listing(self.request)
        query = self.request.GET
        day = form.day if form.is_valid() else None
        # A page of rows at a time; the totals and the CSV count them all.
        pages = paged(self.request, shown.states, "page", "interventions-heading")
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
            rows=[(state, dashboards.cells(state)) for state in pages.rows],
            totals=shown.totals,
            headings=sort_headings(query, key, descending),
            query=without(query, "page"),
            today_query=without(query, "date-day", "date-month", "date-year"),
            as_at_query=as_at_query(day),
            **kwargs,
        )


class DashboardCsvView(OfficialsOnlyMixin, View):
    """Exactly the rows and columns the dashboard shows for the same query, as CSV."""

    def get(self, request, *args, **kwargs):
        form, shown, _key, _descending = dashboard_listing(request)
        if not form.is_valid():
            return HttpResponse(
                "Correct the filters on the dashboard, then download again.",
                status=400,
                content_type="text/plain; charset=utf-8",
            )
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        filename = f"interventions-as-at-{form.day.isoformat()}.csv"
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        writer = csv.writer(response)
        writer.writerow([column.heading for column in COLUMNS])
        for state in shown.states[:]:  # every row's full state, built at once
            writer.writerow([csv_safe(cell.plain) for cell in dashboards.cells(state)])
        return response


# A spreadsheet runs a cell that starts with one of these as a formula.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def csv_safe(text: str) -> str:
    """The text as a spreadsheet will show it, never run it: a leading quote stops a name
    someone typed as "=HYPERLINK(...)" becoming a formula (OWASP's CSV injection advice)."""
    return f"'{text}" if text.startswith(FORMULA_STARTS) else text


class WatchlistView(OfficialsOnlyMixin, TemplateView):
    template_name = "reporting/watchlist.html"

    def get_context_data(self, **kwargs):
        form = WatchlistForm(self.request.GET)
        context = {"form": form, "today": timezone.localdate()}
        if form.is_valid():
            context["day"] = form.day
            context["as_at_query"] = as_at_query(form.day)
            watchlist = dashboards.watchlist(
                form.day,
                Intervention.objects.restrict(self.request.user, "view"),
                region=form.cleaned_data["region"],
            )
            # The table a page of authorities at a time; the count and the disagreements cover
            # them all, each disagreement linking to its row on whichever page shows it.
            pages = paged(self.request, watchlist.answers, "page", "watchlist-heading")
            rows = {a.authority.pk: index for index, a in enumerate(watchlist.answers)}
            context["watchlist"] = watchlist
            context["pages"] = pages
            context["disagreements"] = [
                (
                    answer,
                    pages.link_to(
                        rows[answer.authority.pk], f"authority-{answer.authority.ons_code}"
                    ),
                )
                for answer in watchlist.disagreements
            ]
        return super().get_context_data(**context, **kwargs)


class AuthorityListView(TemplateView):
    """Every children's services authority, by region, each linking to its page."""

    template_name = "reporting/authority_list.html"

    def get_context_data(self, **kwargs):
        authorities = LocalAuthority.objects.current().order_by("region", "name")
        regions = dict(LocalAuthority.Region.choices)
        by_region: dict[str, list[LocalAuthority]] = {}
        for authority in authorities:
            by_region.setdefault(regions[authority.region], []).append(authority)
        return super().get_context_data(regions=sorted(by_region.items()), **kwargs)


class AuthorityDetailView(TemplateView):
    template_name = "reporting/authority_detail.html"

    def get_context_data(self, **kwargs):
        authority = get_object_or_404(LocalAuthority, ons_code=self.kwargs["ons_code"])
        form = AsAtForm(self.request.GET)
        context = {"authority": authority, "form": form, "today": timezone.localdate()}
        if form.is_valid():
            visible = Intervention.objects.restrict(self.request.user, "view")
            profile = dashboards.authority_profile(authority, form.day, visible)
            context |= {
                "day": form.day,
                "as_at_query": as_at_query(form.day),
                "profile": profile,
                "grade_chart": inspection_chart(profile),
                "measures": measure_charts(profile),
                "successors": list(authority.successors.all()),
                "predecessors": list(authority.predecessors.all()),
            }
        return super().get_context_data(**context, **kwargs)


def inspection_chart(profile: dashboards.AuthorityProfile):
    panels = []
    for area in profile.judgement_areas:
        points = [
            (inspection.publication_date or inspection.inspection_date, level)
            for inspection in reversed(profile.graded_inspections)
            if (grade := inspection.grades.get(area)) and (level := GRADE_LEVEL[grade])
        ]
        panels.append(GradePanel(Area(area).label, points))
    name = profile.authority.name
    return grade_chart(
        panels,
        chart_id="inspection-grades-chart",
        title=f"{name}: Ofsted grades over time, one panel per judgement",
        description=(
            "Each panel plots one judgement's grade at each graded inspection, from "
            "Inadequate at the bottom to Outstanding at the top. Adequate (2009 to 2013) is "
            "shown as Requires improvement. The table below gives the same grades."
        ),
    )


def measure_charts(profile: dashboards.AuthorityProfile) -> list[dict]:
    """Each measure's figures with its chart (None when no year has a rate)."""
    name = profile.authority.name
    charts = []
    for figures in profile.figures:
        # The chart spans the years that have a rate; the table has every year's counts.
        rated = [
            y.year
            for y in figures.years
            if any(v is not None for v in (y.rate, y.neighbours, y.england))
        ]
        years = [y.year for y in figures.years if rated and rated[0] <= y.year <= rated[-1]]
        series = [
            Series(name, {y.year: y.rate for y in figures.years}),
            Series(
                "Statistical neighbours (average)", {y.year: y.neighbours for y in figures.years}
            ),
            Series("England", {y.year: y.england for y in figures.years}),
        ]
        chart = None
        if figures.has_rates:
            chart = line_chart(
                series,
                years,
                chart_id=f"chart-{figures.measure.key}",
                title=f"{figures.measure.label}: {name}, its statistical neighbours and England",
                description="Rates by year ending 31 March. The table below gives the figures.",
                year_label=lambda year: f"{year}",
            )
        charts.append({"figures": figures, "chart": chart})
    return charts
