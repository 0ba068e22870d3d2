"""Dates and times as GOV.UK's style guide writes them, in Python and in every template."""

import datetime
import re
from pathlib import Path

from django.conf import settings
from django.template import Context, Template

from core.dates import govuk_date, govuk_datetime, govuk_time

UTC = datetime.UTC


def render(source: str, **context) -> str:
    return Template(source).render(Context(context))


# A date


def test_a_date_has_no_leading_zero_and_the_month_in_full():
    assert govuk_date(datetime.date(2016, 1, 5)) == "5 January 2016"


def test_a_date_is_read_from_an_iso_string():
    assert govuk_date("2017-04-05") == "5 April 2017"


def test_no_date_is_empty_text_or_what_the_caller_asks_for():
    assert govuk_date(None) == ""
    assert govuk_date("") == ""
    assert govuk_date(None, "Not yet published") == "Not yet published"


def test_a_moment_is_dated_as_it_was_in_london():
    # 23:30 UTC on 30 June is 00:30 on 1 July in British Summer Time.
    late = datetime.datetime(2024, 6, 30, 23, 30, tzinfo=UTC)
    assert govuk_date(late) == "1 July 2024"


def test_a_moment_in_winter_is_dated_in_gmt():
    assert govuk_date(datetime.datetime(2024, 1, 31, 23, 30, tzinfo=UTC)) == "31 January 2024"


# A time


def test_a_time_is_twelve_hour_with_am_or_pm_and_no_leading_zero():
    assert govuk_time(datetime.datetime(2024, 1, 5, 9, 5, tzinfo=UTC)) == "9:05am"
    assert govuk_time(datetime.datetime(2024, 1, 5, 15, 42, tzinfo=UTC)) == "3:42pm"


def test_midday_and_midnight_are_12pm_and_12am_without_minutes():
    assert govuk_time(datetime.datetime(2024, 1, 5, 12, 0, tzinfo=UTC)) == "12pm"
    assert govuk_time(datetime.datetime(2024, 1, 5, 0, 0, tzinfo=UTC)) == "12am"
    assert govuk_time(datetime.datetime(2024, 1, 5, 0, 30, tzinfo=UTC)) == "12:30am"


def test_a_time_is_told_in_london():
    assert govuk_time(datetime.datetime(2024, 6, 30, 19, 42, tzinfo=UTC)) == "8:42pm"


# A date and time


def test_a_moment_is_the_date_at_the_time():
    moment = datetime.datetime(2016, 1, 5, 15, 42, tzinfo=UTC)
    assert govuk_datetime(moment) == "5 January 2016 at 3:42pm"


def test_a_moment_just_before_midnight_utc_in_summer_is_the_next_morning():
    moment = datetime.datetime(2024, 6, 30, 23, 30, tzinfo=UTC)
    assert govuk_datetime(moment) == "1 July 2024 at 12:30am"


def test_no_moment_is_empty_text_or_what_the_caller_asks_for():
    assert govuk_datetime(None) == ""
    assert govuk_datetime(None, "Not yet") == "Not yet"


# The template filters: built in, so no {% load %}


def test_templates_write_dates_with_the_same_definition():
    day = datetime.date(2016, 1, 5)
    assert render("{{ day|govuk_date }}", day=day) == "5 January 2016"
    assert render("{{ day|govuk_date }}", day="2016-01-05") == "5 January 2016"


def test_templates_write_moments_with_the_same_definition():
    moment = datetime.datetime(2024, 6, 30, 11, 0, tzinfo=UTC)
    assert render("{{ moment|govuk_datetime }}", moment=moment) == "30 June 2024 at 12pm"


def test_a_missing_date_in_a_template_can_say_so():
    assert render('{{ day|govuk_date:"None" }}', day=None) == "None"
    assert render('{{ day|govuk_date|default:"Ongoing" }}', day=None) == "Ongoing"
    assert render("{{ moment|govuk_datetime }}", moment=None) == ""


# One time format everywhere (issue 16)


def test_the_time_filter_writes_govuk_times():
    evening = datetime.datetime(2024, 1, 31, 20, 42, tzinfo=UTC)
    assert render("{{ t|govuk_time }}", t=evening) == "8:42pm"
    assert render("{{ t|govuk_time:'Not yet' }}", t=None) == "Not yet"


def test_no_template_shows_a_time_in_another_format():
    """Every time on a page goes through the filters: no ``|time``, and ``|date`` only for
    machine-readable values (``c``, ``Y-m-d`` in a ``datetime`` attribute or a meta tag)."""
    root = Path(settings.BASE_DIR)
    machine = {"c", "Y-m-d"}
    offenders = []
    for path in root.glob("**/templates/**/*.html"):
        if ".venv" in path.parts or "node_modules" in path.parts:
            continue
        text = path.read_text()
        if re.search(r"\|\s*time\b", text):
            offenders.append(f"{path}: |time")
        for fmt in re.findall(r"\|\s*date:\s*['\"]([^'\"]*)['\"]", text):
            if fmt not in machine:
                offenders.append(f"{path}: |date:{fmt!r}")
    assert offenders == []
