"""A bad file or row stops a load with an error naming the file and line, and loads nothing."""

import pytest
from django.db import transaction

from authorities import services
from authorities.models import LocalAuthority, StatisticalNeighbour, YearlyStatistics
from core.history import system_user
from core.loading import DataFileError

pytestmark = pytest.mark.django_db

AUTHORITIES_HEADER = (
    "ons_code,former_ons_codes,dfe_la_code,ofsted_urn,name,official_name,la_type,region,"
    "region_code,mysociety_code,end_date,replaced_by,is_current"
)
TORBAY = (
    "E06000027,,880,80572,Torbay,Torbay Council,Unitary Authority,South West,E12000009,TOB,,,True"
)
PLYMOUTH = (
    "E06000026,,879,80538,Plymouth,Plymouth City Council,Unitary Authority,South West,"
    "E12000009,PLY,,,True"
)
DEVON = "E10000008,,878,80461,Devon,Devon County Council,County,South West,E12000009,DEV,,,True"
NEIGHBOURS_HEADER = "urn,la_code,la_code_new,stat_neighbours,stat_neighbours_la_code"
STATISTICS_HEADER = (
    "time_period,geographic_level,region_code,region_name,new_la_code,old_la_code,la_name,"
    "population_0_17,cla_31_march,cla_rate_per_10000,cla_started_in_year,cla_ceased_in_year,"
    "cin_31_march,cin_rate_per_10000_derived,cpp_31_march,cpp_rate_per_10000_derived,"
    "cin_episodes_in_year,referrals_in_year,rereferral_percent"
)
TORBAY_2025 = "2025,Local authority,E12000009,South West,E06000027,880,Torbay,,,,,,1376,,209,,,,"
TORBAY_2024 = TORBAY_2025.replace("2025,", "2024,", 1)


@pytest.fixture
def loader_user(db):
    return system_user("reference-data")


def write(tmp_path, name: str, *lines: str):
    (tmp_path / name).write_text("\n".join(lines) + "\n", encoding="utf-8")


def load_in_transaction(loader, tmp_path, by) -> DataFileError:
    with pytest.raises(DataFileError) as excinfo, transaction.atomic():
        loader(tmp_path, by=by)
    return excinfo.value


def test_missing_column_names_the_file_and_line_1(tmp_path, loader_user):
    header = AUTHORITIES_HEADER.replace("region_code,", "")
    write(tmp_path, services.AUTHORITIES_FILE, header, TORBAY.replace("E12000009,", ""))
    error = load_in_transaction(services.load_authorities, tmp_path, loader_user)
    assert error.path.name == services.AUTHORITIES_FILE
    assert error.line == 1
    assert "region_code" in str(error)
    assert LocalAuthority.objects.count() == 0


def test_missing_file_is_an_error(tmp_path, loader_user):
    error = load_in_transaction(services.load_authorities, tmp_path, loader_user)
    assert "file not found" in str(error)


@pytest.mark.parametrize(
    ("bad_row", "message"),
    [
        (PLYMOUTH.replace(",,,True", ",31/03/2019,,False"), "end_date is not a date"),
        (PLYMOUTH.replace("E12000009", "E12000010"), "region_code is not an English region"),
        (PLYMOUTH.replace("Unitary Authority", "Parish"), "la_type is not a type we know"),
        (PLYMOUTH.replace(",,,True", ",2019-03-31,Nowhere (E06999999),False"), "E06999999"),
        (PLYMOUTH.replace(",,,True", ",2019-03-31,Devon County,False"), "replaced_by must end"),
        (PLYMOUTH.replace(",,,True", ",2019-03-31,,True"), "is_current and end_date disagree"),
        (PLYMOUTH.replace(",879,", ",8790,"), "three-digit DfE"),
        (TORBAY, "E06000027 is also on line 2"),
    ],
)
def test_bad_authority_row_names_its_line_and_loads_nothing(
    tmp_path, loader_user, bad_row, message
):
    write(tmp_path, services.AUTHORITIES_FILE, AUTHORITIES_HEADER, TORBAY, bad_row)
    error = load_in_transaction(services.load_authorities, tmp_path, loader_user)
    assert str(error).startswith(f"{services.AUTHORITIES_FILE}, line 3: ")
    assert message in str(error)
    assert LocalAuthority.objects.count() == 0
    assert LocalAuthority.history.count() == 0


