"""Factories for inspections, and a quick way to write a graded inspection with its grades."""

import datetime

import factory
from factory.django import DjangoModelFactory

from authorities.models import LocalAuthority
from authorities.tests.factories import LocalAuthorityFactory
from inspections.models import Area, Framework, Grade, Inspection, Judgement


class InspectionFactory(DjangoModelFactory):
    class Meta:
        model = Inspection

    authority = factory.SubFactory(LocalAuthorityFactory)
    framework = Framework.ILACS
    type = Inspection.Type.STANDARD
    publication_date = factory.Sequence(
        lambda n: datetime.date(2019, 1, 1) + datetime.timedelta(days=n)
    )
    inspection_date = factory.LazyAttribute(
        lambda o: o.publication_date - datetime.timedelta(days=56) if o.publication_date else None
    )


class JudgementFactory(DjangoModelFactory):
    class Meta:
        model = Judgement

    inspection = factory.SubFactory(InspectionFactory)
    area = Area.OVERALL
    grade = Grade.GOOD


def graded(
    authority: LocalAuthority,
    framework: str,
    published: str | None,
    *,
    type: str = Inspection.Type.STANDARD,
    started: str | None = None,
    **grades: str,
) -> Inspection:
    """An inspection with its grades: ``graded(la, "SIF", "2016-01-05", overall="inadequate")``.

    Grade keywords are areas (``help_and_protection``), with ``overall`` for overall effectiveness.
    """
    inspection = InspectionFactory(
        authority=authority,
        framework=framework,
        type=type,
        publication_date=datetime.date.fromisoformat(published) if published else None,
        inspection_date=datetime.date.fromisoformat(started) if started else None,
    )
    for area, grade in grades.items():
        area = Area.OVERALL if area == "overall" else Area(area)
        JudgementFactory(inspection=inspection, area=area, grade=Grade(grade))
    return inspection


def visit(authority: LocalAuthority, published: str, type: str = Inspection.Type.MONITORING_VISIT):
    return InspectionFactory(
        authority=authority,
        framework=Framework.ILACS,
        type=type,
        publication_date=datetime.date.fromisoformat(published),
        inspection_date=None,
    )
