"""Ofsted inspections of children's services, their judgements, and the presumption rules."""

import datetime
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Exists, F, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.urls import reverse

from authorities.models import LocalAuthority
from core.dates import govuk_date
from core.temporal import HistoricalRecords


class Framework(models.TextChoices):
    """The inspection framework an inspection or visit was carried out under."""

    SLAC = "SLAC", "Safeguarding and looked after children (SLAC)"
    CPI = "CPI", "Child protection inspection (CPI)"
    TLAC = "TLAC", "Targeted looked after children (TLAC)"
    SIF = "SIF", "Single inspection framework (SIF)"
    ILACS = "ILACS", "Inspecting local authority children's services (ILACS)"
    JTAI = "JTAI", "Joint targeted area inspection (JTAI)"


class Grade(models.TextChoices):
    """An Ofsted grade: 2009-13 frameworks used Adequate, later ones Requires improvement."""

    OUTSTANDING = "outstanding", "Outstanding"
    GOOD = "good", "Good"
    REQUIRES_IMPROVEMENT = "requires_improvement", "Requires improvement to be good"
    ADEQUATE = "adequate", "Adequate"
    INADEQUATE = "inadequate", "Inadequate"


# Grades from worst to best; Adequate (2009-13) sits where Requires improvement does.
GRADE_LEVEL = {
    Grade.INADEQUATE: 1,
    Grade.ADEQUATE: 2,
    Grade.REQUIRES_IMPROVEMENT: 2,
    Grade.GOOD: 3,
    Grade.OUTSTANDING: 4,
}


class Area(models.TextChoices):
    """A judgement area. Which areas a framework grades is in FRAMEWORK_AREAS."""

    OVERALL = "overall_effectiveness", "Overall effectiveness"
    SAFEGUARDING = "safeguarding_overall", "Safeguarding: overall effectiveness"
    SAFEGUARDING_CAPACITY = "safeguarding_capacity", "Safeguarding: capacity to improve"
    LOOKED_AFTER = "looked_after_children_overall", "Looked after children: overall effectiveness"
    LOOKED_AFTER_CAPACITY = (
        "looked_after_children_capacity",
        "Looked after children: capacity to improve",
    )
    HELP_AND_PROTECTION = "help_and_protection", "Children who need help and protection"
    LOOKED_AFTER_AND_PERMANENCE = (
        "looked_after_and_permanence",
        "Children looked after and achieving permanence",
    )
    ADOPTION = "adoption_performance", "Adoption performance"
    CARE_LEAVERS = "care_leavers", "Care leavers"
    LEADERSHIP = "leadership_management_governance", "Leadership, management and governance"
    LSCB_REVIEW = "lscb_review", "Review of the Local Safeguarding Children Board"
    IMPACT_OF_LEADERS = "impact_of_leaders", "Impact of leaders on social work practice"
    CHILDREN_IN_CARE = "children_in_care", "Children in care"


FRAMEWORK_AREAS: dict[str, frozenset[str]] = {
    Framework.SLAC: frozenset(
        {
            Area.SAFEGUARDING,
            Area.SAFEGUARDING_CAPACITY,
            Area.LOOKED_AFTER,
            Area.LOOKED_AFTER_CAPACITY,
        }
    ),
    Framework.CPI: frozenset({Area.OVERALL}),
    Framework.TLAC: frozenset({Area.OVERALL}),
    Framework.SIF: frozenset(
        {
            Area.OVERALL,
            Area.HELP_AND_PROTECTION,
            Area.LOOKED_AFTER_AND_PERMANENCE,
            Area.ADOPTION,
            Area.CARE_LEAVERS,
            Area.LEADERSHIP,
            Area.LSCB_REVIEW,
        }
    ),
    Framework.ILACS: frozenset(
        {
            Area.OVERALL,
            Area.IMPACT_OF_LEADERS,
            Area.HELP_AND_PROTECTION,
            Area.CHILDREN_IN_CARE,
            Area.CARE_LEAVERS,
        }
    ),
    Framework.JTAI: frozenset(),
}

