"""Building blocks shared by the intervention's models."""

from django.db import models


class Versioned(models.Model):
    """A row whose ``version`` goes up by one on every save, for optimistic locking in forms.

    A form carries the version it was built from; a save whose version no longer matches the
    database is a lost update (the later optimistic-locking issue checks this in services).
    """

    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if not self._state.adding:
            self.version += 1
        super().save(*args, **kwargs)


# An open intervention with nothing recorded for this long is stale.
STALE_AFTER_MONTHS = 6


class DeliveryModel(models.TextChoices):
    """How children's services are run or supported: shared by partnerships and ADM options.

    One list, not one per model, because an ADM option, a recommendation and the partnership
    that implements it must use the same words for the same thing.
    """

    RETAIN = "retain", "Council keeps its services, with support"
    RUNS_SERVICES = "runs_services", "Another authority runs the services"
    EXPERT_ADVISER = "expert_adviser", "Expert adviser"
    IMPROVEMENT_PARTNER = "improvement_partner", "Improvement partner"
    ADM_PARTNERSHIP = "adm_partnership", "Inter-authority partnership (ADM)"
    CHILDRENS_TRUST = "childrens_trust", "Children's trust"
    INTEGRATED_CARE = "integrated_care", "Integrated care organisation"
    OTHER = "other", "Other"
