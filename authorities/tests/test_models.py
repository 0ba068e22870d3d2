"""Database constraints, leadership turnover and derived rates."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from authorities.models import (
    LeadershipPost,
    LocalAuthority,
    StatisticalNeighbour,
)
from authorities.tests.factories import (
    LeadershipPostFactory,
    LocalAuthorityFactory,
    StatisticalNeighbourFactory,
    YearlyStatisticsFactory,
)

pytestmark = pytest.mark.django_db

D = datetime.date


def assert_integrity_error(create):
    with pytest.raises(IntegrityError), transaction.atomic():
        create()


# Statistical neighbours


def test_an_authority_has_one_neighbour_per_rank():
    first = StatisticalNeighbourFactory(rank=1)
    assert_integrity_error(
        lambda: StatisticalNeighbour.objects.create(
            authority=first.authority, neighbour=LocalAuthorityFactory(), rank=1
        )
    )


def test_a_neighbour_is_listed_once_per_authority():
    first = StatisticalNeighbourFactory(rank=1)
    assert_integrity_error(
        lambda: StatisticalNeighbour.objects.create(
            authority=first.authority, neighbour=first.neighbour, rank=2
        )
    )


def test_an_authority_is_not_its_own_neighbour():
    torbay = LocalAuthorityFactory()
    assert_integrity_error(
        lambda: StatisticalNeighbour.objects.create(authority=torbay, neighbour=torbay, rank=1)
    )


@pytest.mark.parametrize("rank", [0, 11])
def test_neighbour_rank_is_between_1_and_10(rank):
    assert_integrity_error(lambda: StatisticalNeighbourFactory(rank=rank))


def test_neighbour_rank_10_is_allowed():
    assert StatisticalNeighbourFactory(rank=10).pk


def test_full_clean_explains_a_self_neighbour_in_plain_words():
    torbay = LocalAuthorityFactory()
    with pytest.raises(ValidationError) as excinfo:
        StatisticalNeighbour(authority=torbay, neighbour=torbay, rank=1).full_clean()
    assert excinfo.value.messages == ["Choose an authority other than the authority itself"]


def test_neighbour_cannot_be_deleted_while_listed():
    row = StatisticalNeighbourFactory()
    with pytest.raises(Exception, match="protected"), transaction.atomic():
        row.neighbour.delete()


# Leadership posts


def test_leadership_post_cannot_end_before_it_starts():
    assert_integrity_error(
        lambda: LeadershipPostFactory(start_date=D(2020, 5, 1), end_date=D(2020, 4, 30))
    )


def test_leadership_post_can_end_the_day_it_starts():
    assert LeadershipPostFactory(start_date=D(2020, 5, 1), end_date=D(2020, 5, 1)).pk


def test_full_clean_puts_the_end_date_error_on_the_end_date():
    post = LeadershipPostFactory.build(
        authority=LocalAuthorityFactory(), start_date=D(2020, 5, 1), end_date=D(2020, 4, 30)
    )
    with pytest.raises(ValidationError) as excinfo:
        post.full_clean()
    assert excinfo.value.message_dict == {
        "end_date": ["End date must be the same as or after the start date"]
    }


@pytest.fixture
def isle_of_wight_dcs_posts():
    """Directors of children's services at one authority, with a chief executive and another
    authority's director for contrast."""
    authority = LocalAuthorityFactory(name="Isle of Wight")
    dcs = LeadershipPost.Role.DCS
    posts = {
        "first": LeadershipPostFactory(
            authority=authority,
            role=dcs,
            person_name="A",
            start_date=D(2015, 1, 1),
            end_date=D(2016, 6, 30),
        ),
        "interim": LeadershipPostFactory(
            authority=authority,
            role=dcs,
            person_name="B",
            is_interim=True,
            start_date=D(2016, 7, 1),
            end_date=D(2016, 12, 31),
        ),
        "made_permanent": LeadershipPostFactory(
            authority=authority,
            role=dcs,
            person_name="B",
            start_date=D(2017, 1, 1),
            end_date=D(2018, 12, 31),
        ),
        "short_interim": LeadershipPostFactory(
            authority=authority,
            role=dcs,
            person_name="C",
            is_interim=True,
            start_date=D(2019, 1, 1),
            end_date=D(2019, 4, 30),
        ),
        "current": LeadershipPostFactory(
            authority=authority, role=dcs, person_name="D", start_date=D(2019, 5, 1)
        ),
    }
    LeadershipPostFactory(
        authority=authority,
        role=LeadershipPost.Role.CHIEF_EXECUTIVE,
        person_name="E",
        start_date=D(2017, 3, 1),
    )
    LeadershipPostFactory(role=dcs, person_name="F", start_date=D(2018, 1, 1))
    return authority, posts


def test_turnover_counts_people_who_started_in_the_role_in_the_period(isle_of_wight_dcs_posts):
    authority, _ = isle_of_wight_dcs_posts
    turnover = LeadershipPost.objects.turnover
    dcs = LeadershipPost.Role.DCS
    # B (interim, then permanent) counts once; C and D started in the period; A before it.
    assert turnover(authority, dcs, D(2016, 1, 1), D(2019, 12, 31)) == 3
    assert turnover(authority, dcs, D(2016, 1, 1), D(2019, 12, 31), include_interim=False) == 2
    assert turnover(authority, dcs, D(2015, 1, 1), D(2025, 12, 31)) == 4


