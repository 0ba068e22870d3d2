"""The read-only JSON API, for DfE analysts. Session sign-in; the same scoping as the pages:

- authorities and inspections are public data: any signed-in user;
- the presumption test is for DfE officials and admins (anyone else: 403);
- interventions and reports: officials and admins see all, a commissioner their own; one out
  of scope is a 404, as on the pages.

Every list is paginated (50 a page) and filtered by query parameters declared in ``params``;
a bad parameter is a 400 with ``{"detail": "..."}``. Anonymous requests get a 403 in JSON,
never a redirect to the sign-in page (``urls.py`` exempts these views from the site-wide
sign-in redirect and DRF's ``IsAuthenticated`` refuses them instead).
"""

from __future__ import annotations

import datetime
import re
from collections import defaultdict

from django.db.models import OuterRef, Prefetch, Subquery
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone
from drf_spectacular.openapi import AutoSchema
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import generics, permissions
from rest_framework.exceptions import NotFound
from rest_framework.response import Response
from rest_framework.views import APIView

from authorities.models import LocalAuthority, StatisticalNeighbour, YearlyStatistics
from core import roles
from core.converters import OnsCodeConverter
from core.page_cache import VersionedApiMixin
from inspections.models import Framework, Inspection
from interventions.models import (
    BoardMeeting,
    Intervention,
    PartnerDayLog,
    ProgressEntry,
    ThemeRating,
)
from reporting.dashboard.listing import listing
from reporting.dashboard.state import (
    InterventionState,
    attach_status_changes,
    intervention_rows,
    portfolio,
)
from reporting.dashboard.table import COLUMNS, DashboardFilters
from reporting.dashboard.vocabulary import Instrument, RagLevel, ReportStatus, Showing
from reporting.history import as_at
from reporting.models import Report, ReportVersion
from reporting.watchlist.presumption import presumption_answers

from . import serializers
from .csv import CSV_RESPONSE, FORMAT, CsvListMixin
from .params import (
    WHOLE_NUMBER,
    Pagination,
    Param,
    boolean,
    choice,
    date_param,
    ons_code,
    parse_date,
    parse_int,
    read_params,
)


class IsOfficial(permissions.BasePermission):
    message = "Only DfE officials and admins can use this endpoint"

    def has_permission(self, request, view) -> bool:
        return roles.is_official(request.user)


JSON = "application/json"
ERROR_RESPONSES = {
    (400, JSON): OpenApiResponse(serializers.ErrorSerializer, "A query parameter is not valid"),
    (401, JSON): OpenApiResponse(
        serializers.ErrorSerializer, "No API token or session, or a token not valid"
    ),
    (403, JSON): OpenApiResponse(
        serializers.ErrorSerializer, "Not allowed to use this endpoint, or a token used to write"
    ),
    (404, JSON): OpenApiResponse(
        serializers.ErrorSerializer, "No such record or page that you can see"
    ),
}


class ApiSchema(AutoSchema):
    """Documents the refusals every endpoint can give beside its answer, and a list's CSV."""

    def get_override_parameters(self):
        parameters = super().get_override_parameters()
        if isinstance(self.view, CsvListMixin):
            parameters = [*parameters, FORMAT.openapi()]
        return parameters

    def get_response_serializers(self):
        answer = {(200, JSON): super().get_response_serializers()}
        if isinstance(self.view, CsvListMixin):
            answer[(200, "text/csv")] = CSV_RESPONSE
        return {**answer, **ERROR_RESPONSES}


class ParamsMixin(VersionedApiMixin):
    """Reads and checks the view's ``params`` once per request. Every endpoint is read-only: its
    answers are cached under the data's version (core.page_cache)."""

    params: list[Param] = []
    csv_params: list[Param] = []
    schema = ApiSchema()

    @property
    def query(self) -> dict:
        if not hasattr(self, "_query"):
            self._query = read_params(self.request.query_params, self.params + self.csv_params)
        return self._query


class ListEndpoint(CsvListMixin, ParamsMixin, generics.ListAPIView):
    """A list: paginated JSON (``page``, ``page_size``), or every row with ``format=csv``."""

    pagination_class = Pagination


def openapi(params: list[Param]) -> list[OpenApiParameter]:
    return [param.openapi() for param in params]


# ---------------------------------------------------------------------------------------------
# Authorities and inspections


REGION = choice("region", "Only authorities in this region", LocalAuthority.Region.choices)
AUTHORITY_PARAMS = [
    REGION,
    choice("type", "Only authorities of this type", LocalAuthority.Type.choices),
    boolean("current", "Only current authorities (true) or only former ones (false)"),
]


