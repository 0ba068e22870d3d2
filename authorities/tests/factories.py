"""factory_boy factories for the authorities app, for every app's tests.

Made-up authorities get ONS codes from E06900000 up, beyond any real code, so they never clash
with the reference data. Pass real values to stand for a real authority:
``LocalAuthorityFactory(ons_code="E06000027", dfe_code="880", name="Torbay")`` (an existing
authority with that ONS code is reused, not duplicated).
"""

import datetime

import factory
from factory.django import DjangoModelFactory

from authorities.models import (
    LeadershipPost,
    LocalAuthority,
    StatisticalNeighbour,
    YearlyStatistics,
)


class LocalAuthorityFactory(DjangoModelFactory):
    class Meta:
        model = LocalAuthority
        django_get_or_create = ("ons_code",)

    ons_code = factory.Sequence(lambda n: f"E06{900000 + n:06d}")
    dfe_code = factory.Sequence(lambda n: f"{100 + n % 900:03d}")
    name = factory.Sequence(lambda n: f"Authority {n}")
    official_name = factory.LazyAttribute(lambda o: f"{o.name} Council")
    type = LocalAuthority.Type.UNITARY
    region = LocalAuthority.Region.SOUTH_EAST

    class Params:
        predecessor = factory.Trait(end_date=datetime.date(2020, 3, 31))


class StatisticalNeighbourFactory(DjangoModelFactory):
    class Meta:
        model = StatisticalNeighbour

    authority = factory.SubFactory(LocalAuthorityFactory)
    neighbour = factory.SubFactory(LocalAuthorityFactory)
    rank = 1


class LeadershipPostFactory(DjangoModelFactory):
    class Meta:
        model = LeadershipPost

    authority = factory.SubFactory(LocalAuthorityFactory)
    role = LeadershipPost.Role.DCS
    person_name = factory.Sequence(lambda n: f"Person {n}")
    start_date = datetime.date(2020, 1, 1)
    end_date = None
    is_interim = False


class YearlyStatisticsFactory(DjangoModelFactory):
    """Local authority figures by default; ``national=True`` or ``regional=True`` for others."""

    class Meta:
        model = YearlyStatistics

    year = 2024
    level = YearlyStatistics.Level.LOCAL_AUTHORITY
    authority = factory.SubFactory(LocalAuthorityFactory)
    region = ""
    population_0_17 = 40000
    cla_31_march = 300
    cla_rate_per_10000 = None
    cin_31_march = 1200
    cpp_31_march = 200

    class Params:
        national = factory.Trait(level=YearlyStatistics.Level.NATIONAL, authority=None, region="")
        regional = factory.Trait(
            level=YearlyStatistics.Level.REGIONAL,
            authority=None,
            region=LocalAuthority.Region.SOUTH_EAST,
        )
