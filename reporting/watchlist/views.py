"""The presumption watchlist page: for DfE officials and admins (anyone else: 403 with the
reason, ADR 15)."""

from __future__ import annotations

from django.utils import timezone
from django.views.generic import TemplateView

from core.forms import GovukDateField
from core.page_cache import VersionedPageMixin
from core.paging import paged
from core.views import OfficialsOnlyMixin
from interventions.models import Intervention
from reporting.dashboard.forms import AsAtForm, as_at_query, region_field
from reporting.dashboard.views import changed_since_context

from . import presumption


class WatchlistForm(AsAtForm):
    date = GovukDateField(
        required=False,
        label="Test the presumption on",
        help_text="For example, 1 5 2016. Leave empty for today",
        error_name="the date",
    )
    region = region_field()


class WatchlistView(OfficialsOnlyMixin, VersionedPageMixin, TemplateView):
    template_name = "reporting/watchlist.html"

    def get_context_data(self, **kwargs):
        form = WatchlistForm(self.request.GET)
        context = {"form": form, "today": timezone.localdate(), **changed_since_context()}
        if form.is_valid():
            context["day"] = form.day
            context["as_at_query"] = as_at_query(form.day)
            watchlist = presumption.watchlist(
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