def test_unknown_neighbour_code_names_its_line_and_loads_nothing(tmp_path, loader_user):
    write(tmp_path, services.AUTHORITIES_FILE, AUTHORITIES_HEADER, TORBAY, PLYMOUTH, DEVON)
    write(
        tmp_path,
        services.NEIGHBOURS_FILE,
        NEIGHBOURS_HEADER,
        '80572,880,E06000027,"879, 878","E06000026, E10000008"',
        '80538,879,E06000026,"880, 999","E06000027, E06999999"',
    )
    with pytest.raises(DataFileError) as excinfo, transaction.atomic():
        services.load_authorities(tmp_path, by=loader_user)
        services.load_statistical_neighbours(tmp_path, by=loader_user)
    assert str(excinfo.value) == (
        f"{services.NEIGHBOURS_FILE}, line 3: "
        "stat_neighbours_la_code: no authority has the code 'E06999999'"
    )
    # The authorities loaded in the same transaction are rolled back too.
    assert LocalAuthority.objects.count() == 0
    assert StatisticalNeighbour.objects.count() == 0


@pytest.mark.parametrize(
    ("bad_row", "message"),
    [
        ('80538,879,E06000026,"879","E06000026"', "Plymouth is listed as its own neighbour"),
        ('80538,879,E06000026,"880, 880","E06000027, E06000027"', "lists a neighbour twice"),
        ('80538,879,E06000026,"878, 880","E06000027, E10000008"', "has DfE code 880, not 878"),
        ('80538,879,E06000026,"880","E06000027, E10000008"', "different numbers"),
        ('80538,999,E06999999,"880","E06000027"', "la_code_new: no authority has the code"),
        ('80572,880,E06000027,"879","E06000026"', "Torbay is also on line 2"),
    ],
)
def test_bad_neighbour_row_names_its_line_and_loads_nothing(
    tmp_path, loader_user, bad_row, message
):
    write(tmp_path, services.AUTHORITIES_FILE, AUTHORITIES_HEADER, TORBAY, PLYMOUTH, DEVON)
    services.load_authorities(tmp_path, by=loader_user)
    write(
        tmp_path,
        services.NEIGHBOURS_FILE,
        NEIGHBOURS_HEADER,
        '80572,880,E06000027,"879, 878","E06000026, E10000008"',
        bad_row,
    )
    error = load_in_transaction(services.load_statistical_neighbours, tmp_path, loader_user)
    assert str(error).startswith(f"{services.NEIGHBOURS_FILE}, line 3: ")
    assert message in str(error)
    assert StatisticalNeighbour.objects.count() == 0


def test_neighbour_given_only_by_dfe_code_is_loaded(tmp_path, loader_user):
    write(tmp_path, services.AUTHORITIES_FILE, AUTHORITIES_HEADER, TORBAY, PLYMOUTH, DEVON)
    services.load_authorities(tmp_path, by=loader_user)
    write(tmp_path, services.NEIGHBOURS_FILE, NEIGHBOURS_HEADER, '80572,880,E06000027,"878, 879",')
    services.load_statistical_neighbours(tmp_path, by=loader_user)
    torbay = LocalAuthority.objects.get(name="Torbay")
    assert [a.name for a in torbay.ranked_neighbours()] == ["Devon", "Plymouth"]


