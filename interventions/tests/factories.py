"""factory_boy factories for every interventions model (and the authorities and inspections
they need, until those apps have factories of their own)."""

import datetime
from decimal import Decimal

import factory
from django.contrib.auth import get_user_model

from authorities.models import LocalAuthority
from inspections.models import Inspection
from interventions import models
from interventions.duties import add_months

START = datetime.date(2016, 5, 1)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ["username"]

    username = factory.Sequence(lambda n: f"user{n}")


class LocalAuthorityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = LocalAuthority
        django_get_or_create = ["ons_code"]

    ons_code = factory.Sequence(lambda n: f"E06{n:06d}")
    dfe_code = factory.Sequence(lambda n: f"{800 + n % 199:03d}")
    name = factory.Sequence(lambda n: f"Authority {n}")
    type = LocalAuthority.Type.UNITARY
    region = LocalAuthority.Region.SOUTH_WEST


class InspectionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Inspection

    authority = factory.SubFactory(LocalAuthorityFactory)
    framework = "SIF"
    type = Inspection.Type.STANDARD
    inspection_date = datetime.date(2015, 10, 12)
    publication_date = datetime.date(2016, 1, 14)


class ThemeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Theme

    code = factory.Sequence(lambda n: f"theme-{n}")
    name = factory.Sequence(lambda n: f"Theme {n}")
    order = factory.Sequence(lambda n: 100 + n)


class InterventionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Intervention

    authority = factory.SubFactory(LocalAuthorityFactory)
    opened_on = START
    status_changed_on = factory.SelfAttribute("opened_on")
    status = models.Intervention.Status.TRIGGERED
    exit_reason = factory.LazyAttribute(lambda o: "other" if o.closed_on else "")
    closed_on = None


class StatusChangeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.StatusChange

    intervention = factory.SubFactory(InterventionFactory)
    from_status = ""
    to_status = models.Intervention.Status.TRIGGERED
    changed_on = START
    reason = "Intervention opened"


class ImprovementNoticeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.ImprovementNotice

    intervention = factory.SubFactory(InterventionFactory)
    issued_on = START
    requirements = "Improve help and protection"


class StatutoryDirectionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.StatutoryDirection

    intervention = factory.SubFactory(InterventionFactory)
    issued_on = START
    requires_commissioner = True
    next_review_on = factory.LazyAttribute(lambda o: add_months(o.issued_on, 6))


class CommissionerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Commissioner

    name = factory.Sequence(lambda n: f"Commissioner {n}")
    title = "Chief Executive"


class CommissionerAppointmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.CommissionerAppointment

    intervention = factory.SubFactory(InterventionFactory)
    commissioner = factory.SubFactory(CommissionerFactory)
    starts_on = factory.SelfAttribute("intervention.opened_on")


class ImprovementPartnershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.ImprovementPartnership

    intervention = factory.SubFactory(InterventionFactory)
    supported = factory.SelfAttribute("intervention.authority")
    # Codes of their own: LocalAuthorityFactory gets or creates by code, and once (under
    # pytest-xdist, 6 December) its sequence met the supported authority's code, so the
    # partnership supported itself and the database refused it.
    supporting = factory.SubFactory(
        LocalAuthorityFactory, ons_code=factory.Sequence(lambda n: f"E08{900000 + n:06d}")
    )
    model = models.DeliveryModel.EXPERT_ADVISER
    legal_basis = models.ImprovementPartnership.LegalBasis.DIRECTED
    starts_on = START
    day_allowance_per_year = Decimal("200")


class PartnerDayLogFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.PartnerDayLog

    partnership = factory.SubFactory(ImprovementPartnershipFactory)
    worked_on = datetime.date(2016, 6, 1)
    days = Decimal("1.5")
    description = "Practice review"


class ImprovementBoardFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.ImprovementBoard

    intervention = factory.SubFactory(InterventionFactory)
    chair_name = "Professor Ray Jones"
    independent_chair = True
    established_on = START


class BoardMeetingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.BoardMeeting

    board = factory.SubFactory(ImprovementBoardFactory)
    held_on = factory.Sequence(lambda n: START + datetime.timedelta(days=30 * (n + 1)))
    decisions = "Agree the improvement plan"


class ADMAssessmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.ADMAssessment

    intervention = factory.SubFactory(InterventionFactory)
    started_on = START


class ADMOptionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.ADMOption

    assessment = factory.SubFactory(ADMAssessmentFactory)
    name = factory.Sequence(lambda n: f"Option {n}")
    model = models.DeliveryModel.ADM_PARTNERSHIP
    pros = "Strength and depth of specialist expertise"
    cons = "Distance"
    risks = "Pace of change"


class MinisterialDecisionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.MinisterialDecision

    intervention = factory.SubFactory(InterventionFactory)
    stage = models.MinisterialDecision.Stage.MINDED_TO
    decided_on = datetime.date(2017, 6, 30)
    decision = "Minded to accept the commissioner's recommendation"


class ProgressEntryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.ProgressEntry

    intervention = factory.SubFactory(InterventionFactory)
    occurred_on = datetime.date(2016, 6, 1)
    kind = models.ProgressEntry.Kind.VISIT
    summary = "Met the director and front-line managers"


class ThemeRatingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.ThemeRating

    entry = factory.SubFactory(ProgressEntryFactory)
    theme = factory.SubFactory(ThemeFactory)
    rag = models.ThemeRating.Rag.RED
    direction = models.ThemeRating.Direction.NO_CHANGE
    rationale = "Too early to see change"


class ActionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Action

    intervention = factory.SubFactory(InterventionFactory)
    title = factory.Sequence(lambda n: f"Action {n}")
    owner = "Director of children's services"
    due_on = datetime.date(2016, 9, 1)