# The order judgements are listed in: as Ofsted's reports set them out.
AREA_ORDER = (
    Area.OVERALL,
    Area.SAFEGUARDING,
    Area.SAFEGUARDING_CAPACITY,
    Area.LOOKED_AFTER,
    Area.LOOKED_AFTER_CAPACITY,
    Area.IMPACT_OF_LEADERS,
    Area.HELP_AND_PROTECTION,
    Area.LOOKED_AFTER_AND_PERMANENCE,
    Area.CHILDREN_IN_CARE,
    Area.ADOPTION,
    Area.CARE_LEAVERS,
    Area.LEADERSHIP,
    Area.LSCB_REVIEW,
)
AREA_RANK = {area: rank for rank, area in enumerate(AREA_ORDER)}

# The judgements that must all be Inadequate for failure to count as systemic (DOMAIN.md): SIF's
# three key judgements, and every area judgement of ILACS. Single-judgement frameworks have none.
KEY_AREAS: dict[str, frozenset[str]] = {
    Framework.SIF: frozenset(
        {Area.HELP_AND_PROTECTION, Area.LOOKED_AFTER_AND_PERMANENCE, Area.LEADERSHIP}
    ),
    Framework.ILACS: FRAMEWORK_AREAS[Framework.ILACS] - {Area.OVERALL},
}

# The areas whose Inadequate grade makes a whole inspection "rated inadequate".
RATING_AREAS: dict[str, frozenset[str]] = {
    Framework.SLAC: frozenset({Area.SAFEGUARDING, Area.LOOKED_AFTER}),
}

# 2009-13 frameworks graded on the old scale: Adequate, never Requires improvement.
ADEQUATE_SCALE_FRAMEWORKS = frozenset({Framework.SLAC, Framework.CPI, Framework.TLAC})
GRADED_FRAMEWORKS = (Framework.SLAC, Framework.CPI, Framework.TLAC, Framework.SIF, Framework.ILACS)


def default_frameworks() -> list[str]:
    """Every graded framework (a callable, so each rule gets its own list)."""
    return [str(framework) for framework in GRADED_FRAMEWORKS]


class InspectionQuerySet(models.QuerySet):
    def graded(self):
        return self.exclude(type__in=Inspection.UNGRADED_TYPES)

    def visits(self):
        return self.filter(type__in=Inspection.UNGRADED_TYPES)

    def latest_first(self, basis: str | None = None) -> "InspectionQuerySet":
        """Latest first, as ``Inspection.recency`` sorts them, by publication date unless
        ``basis`` says otherwise (keep the two alike: inspections/tests/test_inspection_facts.py
        checks they agree)."""
        day, other = "publication_date", "inspection_date"
        if basis == PresumptionRule.DateBasis.INSPECTION:
            day, other = other, day
        return self.order_by(
            Coalesce(day, other).desc(), F("inspection_date").desc(nulls_last=True), "-pk"
        )

    def latest_graded_by_authority(
        self, authority_ids: Iterable[int], day: datetime.date
    ) -> dict[int, "Inspection"]:
        """Each authority's latest graded inspection published on or before ``day``, with its
        grades read (2 queries): ``Inspection.latest_graded(inspections, published_by=day)``
        for many authorities at once.

        The database picks each authority's latest (one index lookup each), so only those and
        their judgements are read, not every inspection the authorities ever had.
        """
        newest = (
            self.graded()
            .filter(authority_id=OuterRef("pk"), publication_date__lte=day)
            .latest_first()
            .values("pk")[:1]
        )
        latest = (
            LocalAuthority.objects.filter(pk__in=list(authority_ids))
            .annotate(inspection=Subquery(newest))
            .values("inspection")
        )
        return {
            inspection.authority_id: inspection
            for inspection in with_grades(self.model.objects.filter(pk__in=latest))
        }

    def inadequate(self, no_overall_areas: Iterable[str] | None = None):
        """The graded inspections rated inadequate: ``Inspection.is_inadequate_under`` in SQL
        (keep the two alike; inspections/tests/test_presumption_might_apply.py checks they
        agree)."""

        def judged(**lookups) -> Exists:
            return Exists(Judgement.objects.filter(inspection=OuterRef("pk"), **lookups))

        inadequate = Grade.INADEQUATE
        by_framework = Q()
        for framework, areas in RATING_AREAS.items():
            by_framework |= Q(framework=framework) & judged(area__in=areas, grade=inadequate)
        overall = judged(area=Area.OVERALL, grade=inadequate)
        areas = {} if no_overall_areas is None else {"area__in": list(no_overall_areas)}
        no_overall_but_an_area = ~judged(area=Area.OVERALL) & judged(grade=inadequate, **areas)
        others = ~Q(framework__in=list(RATING_AREAS)) & (overall | no_overall_but_an_area)
        return self.graded().filter(by_framework | others)


