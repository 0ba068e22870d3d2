"""What the API returns. Read-only: every serializer here only turns records into JSON.

Interventions are ``reporting.dashboard.state.InterventionState`` objects (read from the history
tables as at a day), and their notices, directions and so on are history rows; the serializers
read the same attributes from them as from live records.
"""

from __future__ import annotations

from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from authorities.models import LeadershipPost, LocalAuthority, YearlyStatistics
from inspections.models import Grade, Inspection, Judgement, JudgementSource
from interventions.models import (
    DeliveryModel,
    ImprovementPartnership,
    Intervention,
    MinisterialDecision,
    ProgressEntry,
    StatutoryDirection,
    ThemeRating,
)
from reporting.dashboard.listing import KeptRecords, StatesInOrder
from reporting.dashboard.vocabulary import Instrument, RagLevel, ReportStatus
from reporting.models import Report


class AuthorityBriefSerializer(serializers.ModelSerializer):
    region_label = serializers.CharField(source="get_region_display")

    class Meta:
        model = LocalAuthority
        fields = ["ons_code", "name", "region", "region_label"]


# A link within this service, absolute ("https://.../api/authorities/E06000027/"), as DRF's
# pagination links are.
LINK = {"type": "string", "format": "uri"}


def absolute(serializer: serializers.Field, path: str) -> str:
    """The path as an absolute URI, from the request the view passes in the context."""
    return serializer.context["request"].build_absolute_uri(path)


@extend_schema_field(LINK)
class Link(serializers.Field):
    """A link to a page or endpoint of the record, by its ``key`` (its id unless said)."""

    def __init__(self, view_name: str, key: str = "pk", **kwargs):
        self.view_name, self.key = view_name, key
        super().__init__(source="*", read_only=True, **kwargs)

    def to_representation(self, record) -> str:
        return absolute(self, reverse(self.view_name, args=[getattr(record, self.key)]))


class ErrorSerializer(serializers.Serializer):
    """Every refusal: a 400 for a bad parameter, a 403 (not signed in, or not allowed), a 404."""

    detail = serializers.CharField(help_text="What is wrong, in words a person can act on")


class AuthoritySerializer(serializers.ModelSerializer):
    type = serializers.ChoiceField(choices=LocalAuthority.Type.choices)
    type_label = serializers.CharField(source="get_type_display")
    region_label = serializers.CharField(source="get_region_display")
    is_current = serializers.BooleanField()
    former_ons_codes = serializers.ListField(child=serializers.CharField(), source="former_codes")
    url = Link("api:authority_detail", "ons_code")
    page_url = Link("reporting:authority_detail", "ons_code")

    class Meta:
        model = LocalAuthority
        fields = [
            "ons_code",
            "name",
            "official_name",
            "dfe_code",
            "ofsted_urn",
            "type",
            "type_label",
            "region",
            "region_label",
            "is_current",
            "end_date",
            "former_ons_codes",
            "url",
            "page_url",
        ]


class NeighbourSerializer(serializers.Serializer):
    rank = serializers.IntegerField()
    ons_code = serializers.CharField(source="neighbour.ons_code")
    name = serializers.CharField(source="neighbour.name")


class LeadershipPostSerializer(serializers.ModelSerializer):
    role_label = serializers.CharField(source="get_role_display")

    class Meta:
        model = LeadershipPost
        fields = ["role", "role_label", "person_name", "start_date", "end_date", "is_interim"]


class StatisticsSerializer(serializers.ModelSerializer):
    cla_rate = serializers.DecimalField(max_digits=6, decimal_places=1, allow_null=True)
    cin_rate = serializers.DecimalField(max_digits=6, decimal_places=1, allow_null=True)
    cpp_rate = serializers.DecimalField(max_digits=6, decimal_places=1, allow_null=True)

    class Meta:
        model = YearlyStatistics
        fields = [
            "year",
            "population_0_17",
            "cla_31_march",
            "cla_rate",
            "cin_31_march",
            "cin_rate",
            "cpp_31_march",
            "cpp_rate",
            "referrals_in_year",
            "rereferral_percent",
        ]


