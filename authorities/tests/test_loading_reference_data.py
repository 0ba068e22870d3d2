"""Loading the real reference data files (settings.REFERENCE_DATA_DIR), once per module."""

import csv
from collections import Counter
from decimal import Decimal

import pytest
from django.conf import settings
from django.db import transaction

from authorities import services
from authorities.models import LocalAuthority, StatisticalNeighbour, YearlyStatistics
from core.history import CREATED, UNCHANGED, UPDATED, system_user

pytestmark = pytest.mark.django_db

DATA_DIR = settings.REFERENCE_DATA_DIR
LOADERS = (
    services.load_authorities,
    services.load_statistical_neighbours,
    services.load_yearly_statistics,
)
PREDECESSOR_SUCCESSORS = {
    "E06000028": {"E06000058"},  # Bournemouth -> Bournemouth, Christchurch and Poole
    "E06000029": {"E06000058"},  # Poole -> the same
    "E10000002": {"E06000060"},  # Buckinghamshire County Council -> Buckinghamshire Council
    "E10000006": {"E06000063", "E06000064"},  # Cumbria -> Cumberland, Westmorland and Furness
    "E10000009": {"E06000059"},  # Dorset County Council -> Dorset Council
    "E10000021": {"E06000061", "E06000062"},  # Northamptonshire -> North and West
    "E10000023": {"E06000065"},  # North Yorkshire County Council -> North Yorkshire Council
    "E10000027": {"E06000066"},  # Somerset County Council -> Somerset Council
}


@pytest.fixture(scope="module")
def first_load(django_db_setup, django_db_blocker):
    """Load the three files once for the module, and roll it all back afterwards.

    Each test still runs in its own savepoint inside this transaction, so tests that load
    again or change data leave the first load as it was for the next test.
    """
    with django_db_blocker.unblock(), transaction.atomic():
        by = system_user("reference-data")
        counts = {loader.__name__: loader(DATA_DIR, by=by) for loader in LOADERS}
        yield counts
        transaction.set_rollback(True)


@pytest.fixture
def reference_user(first_load):
    return system_user("reference-data")


def read_csv(name: str) -> list[dict[str, str]]:
    with (DATA_DIR / name).open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


def test_loads_161_authorities_153_current_and_8_predecessors(first_load):
    assert first_load["load_authorities"] == Counter({CREATED: 161})
    assert LocalAuthority.objects.count() == 161
    assert LocalAuthority.objects.current().count() == 153
    assert LocalAuthority.objects.predecessors().count() == 8


def test_predecessors_point_to_their_successors(first_load):
    found = {
        authority.ons_code: {successor.ons_code for successor in authority.successors.all()}
        for authority in LocalAuthority.objects.predecessors()
    }
    assert found == PREDECESSOR_SUCCESSORS
    assert not LocalAuthority.successors.through.objects.filter(
        from_localauthority__end_date__isnull=True
    ).exists()


def test_authority_fields_are_mapped_to_model_choices(first_load):
    barnsley = LocalAuthority.objects.get(ons_code="E08000038")
    assert barnsley.former_codes == ["E08000016"]
    assert barnsley.dfe_code == "370"
    assert barnsley.type == LocalAuthority.Type.METROPOLITAN
    assert barnsley.region == LocalAuthority.Region.YORKSHIRE
    cumbria = LocalAuthority.objects.get(ons_code="E10000006")
    assert cumbria.type == LocalAuthority.Type.COUNTY
    assert str(cumbria.end_date) == "2023-03-31"
    assert Counter(LocalAuthority.objects.values_list("type", flat=True)) == Counter(
        {"unitary": 65, "metropolitan": 36, "london": 33, "county": 27}
    )


def test_every_current_authority_has_ten_ranked_neighbours(first_load):
    # The issue said "161 authorities, 10 statistical neighbours each": the data has neighbours
    # for the 153 current authorities only; its three predecessor rows have none.
    assert first_load["load_statistical_neighbours"] == Counter({CREATED: 1530})
    ranks_by_authority: dict[int, list[int]] = {}
    for authority_id, rank in StatisticalNeighbour.objects.values_list("authority_id", "rank"):
        ranks_by_authority.setdefault(authority_id, []).append(rank)
    current_ids = set(LocalAuthority.objects.current().values_list("pk", flat=True))
    assert set(ranks_by_authority) == current_ids
    assert all(sorted(ranks) == list(range(1, 11)) for ranks in ranks_by_authority.values())


