"""Create forms that save once: each form carries a token, and the first submission to save
claims it (issue 15). A second submission of the same form (a double click, a POST sent again
from the browser's history) is sent to what the first saved instead of saving a copy. The
claim is a row with a unique token in the request's transaction, so two submissions at the
same moment cannot both claim it: the second waits for the first, then finds its claim.
"""

from __future__ import annotations

import datetime
import re
import secrets
from dataclasses import dataclass

from django import forms
from django.db import IntegrityError, transaction
from django.utils import timezone

from .models import FormSubmission

KEEP_FOR = datetime.timedelta(days=1)
TOKEN = re.compile(r"^[A-Za-z0-9_-]{20,64}$")


class OnceOnlyForm(forms.Form):
    """A form with a hidden one-time ``submission`` token (a new one on each blank form)."""

    submission = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault("submission", secrets.token_urlsafe(24))

    def submission_token(self) -> str | None:
        token = self.cleaned_data.get("submission") or ""
        return token if TOKEN.match(token) else None


@dataclass
class Claim:
    """The outcome of claiming a token: ``row`` to fill in once saved, or where the earlier
    submission's record is (``done`` is True, ``saved_url`` may be empty if it saved none)."""

    row: FormSubmission | None
    done: bool = False
    saved_url: str = ""


def claim(token: str | None, *, user) -> Claim:
    """Claim ``token`` for ``user``; without a token (an old page) there is nothing to claim."""
    if token is None:
        return Claim(row=None)
    # A resent form comes within minutes, not days: claims older than a day go.
    FormSubmission.objects.filter(submitted_at__lt=timezone.now() - KEEP_FOR).delete()
    earlier = FormSubmission.objects.filter(token=token).first()
    if earlier is None:
        try:
            with transaction.atomic():
                return Claim(row=FormSubmission.objects.create(token=token, user=user))
        except IntegrityError:  # claimed by a submission that has just committed
            earlier = FormSubmission.objects.filter(token=token).first()
    if earlier is None or earlier.user_id != user.pk:
        return Claim(row=None, done=True)
    return Claim(row=None, done=True, saved_url=earlier.saved_url)


def saved(claimed: Claim, url: str) -> None:
    """Record where the claiming submission's record is, for any later one."""
    if claimed.row is not None:
        claimed.row.saved_url = url[:500]
        claimed.row.save(update_fields=["saved_url"])
