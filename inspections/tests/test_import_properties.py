"""Property-based tests of ``manage.py load_reference_data`` on broken copies of the real files.

Hypothesis takes small copies of the seven reference files (every authority; the other files
cut down to three authorities: Barking and Dagenham, Barnet, and Barnsley, which Ofsted and DfE
still call by its former code) and breaks one or two of them the ways files get broken:
truncated, emptied or missing; a column dropped, repeated or moved; a row dropped or repeated;
a cell replaced by garbage, a huge number, a date in another format or an unknown code;
re-encoded (UTF-16, Windows-1252, a BOM) or sprinkled with bytes that are not UTF-8.

Whatever the files hold, the command either loads them or stops with a ``CommandError``: one
line naming the file (and line) and saying nothing was loaded; never another exception. And a
refused load changes nothing: every row and every history row is as it was, whether the
database was empty or already held the reference data.
"""

import csv
import io
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.db import transaction
from hypothesis import given
from hypothesis import strategies as st

from authorities import services as authority_files
from authorities.models import LocalAuthority
from core.testing import database_url_for_test_db, fuzz
from inspections import services as inspection_files

pytestmark = pytest.mark.django_db

FUZZ = fuzz(max_examples=40)

# Barking and Dagenham, Barnet, and Barnsley (E08000038 now, E08000016 in Ofsted's and DfE's
# files): every kind of row the files hold, and a former code to resolve.
SAMPLE = {"E09000002", "E09000003", "E08000038", "E08000016"}
OFSTED_CODE = "Local authority area code"


def in_sample(name: str, row: dict[str, str]) -> bool:
    """Whether a row of the file ``name`` belongs in the small copy."""
    if name == authority_files.AUTHORITIES_FILE:
        return True  # every authority: the neighbours of the sample are all over England
    if name == authority_files.NEIGHBOURS_FILE:
        return row["la_code_new"] in SAMPLE
    if name == authority_files.STATISTICS_FILE:
        level = row["geographic_level"]
        return (
            level == "National"
            or (level == "Regional" and row["time_period"] == "2025")
            or row["new_la_code"] in SAMPLE
        )
    if name == inspection_files.LONG_FILE:
        return row["ons_code"] in SAMPLE
    return row[OFSTED_CODE] in SAMPLE


def small_copy(name: str) -> bytes:
    """The file's header and the lines of its rows ``in_sample``, byte for byte."""
    lines = (settings.REFERENCE_DATA_DIR / name).read_bytes().splitlines(keepends=True)
    header = next(csv.reader([lines[0].decode("utf-8-sig")]))
    kept = [
        line
        for line in lines[1:]
        if in_sample(name, dict(zip(header, next(csv.reader([line.decode()])), strict=True)))
    ]
    return b"".join([lines[0], *kept])


FILES = (
    authority_files.AUTHORITIES_FILE,
    authority_files.NEIGHBOURS_FILE,
    authority_files.STATISTICS_FILE,
    inspection_files.LONG_FILE,
    inspection_files.ILACS_FILE,
    inspection_files.INYEAR_FILE,
    inspection_files.LATEST_FILE,
)
SAMPLE_FILES = {name: small_copy(name) for name in FILES}


# ---------------------------------------------------------------------------------------------
# Ways to break a file


