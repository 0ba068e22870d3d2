"""The authority pages: public data, open to every signed-in user; the interventions and
partnerships on them are limited to what the user may view."""

from __future__ import annotations

from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.views.generic import TemplateView

from authorities.models import LocalAuthority
from core import roles
from core.page_cache import VersionedPageMixin
from inspections.models import GRADE_LEVEL, Area
from interventions.models import Intervention
from reporting.dashboard.forms import AsAtForm, as_at_query
from reporting.watchlist.presumption import presumption_answers

from .charts import GradePanel, Series, grade_chart, line_chart
from .profile import AuthorityProfile, authority_profile


class AuthorityListView(VersionedPageMixin, TemplateView):
    """Every children's services authority, by region, each linking to its page."""

    template_name = "reporting/authority_list.html"

    def get_context_data(self, **kwargs):
        authorities = LocalAuthority.objects.current().order_by("region", "name")
        regions = dict(LocalAuthority.Region.choices)
        by_region: dict[str, list[LocalAuthority]] = {}
        for authority in authorities:
            by_region.setdefault(regions[authority.region], []).append(authority)
        return super().get_context_data(regions=sorted(by_region.items()), **kwargs)


class AuthorityDetailView(VersionedPageMixin, TemplateView):
    template_name = "reporting/authority_detail.html"

    def get_context_data(self, **kwargs):
        authority = get_object_or_404(LocalAuthority, ons_code=self.kwargs["ons_code"])
        form = AsAtForm(self.request.GET)
        context = {"authority": authority, "form": form, "today": timezone.localdate()}
        if form.is_valid():
            visible = Intervention.objects.restrict(self.request.user, "view")
            profile = authority_profile(authority, form.day, visible)
            context |= {
                "day": form.day,
                "as_at_query": as_at_query(form.day),
                "profile": profile,
                "grade_chart": inspection_chart(profile),
                "measures": measure_charts(profile),
                "successors": list(authority.successors.all()),
                "predecessors": list(authority.predecessors.all()),
            }
            if roles.is_official(self.request.user):  # as the watchlist: officials only
                [context["presumption"]] = presumption_answers(
                    form.day, LocalAuthority.objects.filter(pk=authority.pk), visible
                )
        return super().get_context_data(**context, **kwargs)


def inspection_chart(profile: AuthorityProfile):
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


def measure_charts(profile: AuthorityProfile) -> list[dict]:
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
