"""The admins' audit page: who changed what, across every record with history."""

from django import forms
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.views.generic import TemplateView

from . import audit, roles
from .forms import GovukDateField

PAGE_SIZE = 50
# Deeper pages cost more to read; the date filters reach any older change.
MAX_PAGES = 200


class UserChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, user):
        name = user.get_full_name()
        return f"{name} ({user.get_username()})" if name else user.get_username()

    def validate_no_null_characters(self, value):
        # Django words this its own way; to the person, it is just not one of the choices.
        if "\x00" in str(value):
            raise ValidationError(self.error_messages["invalid_choice"], code="invalid_choice")


class AuditFilterForm(forms.Form):
    user = UserChoiceField(
        label="Changed by",
        queryset=get_user_model().objects.order_by("username"),
        required=False,
        empty_label="Anyone",
        error_messages={"invalid_choice": "Select a person from the list"},
    )
    record_type = forms.ChoiceField(
        label="Type of record",
        choices=[],
        required=False,
        error_messages={"invalid_choice": "Select a type of record from the list"},
    )
    since = GovukDateField(label="Changed on or after", error_name="the first date", required=False)
    until = GovukDateField(label="Changed on or before", error_name="the last date", required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["record_type"].choices = [("", "Any"), *audit.record_type_choices()]

    def clean(self):
        cleaned = super().clean()
        since, until = cleaned.get("since"), cleaned.get("until")
        if since and until and until < since:
            self.add_error("until", "The last date must be the same as or after the first date")
        return cleaned

    def filters(self) -> audit.Filters:
        data = self.cleaned_data
        return audit.Filters(
            user_id=data["user"].pk if data.get("user") else None,
            record_type=data.get("record_type") or None,
            since=data.get("since"),
            until=data.get("until"),
        )


class AuditView(TemplateView):
    """Every change to a record with history, newest first, filtered by who, what and when.

    Admins only (the Admin role or a superuser); others get 403, and anyone signed out is sent
    to sign in.
    """

    template_name = "core/audit.html"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not roles.has_role(request.user, roles.ADMIN):
            raise PermissionDenied("Only admins can see the audit trail")
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        query = self.request.GET.copy()
        page = self._page_number(query.pop("page", ["1"])[-1])
        form = AuditFilterForm(query or None)
        changes, has_next = [], False
        if not form.is_bound or form.is_valid():
            filters = form.filters() if form.is_bound else audit.Filters()
            offset = (page - 1) * PAGE_SIZE
            changes = audit.changes(filters, offset=offset, limit=PAGE_SIZE + 1)
            has_next = len(changes) > PAGE_SIZE
            changes = changes[:PAGE_SIZE]
        context.update(
            form=form,
            changes=changes,
            page=page,
            previous_page=page - 1 if page > 1 else None,
            next_page=page + 1 if has_next and page < MAX_PAGES else None,
            at_last_page=has_next and page >= MAX_PAGES,
            max_rows=MAX_PAGES * PAGE_SIZE,
            query=query.urlencode(),
        )
        return context

    @staticmethod
    def _page_number(text: str) -> int:
        if not (text.isdecimal() and len(text) <= 4 and 1 <= int(text) <= MAX_PAGES):
            raise Http404("No such page")
        return int(text)