class AuthorityDetailSerializer(AuthoritySerializer):
    statistical_neighbours = NeighbourSerializer(many=True)
    leadership_posts = LeadershipPostSerializer(many=True)
    statistics = StatisticsSerializer(many=True, source="yearly_statistics")
    inspections_url = Link("api:authority_inspections", "ons_code")

    class Meta(AuthoritySerializer.Meta):
        fields = [
            *AuthoritySerializer.Meta.fields,
            "statistical_neighbours",
            "leadership_posts",
            "statistics",
            "inspections_url",
        ]


HEADLINE_GRADE = (
    "The overall grade (SLAC: the worse of its two overall judgements); null for a visit, or"
    " an inspection without an overall grade"
)


class JudgementSourceSerializer(serializers.ModelSerializer):
    class Meta:
        model = JudgementSource
        fields = ["source", "file_name", "line", "report_url", "grade", "recorded_at"]


class JudgementSerializer(serializers.ModelSerializer):
    area_label = serializers.CharField(source="get_area_display")
    grade_label = serializers.CharField(source="get_grade_display")
    sources = JudgementSourceSerializer(
        many=True,
        help_text="Where the grade was read: each imported file and line, and the report "
        "(empty for a grade loaded only from the reference data: see the inspection's source)",
    )

    class Meta:
        model = Judgement
        fields = ["area", "area_label", "grade", "grade_label", "sources"]


class InspectionSerializer(serializers.ModelSerializer):
    type = serializers.ChoiceField(choices=Inspection.Type.choices)
    label = serializers.CharField()
    type_label = serializers.CharField(source="get_type_display")
    is_graded = serializers.BooleanField()
    is_inadequate = serializers.BooleanField()
    headline_grade = serializers.ChoiceField(
        choices=Grade.choices, allow_null=True, help_text=HEADLINE_GRADE
    )
    judgements = JudgementSerializer(many=True)
    # Not a URLField: OpenAPI's "an address, or empty" (oneOf) holds twice for "" where a
    # validator does not check the uri format, which makes oneOf fail.
    report_url = serializers.CharField(
        allow_blank=True, help_text="The address of Ofsted's report, or empty"
    )

    class Meta:
        model = Inspection
        fields = [
            "id",
            "framework",
            "type",
            "type_label",
            "label",
            "inspection_date",
            "publication_date",
            "is_graded",
            "is_inadequate",
            "headline_grade",
            "judgements",
            "themes",
            "priority_action_named",
            "report_url",
        ]


class InspectionBriefSerializer(serializers.ModelSerializer):
    type = serializers.ChoiceField(choices=Inspection.Type.choices)
    label = serializers.CharField()
    headline_grade = serializers.ChoiceField(
        choices=Grade.choices, allow_null=True, help_text=HEADLINE_GRADE
    )
    is_inadequate = serializers.BooleanField()

    class Meta:
        model = Inspection
        fields = [
            "id",
            "label",
            "framework",
            "type",
            "inspection_date",
            "publication_date",
            "headline_grade",
            "is_inadequate",
        ]


# ---------------------------------------------------------------------------------------------
# The presumption


class RuleSerializer(serializers.Serializer):
    slug = serializers.SlugField()
    version = serializers.IntegerField(help_text="The version of the rule that answered")
    name = serializers.CharField()
    effective_from = serializers.DateField(allow_null=True)
    effective_to = serializers.DateField(allow_null=True)
    no_overall_areas = serializers.ListField(
        child=serializers.CharField(),
        allow_null=True,
        help_text="The areas whose Inadequate makes an inspection without an overall grade"
        " count as Inadequate (null: any area)",
    )


class RuleResultSerializer(serializers.Serializer):
    rule = RuleSerializer()
    applies = serializers.BooleanField()
    reason = serializers.CharField()
    inspections = InspectionBriefSerializer(many=True, help_text="The inspections it rests on")


class OpenInterventionSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="pk")
    opened_on = serializers.DateField()


class PresumptionAnswerSerializer(serializers.Serializer):
    authority = AuthorityBriefSerializer()
    date = serializers.DateField(source="day")
    applies = serializers.BooleanField(help_text="Whether any rule applies")
    rules_disagree = serializers.BooleanField()
    open_intervention = OpenInterventionSerializer(allow_null=True)
    results = RuleResultSerializer(many=True)


# ---------------------------------------------------------------------------------------------
# Interventions as they stood on a day


class CountsSerializer(serializers.Serializer):
    red = serializers.IntegerField()
    amber = serializers.IntegerField()
    green = serializers.IntegerField()


class TravelSerializer(serializers.Serializer):
    improving = serializers.IntegerField()
    no_change = serializers.IntegerField()
    declining = serializers.IntegerField()


class ReportStateSerializer(serializers.Serializer):
    status = serializers.ChoiceField(
        choices=ReportStatus.choices,
        help_text="Where reporting stands under the intervention's reporting duties; none when"
        " no duty owes a report (no commissioner appointed, no adviser named on a notice)",
    )
    status_label = serializers.CharField(source="label")
    next_due = serializers.DateField(allow_null=True)
    text = serializers.CharField()


class RecommendationSerializer(serializers.Serializer):
    started_on = serializers.DateField()
    concluded_on = serializers.DateField(allow_null=True)
    recommended_model = serializers.ChoiceField(choices=DeliveryModel.choices, allow_blank=True)
    recommended_model_label = serializers.CharField(source="get_recommended_model_display")
    recommended_partner = AuthorityBriefSerializer(allow_null=True)
    recommendation = serializers.CharField()


SOURCE = serializers.CharField(
    help_text="The document the record comes from (empty when recorded in the service)"
)
ILLUSTRATIVE = serializers.BooleanField(
    help_text="True when no source gives this record (its date or content follows a pattern a"
    " source describes): show it as illustrative wherever it is used"
)


class SourcedSerializer(serializers.Serializer):
    """A record that may come from a document, and may be illustrative."""

    source = SOURCE
    illustrative = ILLUSTRATIVE


class DecisionSerializer(SourcedSerializer):
    stage = serializers.ChoiceField(choices=MinisterialDecision.Stage.choices)
    stage_label = serializers.CharField(source="get_stage_display")
    decided_on = serializers.DateField()
    decided_by = serializers.CharField()
    decision = serializers.CharField()
    next_update_due_on = serializers.DateField(allow_null=True)


EXIT_REASON = serializers.ChoiceField(
    choices=Intervention.ExitReason.choices,
    allow_null=True,
    help_text="Why the intervention closed (null while open)",
)


class InterventionSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="pk")
    as_at = serializers.DateField(source="day", help_text="The day these records stood at")
    authority = AuthorityBriefSerializer()
    status = serializers.ChoiceField(
        choices=Intervention.Status.choices, help_text="The status last recorded by that day"
    )
    status_label = serializers.CharField()
    is_open = serializers.BooleanField()
    opened_on = serializers.DateField()
    closed_on = serializers.DateField(allow_null=True)
    exit_reason = serializers.SerializerMethodField()
    exit_reason_label = serializers.SerializerMethodField()
    exit_illustrative = serializers.BooleanField(
        help_text="True when the exit (its date or reason) is not in any source"
    )
    exit_text = serializers.CharField(
        help_text='For example "Closed 30 June 2018: direction revoked" (empty while open)'
    )
    sources_end_on = serializers.DateField(
        allow_null=True,
        help_text="For a record loaded from documents: the last day its sources cover",
    )
    sources_ended = serializers.BooleanField(
        help_text="True when the day is past the sources' end: nothing after it is known, so the"
        " intervention is not current, whatever its last recorded status"
    )
    is_stale = serializers.BooleanField(
        help_text="Open, its sources not ended, and nothing recorded for six months: no"
        " progress entry, change of status or opening in that time"
    )
    last_recorded_on = serializers.DateField(
        help_text="The latest progress entry, change of status or opening by that day"
    )
    months_open = serializers.IntegerField(
        help_text="Completed months from opening to the day, or to its closing or its sources'"
        " end if earlier"
    )
    type = serializers.ChoiceField(
        choices=Instrument.choices, source="instrument", help_text="What it rests on that day"
    )
    type_label = serializers.CharField(source="instrument_label")
    commissioners = serializers.ListField(child=serializers.CharField())
    latest_judgement = InspectionBriefSerializer(source="latest_inspection", allow_null=True)
    rag = CountsSerializer()
    rag_level = serializers.ChoiceField(
        choices=RagLevel.choices, help_text="The worst current rating"
    )
    direction_of_travel = TravelSerializer(source="travel")
    report = ReportStateSerializer()
    next_direction_review = serializers.DateField(allow_null=True)
    recommendation = RecommendationSerializer(source="assessment", allow_null=True)
    decision = DecisionSerializer(allow_null=True)
    url = Link("api:intervention_detail")

    @extend_schema_field(EXIT_REASON)
    def get_exit_reason(self, state) -> str | None:
        return state.exit_reason or None

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_exit_reason_label(self, state) -> str | None:
        return Intervention.ExitReason(state.exit_reason).label if state.exit_reason else None


def intervention_records(states: StatesInOrder, request) -> KeptRecords:
    """A list's rows (``states``) as ``InterventionSerializer`` writes them for ``request``, each
    kept under its records' versions (``listing.KeptRecords``): what the API's list and the
    dashboard's CSV show."""

    def serialize(page: list) -> list[dict]:
        return InterventionSerializer(page, many=True, context={"request": request}).data

    return KeptRecords(states, serialize, request.build_absolute_uri("/"))


class InstrumentSerializer(serializers.Serializer):
    issued_on = serializers.DateField()
    next_review_on = serializers.DateField(allow_null=True)
    revised_on = serializers.DateField(allow_null=True)
    requirements = serializers.CharField()


class NoticeSerializer(InstrumentSerializer):
    lifted_on = serializers.DateField(allow_null=True)


class DirectionSerializer(InstrumentSerializer):
    legal_basis = serializers.ChoiceField(choices=StatutoryDirection.LegalBasis.choices)
    legal_basis_label = serializers.CharField(source="get_legal_basis_display")
    expires_on = serializers.DateField(allow_null=True)
    revoked_on = serializers.DateField(allow_null=True)


class AppointmentSerializer(serializers.Serializer):
    commissioner = serializers.CharField(source="commissioner.name")
    starts_on = serializers.DateField()
    ends_on = serializers.DateField(allow_null=True)
    appointed_by = serializers.CharField()


class PartnershipSerializer(serializers.Serializer):
    supporting = AuthorityBriefSerializer()
    supported = AuthorityBriefSerializer()
    model = serializers.ChoiceField(choices=DeliveryModel.choices)
    model_label = serializers.CharField(source="get_model_display")
    legal_basis = serializers.ChoiceField(choices=ImprovementPartnership.LegalBasis.choices)
    starts_on = serializers.DateField()
    ends_on = serializers.DateField(allow_null=True)
    day_allowance_per_year = serializers.DecimalField(
        max_digits=7, decimal_places=2, allow_null=True
    )
    annual_budget = serializers.DecimalField(max_digits=12, decimal_places=2, allow_null=True)


class DutySerializer(serializers.Serializer):
    """A duty to report (``interventions.duties``)."""

    kind = serializers.ChoiceField(
        choices=Report.Kind.choices,
        help_text="commissioner: reports to the Minister; adviser: reviews progress for DfE"
        " officials",
    )
    holder = serializers.CharField(help_text="Who holds it")
    starts_on = serializers.DateField()
    ends_on = serializers.DateField(allow_null=True, help_text="Its last day (null while it lasts)")
    every_months = serializers.IntegerField(help_text="A report is owed for each period this long")