@extend_schema(parameters=openapi(AUTHORITY_PARAMS))
class AuthorityList(ListEndpoint):
    """Every children's services authority, current and former."""

    serializer_class = serializers.AuthoritySerializer
    params = AUTHORITY_PARAMS

    def get_queryset(self):
        authorities = LocalAuthority.objects.order_by("name", "ons_code")
        query = self.query
        if "region" in query:
            authorities = authorities.filter(region=query["region"])
        if "type" in query:
            authorities = authorities.filter(type=query["type"])
        if "current" in query:
            authorities = authorities.filter(end_date__isnull=query["current"])
        return authorities


def authority_code(view) -> str:
    """The URL's ONS code. What cannot be one is the API's JSON 404 before any query (a NUL
    byte was a server error from PostgreSQL); the pages use the ``ons`` converter."""
    code = view.kwargs["ons_code"]
    if not re.fullmatch(OnsCodeConverter.regex, code):
        raise Http404("No authority with that code")
    return code


class AuthorityDetail(ParamsMixin, generics.RetrieveAPIView):
    """One authority: its codes, statistical neighbours, leaders and yearly figures."""

    serializer_class = serializers.AuthorityDetailSerializer
    lookup_field = "ons_code"

    def get_object(self):
        authority_code(self)
        return super().get_object()

    def get_queryset(self):
        self.query  # noqa: B018 (refuses unknown parameters)
        return LocalAuthority.objects.prefetch_related(
            Prefetch(
                "statistical_neighbours",
                StatisticalNeighbour.objects.select_related("neighbour").order_by("rank"),
            ),
            "leadership_posts",
            Prefetch(
                "yearly_statistics",
                YearlyStatistics.objects.filter(level=YearlyStatistics.Level.LOCAL_AUTHORITY),
            ),
        )


INSPECTION_PARAMS = [
    choice("framework", "Only inspections under this framework", Framework.choices),
    choice("type", "Only inspections of this type", Inspection.Type.choices),
    boolean("graded", "Only graded inspections (true) or only ungraded visits (false)"),
    Param(
        "published_from",
        "Only inspections published on or after this day (YYYY-MM-DD)",
        parse_date,
        OpenApiTypes.DATE,
    ),
    Param(
        "published_to",
        "Only inspections published on or before this day (YYYY-MM-DD)",
        parse_date,
        OpenApiTypes.DATE,
    ),
]


@extend_schema(parameters=openapi(INSPECTION_PARAMS))
class AuthorityInspections(ListEndpoint):
    """One authority's inspections and visits, latest first, each with its judgements."""

    serializer_class = serializers.InspectionSerializer
    params = INSPECTION_PARAMS

    def get_queryset(self):
        authority = get_object_or_404(LocalAuthority, ons_code=authority_code(self))
        query = self.query
        inspections = (
            Inspection.objects.filter(authority=authority)
            .prefetch_related("judgements__sources")
            .latest_first()
        )
        for name in ("framework", "type"):
            if name in query:
                inspections = inspections.filter(**{name: query[name]})
        if "graded" in query:
            graded = Inspection.objects.graded()
            lookup = {"pk__in": graded.values("pk")}
            inspections = (
                inspections.filter(**lookup) if query["graded"] else inspections.exclude(**lookup)
            )
        if "published_from" in query:
            inspections = inspections.filter(publication_date__gte=query["published_from"])
        if "published_to" in query:
            inspections = inspections.filter(publication_date__lte=query["published_to"])
        return inspections


# ---------------------------------------------------------------------------------------------
# The presumption


PRESUMPTION_PARAMS = [
    date_param("Test the presumption on this day (YYYY-MM-DD); default today"),
    REGION,
    ons_code("authority", "Only this authority (its ONS code)"),
    boolean("applies", "Only authorities where any rule applies (true) or none does (false)"),
    boolean("disagree", "Only authorities where the rules disagree (true) or agree (false)"),
]


