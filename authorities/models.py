from django.core.validators import RegexValidator
from django.db import models
from django.urls import reverse
from simple_history.models import HistoricalRecords

ons_code_validator = RegexValidator(
    r"^E(06|07|08|09|10)\d{6}$",
    "Enter an ONS code for an English council, like E06000027",
)
dfe_code_validator = RegexValidator(r"^\d{3}$", "Enter a three-digit DfE local authority code")


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