class StatusChangeSerializer(SourcedSerializer):
    from_status = serializers.ChoiceField(
        choices=Intervention.Status.choices,
        allow_blank=True,
        help_text="Empty for the status it opened with",
    )
    to_status = serializers.ChoiceField(choices=Intervention.Status.choices)
    to_status_label = serializers.CharField(source="get_to_status_display")
    changed_on = serializers.DateField()
    reason = serializers.CharField()


class InterventionDetailSerializer(InterventionSerializer):
    notices = NoticeSerializer(many=True)
    directions = DirectionSerializer(many=True)
    appointments = AppointmentSerializer(many=True)
    partnerships = PartnershipSerializer(many=True)
    decisions = DecisionSerializer(many=True)
    reporting_duties = DutySerializer(
        many=True, help_text="Who owes reports, from when, as the records stood that day"
    )
    status_changes = StatusChangeSerializer(many=True)
    entries_url = Link("api:intervention_entries")
    board_meetings_url = Link("api:intervention_board_meetings")
    partner_days_url = Link("api:intervention_partner_days")


# ---------------------------------------------------------------------------------------------
# An intervention's records as they stood on a day


class RatingSerializer(SourcedSerializer):
    theme = serializers.CharField(source="theme.name")
    rag = serializers.ChoiceField(choices=ThemeRating.Rag.choices)
    rag_label = serializers.CharField(source="get_rag_display")
    direction = serializers.ChoiceField(choices=ThemeRating.Direction.choices)
    direction_label = serializers.CharField(source="get_direction_display")
    rationale = serializers.CharField()


class EntrySerializer(SourcedSerializer):
    id = serializers.IntegerField()
    occurred_on = serializers.DateField()
    kind = serializers.ChoiceField(choices=ProgressEntry.Kind.choices)
    kind_label = serializers.CharField(source="get_kind_display")
    actor = serializers.CharField(
        help_text="Who brought an event about, when not the commissioner (empty otherwise)"
    )
    summary = serializers.CharField()
    ratings = RatingSerializer(many=True, source="rating_rows")
    page_url = serializers.SerializerMethodField()

    @extend_schema_field(LINK)
    def get_page_url(self, entry) -> str:
        path = reverse("interventions:entry_detail", args=[entry.intervention_id, entry.id])
        return absolute(self, path)


class BoardMeetingSerializer(SourcedSerializer):
    id = serializers.IntegerField()
    board = serializers.CharField(source="board.name")
    held_on = serializers.DateField()
    attendees = serializers.CharField()
    decisions = serializers.CharField()


class PartnerDaysSerializer(SourcedSerializer):
    partner = AuthorityBriefSerializer(source="partnership.supporting")
    worked_on = serializers.DateField()
    days = serializers.DecimalField(max_digits=5, decimal_places=2)
    description = serializers.CharField()


# ---------------------------------------------------------------------------------------------
# Reports


class ReportSerializer(serializers.ModelSerializer):
    intervention = serializers.IntegerField(source="intervention_id")
    authority = AuthorityBriefSerializer(source="intervention.authority")
    period_label = serializers.CharField()
    status_label = serializers.CharField(source="get_status_display")
    is_overdue = serializers.SerializerMethodField()
    submitted_at = serializers.DateTimeField(allow_null=True)
    page_url = Link("reporting:report_detail")

    class Meta:
        model = Report
        fields = [
            "id",
            "intervention",
            "authority",
            "period_start",
            "period_end",
            "period_label",
            "due_on",
            "status",
            "status_label",
            "is_overdue",
            "version",
            "submitted_at",
            "page_url",
        ]

    @extend_schema_field(OpenApiTypes.BOOL)
    def get_is_overdue(self, report: Report) -> bool:
        return report.is_overdue()