class Inspection(models.Model):
    """One Ofsted inspection or visit of an authority's children's services."""

    class Type(models.TextChoices):
        STANDARD = "standard", "Standard inspection"
        SHORT = "short", "Short inspection"
        REINSPECTION = "reinspection", "Re-inspection"
        REINSPECTION_SAFEGUARDING = "reinspection_safeguarding", "Re-inspection of safeguarding"
        REINSPECTION_LOOKED_AFTER = (
            "reinspection_looked_after",
            "Re-inspection of looked after children services",
        )
        FOCUSED_VISIT = "focused_visit", "Focused visit"
        MONITORING_VISIT = "monitoring_visit", "Monitoring visit"
        JTAI = "jtai", "Joint targeted area inspection"

    UNGRADED_TYPES = (Type.FOCUSED_VISIT, Type.MONITORING_VISIT, Type.JTAI)

    authority = models.ForeignKey(
        "authorities.LocalAuthority", on_delete=models.PROTECT, related_name="inspections"
    )
    framework = models.CharField(max_length=5, choices=Framework.choices)
    type = models.CharField(max_length=30, choices=Type.choices)
    inspection_date = models.DateField(
        null=True,
        blank=True,
        help_text="The first day of the inspection or visit (not known for 2009-2017)",
    )
    publication_date = models.DateField(
        null=True, blank=True, help_text="The day Ofsted published the report or letter"
    )
    report_url = models.URLField("report web address", blank=True)
    themes = models.CharField(
        max_length=200, blank=True, help_text="The theme of a focused or monitoring visit"
    )
    priority_action_named = models.BooleanField(
        "areas for priority action named",
        null=True,
        blank=True,
        help_text="Whether the report named areas for priority action (blank if not known)",
    )
    priority_actions = models.TextField("areas for priority action", blank=True)
    source = models.CharField(
        max_length=300, blank=True, help_text="The data file or files this record came from"
    )
    notes = models.TextField(blank=True)

    objects = InspectionQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        # Newest first; not by authority name, which would join the authority to every query.
        ordering = ["-publication_date", "-inspection_date", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(inspection_date__isnull=False) | Q(publication_date__isnull=False),
                name="inspection_has_a_date",
                violation_error_message="Enter an inspection date or a publication date",
            ),
            models.CheckConstraint(
                condition=Q(inspection_date__isnull=True)
                | Q(publication_date__isnull=True)
                | Q(publication_date__gte=F("inspection_date")),
                name="inspection_published_after_start",
                violation_error_message="Publication date must be on or after the inspection date",
            ),
            # Two constraints rather than one, because NULLs never collide in a unique index:
            # a published inspection is identified by its publication date, and any inspection
            # with a known start by its start (so an unpublished one cannot be entered twice).
            models.UniqueConstraint(
                fields=["authority", "framework", "type", "publication_date"],
                condition=Q(publication_date__isnull=False),
                name="unique_inspection_publication",
                violation_error_message="This inspection is already recorded",
            ),
            models.UniqueConstraint(
                fields=["authority", "framework", "type", "inspection_date"],
                condition=Q(inspection_date__isnull=False),
                name="unique_inspection_start",
                violation_error_message="This inspection is already recorded",
            ),
        ]
        indexes = [models.Index(fields=["authority", "publication_date"])]

    def __str__(self):
        return f"{self.authority}: {self.label} {self.date_text}"

    def get_absolute_url(self):
        return reverse("admin:inspections_inspection_change", args=[self.pk])

    @property
    def label(self) -> str:
        """A short name: "SIF re-inspection", "ILACS short inspection", "SLAC", "CPI"."""
        if self.type == self.Type.STANDARD and self.framework != Framework.ILACS:
            return self.framework
        return f"{self.framework} {self.get_type_display().lower()}"

    @property
    def date_text(self) -> str:
        if self.publication_date:
            return f"published {govuk_date(self.publication_date)}"
        if self.inspection_date:
            return f"started {govuk_date(self.inspection_date)}, not yet published"
        return "with no date"

    @property
    def is_graded(self) -> bool:
        """Visits and joint inspections are not graded."""
        return self.type not in self.UNGRADED_TYPES

    @property
    def grades(self) -> dict[str, str]:
        """Area -> grade, from the prefetched judgements if there are some (read as they are:
        ``judgements.all()`` would build a new queryset on each call, and the watchlist reads
        the grades of hundreds of inspections several times each), else from the database."""
        known = self.__dict__.get("_grades")  # read for many at once by ``with_grades``
        if known is not None:
            return known
        prefetched = getattr(self, "_prefetched_objects_cache", {}).get("judgements")
        judgements = self.judgements.all() if prefetched is None else prefetched
        return {judgement.area: judgement.grade for judgement in judgements}

    @property
    def overall_grade(self) -> str | None:
        return self.grades.get(Area.OVERALL)

    @property
    def headline_grade(self) -> str | None:
        """The grade an inspection is known by: overall effectiveness; for SLAC the worse of its
        two overall judgements; None for a visit or an inspection with no overall grade."""
        if not self.is_graded:
            return None
        grades = self.grades
        areas = RATING_AREAS.get(self.framework, {Area.OVERALL})
        overall = [grades[area] for area in areas if area in grades]
        return min(overall, key=GRADE_LEVEL.__getitem__, default=None)

    @property
    def is_inadequate(self) -> bool:
        """Rated inadequate: overall effectiveness Inadequate (SLAC: either overall judgement).

        Without an overall grade (ILACS from April 2026) an Inadequate area judgement counts.
        The same rule in SQL: ``Inspection.objects.inadequate()``.
        """
        return self.is_inadequate_under()

    def is_inadequate_under(self, no_overall_areas: Iterable[str] | None = None) -> bool:
        """``is_inadequate`` as a rule version reads it: without an overall grade, only an
        Inadequate in ``no_overall_areas`` counts (None: any area, the rule before April 2026;
        ``PresumptionRule.no_overall_areas``). ``InspectionQuerySet.inadequate`` is the SQL."""
        if not self.is_graded:
            return False
        grades = self.grades
        rating_areas = RATING_AREAS.get(self.framework, {Area.OVERALL})
        if any(grades.get(area) == Grade.INADEQUATE for area in rating_areas):
            return True
        if Area.OVERALL in rating_areas and Area.OVERALL not in grades:
            counted = grades if no_overall_areas is None else set(no_overall_areas)
            return any(grades.get(area) == Grade.INADEQUATE for area in counted)
        return False

    def judgements_in_order(self) -> list["Judgement"]:
        """The judgements in the order Ofsted's reports set them out (from the prefetched
        ``judgements`` when there are some)."""
        return sorted(self.judgements.all(), key=lambda j: AREA_RANK.get(j.area, len(AREA_RANK)))

    def recency(self, basis: str | None = None) -> tuple:
        """What "latest" sorts by: the publication date (or the date ``basis``, a rule's date
        basis, names), else the other date; then the start, then the id, for ties such as two
        SLAC re-inspections published the same day. ``latest_first()`` is the same in SQL."""
        day = self.date_for(basis or PresumptionRule.DateBasis.PUBLICATION) or self.inspection_date
        return (day, self.inspection_date or datetime.date.min, self.pk or 0)

    @classmethod
    def latest_graded(
        cls, inspections: Iterable["Inspection"], *, published_by: datetime.date | None = None
    ) -> "Inspection | None":
        """The latest graded inspection of ``inspections`` (those published on or before
        ``published_by`` if given), read in memory. For many authorities from the database:
        ``Inspection.objects.latest_graded_by_authority``."""
        graded = [
            inspection
            for inspection in inspections
            if inspection.is_graded
            and (
                published_by is None
                or (inspection.publication_date and inspection.publication_date <= published_by)
            )
        ]
        return max(graded, key=cls.recency, default=None)

    def key_judgements(self) -> dict[str, str]:
        """The key judgements this inspection has (area -> grade); empty for other frameworks."""
        key_areas = KEY_AREAS.get(self.framework, frozenset())
        return {area: grade for area, grade in self.grades.items() if area in key_areas}

    def is_inadequate_on_every_key_judgement(self) -> bool:
        """Systemic failure: it has key judgements, and every one of them is Inadequate."""
        key = self.key_judgements()
        return bool(key) and all(grade == Grade.INADEQUATE for grade in key.values())

    def date_for(self, basis: str) -> datetime.date | None:
        """The date a rule reads: the start or the publication (start falls back to publication,
        since 2009-2017 inspections have only publication dates)."""
        if basis == PresumptionRule.DateBasis.INSPECTION:
            return self.inspection_date or self.publication_date
        return self.publication_date

    def clean(self):
        super().clean()
        allowed = FRAMEWORK_TYPES.get(self.framework, ())
        if self.framework and self.type and self.type not in allowed:
            raise ValidationError(
                {"type": f"Choose a type that the {self.framework} framework has"}
            )


