"""Children's services authorities, their statistical neighbours, leaders and yearly figures."""

import datetime
from decimal import ROUND_HALF_UP, Decimal

from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse

from core.models import Sourced
from core.temporal import HistoricalRecords

ons_code_validator = RegexValidator(
    r"^E(06|07|08|09|10)\d{6}$",
    "Enter an ONS code for an English council, like E06000027",
)
dfe_code_validator = RegexValidator(r"^\d{3}$", "Enter a three-digit DfE local authority code")

# DfE publishes ten statistical neighbours for each authority.
NEIGHBOUR_COUNT = 10


class LocalAuthorityQuerySet(models.QuerySet):
    def current(self):
        return self.filter(end_date__isnull=True)

    def predecessors(self):
        return self.filter(end_date__isnull=False)


class LocalAuthority(models.Model):
    """A children's services authority in England, current or replaced by a reorganisation."""

    class Type(models.TextChoices):
        COUNTY = "county", "County"
        UNITARY = "unitary", "Unitary authority"
        METROPOLITAN = "metropolitan", "Metropolitan district"
        LONDON = "london", "London borough"

    class Region(models.TextChoices):
        NORTH_EAST = "E12000001", "North East"
        NORTH_WEST = "E12000002", "North West"
        YORKSHIRE = "E12000003", "Yorkshire and the Humber"
        EAST_MIDLANDS = "E12000004", "East Midlands"
        WEST_MIDLANDS = "E12000005", "West Midlands"
        EAST = "E12000006", "East of England"
        LONDON = "E12000007", "London"
        SOUTH_EAST = "E12000008", "South East"
        SOUTH_WEST = "E12000009", "South West"

    ons_code = models.CharField(
        "ONS code", max_length=9, unique=True, validators=[ons_code_validator]
    )
    former_ons_codes = models.CharField(
        "former ONS codes",
        max_length=100,
        blank=True,
        help_text="Codes this authority had before, separated by commas (data files may use them)",
    )
    dfe_code = models.CharField(
        "DfE code", max_length=3, validators=[dfe_code_validator], db_index=True
    )
    ofsted_urn = models.CharField("Ofsted URN", max_length=10, blank=True)
    name = models.CharField(max_length=100)
    official_name = models.CharField(max_length=150, blank=True)
    type = models.CharField(max_length=20, choices=Type.choices)
    region = models.CharField(max_length=9, choices=Region.choices)
    end_date = models.DateField(
        null=True, blank=True, help_text="The day the authority ceased to exist, if it has"
    )
    successors = models.ManyToManyField(
        "self", symmetrical=False, blank=True, related_name="predecessors"
    )

    objects = LocalAuthorityQuerySet.as_manager()
    history = HistoricalRecords(m2m_fields=[successors])

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "local authorities"

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("admin:authorities_localauthority_change", args=[self.pk])

    @property
    def is_current(self) -> bool:
        return self.end_date is None

    @property
    def former_codes(self) -> list[str]:
        return [code.strip() for code in self.former_ons_codes.split(",") if code.strip()]

    @property
    def codes(self) -> list[str]:
        """Every ONS code the data files may use for this authority, current first."""
        return [self.ons_code, *self.former_codes]

    def ranked_neighbours(self) -> models.QuerySet["LocalAuthority"]:
        """This authority's statistical neighbours, most similar first."""
        return LocalAuthority.objects.filter(neighbour_of__authority=self).order_by(
            "neighbour_of__rank"
        )


class StatisticalNeighbour(models.Model):
    """One of an authority's ten most similar authorities (DfE's statistical neighbours), ranked."""

    authority = models.ForeignKey(
        LocalAuthority, on_delete=models.PROTECT, related_name="statistical_neighbours"
    )
    neighbour = models.ForeignKey(
        LocalAuthority, on_delete=models.PROTECT, related_name="neighbour_of"
    )
    rank = models.PositiveSmallIntegerField(help_text="1 is the most similar authority")

    history = HistoricalRecords()

    class Meta:
        ordering = ["authority_id", "rank"]
        constraints = [
            models.UniqueConstraint(
                fields=["authority", "rank"],
                name="neighbour_rank_unique_per_authority",
                violation_error_message="This authority already has a neighbour at this rank",
            ),
            models.UniqueConstraint(
                fields=["authority", "neighbour"],
                name="neighbour_once_per_authority",
                violation_error_message="This authority already has this neighbour",
            ),
            models.CheckConstraint(
                condition=~Q(authority=F("neighbour")),
                name="neighbour_is_another_authority",
                violation_error_message="Choose an authority other than the authority itself",
            ),
            models.CheckConstraint(
                condition=Q(rank__gte=1, rank__lte=NEIGHBOUR_COUNT),
                name="neighbour_rank_1_to_10",
                violation_error_message=f"Rank must be between 1 and {NEIGHBOUR_COUNT}",
            ),
        ]

    def __str__(self):
        return f"{self.authority}: {self.rank}. {self.neighbour}"