@extend_schema(parameters=openapi(PRESUMPTION_PARAMS))
class Presumption(ListEndpoint):
    """Every presumption rule in force on a day, answered for every authority, with the
    inspections each answer rests on. For DfE officials and admins."""

    serializer_class = serializers.PresumptionAnswerSerializer
    permission_classes = [permissions.IsAuthenticated, IsOfficial]
    params = PRESUMPTION_PARAMS

    def get_queryset(self):
        query = self.query
        day = query.get("date") or timezone.localdate()
        authorities = LocalAuthority.objects.all()
        if "region" in query:
            authorities = authorities.filter(region=query["region"])
        if "authority" in query:
            authorities = authorities.filter(ons_code=query["authority"])
        visible = Intervention.objects.restrict(self.request.user, "view")
        answers = presumption_answers(day, authorities, visible)
        if "applies" in query:
            answers = [a for a in answers if a.applies == query["applies"]]
        if "disagree" in query:
            answers = [a for a in answers if a.rules_disagree == query["disagree"]]
        return answers


# ---------------------------------------------------------------------------------------------
# Interventions


def _sort_choices() -> list[tuple[str, str]]:
    ascending = [(column.key, f"{column.heading}, ascending") for column in COLUMNS]
    descending = [(f"-{column.key}", f"{column.heading}, descending") for column in COLUMNS]
    return ascending + descending


INTERVENTION_PARAMS = [
    date_param(),
    REGION,
    choice("type", "Only interventions resting on this", Instrument.choices),
    choice("status", "Only interventions at this status", Intervention.Status.choices),
    choice("rag", "Only interventions whose worst current rating is this", RagLevel.choices),
    choice("report", "Only interventions whose reporting is this", ReportStatus.choices),
    boolean("open", "Only open interventions (true) or only closed ones (false); default both"),
    boolean(
        "stale",
        "Only stale interventions (true: open, nothing recorded for six months) or only ones"
        " that are not (false)",
    ),
    ons_code("authority", "Only this authority's interventions (its ONS code)"),
    choice("sort", "Sort by this dashboard column (default authority)", _sort_choices()),
]
FILTER_NAMES = ("region", "type", "status", "rag", "report")


@extend_schema(parameters=openapi(INTERVENTION_PARAMS))
class InterventionList(ListEndpoint):
    """Interventions as the records stood at the end of a day (today by default), with what
    the national dashboard shows for each. Officials and admins see all; a commissioner sees
    their own."""

    serializer_class = serializers.InterventionSerializer
    params = INTERVENTION_PARAMS

    def get_queryset(self):
        """One page's full states, the list filtered and sorted as ``listing.listing`` does."""
        query = self.query
        day = query.get("date") or timezone.localdate()
        sort = query.get("sort", "authority")
        showing = {True: Showing.OPEN, False: Showing.CLOSED}.get(query.get("open"), "")
        filters = DashboardFilters(
            **{n: query.get(n, "") for n in FILTER_NAMES},
            showing=showing,
            stale=query.get("stale"),
        )
        visible = Intervention.objects.restrict(self.request.user, "view")

        def keep(state: InterventionState) -> bool:
            return query.get("authority", state.authority.ons_code) == state.authority.ons_code

        shown = listing(
            day,
            visible,
            filters,
            sort.lstrip("-"),
            sort.startswith("-"),
            open_only=showing == Showing.OPEN,
            keep=keep,
            with_totals=False,
        )
        return shown.states

    def list(self, request, *args, **kwargs):
        """The page's records (or every row's, as CSV), kept under their records' versions
        (``serializers.intervention_records``)."""
        page = self.paginate_queryset(
            serializers.intervention_records(self.get_queryset(), request)
        )
        return self.get_paginated_response(page)


class InterventionDetail(ParamsMixin, APIView):
    """One intervention as the records stood at the end of a day, with its notices,
    directions, commissioner appointments, partnerships, the Minister's decisions, its changes
    of status, who owed reports, and links to its progress entries, board meetings and partner
    days."""

    params = [date_param()]

    @extend_schema(
        parameters=[
            OpenApiParameter("id", OpenApiTypes.INT, OpenApiParameter.PATH),
            *openapi(params),
        ],
        responses={(200, JSON): serializers.InterventionDetailSerializer, **ERROR_RESPONSES},
    )
    def get(self, request, pk: str):
        day = self.query.get("date") or timezone.localdate()
        states = portfolio(day, visible_intervention(request.user, pk), open_only=False)
        if not states:
            raise NotFound(NO_INTERVENTION)
        attach_status_changes(states, day)
        detail = serializers.InterventionDetailSerializer(states[0], context={"request": request})
        return Response(detail.data)


NO_INTERVENTION = "No intervention with that id that you can see on that day"


