"""Search across authorities, interventions and reports. It combines the three apps' records, so
it lives here, in the highest of them (CONVENTIONS: nothing imports upwards)."""

from __future__ import annotations

import re

from django import forms
from django.db.models import Q, QuerySet
from django.views.generic import TemplateView

from authorities.models import LocalAuthority
from interventions.models import Intervention

from ..models import Report

# How many of each kind a page lists: the first ones, with a way to narrow the search.
LIMIT = 25


class SearchForm(forms.Form):
    q = forms.CharField(
        label="Search for an authority, intervention or report",
        help_text="An authority's name, its ONS code (current or former) or its DfE code",
        max_length=100,
        required=False,
        error_messages={"max_length": "Search for 100 characters or fewer"},
    )


def matching_authorities(query: str) -> QuerySet[LocalAuthority]:
    """Authorities whose name contains ``query``, or with ``query`` as a code: the ONS code,
    one of the former ONS codes, or the DfE code."""
    code = query.upper()
    former = Q(former_ons_codes__iexact=code) | Q(former_ons_codes__iregex=_listed(code))
    return LocalAuthority.objects.filter(
        Q(name__icontains=query)
        | Q(official_name__icontains=query)
        | Q(ons_code__iexact=code)
        | Q(dfe_code=query)
        | former
    )


def _listed(code: str) -> str:
    """A regular expression for ``code`` as one item of a comma-separated list."""
    return rf"(^|,)\s*{re.escape(code)}\s*(,|$)"


def search(user, query: str) -> dict[str, list]:
    """The authorities, and the interventions and reports ``user`` may view, that ``query``
    finds: at most LIMIT + 1 of each (one more than shown says there are more)."""
    authorities = matching_authorities(query)
    interventions = (
        Intervention.objects.restrict(user, "view")
        .filter(authority__in=authorities)
        .select_related("authority")
        .order_by("closed_on", "authority__name", "-opened_on", "pk")
    )
    reports = (
        Report.objects.restrict(user, "view")
        .filter(intervention__authority__in=authorities)
        .select_related("intervention__authority")
        .order_by("-period_end", "intervention__authority__name", "pk")
    )
    return {
        "authorities": list(authorities.order_by("end_date", "name")[: LIMIT + 1]),
        "interventions": list(interventions[: LIMIT + 1]),
        "reports": list(reports[: LIMIT + 1]),
    }


class SearchView(TemplateView):
    """GOV.UK's search pattern: one box, then the results by kind, each list scoped to what the
    user may view (a commissioner finds only their own interventions and reports)."""

    template_name = "reporting/search.html"

    def get_context_data(self, **kwargs):
        form = SearchForm(self.request.GET or None)
        context = {"form": form, "limit": LIMIT}
        if form.is_valid() and form.cleaned_data["q"].strip():
            query = form.cleaned_data["q"].strip()
            found = search(self.request.user, query)
            context["query"] = query
            for kind, rows in found.items():
                context[kind] = rows[:LIMIT]
                context[f"more_{kind}"] = len(rows) > LIMIT
        return super().get_context_data(**context, **kwargs)
