"""Form pieces every app shares: the sign-in form and the GOV.UK date input.

GOV.UK asks for a date as three boxes (day, month, year) and words its errors by what is
wrong ("Date must include a month", "Date must be a real date"), highlighting only the boxes
at fault; `GovukDateField` does both, and `templates/includes/date_input.html` renders it.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass

from django import forms
from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.utils import timezone
from django.utils.text import capfirst

from .signin import providers, second_factor

PARTS = ("day", "month", "year")
MONTH_NAMES = {
    name: number
    for number, month in enumerate(
        (
            "january",
            "february",
            "march",
            "april",
            "may",
            "june",
            "july",
            "august",
            "september",
            "october",
            "november",
            "december",
        ),
        start=1,
    )
    for name in (month, month[:3])
} | {"sept": 9}


class SignInForm(AuthenticationForm):
    """Django's sign-in form with GOV.UK error wording, its summary linking to the username."""

    error_messages = {
        "invalid_login": "Enter a correct username and password",
        "inactive": "This account cannot sign in. Ask your service administrator to reactivate it",
        "use_provider": "Sign in with %(providers)s: passwords are only for admin accounts",
    }
    # templates/includes/error_summary.html links non-field errors here.
    non_field_error_target = "id_username"

    def __init__(self, request=None, *args, **kwargs):
        super().__init__(request, *args, **kwargs)
        # AuthenticationForm sets the username's max_length after the field is built, so nothing
        # checked it: a longer name reached django-axes, which cannot store it (a 500 on
        # PostgreSQL). No account has a longer name, so it is refused before anyone looks.
        username = self.fields["username"]
        username.validators.append(MaxLengthValidator(username.max_length))
        username.error_messages["max_length"] = (
            f"Username must be {username.max_length} characters or fewer"
        )

    def confirm_login_allowed(self, user):
        """Once a provider is on, only admin (break-glass) accounts sign in with a password."""
        super().confirm_login_allowed(user)
        on = providers.configured()
        admins_only = on and settings.LOCAL_PASSWORDS_ADMINS_ONLY
        if admins_only and not second_factor.needs_second_factor(user):
            raise ValidationError(
                self.error_messages["use_provider"],
                code="use_provider",
                params={"providers": " or ".join(p.name for p in on)},
            )


# Dates a person types are in the service's years (issue 15): nothing in its records happened
# before 2000, and most dates are at the latest next year (a due date may be further ahead).
EARLIEST_DATE = datetime.date(2000, 1, 1)
# Dates that may be further ahead: when something is due, ends, expires or is next reviewed.
FUTURE_DATE_NAMES = frozenset(
    {"due_on", "ends_on", "end_date", "next_review_on", "expires_on", "effective_to"}
)
FUTURE_YEARS = 10


def latest_date(years_ahead: int = 1) -> datetime.date:
    return datetime.date(timezone.localdate().year + years_ahead, 12, 31)


class DateRangeValidator:
    """Refuses a date (or date and time) before 2000 or after ``years_ahead`` years from now
    (``None``: a form that refuses any future date itself, saying so)."""

    def __init__(self, subject: str = "Date", years_ahead: int | None = 1):
        self.subject, self.years_ahead = subject, years_ahead

    @classmethod
    def for_field(cls, name: str, subject: str) -> DateRangeValidator:
        return cls(subject, FUTURE_YEARS if name in FUTURE_DATE_NAMES else 1)

    def __call__(self, value) -> None:
        if value is None:
            return
        day = value.date() if isinstance(value, datetime.datetime) else value
        if day < EARLIEST_DATE:
            raise ValidationError(
                f"{self.subject} must be in {EARLIEST_DATE.year} or later",
                code="date_range",
                params={"parts": ("year",)},
            )
        if self.years_ahead is None:
            return
        latest = latest_date(self.years_ahead)
        if day > latest:
            raise ValidationError(
                f"{self.subject} must be in {latest.year} or earlier",
                code="date_range",
                params={"parts": ("year",)},
            )


class TextField(forms.CharField):
    """Text whose line endings are stored as ``\n`` whatever the browser sent (they send
    ``\r\n``), so that saving a form unchanged changes nothing (issue 15)."""

    def to_python(self, value):
        value = super().to_python(value)
        return value.replace("\r\n", "\n").replace("\r", "\n") if value else value