def visible_intervention(user, pk: str):
    """The intervention with id ``pk`` if ``user`` may view it (else an empty queryset): the
    caller answers 404 for none, as for a record that does not exist."""
    visible = Intervention.objects.restrict(user, "view")
    return visible.filter(pk=int(pk)) if pk.isdecimal() else visible.none()


ID = OpenApiParameter("id", OpenApiTypes.INT, OpenApiParameter.PATH)


class InterventionRecords(ListEndpoint):
    """One intervention's records of one kind, as they stood at the end of a day: 404 as for
    the intervention itself when it is out of scope or not yet opened that day."""

    params = [date_param()]

    def as_at(self) -> tuple[int, datetime.date]:
        """The intervention's id and the day, once it is known to be visible then."""
        day = self.query.get("date") or timezone.localdate()
        visible = visible_intervention(self.request.user, self.kwargs["pk"])
        rows = intervention_rows(day, visible, open_only=False)
        if not rows:
            raise NotFound(NO_INTERVENTION)
        return rows[0].id, day


@extend_schema(parameters=[ID, *openapi([date_param()])])
class InterventionEntries(InterventionRecords):
    """An intervention's progress entries dated by the day, newest first, each with its RAG
    ratings; each says where it comes from and whether it is illustrative."""

    serializer_class = serializers.EntrySerializer

    def get_queryset(self):
        pk, day = self.as_at()
        self.day = day
        return (
            as_at(ProgressEntry, day, intervention_id=pk)
            .filter(occurred_on__lte=day)
            .order_by("-occurred_on", "-id")
        )

    def paginate_queryset(self, queryset):
        entries = super().paginate_queryset(queryset)
        ratings = defaultdict(list)
        rows = as_at(ThemeRating, self.day, entry_id__in=[entry.id for entry in entries])
        for rating in rows.select_related("theme").order_by("theme__name", "id"):
            ratings[rating.entry_id].append(rating)
        for entry in entries:
            entry.rating_rows = ratings[entry.id]
        return entries


@extend_schema(parameters=[ID, *openapi([date_param()])])
class InterventionBoardMeetings(InterventionRecords):
    """An intervention's board meetings held by the day, newest first."""

    serializer_class = serializers.BoardMeetingSerializer

    def get_queryset(self):
        pk, day = self.as_at()
        return (
            as_at(BoardMeeting, day, board__intervention_id=pk)
            .filter(held_on__lte=day)
            .select_related("board")
            .order_by("-held_on", "-id")
        )


@extend_schema(parameters=[ID, *openapi([date_param()])])
class InterventionPartnerDays(InterventionRecords):
    """Days of partner support given to an intervention by the day, newest first."""

    serializer_class = serializers.PartnerDaysSerializer

    def get_queryset(self):
        pk, day = self.as_at()
        return (
            as_at(PartnerDayLog, day, partnership__intervention_id=pk)
            .filter(worked_on__lte=day)
            .select_related("partnership__supporting")
            .order_by("-worked_on", "-id")
        )


# ---------------------------------------------------------------------------------------------
# Reports


REPORT_PARAMS = [
    Param("intervention", "Only this intervention's reports (its id)", parse_int, WHOLE_NUMBER),
    ons_code("authority", "Only this authority's reports (its ONS code)"),
    choice("status", "Only reports at this status", Report.Status.choices),
    boolean("overdue", "Only reports not yet submitted and past their due date (true), or not"),
]


@extend_schema(parameters=openapi(REPORT_PARAMS))
class ReportList(ListEndpoint):
    """Quarterly commissioner reports, latest period first. Officials and admins see all; a
    commissioner sees their own interventions' reports."""

    serializer_class = serializers.ReportSerializer
    params = REPORT_PARAMS

    def get_queryset(self):
        query = self.query
        current = ReportVersion.objects.filter(report=OuterRef("pk"), number=OuterRef("version"))
        reports = (
            Report.objects.restrict(self.request.user, "view")
            .select_related("intervention__authority")
            .annotate(submitted_at=Subquery(current.values("submitted_at")[:1]))
            .order_by("-period_start", "intervention__authority__name", "pk")
        )
        if "intervention" in query:
            reports = reports.filter(intervention_id=query["intervention"])
        if "authority" in query:
            reports = reports.filter(intervention__authority__ons_code=query["authority"])
        if "status" in query:
            reports = reports.filter(status=query["status"])
        if "overdue" in query:
            overdue = Report.objects.overdue(timezone.localdate()).values("pk")
            reports = (
                reports.filter(pk__in=overdue)
                if query["overdue"]
                else reports.exclude(pk__in=overdue)
            )
        return reports