@pytest.mark.parametrize(
    ("bad_row", "message"),
    [
        (TORBAY_2024.replace("E06000027,880", "E06999999,999"), "no authority has the code"),
        (TORBAY_2024.replace("1376", "13x7"), "cin_31_march is not a whole number"),
        (TORBAY_2024.replace("Local authority", "Ward"), "geographic_level is not one we know"),
        (TORBAY_2024.replace("E12000009,South", "E12000099,South"), "not an English region"),
        (TORBAY_2024.replace("2024,", ",", 1), "time_period is empty"),
        (TORBAY_2024 + "101.5", "Re-referral percentage must be between 0 and 100"),
        (TORBAY_2024 + "2o.5", "rereferral_percent is not a number"),
        (TORBAY_2024.replace("1376", "-5"), "greater than or equal to 0"),
        ("2025,Regional,,,,,,,,,,,,,,,,,", "region_code is empty on a regional row"),
        (TORBAY_2025, "the same area and year is on line 2"),
    ],
)
def test_bad_statistics_row_names_its_line_and_loads_nothing(
    tmp_path, loader_user, bad_row, message
):
    write(tmp_path, services.AUTHORITIES_FILE, AUTHORITIES_HEADER, TORBAY)
    services.load_authorities(tmp_path, by=loader_user)
    write(tmp_path, services.STATISTICS_FILE, STATISTICS_HEADER, TORBAY_2025, bad_row)
    error = load_in_transaction(services.load_yearly_statistics, tmp_path, loader_user)
    assert str(error).startswith(f"{services.STATISTICS_FILE}, line 3: ")
    assert message in str(error)
    assert YearlyStatistics.objects.count() == 0


def test_statistics_row_is_matched_by_dfe_code_when_the_ons_code_is_unknown(tmp_path, loader_user):
    write(tmp_path, services.AUTHORITIES_FILE, AUTHORITIES_HEADER, TORBAY)
    services.load_authorities(tmp_path, by=loader_user)
    write(
        tmp_path,
        services.STATISTICS_FILE,
        STATISTICS_HEADER,
        TORBAY_2025.replace("E06000027,880", ",880"),
    )
    services.load_yearly_statistics(tmp_path, by=loader_user)
    stats = YearlyStatistics.objects.get()
    assert (stats.authority.name, stats.year, stats.cin_31_march) == ("Torbay", 2025, 1376)


def predecessor_row(ons_code: str, name: str, successor: str) -> str:
    return (
        f"{ons_code},,{ons_code[-3:]},,{name},{name} Council,County,South West,E12000009,XXX,"
        f"2019-03-31,Next ({successor}),False"
    )


def test_a_chain_of_reorganisations_loads_whatever_the_row_order(tmp_path, loader_user):
    write(
        tmp_path,
        services.AUTHORITIES_FILE,
        AUTHORITIES_HEADER,
        predecessor_row("E10000101", "Oldest", "E10000102"),
        predecessor_row("E10000102", "Older", "E06000027"),
        TORBAY,
    )
    counts = services.load_authorities(tmp_path, by=loader_user)
    assert counts == {"created": 3}
    oldest = LocalAuthority.objects.get(name="Oldest")
    assert [a.name for a in oldest.successors.all()] == ["Older"]
    assert [a.name for a in oldest.successors.get().successors.all()] == ["Torbay"]
    assert LocalAuthority.history.count() == 3


def test_reorganisations_that_form_a_cycle_are_an_error(tmp_path, loader_user):
    write(
        tmp_path,
        services.AUTHORITIES_FILE,
        AUTHORITIES_HEADER,
        predecessor_row("E10000101", "One", "E10000102"),
        predecessor_row("E10000102", "Two", "E10000101"),
    )
    error = load_in_transaction(services.load_authorities, tmp_path, loader_user)
    assert str(error) == f"{services.AUTHORITIES_FILE}, line 2: replaced_by forms a cycle"
    assert LocalAuthority.objects.count() == 0
