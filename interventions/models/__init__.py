"""DfE interventions in children's services: the intervention and everything recorded about it.

An intervention follows the lifecycle in DOMAIN.md (trigger, notice or direction, commissioner,
initial review, the Minister's decision, implementation, monitoring, exit). Every model here is
history-tracked; key dates and statuses change only with a reason (see ``services.py``). One
module a concern; everything is imported from ``interventions.models``.
"""

from .actions import Action, ActionQuerySet
from .base import STALE_AFTER_MONTHS, DeliveryModel, Versioned
from .boards import BoardMeeting, ImprovementBoard
from .commissioners import AppointmentQuerySet, Commissioner, CommissionerAppointment
from .decisions import ADMAssessment, ADMOption, MinisterialDecision
from .evidence import Evidence, EvidenceQuerySet, StagedUpload, evidence_upload_to
from .instruments import ImprovementNotice, Instrument, InstrumentQuerySet, StatutoryDirection
from .intervention import (
    Intervention,
    InterventionQuerySet,
    InterventionRecordQuerySet,
    StatusChange,
)
from .partnerships import DayUsage, ImprovementPartnership, PartnerDayLog
from .progress import ProgressEntry, Theme, ThemeRating, ThemeRatingQuerySet

__all__ = [
    "STALE_AFTER_MONTHS",
    "ADMAssessment",
    "ADMOption",
    "Action",
    "ActionQuerySet",
    "AppointmentQuerySet",
    "BoardMeeting",
    "Commissioner",
    "CommissionerAppointment",
    "DayUsage",
    "DeliveryModel",
    "Evidence",
    "EvidenceQuerySet",
    "ImprovementBoard",
    "ImprovementNotice",
    "ImprovementPartnership",
    "Instrument",
    "InstrumentQuerySet",
    "Intervention",
    "InterventionQuerySet",
    "InterventionRecordQuerySet",
    "MinisterialDecision",
    "PartnerDayLog",
    "ProgressEntry",
    "StatusChange",
    "StatutoryDirection",
    "Theme",
    "ThemeRating",
    "ThemeRatingQuerySet",
    "Versioned",
    "evidence_upload_to",
    "StagedUpload",
]