def test_turnover_period_includes_both_ends(isle_of_wight_dcs_posts):
    authority, _ = isle_of_wight_dcs_posts
    dcs = LeadershipPost.Role.DCS
    assert LeadershipPost.objects.turnover(authority, dcs, D(2019, 5, 1), D(2019, 5, 1)) == 1
    assert LeadershipPost.objects.turnover(authority, dcs, D(2019, 5, 2), D(2020, 1, 1)) == 0


def test_turnover_counts_only_the_role_asked_for(isle_of_wight_dcs_posts):
    authority, _ = isle_of_wight_dcs_posts
    chief = LeadershipPost.Role.CHIEF_EXECUTIVE
    assert LeadershipPost.objects.turnover(authority, chief, D(2010, 1, 1), D(2030, 1, 1)) == 1


def test_in_post_on_includes_the_last_day_and_open_ended_posts(isle_of_wight_dcs_posts):
    authority, posts = isle_of_wight_dcs_posts
    dcs_posts = LeadershipPost.objects.filter(authority=authority, role=LeadershipPost.Role.DCS)
    assert list(dcs_posts.in_post_on(D(2016, 6, 30))) == [posts["first"]]
    assert list(dcs_posts.in_post_on(D(2016, 7, 1))) == [posts["interim"]]
    assert list(dcs_posts.in_post_on(D(2030, 1, 1))) == [posts["current"]]
    assert not dcs_posts.in_post_on(D(2014, 12, 31)).exists()
    assert posts["current"].is_in_post_on(D(2030, 1, 1))
    assert not posts["first"].is_in_post_on(D(2016, 7, 1))


# Yearly statistics


def test_one_national_row_per_year():
    YearlyStatisticsFactory(national=True, year=2024)
    YearlyStatisticsFactory(national=True, year=2025)
    assert_integrity_error(lambda: YearlyStatisticsFactory(national=True, year=2024))


def test_one_row_per_region_and_year():
    YearlyStatisticsFactory(regional=True, region="E12000009", year=2024)
    YearlyStatisticsFactory(regional=True, region="E12000008", year=2024)
    assert_integrity_error(
        lambda: YearlyStatisticsFactory(regional=True, region="E12000009", year=2024)
    )


def test_one_row_per_authority_and_year():
    first = YearlyStatisticsFactory(year=2024)
    YearlyStatisticsFactory(authority=first.authority, year=2023)
    assert_integrity_error(lambda: YearlyStatisticsFactory(authority=first.authority, year=2024))


@pytest.mark.parametrize(
    "fields",
    [
        {"level": "local_authority", "authority": None, "region": ""},
        {"level": "national", "region": "E12000009", "authority": None},
        {"level": "regional", "region": "", "authority": None},
        {"level": "regional", "region": "E12000009"},  # with an authority
        {"level": "county", "region": "", "authority": None},
    ],
)
def test_area_must_match_level(fields):
    assert_integrity_error(lambda: YearlyStatisticsFactory(**fields))


@pytest.mark.parametrize("percent", [Decimal("-0.1"), Decimal("100.1")])
def test_rereferral_percent_is_between_0_and_100(percent):
    assert_integrity_error(lambda: YearlyStatisticsFactory(rereferral_percent=percent))


def test_published_rate_is_used_when_there_is_one():
    stats = YearlyStatisticsFactory(
        population_0_17=25100, cla_31_march=290, cla_rate_per_10000=Decimal("115")
    )
    assert stats.cla_rate == Decimal("115")


def test_rate_is_derived_from_count_and_population_when_not_published():
    # Torbay 2015/16: 25,100 children, 1,376 in need, 209 on a plan, 290 looked after.
    stats = YearlyStatisticsFactory(
        population_0_17=25100, cin_31_march=1376, cpp_31_march=209, cla_31_march=290
    )
    assert stats.cin_rate == Decimal("548.2")
    assert stats.cpp_rate == Decimal("83.3")
    assert stats.cla_rate == Decimal("115.5")
    assert stats.rate_per_10000("cin") == stats.cin_rate


def test_rate_is_none_without_a_count_or_a_population():
    assert YearlyStatisticsFactory(cin_31_march=None).cin_rate is None
    assert YearlyStatisticsFactory(population_0_17=None).cin_rate is None


def test_area_name_names_england_a_region_or_the_authority():
    assert YearlyStatisticsFactory(national=True).area_name == "England"
    assert YearlyStatisticsFactory(regional=True, region="E13000001").area_name == "Inner London"
    authority = LocalAuthorityFactory(name="Torbay")
    assert str(YearlyStatisticsFactory(authority=authority, year=2016)) == "Torbay, 2016"


# Local authorities


def test_codes_list_current_then_former_codes():
    barnsley = LocalAuthorityFactory(ons_code="E08000038", former_ons_codes="E08000016")
    assert barnsley.codes == ["E08000038", "E08000016"]


def test_current_and_predecessor_querysets_split_on_end_date():
    current = LocalAuthorityFactory()
    predecessor = LocalAuthorityFactory(predecessor=True)
    assert list(LocalAuthority.objects.current()) == [current]
    assert list(LocalAuthority.objects.predecessors()) == [predecessor]
