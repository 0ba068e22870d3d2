"""Loading Ofsted's files: what ends up in the database, once, however often it is loaded.

How the counts reconcile with the files (README row counts):
- 569 rows 2009-2023 (392 SLAC/CPI/TLAC/SIF + 177 ILACS) + 271 ILACS 2018-2025 + 112 in-year
  2024-25 (52 ILACS inspections, 36 focused visits, 24 monitoring visits) = 952 rows.
- Every one of the 177 ILACS rows of 2009-2023 is one of the 271 in the ILACS history (Nottingham's
  after correcting its publication date), and the 52 in-year inspections are all in it too.
- So: 392 + 271 = 663 graded inspections, plus 60 visits = 723 inspections.
- Judgements: 1,556 graded cells in the 392 pre-ILACS rows ("-" means not judged) + 1,187 in the
  ILACS history; the 717 ILACS cells of 2009-2023 and the 260 in-year cells are the same
  judgements again. 1,556 + 1,187 = 2,743.
"""

import datetime
from collections import Counter

import pytest
from django.conf import settings
from django.db.models import Count

from authorities.models import LocalAuthority
from authorities.services import AuthorityResolver
from core.history import system_user
from core.loading import DataFileError
from inspections.models import Area, Framework, Grade, Inspection, Judgement
from inspections.services import (
    LATEST_FILE,
    LOAD_REASON,
    check_latest_judgements,
    load_inspections,
)

pytestmark = pytest.mark.usefixtures("reference_data")


def test_first_load_creates_every_inspection_and_judgement(reference_data):
    assert reference_data == Counter({"inspections created": 723, "judgements created": 2743})


def test_counts_by_framework_and_type(db):
    assert Inspection.objects.graded().count() == 663
    assert Inspection.objects.visits().count() == 60
    assert Judgement.objects.count() == 2743
    by_framework = dict(
        Inspection.objects.graded().values_list("framework").annotate(n=Count("id"))
    )
    assert by_framework == {"SLAC": 163, "CPI": 51, "TLAC": 5, "SIF": 173, "ILACS": 271}
    by_visit = dict(Inspection.objects.visits().values_list("type").annotate(n=Count("id")))
    assert by_visit == {"focused_visit": 36, "monitoring_visit": 24}


def test_each_ilacs_inspection_is_loaded_once_with_its_start_date(db):
    ilacs = Inspection.objects.graded().filter(framework=Framework.ILACS)

    assert ilacs.values("authority", "publication_date").distinct().count() == 271
    assert not ilacs.filter(inspection_date__isnull=True).exists()
    barking = ilacs.get(authority__ons_code="E09000002", publication_date="2019-04-01")
    assert barking.inspection_date == datetime.date(2019, 2, 18)
    assert barking.source == (
        "ofsted_la_inspections_2009-2023_long.csv; ofsted_ilacs_inspection_history_2018-2025.csv"
    )


def test_nottinghams_misdated_ilacs_is_corrected_not_duplicated(db):
    nottingham = Inspection.objects.graded().filter(
        authority__ons_code="E06000018", framework=Framework.ILACS
    )

    assert list(nottingham.values_list("publication_date", flat=True)) == [
        datetime.date(2022, 9, 5),
        datetime.date(2019, 1, 7),
    ]
    assert "corrected from 5 November 2022" in nottingham[0].notes


def test_files_disagreeing_on_type_keep_the_later_and_say_so(db):
    merton = Inspection.objects.get(authority__ons_code="E09000024", publication_date="2022-05-09")

    assert merton.type == Inspection.Type.SHORT
    assert "says standard inspection" in merton.notes


def test_in_year_inspection_matches_the_ilacs_history(db):
    # Barnet's 2024 short inspection is in both 2025 files: one inspection, both sources.
    barnet = Inspection.objects.get(authority__ons_code="E09000003", publication_date="2024-07-23")

    assert barnet.source.endswith("ofsted_la_inyear_activity_2024-25.csv")
    assert barnet.grades[Area.CHILDREN_IN_CARE] == Grade.OUTSTANDING


def test_visits_keep_their_theme(db):
    nottingham_visits = Inspection.objects.visits().filter(authority__ons_code="E06000018")

    assert sorted(nottingham_visits.values_list("publication_date", "themes")) == [
        (datetime.date(2024, 5, 15), "Children in care"),
        (datetime.date(2024, 9, 2), "Front door"),
        (datetime.date(2024, 12, 12), "Children in care"),
    ]
    assert not Judgement.objects.filter(inspection__in=nottingham_visits).exists()