class LeadershipPostQuerySet(models.QuerySet):
    def in_post_on(self, date: datetime.date) -> "LeadershipPostQuerySet":
        """Posts held on ``date``: started on or before it and not ended before it."""
        return self.filter(Q(end_date__isnull=True) | Q(end_date__gte=date), start_date__lte=date)

    def started_between(
        self, since: datetime.date, until: datetime.date
    ) -> "LeadershipPostQuerySet":
        """Posts whose holder started in the role from ``since`` to ``until`` inclusive."""
        return self.filter(start_date__gte=since, start_date__lte=until)

    def turnover(
        self,
        authority: LocalAuthority,
        role: str,
        since: datetime.date,
        until: datetime.date,
        *,
        include_interim: bool = True,
    ) -> int:
        """How many different people started in ``role`` at ``authority`` in the period.

        A person who moves from interim to permanent counts once: that is not a change of leader.
        """
        posts = self.filter(authority=authority, role=role).started_between(since, until)
        if not include_interim:
            posts = posts.filter(is_interim=False)
        return posts.values("person_name").distinct().count()


class LeadershipPost(Sourced):
    """A person holding one of an authority's key leadership roles, from a date, maybe to one."""

    class Role(models.TextChoices):
        DCS = "dcs", "Director of children's services"
        CHIEF_EXECUTIVE = "chief_executive", "Chief executive"
        LEAD_MEMBER = "lead_member", "Lead member for children's services"

    authority = models.ForeignKey(
        LocalAuthority, on_delete=models.PROTECT, related_name="leadership_posts"
    )
    role = models.CharField(max_length=20, choices=Role.choices)
    person_name = models.CharField("name", max_length=150)
    start_date = models.DateField()
    end_date = models.DateField(
        null=True, blank=True, help_text="The last day in post. Leave empty if still in post"
    )
    is_interim = models.BooleanField("interim", default=False)

    objects = LeadershipPostQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["authority_id", "role", "-start_date"]
        indexes = [models.Index(fields=["authority", "role", "start_date"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=F("start_date")),
                name="leadership_post_ends_after_start",
                violation_error_message="End date must be the same as or after the start date",
            ),
        ]

    def __str__(self):
        interim = " (interim)" if self.is_interim else ""
        return f"{self.person_name}, {self.get_role_display()}{interim}, {self.authority}"

    def clean(self):
        # The same rule as the constraint, attached to the field so the form shows it there.
        if self.start_date and self.end_date and self.end_date < self.start_date:
            raise ValidationError(
                {"end_date": "End date must be the same as or after the start date"}
            )

    def is_in_post_on(self, date: datetime.date) -> bool:
        return self.start_date <= date and (self.end_date is None or self.end_date >= date)


# Regions in the DfE statistics: the nine English regions, plus Inner and Outer London, which
# DfE publishes as regions of their own (and gives as the region of each London borough).
STATISTICS_REGION_CHOICES = [
    *LocalAuthority.Region.choices,
    ("E13000001", "Inner London"),
    ("E13000002", "Outer London"),
]

ONE_DP = Decimal("0.1")


def rate_field(verbose_name: str) -> models.DecimalField:
    return models.DecimalField(verbose_name, max_digits=6, decimal_places=1, null=True, blank=True)


def count_field(verbose_name: str) -> models.PositiveIntegerField:
    return models.PositiveIntegerField(verbose_name, null=True, blank=True)