FRAMEWORK_TYPES: dict[str, tuple[str, ...]] = {
    Framework.SLAC: (
        Inspection.Type.STANDARD,
        Inspection.Type.REINSPECTION_SAFEGUARDING,
        Inspection.Type.REINSPECTION_LOOKED_AFTER,
    ),
    Framework.CPI: (Inspection.Type.STANDARD, Inspection.Type.REINSPECTION),
    Framework.TLAC: (Inspection.Type.STANDARD,),
    Framework.SIF: (
        Inspection.Type.STANDARD,
        Inspection.Type.REINSPECTION,
        Inspection.Type.MONITORING_VISIT,
    ),
    Framework.ILACS: (
        Inspection.Type.STANDARD,
        Inspection.Type.SHORT,
        Inspection.Type.FOCUSED_VISIT,
        Inspection.Type.MONITORING_VISIT,
    ),
    Framework.JTAI: (Inspection.Type.JTAI,),
}


class Judgement(models.Model):
    """One graded judgement of an inspection: an area and its grade."""

    inspection = models.ForeignKey(Inspection, on_delete=models.PROTECT, related_name="judgements")
    area = models.CharField(max_length=40, choices=Area.choices)
    grade = models.CharField(max_length=20, choices=Grade.choices)

    history = HistoricalRecords()

    class Meta:
        ordering = ["inspection_id", "area"]  # by id: naming the relation would join it
        constraints = [
            models.UniqueConstraint(
                fields=["inspection", "area"],
                name="unique_judgement_area",
                violation_error_message="This inspection already has a grade for this area",
            ),
        ]

    def __str__(self):
        return f"{self.get_area_display()}: {self.get_grade_display()}"

    def clean(self):
        super().clean()
        # In an admin inline the inspection may not be saved yet: check against it all the same.
        if not (Judgement.inspection.is_cached(self) or self.inspection_id):
            return
        errors = validate_judgement(self.inspection, self.area, self.grade)
        if errors:
            raise ValidationError(errors)


