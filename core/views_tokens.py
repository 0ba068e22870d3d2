"""The API tokens page: a signed-in official, admin or commissioner makes, names, lists and
revokes their own read-only API tokens (``core.api_tokens``). A new token is shown once; the
service keeps only its SHA-256.

Post/Redirect/Get: the form's answer keeps the new secret in the session (server-side) and
redirects to the page that shows it, which takes it out of the session as it shows it. So
reloading that page, or going back to it, shows the token no more, and cannot post the form
again to make a second token without anyone meaning to."""

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.views import View
from django.views.decorators.cache import never_cache
from django.views.generic import ListView

from . import api_tokens, roles
from .models import ApiToken

# Where the form's answer leaves a new token's secret for the page that shows it, once.
NEW_TOKEN_SESSION_KEY = "new_api_token"  # noqa: S105 (a session key's name, not a secret)

LIFETIMES = [
    ("30", "30 days"),
    ("90", "90 days"),
    ("180", "180 days"),
    ("365", "1 year"),
]


class ApiTokenForm(forms.Form):
    name = forms.CharField(
        label="Name",
        max_length=100,
        help_text="What the token is for, so you know it later. For example, Power Query workbook",
        error_messages={
            "required": "Enter a name for the token",
            "max_length": "Name must be 100 characters or fewer",
        },
    )
    days = forms.TypedChoiceField(
        label="How long should it last?",
        choices=LIFETIMES,
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Select how long the token should last",
            "invalid_choice": "Select how long the token should last",
        },
    )

    def clean_name(self):
        name = self.cleaned_data["name"].strip()
        if not name:
            raise ValidationError("Enter a name for the token")
        return name


class TokenHoldersOnlyMixin:
    """Officials, admins and commissioners: anyone else is refused with 403 and the reason."""

    def dispatch(self, request, *args, **kwargs):
        roles.require(
            api_tokens.may_hold_tokens(request.user),
            "Only DfE officials and commissioners can have API tokens",
        )
        return super().dispatch(request, *args, **kwargs)


class ApiTokenListView(TokenHoldersOnlyMixin, ListView):
    template_name = "core/apitoken_list.html"
    context_object_name = "tokens"

    def get_queryset(self):
        return ApiToken.objects.restrict(self.request.user, roles.VIEW)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        now = timezone.now()
        for token in context["tokens"]:
            token.shown_status = token.status(now)
        return context


@method_decorator(never_cache, name="dispatch")
class ApiTokenCreateView(TokenHoldersOnlyMixin, View):
    """The form; its answer shows the new token, once (never stored, never cached)."""

    template_name = "core/apitoken_form.html"

    def get(self, request):
        return render(request, self.template_name, {"form": ApiTokenForm()})

    def post(self, request):
        form = ApiTokenForm(request.POST)
        if not form.is_valid():
            return render(request, self.template_name, {"form": form})
        token, secret = api_tokens.create_api_token(
            request.user,
            by=request.user,
            name=form.cleaned_data["name"],
            days=form.cleaned_data["days"],
        )
        request.session[NEW_TOKEN_SESSION_KEY] = {"pk": token.pk, "secret": secret}
        return redirect("core:apitoken_created")


@method_decorator(never_cache, name="dispatch")
class ApiTokenCreatedView(TokenHoldersOnlyMixin, View):
    """The new token, shown once: the secret leaves the session as the page is made."""

    def get(self, request):
        new = request.session.pop(NEW_TOKEN_SESSION_KEY, None)
        token = new and (
            ApiToken.objects.restrict(request.user, roles.VIEW).filter(pk=new["pk"]).first()
        )
        if token is None:
            # Shown already (a reload, the back button) or never made: the list says what exists.
            return redirect("core:apitoken_list")
        return render(
            request, "core/apitoken_created.html", {"token": token, "secret": new["secret"]}
        )


class ApiTokenRevokeView(TokenHoldersOnlyMixin, View):
    http_method_names = ["post"]

    def post(self, request, pk: int):
        token = get_object_or_404(ApiToken.objects.restrict(request.user, roles.CHANGE), pk=pk)
        api_tokens.revoke_api_token(token, by=request.user)
        messages.success(request, f"API token “{token.name}” revoked: it no longer works")
        return redirect("core:apitoken_list")