class YearlyStatistics(models.Model):
    """DfE children's social care figures for one year and one area: England, a region or an LA.

    Figures are as published; empty where DfE suppressed them or did not publish them that year.
    """

    class Level(models.TextChoices):
        NATIONAL = "national", "National"
        REGIONAL = "regional", "Regional"
        LOCAL_AUTHORITY = "local_authority", "Local authority"

    # The count and published rate behind each rate per 10,000 children.
    RATES = {
        "cla": ("cla_31_march", "cla_rate_per_10000"),
        "cin": ("cin_31_march", "cin_rate_per_10000"),
        "cpp": ("cpp_31_march", "cpp_rate_per_10000"),
    }

    year = models.PositiveSmallIntegerField(help_text="The year ending 31 March, e.g. 2025")
    level = models.CharField(max_length=20, choices=Level.choices)
    authority = models.ForeignKey(
        LocalAuthority,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="yearly_statistics",
        help_text="Only for local authority figures",
    )
    region = models.CharField(
        max_length=9,
        choices=STATISTICS_REGION_CHOICES,
        blank=True,
        help_text="Required for regional figures; for an authority, the region DfE gives",
    )
    population_0_17 = count_field("population aged 0 to 17")
    cla_31_march = count_field("children looked after at 31 March")
    cla_rate_per_10000 = rate_field("children looked after per 10,000 children")
    cla_started_in_year = count_field("children who started to be looked after in the year")
    cla_ceased_in_year = count_field("children who ceased to be looked after in the year")
    cin_31_march = count_field("children in need at 31 March")
    cin_rate_per_10000 = rate_field("children in need per 10,000 children")
    cpp_31_march = count_field("children on a child protection plan at 31 March")
    cpp_rate_per_10000 = rate_field("children on a child protection plan per 10,000 children")
    cin_episodes_in_year = count_field("episodes of need in the year")
    referrals_in_year = count_field("referrals in the year")
    rereferral_percent = models.DecimalField(
        "re-referrals within 12 months (%)",
        max_digits=4,
        decimal_places=1,
        null=True,
        blank=True,
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["-year", "level", "region", "authority_id"]
        verbose_name_plural = "yearly statistics"
        constraints = [
            models.UniqueConstraint(
                fields=["year"],
                condition=Q(level="national"),
                name="stats_one_national_row_per_year",
                violation_error_message="There are already national figures for this year",
            ),
            models.UniqueConstraint(
                fields=["region", "year"],
                condition=Q(level="regional"),
                name="stats_one_row_per_region_and_year",
                violation_error_message="There are already figures for this region and year",
            ),
            models.UniqueConstraint(
                fields=["authority", "year"],
                condition=Q(level="local_authority"),
                name="stats_one_row_per_authority_and_year",
                violation_error_message="There are already figures for this authority and year",
            ),
            # One constraint, not three: each is a query when a loader validates a row.
            models.CheckConstraint(
                condition=Q(level="national", authority__isnull=True, region="")
                | (Q(level="regional", authority__isnull=True) & ~Q(region=""))
                | Q(level="local_authority", authority__isnull=False),
                name="stats_area_matches_level",
                violation_error_message=(
                    "National figures have no authority or region, regional figures need a "
                    "region and no authority, and local authority figures need an authority"
                ),
            ),
            models.CheckConstraint(
                condition=Q(rereferral_percent__isnull=True)
                | Q(rereferral_percent__gte=0, rereferral_percent__lte=100),
                name="stats_rereferral_percent_0_to_100",
                violation_error_message="Re-referral percentage must be between 0 and 100",
            ),
        ]

    def __str__(self):
        return f"{self.area_name}, {self.year}"

    @property
    def area_name(self) -> str:
        if self.level == self.Level.LOCAL_AUTHORITY:
            return str(self.authority)
        if self.level == self.Level.REGIONAL:
            return self.get_region_display()
        return "England"

    @property
    def cla_rate(self) -> Decimal | None:
        return self.rate_per_10000("cla")

    @property
    def cin_rate(self) -> Decimal | None:
        return self.rate_per_10000("cin")

    @property
    def cpp_rate(self) -> Decimal | None:
        return self.rate_per_10000("cpp")

    def rate_per_10000(self, measure: str) -> Decimal | None:
        """The published rate for ``measure`` ("cla", "cin" or "cpp"), else one derived from the
        count and the 0-17 population (to one decimal place), else None."""
        count_name, rate_name = self.RATES[measure]
        published = getattr(self, rate_name)
        if published is not None:
            return published
        count = getattr(self, count_name)
        if count is None or not self.population_0_17:
            return None
        rate = Decimal(count) * 10000 / Decimal(self.population_0_17)
        return rate.quantize(ONE_DP, rounding=ROUND_HALF_UP)