def test_neighbours_named_by_former_code_resolve_to_the_authority(first_load):
    # Doncaster's list names Barnsley as E08000016, second; Birmingham's names Sheffield as
    # E08000019, seventh.
    doncaster = LocalAuthority.objects.get(name="Doncaster")
    assert doncaster.statistical_neighbours.get(rank=2).neighbour.ons_code == "E08000038"
    birmingham = LocalAuthority.objects.get(name="Birmingham")
    assert birmingham.statistical_neighbours.get(rank=7).neighbour.ons_code == "E08000039"
    assert [a.name for a in doncaster.ranked_neighbours()[:3]] == [
        "Rotherham",
        "Barnsley",
        "Wakefield",
    ]


def test_neighbours_match_the_file_in_order(first_load):
    resolver = services.AuthorityResolver.from_db()
    expected = {}
    for row in read_csv(services.NEIGHBOURS_FILE):
        codes = [c.strip() for c in row["stat_neighbours_la_code"].split(",") if c.strip()]
        if codes:
            expected[row["la_code_new"]] = [resolver.get(code).ons_code for code in codes]
    loaded: dict[str, list[str]] = {}
    for row in StatisticalNeighbour.objects.select_related("authority", "neighbour").order_by(
        "authority_id", "rank"
    ):
        loaded.setdefault(row.authority.ons_code, []).append(row.neighbour.ons_code)
    assert loaded == expected


def test_loads_every_statistics_row_at_three_levels(first_load):
    assert first_load["load_yearly_statistics"] == Counter({CREATED: 2152})
    assert Counter(YearlyStatistics.objects.values_list("level", flat=True)) == Counter(
        {"national": 13, "regional": 143, "local_authority": 1996}
    )
    england_2025 = YearlyStatistics.objects.get(level="national", year=2025)
    assert england_2025.cla_31_march == 81770
    assert england_2025.cla_rate_per_10000 == Decimal("67")
    assert england_2025.cin_rate_per_10000 == Decimal("330.3")
    assert england_2025.rereferral_percent == Decimal("22.6")
    inner_london = YearlyStatistics.objects.filter(level="regional", region="E13000001")
    assert inner_london.count() == 13


def test_barnsley_statistics_are_found_through_its_former_code(first_load):
    rows = [r for r in read_csv(services.STATISTICS_FILE) if r["new_la_code"] == "E08000016"]
    assert len(rows) == 13
    barnsley = LocalAuthority.objects.get(ons_code="E08000038")
    by_year = {s.year: s for s in barnsley.yearly_statistics.all()}
    assert len(by_year) == 13
    for row in rows:
        loaded = by_year[int(row["time_period"])]
        assert loaded.cin_31_march == (int(row["cin_31_march"]) if row["cin_31_march"] else None)
        assert loaded.referrals_in_year == (
            int(row["referrals_in_year"]) if row["referrals_in_year"] else None
        )


def test_predecessor_years_stay_with_the_predecessor(first_load):
    county = LocalAuthority.objects.get(ons_code="E10000002")
    council = LocalAuthority.objects.get(ons_code="E06000060")
    assert sorted(county.yearly_statistics.values_list("year", flat=True)) == list(
        range(2013, 2021)
    )
    assert sorted(council.yearly_statistics.values_list("year", flat=True)) == list(
        range(2021, 2026)
    )


def test_suppressed_figures_are_loaded_as_empty(first_load):
    suppressed = [
        r
        for r in read_csv(services.STATISTICS_FILE)
        if r["geographic_level"] == "Local authority" and r["cpp_31_march"] == "c"
    ]
    assert suppressed
    resolver = services.AuthorityResolver.from_db()
    row = suppressed[0]
    stats = YearlyStatistics.objects.get(
        authority=resolver.get(row["new_la_code"]), year=int(row["time_period"])
    )
    assert stats.cpp_31_march is None
    assert stats.cpp_rate is None


def test_every_loaded_record_has_one_history_row_by_the_system_user(first_load, reference_user):
    for model, file_name in (
        (LocalAuthority, services.AUTHORITIES_FILE),
        (StatisticalNeighbour, services.NEIGHBOURS_FILE),
        (YearlyStatistics, services.STATISTICS_FILE),
    ):
        history = model.history.all()
        assert history.count() == model.objects.count()
        assert history.values("id").distinct().count() == model.objects.count()
        assert set(history.values_list("history_type", flat=True)) == {"+"}
        assert set(history.values_list("history_user", flat=True)) == {reference_user.pk}
        assert set(history.values_list("history_change_reason", flat=True)) == {
            f"Loaded from {file_name}"
        }