class JudgementSource(models.Model):
    """Where a judgement's grade was read: a publication (its file and line) and the report.

    One row per judgement and file it was read from, added by ``inspections.importing``; a
    file imported again adds nothing. Append-only evidence, so no history of its own.
    """

    class Source(models.TextChoices):
        OFSTED = "ofsted", "Ofsted outcomes"
        D2I = "d2i", "Data to Insight scrape of Ofsted reports"

    judgement = models.ForeignKey(Judgement, on_delete=models.PROTECT, related_name="sources")
    source = models.CharField(max_length=10, choices=Source.choices)
    file_name = models.CharField(max_length=255)
    line = models.PositiveIntegerField()
    report_url = models.URLField("report web address", blank=True)
    grade = models.CharField(
        max_length=20, choices=Grade.choices, help_text="The grade this source gave"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["judgement_id", "recorded_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["judgement", "file_name", "line"],
                name="judgement_source_once_per_file_line",
                violation_error_message="This judgement already cites this line of this file",
            ),
        ]

    def __str__(self):
        return f"{self.get_source_display()}: {self.file_name}, line {self.line}"


def validate_judgement(inspection: Inspection, area: str, grade: str) -> dict[str, str]:
    """Errors (by field) if ``area`` and ``grade`` do not fit the inspection's framework."""
    errors = {}
    if not inspection.is_graded:
        errors["area"] = f"A {inspection.get_type_display().lower()} is not graded"
    elif area not in FRAMEWORK_AREAS.get(inspection.framework, ()):
        errors["area"] = f"Choose an area that {inspection.framework} inspections grade"
    old_scale = inspection.framework in ADEQUATE_SCALE_FRAMEWORKS
    if old_scale and grade == Grade.REQUIRES_IMPROVEMENT:
        errors["grade"] = f"{inspection.framework} used Adequate, not Requires improvement"
    elif not old_scale and grade == Grade.ADEQUATE:
        errors["grade"] = f"{inspection.framework} used Requires improvement, not Adequate"
    return errors