def table(content: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig"), newline="")))


def untable(rows: list[list[str]]) -> bytes:
    out = io.StringIO(newline="")
    csv.writer(out, lineterminator="\n").writerows(rows)
    return out.getvalue().encode()


GARBAGE = st.one_of(
    st.text(max_size=20),
    st.sampled_from(
        [
            "",
            " ",
            "-",
            "x",
            "\x00",
            "9" * 40,
            "-1",
            "1e400",
            "NaN",
            "inf",
            "1,000,000,000,000,000,000,000",
            "2019-13-01",
            "2019-02-29",
            "31/03/2019",
            "March 2019",
            "20190331",
            "0000-00-00",
            "E06999999",
            "E12000010",
            "999",
            "8790",
            "inadequate",
            "Requires improvement",
            "Adequate",
            "True ",
            "yes",
            "Unitary",
            "SIF",
            "ILACS Focused Visit",
            "Local authority",
            "Somewhere (E06000027)",
            "E09000002, E09000002",
        ]
    ),
    st.integers().map(str),
    st.dates().map(lambda day: day.strftime("%d/%m/%Y")),
)


@st.composite
def broken(draw, content: bytes) -> bytes | None:
    """``content`` broken one way (None: the file is missing)."""
    rows = table(content)
    width = len(rows[0])
    column = st.integers(0, width - 1)
    row = st.integers(1, len(rows) - 1) if len(rows) > 1 else st.just(0)
    how = draw(
        st.sampled_from(
            [
                "truncate",
                "empty",
                "missing",
                "header only",
                "drop column",
                "repeat column",
                "move columns",
                "drop row",
                "repeat row",
                "garbage",
                "nul",
                "short row",
                "long row",
                "encoding",
                "bad bytes",
            ]
        )
    )
    if how == "truncate":
        return content[: draw(st.integers(0, len(content) - 1))]
    if how == "empty":
        return b""
    if how == "missing":
        return None
    if how == "header only":
        return untable(rows[:1])
    if how in ("drop column", "repeat column"):
        at = draw(column)
        times = 0 if how == "drop column" else 2
        return untable([[*r[:at], *[r[at]] * times, *r[at + 1 :]] for r in rows])
    if how == "move columns":
        order = draw(st.permutations(range(width)))
        return untable([[r[i] for i in order] for r in rows])
    if how in ("drop row", "repeat row"):
        at = draw(row)
        times = 0 if how == "drop row" else 2
        return untable([*rows[:at], *[rows[at]] * times, *rows[at + 1 :]])
    if how == "garbage":
        at_row, at_column, value = draw(row), draw(column), draw(GARBAGE)
        rows[at_row][at_column] = value
        return untable(rows)
    if how == "nul":  # a NUL byte inside a value that is otherwise right
        at_row, at_column = draw(row), draw(column)
        rows[at_row][at_column] += "\x00"
        return untable(rows)
    if how in ("short row", "long row"):
        at = draw(row)
        rows[at] = rows[at][:-1] if how == "short row" else [*rows[at], draw(GARBAGE)]
        return untable(rows)
    if how == "encoding":
        codec = draw(st.sampled_from(["utf-16", "utf-32", "cp1252", "utf-8-sig"]))
        return content.decode("utf-8-sig").replace("Barnet", "Barnét").encode(codec)
    at = draw(st.integers(0, len(content)))
    return content[:at] + draw(st.binary(min_size=1, max_size=4)) + content[at:]


@st.composite
def broken_files(draw) -> dict[str, bytes | None]:
    """The sample files, one or two of them broken."""
    files = dict(SAMPLE_FILES)
    for name in draw(st.lists(st.sampled_from(FILES), min_size=1, max_size=2, unique=True)):
        files[name] = draw(broken(files[name]))
    return files


# ---------------------------------------------------------------------------------------------
# Running the command, and what the database holds


def write(folder: Path, files: dict[str, bytes | None]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, content in files.items():
        path = folder / name
        path.unlink(missing_ok=True)
        if content is not None:
            path.write_bytes(content)
    return folder


def load(folder: Path) -> str:
    out = io.StringIO()
    call_command("load_reference_data", "--path", str(folder), stdout=out)
    return out.getvalue()


# The loaders' tables and their history, and the users (the load's system user).
TABLES = [
    get_user_model(),
    *apps.get_app_config("authorities").get_models(),
    *apps.get_app_config("inspections").get_models(),
]


def everything() -> dict[str, list[tuple]]:
    """Every row of every table the load writes to, its history tables too, by table."""
    return {model._meta.label: sorted(model.objects.values_list(), key=repr) for model in TABLES}


def refused_cleanly(error: CommandError) -> None:
    message = str(error)
    assert "\n" not in message
    assert message.startswith(FILES), message
    assert message.endswith("(nothing was loaded)"), message


def load_or_refuse(folder: Path) -> None:
    """Load the files in ``folder``: if refused, say why in one line and change nothing."""
    with transaction.atomic():
        before = everything()
        try:
            load(folder)
        except CommandError as error:
            refused_cleanly(error)
            assert everything() == before
        transaction.set_rollback(True)  # each example starts from the same database


@pytest.fixture
def folder(tmp_path) -> Path:
    return tmp_path / "data"


def test_the_sample_files_load(folder):
    """The unbroken copies load: what the tests below break is a good load."""
    output = load(write(folder, SAMPLE_FILES))

    assert "Authorities: 161 created" in output
    assert "Statistical neighbours: 30 created" in output
    assert "Inspections: 14 created" in output
    assert "Judgements: 54 created" in output


@FUZZ
@given(files=broken_files())
def test_broken_files_are_loaded_or_refused_on_an_empty_database(folder, files):
    load_or_refuse(write(folder, files))


@pytest.fixture
def loaded(folder):
    load(write(folder / "first", SAMPLE_FILES))


@FUZZ
@given(files=broken_files())
def test_broken_files_are_loaded_or_refused_over_the_loaded_data(loaded, folder, files):
    load_or_refuse(write(folder / "again", files))


@pytest.mark.parametrize(
    ("name", "column"),
    [
        (authority_files.AUTHORITIES_FILE, "name"),
        (inspection_files.LONG_FILE, "notes"),
        (inspection_files.INYEAR_FILE, "Visit Theme"),
    ],
)
def test_a_nul_character_is_refused_naming_the_line(folder, name, column):
    # Found by the tests above: PostgreSQL cannot store NUL in text, and the load stopped with a
    # ValueError and a traceback.
    rows = table(SAMPLE_FILES[name])
    rows[2][rows[0].index(column)] = "Barking\x00"

    with pytest.raises(CommandError) as error:
        load(write(folder, {**SAMPLE_FILES, name: untable(rows)}))

    assert str(error.value) == f"{name}, line 3: a value holds a NUL character (nothing was loaded)"


# Committed (transaction=True): on SQLite, an open test transaction that has read the database
# holds a lock the command's own connection would wait on until "database is locked". Serialized
# rollback puts back the migrations' rows afterwards, as every committing test here does.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_an_operator_sees_one_line_saying_what_is_wrong_and_no_traceback(folder):
    rows = table(SAMPLE_FILES[inspection_files.LONG_FILE])
    rows[3][rows[0].index("publication_date")] = "31/03/2016"
    write(folder, {**SAMPLE_FILES, inspection_files.LONG_FILE: untable(rows)})

    run = subprocess.run(
        [sys.executable, "manage.py", "load_reference_data", "--path", str(folder)],
        cwd=settings.BASE_DIR,
        env={**os.environ, "DATABASE_URL": database_url_for_test_db()},
        capture_output=True,
        text=True,
        timeout=120,
    )

    assert run.returncode == 1
    assert "Traceback" not in run.stderr
    # The last line (system checks may warn first, as for any command).
    assert run.stderr.splitlines()[-1] == (
        f"CommandError: {inspection_files.LONG_FILE}, line 4: publication_date is not a date"
        " (YYYY-MM-DD): '31/03/2016' (nothing was loaded)"
    )
    assert run.stdout == ""
    assert not LocalAuthority.objects.exists()