class GovukDateInput(forms.MultiWidget):
    """Three text boxes named ``<name>-day``, ``<name>-month`` and ``<name>-year``, as GOV.UK's."""

    def __init__(self, attrs=None):
        numeric = {"inputmode": "numeric"}
        super().__init__(
            [forms.TextInput(numeric), forms.TextInput(numeric), forms.TextInput(numeric)], attrs
        )
        # MultiWidget would name them <name>_0, _1, _2; GOV.UK's markup uses -day, -month, -year.
        self.widgets_names = [f"-{part}" for part in PARTS]

    def decompress(self, value):
        if isinstance(value, datetime.date):
            return [str(value.day), str(value.month), str(value.year)]
        return [None, None, None]

    def id_for_label(self, id_):
        return f"{id_}-day" if id_ else id_


@dataclass(frozen=True)
class DatePart:
    """One of the three boxes, as the template needs it."""

    part: str
    label: str
    id: str
    name: str
    value: str
    has_error: bool

    @property
    def width_class(self) -> str:
        return "govuk-input--width-4" if self.part == "year" else "govuk-input--width-2"


class GovukDateBoundField(forms.BoundField):
    """A bound date field that knows which of its boxes are wrong and what the user typed."""

    @property
    def error_parts(self) -> tuple[str, ...]:
        """The boxes to highlight: those an error names, or all three for an error on the date."""
        if not self.errors:
            return ()
        parts = self.errors.as_data()[0].params or {}
        return tuple(parts.get("parts") or PARTS)

    @property
    def id_for_label(self) -> str:
        """The first box at fault, so that the error summary's link lands on it."""
        base = self.auto_id
        if not base:
            return ""
        first = self.error_parts[0] if self.error_parts else "day"
        return f"{base}-{first}"

    @property
    def parts(self) -> list[DatePart]:
        value = self.value()
        if not isinstance(value, (list, tuple)):
            value = self.field.widget.decompress(value)
        error_parts = self.error_parts
        return [
            DatePart(
                part=part,
                label=capfirst(part),
                id=f"{self.auto_id}-{part}",
                name=f"{self.html_name}-{part}",
                value="" if typed is None else str(typed),
                has_error=part in error_parts,
            )
            for part, typed in zip(PARTS, value, strict=True)
        ]


class GovukDateField(forms.Field):
    """A date entered as day, month and year, with GOV.UK's error messages.

    ``error_name`` is how the messages name the date mid-sentence ("the date of issue");
    without it they say "Enter a date" and "Date must include a month".
    """

    widget = GovukDateInput
    bound_field_class = GovukDateBoundField

    def __init__(self, *, error_name: str | None = None, years_ahead: int | None = 1, **kwargs):
        subject = capfirst(error_name) if error_name else "Date"
        kwargs["validators"] = [
            *kwargs.get("validators", ()),
            DateRangeValidator(subject, years_ahead),
        ]
        messages = {
            "required": f"Enter {error_name}" if error_name else "Enter a date",
            "incomplete": f"{subject} must include a %(missing)s",
            "invalid": f"{subject} must be a real date",
            "year_digits": "Year must include 4 numbers",
        }
        kwargs["error_messages"] = messages | kwargs.get("error_messages", {})
        kwargs.setdefault("help_text", "For example, 27 3 2017")
        super().__init__(**kwargs)

    def to_python(self, value) -> datetime.date | None:
        if isinstance(value, datetime.date) or value is None:
            return value
        day, month, year = (str(item or "").strip() for item in value)
        if not (day or month or year):
            return None
        missing = [part for part, typed in zip(PARTS, (day, month, year), strict=True) if not typed]
        if missing:
            raise ValidationError(
                self.error_messages["incomplete"],
                code="incomplete",
                params={"missing": " and ".join(missing), "parts": tuple(missing)},
            )
        return self._real_date(day, month, year)

    def _real_date(self, day: str, month: str, year: str) -> datetime.date:
        month_number = MONTH_NAMES.get(month.lower(), month)
        wrong = [
            part
            for part, typed, top in (("day", day, 31), ("month", month_number, 12))
            if not str(typed).isdecimal() or not 1 <= int(typed) <= top
        ]
        if not year.isdecimal():
            wrong.append("year")
        if wrong:
            raise self._invalid(wrong)
        if len(year) != 4:
            raise ValidationError(
                self.error_messages["year_digits"], code="year_digits", params={"parts": ("year",)}
            )
        try:
            return datetime.date(int(year), int(month_number), int(day))
        except ValueError:
            # Every box is plausible on its own (31, 2, 2017): the date as a whole is wrong.
            raise self._invalid(PARTS) from None

    def _invalid(self, parts: Sequence[str]) -> ValidationError:
        return ValidationError(
            self.error_messages["invalid"], code="invalid", params={"parts": tuple(parts)}
        )