class PresumptionRuleQuerySet(models.QuerySet):
    def in_force_on(self, date: datetime.date):
        return self.filter(
            Q(effective_from__isnull=True) | Q(effective_from__lte=date),
            Q(effective_to__isnull=True) | Q(effective_to__gte=date),
            is_active=True,
        )


class PresumptionRule(models.Model):
    """One version of a rule for when the presumption of removing services applies.

    Policy is data: changing a rule means adding a new version, not editing code. A rule applies
    when the latest graded inspection is Inadequate (unless ``require_latest_inadequate`` is off)
    and at least one of its tests is met: the count test (``min_inadequate`` of the latest
    ``latest_count``), the persistent test (another Inadequate within ``within_years`` before the
    latest) or the systemic test (the latest Inadequate on every key judgement).
    """

    class DateBasis(models.TextChoices):
        PUBLICATION = "publication", "Publication date"
        INSPECTION = "inspection", "Inspection date (publication date when not known)"

    slug = models.SlugField(help_text="Stays the same across versions of one rule")
    version = models.PositiveIntegerField(default=1)
    name = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    source = models.TextField("source or citation", blank=True)
    is_active = models.BooleanField("active", default=True)
    effective_from = models.DateField(null=True, blank=True)
    effective_to = models.DateField(null=True, blank=True)
    date_basis = models.CharField(
        max_length=20, choices=DateBasis.choices, default=DateBasis.PUBLICATION
    )
    latest_count = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="Look at the latest N graded inspections"
    )
    min_inadequate = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="Applies when at least this many of them are Inadequate"
    )
    within_years = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        help_text="Applies when another Inadequate was published this many years before the latest",
    )
    systemic = models.BooleanField(
        default=False, help_text="Applies when the latest is Inadequate on every key judgement"
    )
    require_latest_inadequate = models.BooleanField(
        default=True, help_text="Applies only while the latest graded inspection is Inadequate"
    )
    frameworks = models.JSONField(
        default=default_frameworks,
        help_text='The frameworks whose inspections count, for example ["SIF", "ILACS"]',
    )
    no_overall_areas = models.JSONField(
        "areas that count when there is no overall grade",
        null=True,
        blank=True,
        help_text=(
            "Since April 2026 Ofsted gives no overall effectiveness grade: such an inspection"
            " counts as Inadequate when one of these area judgements is, for example"
            ' ["help_and_protection", "children_in_care"]. Empty: any area judgement'
        ),
    )

    objects = PresumptionRuleQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["slug", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["slug", "version"],
                name="unique_rule_version",
                violation_error_message="This version of the rule already exists",
            ),
            # Versions superseded from a date stay active for the dates before it (they have an
            # end date); only one version of a rule is open-ended.
            models.UniqueConstraint(
                fields=["slug"],
                condition=Q(is_active=True, effective_to__isnull=True),
                name="one_open_version_per_rule",
                violation_error_message="Another version of this rule is active with no end date",
            ),
            models.CheckConstraint(
                condition=Q(effective_to__isnull=True)
                | Q(effective_from__isnull=True)
                | Q(effective_to__gte=F("effective_from")),
                name="rule_effective_to_after_from",
                violation_error_message="The end date must be on or after the start date",
            ),
            models.CheckConstraint(
                condition=Q(latest_count__isnull=True, min_inadequate__isnull=True)
                | Q(
                    # Spelt out: a CHECK passes when it comes to NULL, so "min >= 1" alone
                    # would let a count with no threshold through.
                    latest_count__isnull=False,
                    min_inadequate__isnull=False,
                    latest_count__gte=1,
                    min_inadequate__gte=1,
                    min_inadequate__lte=F("latest_count"),
                ),
                name="rule_count_test_complete",
                violation_error_message=(
                    "Enter both the number of inspections and how many must be Inadequate,"
                    " with the second no more than the first"
                ),
            ),
            models.CheckConstraint(
                condition=Q(latest_count__isnull=False)
                | Q(within_years__isnull=False)
                | Q(systemic=True),
                name="rule_has_a_test",
                violation_error_message="Enter at least one test: a count, a window or systemic",
            ),
        ]

    def __str__(self):
        return f"{self.name} (version {self.version})"

    def get_absolute_url(self):
        return reverse("admin:inspections_presumptionrule_change", args=[self.pk])

    def is_in_force_on(self, date: datetime.date) -> bool:
        return (
            self.is_active
            and (self.effective_from is None or self.effective_from <= date)
            and (self.effective_to is None or date <= self.effective_to)
        )

    def is_inadequate(self, inspection: "Inspection") -> bool:
        """Whether this version counts ``inspection`` as Inadequate."""
        return inspection.is_inadequate_under(self.no_overall_areas)

    def clean(self):
        super().clean()
        unknown = set(self.frameworks or []) - set(GRADED_FRAMEWORKS)
        if not isinstance(self.frameworks, list) or not self.frameworks or unknown:
            raise ValidationError(
                {"frameworks": 'Enter a list of graded frameworks, for example ["SIF", "ILACS"]'}
            )
        areas = self.no_overall_areas
        if areas is not None and (
            not isinstance(areas, list) or not areas or set(areas) - set(Area.values)
        ):
            raise ValidationError(
                {
                    "no_overall_areas": "Enter a list of judgement areas, for example"
                    ' ["help_and_protection", "children_in_care"], or leave it empty'
                }
            )
        self._check_versions_do_not_overlap()

    def _check_versions_do_not_overlap(self) -> None:
        """Two active versions of one rule never answer for the same day."""
        if not self.is_active or not self.slug:
            return
        others = PresumptionRule.objects.filter(slug=self.slug, is_active=True).exclude(pk=self.pk)
        for other in others:
            starts_before_other_ends = (
                other.effective_to is None
                or self.effective_from is None
                or self.effective_from <= other.effective_to
            )
            ends_after_other_starts = (
                self.effective_to is None
                or other.effective_from is None
                or other.effective_from <= self.effective_to
            )
            if starts_before_other_ends and ends_after_other_starts:
                raise ValidationError(
                    f"Version {other.version} of this rule is in force on some of the same days"
                )


def with_grades(inspections: models.QuerySet[Inspection]) -> list[Inspection]:
    """The inspections, each with its ``grades`` already read: two queries for all of them.

    What ``prefetch_related("judgements")`` gives ``grades``, without building a judgement and
    a queryset for each inspection: the watchlist reads over 500 inspections at scale 10,
    and that prefetch was most of its time. Use the prefetch where the judgements themselves
    are shown.
    """
    found = list(inspections)
    grades: dict[int, dict[str, str]] = {inspection.pk: {} for inspection in found}
    judged = Judgement.objects.filter(inspection__in=inspections.values("pk"))
    for inspection_id, area, grade in judged.values_list("inspection_id", "area", "grade"):
        if inspection_id in grades:
            grades[inspection_id][area] = grade
    for inspection in found:
        inspection._grades = grades[inspection.pk]
    return found
