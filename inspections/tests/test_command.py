"""manage.py load_reference_data: everything in one transaction, or nothing."""

import shutil
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command

from authorities.models import LocalAuthority
from inspections.models import Inspection

pytestmark = pytest.mark.django_db
LONG_FILE = "ofsted_la_inspections_2009-2023_long.csv"
ILACS_FILE = "ofsted_ilacs_inspection_history_2018-2025.csv"
STATISTICS_FILE = "dfe_csc_la_indicators_2013-2025.csv"


def run(*args) -> str:
    out = StringIO()
    call_command("load_reference_data", *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def data_copy(tmp_path, settings):
    """A writable copy of the reference data, with only the first 100 rows of statistics.

    The statistics are the authorities app's to test, and loading all 2,152 rows takes most of
    the time; these tests are about the command and the inspections.
    """
    copy = shutil.copytree(settings.REFERENCE_DATA_DIR, tmp_path / "data")
    statistics = copy / STATISTICS_FILE
    with statistics.open(encoding="utf-8") as handle:
        head = [line for _, line in zip(range(101), handle, strict=False)]
    statistics.write_text("".join(head), encoding="utf-8")
    return copy


def test_loads_everything_and_a_second_run_changes_nothing(data_copy):
    first = run("--path", str(data_copy))
    second = run("--path", str(data_copy))

    assert "Inspections: 723 created, 0 updated, 0 unchanged" in first
    assert "Judgements: 2743 created, 0 updated, 0 unchanged" in first
    assert "Authorities: 161 created" in first
    assert "Inspections: 0 created, 0 updated, 723 unchanged" in second
    assert "Judgements: 0 created, 0 updated, 2743 unchanged" in second
    assert "Authorities: 0 created, 0 updated, 161 unchanged" in second
    assert Inspection.objects.count() == 723


def test_a_broken_row_names_file_and_line_and_loads_nothing(data_copy):
    path = data_copy / LONG_FILE
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    lines[2] = lines[2].replace("2014-07-07", "2014-07-32")  # Barking and Dagenham's SIF
    path.write_text("".join(lines), encoding="utf-8")

    with pytest.raises(CommandError) as error:
        run("--path", str(data_copy))

    assert str(error.value) == (
        f"{LONG_FILE}, line 3: publication_date is not a date (YYYY-MM-DD): '2014-07-32'"
        " (nothing was loaded)"
    )
    # The authorities loaded before the broken file are rolled back with it.
    assert not LocalAuthority.objects.exists()
    assert not Inspection.objects.exists()
    assert not get_user_model().objects.filter(username="system:reference-data").exists()


def test_a_row_the_database_refuses_names_file_and_line_and_loads_nothing(data_copy):
    # Barking and Dagenham's 2019 ILACS again, published a week later: a second inspection by
    # its publication date, so it reaches the bulk insert, where the database refuses a second
    # inspection with the same start.
    path = data_copy / ILACS_FILE
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    assert ",2019-02-18,2019-04-01,ILACS Standard Inspection," in lines[1]
    lines.append(lines[1].replace(",2019-04-01,", ",2019-04-08,"))
    path.write_text("".join(lines), encoding="utf-8")

    with pytest.raises(CommandError) as error:
        run("--path", str(data_copy))

    assert str(error.value) == (
        f"{ILACS_FILE}, line {len(lines)}: This inspection is already recorded (nothing was loaded)"
    )
    assert not LocalAuthority.objects.exists()
    assert not Inspection.objects.exists()
    assert not Inspection.history.exists()


def test_missing_folder_is_an_error(tmp_path):
    with pytest.raises(CommandError, match="No reference data folder at .*shared/data folder"):
        run("--path", str(tmp_path / "nowhere"))


def test_missing_folder_can_be_skipped_with_a_pointer_to_the_data(tmp_path, settings):
    settings.REFERENCE_DATA_DIR = tmp_path / "nowhere"

    output = run("--skip-missing")

    assert f"No reference data folder at {tmp_path / 'nowhere'}" in output
    assert "shared/data folder: set REFERENCE_DATA_DIR, or pass --path" in output
    assert not LocalAuthority.objects.exists()