def test_predecessor_history_row_records_its_successors(first_load):
    cumbria = LocalAuthority.objects.get(ons_code="E10000006")
    (row,) = cumbria.history.all()
    assert row.history_type == "+"
    assert {s.to_localauthority.name for s in row.successors.all()} == {
        "Cumberland",
        "Westmorland and Furness",
    }


def test_second_load_changes_nothing_and_writes_no_history(first_load, reference_user):
    history_before = [
        model.history.count() for model in (LocalAuthority, StatisticalNeighbour, YearlyStatistics)
    ]
    for loader in LOADERS:
        counts = loader(DATA_DIR, by=reference_user)
        assert set(counts) == {UNCHANGED}, loader.__name__
    history_after = [
        model.history.count() for model in (LocalAuthority, StatisticalNeighbour, YearlyStatistics)
    ]
    assert history_after == history_before


def copy_with(tmp_path, name: str, change) -> None:
    """Copy a reference file into tmp_path, passing each row through ``change``."""
    rows = read_csv(name)
    with (tmp_path / name).open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(change(dict(row)) or row for row in rows)


def test_changed_row_updates_one_authority_with_a_history_row(first_load, tmp_path):
    def rename_torbay(row):
        if row["ons_code"] == "E06000027":
            row["official_name"] = "Torbay Borough Council"
        return row

    copy_with(tmp_path, services.AUTHORITIES_FILE, rename_torbay)
    editor = system_user("reference-data-test")
    counts = services.load_authorities(tmp_path, by=editor)
    assert counts == Counter({UPDATED: 1, UNCHANGED: 160})
    torbay = LocalAuthority.objects.get(ons_code="E06000027")
    latest = torbay.history.latest()
    assert torbay.official_name == "Torbay Borough Council"
    assert (latest.history_type, latest.history_user) == ("~", editor)
    assert latest.history_change_reason == f"Loaded from {services.AUTHORITIES_FILE}"


def test_changed_successors_update_with_one_history_row(first_load, tmp_path):
    def only_cumberland(row):
        if row["ons_code"] == "E10000006":
            row["replaced_by"] = "Cumberland (E06000063)"
        return row

    copy_with(tmp_path, services.AUTHORITIES_FILE, only_cumberland)
    counts = services.load_authorities(tmp_path, by=system_user("reference-data"))
    assert counts == Counter({UPDATED: 1, UNCHANGED: 160})
    cumbria = LocalAuthority.objects.get(ons_code="E10000006")
    assert [a.name for a in cumbria.successors.all()] == ["Cumberland"]
    assert cumbria.history.count() == 2
    latest = cumbria.history.latest()
    assert latest.history_type == "~"
    assert [s.to_localauthority.name for s in latest.successors.all()] == ["Cumberland"]


def test_reordered_neighbours_replace_only_the_ranks_that_changed(first_load, tmp_path):
    def swap_first_two_for_torbay(row):
        if row["la_code_new"] == "E06000027":
            for column in ("stat_neighbours", "stat_neighbours_la_code"):
                codes = [c.strip() for c in row[column].split(",")]
                codes[0], codes[1] = codes[1], codes[0]
                row[column] = ", ".join(codes)
        return row

    copy_with(tmp_path, services.NEIGHBOURS_FILE, swap_first_two_for_torbay)
    counts = services.load_statistical_neighbours(tmp_path, by=system_user("reference-data"))
    assert counts == Counter({UNCHANGED: 1528, services.DELETED: 2, CREATED: 2})
    torbay = LocalAuthority.objects.get(ons_code="E06000027")
    assert [a.name for a in torbay.ranked_neighbours()[:2]] == ["Sunderland", "Tameside"]
    assert StatisticalNeighbour.history.filter(history_type="-").count() == 2


def test_resolver_finds_authorities_by_current_former_and_dfe_codes(first_load):
    resolver = services.AuthorityResolver.from_db()
    assert resolver.get("E08000016").name == "Barnsley"
    assert resolver.get("E08000038").name == "Barnsley"
    assert resolver.get("370").name == "Barnsley"
    # A DfE code shared by a predecessor and its successor means the current authority.
    assert resolver.get("825").ons_code == "E06000060"
    assert resolver.get("E10000002").ons_code == "E10000002"
    # A predecessor with a DfE code of its own is found by it.
    assert resolver.get("909").name == "Cumbria"
    assert resolver.get("E99999999") is None
    assert resolver.get("", "E99999999", "880").name == "Torbay"