def test_2009_to_2013_grades_are_stored_as_adequate(db):
    torbay_slac = Inspection.objects.get(authority__ons_code="E06000027", framework="SLAC")

    assert torbay_slac.grades == {
        Area.SAFEGUARDING: Grade.INADEQUATE,
        Area.LOOKED_AFTER: Grade.ADEQUATE,
    }
    old_scale = Judgement.objects.filter(inspection__framework__in=["SLAC", "CPI", "TLAC"])
    assert not old_scale.filter(grade=Grade.REQUIRES_IMPROVEMENT).exists()
    assert not Judgement.objects.filter(
        inspection__framework__in=["SIF", "ILACS"], grade=Grade.ADEQUATE
    ).exists()


def test_former_codes_and_predecessors_are_resolved(db):
    barnsley = LocalAuthority.objects.get(ons_code="E08000038")  # E08000016 in Ofsted's files
    bournemouth = LocalAuthority.objects.get(ons_code="E06000028")  # replaced in 2019

    assert barnsley.inspections.filter(framework=Framework.ILACS).count() == 3
    assert bournemouth.inspections.filter(framework=Framework.ILACS).exists()


def test_loaded_rows_name_the_loader_in_their_history(db):
    inspection = Inspection.objects.get(authority__ons_code="E06000027", framework="CPI")
    judgement = inspection.judgements.get()

    for row in (inspection.history.get(), judgement.history.get()):
        assert row.history_user == system_user("reference-data")
        assert row.history_change_reason == LOAD_REASON


def test_every_loaded_row_has_one_creation_history_row_by_the_loader(db):
    # The first load creates its rows in bulk; each must still have its own history row.
    loader = system_user("reference-data")
    for model in (Inspection, Judgement):
        history = model.history.all()
        assert history.count() == model.objects.count()
        assert history.values("id").distinct().count() == model.objects.count()
        assert set(history.values_list("history_type", flat=True)) == {"+"}
        assert set(history.values_list("history_user", flat=True)) == {loader.pk}
        assert set(history.values_list("history_change_reason", flat=True)) == {LOAD_REASON}
    judgement = Judgement.objects.select_related("inspection").first()
    row = judgement.history.get()
    assert (row.inspection_id, row.area, row.grade) == (
        judgement.inspection_id,
        judgement.area,
        judgement.grade,
    )


def test_second_load_changes_nothing_and_writes_no_history(db):
    history_before = Inspection.history.count() + Judgement.history.count()

    counts = load_inspections(settings.REFERENCE_DATA_DIR, by=system_user("reference-data"))

    assert counts == Counter({"inspections unchanged": 723, "judgements unchanged": 2743})
    assert Inspection.history.count() + Judgement.history.count() == history_before


def test_reload_puts_back_a_changed_grade_with_history(db, admin_user):
    judgement = Judgement.objects.get(
        inspection__authority__ons_code="E06000027", inspection__framework="CPI"
    )
    judgement.grade = Grade.GOOD
    judgement.save()

    counts = load_inspections(settings.REFERENCE_DATA_DIR, by=admin_user)

    judgement.refresh_from_db()
    assert judgement.grade == Grade.ADEQUATE
    assert counts["judgements updated"] == 1
    assert judgement.history.first().history_user == admin_user


def test_latest_ilacs_judgements_match_ofsteds_list(db):
    # load_inspections has run this check already; it returns quietly when all is well.
    check_latest_judgements(settings.REFERENCE_DATA_DIR / LATEST_FILE, AuthorityResolver.from_db())


def test_latest_judgements_check_names_the_row_that_differs(db):
    latest = Inspection.objects.get(authority__ons_code="E06000027", publication_date="2022-05-18")
    overall = latest.judgements.get(area=Area.OVERALL)
    overall.grade = Grade.INADEQUATE
    overall.save()

    with pytest.raises(DataFileError) as error:
        check_latest_judgements(
            settings.REFERENCE_DATA_DIR / LATEST_FILE, AuthorityResolver.from_db()
        )

    line = next(
        n
        for n, text in enumerate((settings.REFERENCE_DATA_DIR / LATEST_FILE).open(), start=1)
        if ",E06000027," in text
    )
    assert str(error.value).startswith(f"{LATEST_FILE}, line {line}: Torbay's latest ILACS")
    assert "overall effectiveness Good here, Inadequate loaded" in str(error.value)
