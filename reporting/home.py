"""The commissioner's home: their reports due, then the interventions they are or were appointed
to. It combines the reporting app's reports with the interventions app's records, so it lives
here, in the higher of the two apps (CONVENTIONS: nothing imports upwards)."""

from __future__ import annotations

from django.db.models import Count, Exists, IntegerField, OuterRef, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.views.generic import ListView

from core import roles
from interventions.models import Action, Intervention, ProgressEntry

from .models import Report


class HomeView(ListView):
    """A commissioner's home (their reports due, then their interventions); anyone else's
    list of every intervention they can see."""

    template_name = "reporting/home.html"
    context_object_name = "interventions"

    def get_queryset(self):
        user = self.request.user
        today = timezone.localdate()
        return (
            Intervention.objects.restrict(user, "view")
            .select_related("authority")
            .annotate(
                last_entry_on=Subquery(
                    ProgressEntry.objects.filter(intervention=OuterRef("pk"))
                    .order_by("-occurred_on")
                    .values("occurred_on")[:1]
                ),
                open_actions=_count(Action.objects.open()),
                overdue_actions=_count(Action.objects.overdue(today)),
                appointed_now=Exists(
                    Intervention.objects.appointed_now(user, today).filter(pk=OuterRef("pk"))
                ),
            )
            .order_by("closed_on", "authority__name", "pk")
            # What each row's next report due is worked out from (its reporting duties).
            .with_duties()
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        rows = list(context["interventions"])
        today = timezone.localdate()
        for intervention in rows:
            intervention.report_due = intervention.next_report_due(today)
            intervention.sources_ended = intervention.sources_ended_by(today)
            intervention.stale = intervention.is_stale(intervention.last_entry_on, today)
        is_commissioner = roles.COMMISSIONER in roles.user_roles(self.request.user)
        context.update(
            is_commissioner=is_commissioner,
            reports_due=reports_due(self.request.user) if is_commissioner else [],
            current=[i for i in rows if i.appointed_now and i.is_open],
            past=[i for i in rows if not (i.appointed_now and i.is_open)],
            today=today,
        )
        return context


def reports_due(user) -> list[Report]:
    """The user's reports not yet submitted that someone is waiting for (not those of a record
    whose sources have ended), the longest overdue first."""
    return list(
        Report.objects.restrict(user, "view")
        .awaited()
        .select_related("intervention__authority")
        .order_by("due_on", "intervention__authority__name", "pk")
    )


def _count(actions: QuerySet[Action]):
    """How many of ``actions`` each intervention has, as a subquery (no join, no GROUP BY of
    the outer query, so the list stays one query)."""
    counted = (
        actions.filter(intervention=OuterRef("pk"))
        .order_by()
        .values("intervention")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(counted, output_field=IntegerField()), Value(0))
