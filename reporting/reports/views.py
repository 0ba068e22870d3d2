"""The quarterly report pages: list (with filters), report (and its earlier versions), the
commissioner's narrative, the PDF and the frozen HTML, and the workflow steps (POST only, one
service each; submitting is confirmed on a page of its own first).

Every view reads reports through ``Report.objects.restrict(user, "view")``: a report out of
the user's scope is a 404. A step the user may not take (``services.may``: the scope for the
step and the state it needs) is a 403 saying why (they can already see the report).
"""

from collections.abc import Callable
from dataclasses import dataclass

from csp.decorators import csp
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.cache import patch_cache_control
from django.utils.decorators import method_decorator
from django.views import View
from django.views.generic import DetailView, FormView, TemplateView

from core import roles
from core.paging import paged
from interventions.services import EditConflict

from .. import services
from ..models import Report, ReportVersion, StoredCopyChanged
from .content import annex, canonical_json
from .document import document_context, document_title, report_filename, status_text
from .forms import NarrativeForm, ReasonForm, ReportFilterForm

RETURN_FORM = {
    "prefix": "return",
    "label": "Why are you returning the report to the commissioner?",
    "required_message": "Enter why you are returning the report",
}
REOPEN_FORM = {
    "prefix": "reopen",
    "label": "Why are you reopening the report?",
    "required_message": "Enter why you are reopening the report",
}


def refuse_changed_copy(view):
    """A submitted version whose stored content, HTML or PDF no longer matches its SHA-256
    (``ReportVersion.check_stored_copy``, which logs it) is not served: a page saying so, 500
    (the fault is the service's, not the reader's)."""

    def checked(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except StoredCopyChanged as changed:
            version = changed.args[0]
            response = render(
                request, "reporting/report_stored_copy_changed.html", {"version": version}
            )
            response.status_code = 500
            return response

    return checked


def visible_reports(request):
    return Report.objects.restrict(request.user, "view").select_related("intervention__authority")


class ReportListView(TemplateView):
    """Every report the user may see, filtered by authority, status and period, a page at a
    time. A filter that is not one of the choices is left out and says so."""

    template_name = "reporting/report_list.html"

    def get_context_data(self, **kwargs):
        reports = visible_reports(self.request)
        form = ReportFilterForm(self.request.GET or None, reports=reports)
        if form.is_bound:
            form.is_valid()  # the filters that are valid apply; the others show their error
            reports = form.filter(reports)
        reports = reports.order_by("-period_end", "intervention__authority__name", "pk")
        pages = paged(self.request, reports, "page", "reports-heading")
        return super().get_context_data(form=form, pages=pages, reports=pages.rows, **kwargs)


@method_decorator(refuse_changed_copy, name="dispatch")
class ReportDetailView(DetailView):
    """The report's current version (or an earlier one), with the steps the user may take."""

    template_name = "reporting/report_detail.html"
    context_object_name = "report"

    def get_queryset(self):
        return visible_reports(self.request)

    def get_version(self) -> ReportVersion:
        number = self.kwargs.get("number", self.object.version)
        return get_object_or_404(
            self.object.versions.select_related("signed_off_by", "submitted_by", "reopened_by"),
            number=number,
        )

    def get_context_data(self, **kwargs):
        report, user = self.object, self.request.user
        version = self.get_version()
        version.check_stored_copy("content")
        context = super().get_context_data(**kwargs)
        context.update(document_context(version))
        context.update(
            versions=report.versions.order_by("number").only(
                "number", "submitted_at", "reopened_at", "report_id"
            ),
            is_current=version.number == report.version,
            can_edit=services.may(user, report, "write"),
            can_submit=services.may(user, report, "submit"),
            can_reopen=version.is_frozen and services.may(user, report, "reopen"),
            return_form=kwargs.get("return_form") or ReasonForm(**RETURN_FORM),
            reopen_form=kwargs.get("reopen_form") or ReasonForm(**REOPEN_FORM),
        )
        return context


class ReportNarrativeView(FormView):
    """The commissioner completes the overall assessment, risks and recommendation.

    A save never loses what was typed: when someone saved the narrative after this page was
    opened (another tab), or the report was signed off meanwhile, the page comes back with a
    GOV.UK error and the text as typed."""

    template_name = "reporting/report_narrative.html"
    form_class = NarrativeForm

    def dispatch(self, request, *args, **kwargs):
        self.report = get_object_or_404(visible_reports(request), pk=kwargs["pk"])
        self.version = self.report.current_version()
        # The author posting from a page opened before the report was signed off gets their
        # text back (form_valid); anyone else may not edit it.
        posted_by_author = request.method == "POST" and services.in_scope(
            request.user, self.report, roles.WRITE
        )
        if not (posted_by_author or services.may(request.user, self.report, "write")):
            raise PermissionDenied("Only the report's author can edit a draft report")
        return super().dispatch(request, *args, **kwargs)

    def get_initial(self):
        v = self.version
        return {
            "overall_assessment": v.overall_assessment,
            "risks": v.risks,
            "recommendation": v.recommendation,
            "based_on": services.narrative_token(v),
        }

    def get_context_data(self, **kwargs):
        return super().get_context_data(report=self.report, version=self.version, **kwargs)

    def form_valid(self, form):
        data = form.cleaned_data
        try:
            services.update_narrative(
                self.report,
                by=self.request.user,
                overall_assessment=data["overall_assessment"],
                risks=data["risks"],
                recommendation=data["recommendation"],
                based_on=data["based_on"],
            )
        except EditConflict as conflict:
            form.show_conflict(
                conflict.current,
                who=changed_by(conflict.current),
                token=services.narrative_token(conflict.current),
            )
            return self.form_invalid(form)
        except PermissionDenied:
            report = Report.objects.get(pk=self.report.pk)
            form.refuse(
                f"This report was {NO_LONGER_DRAFT.get(report.status, 'changed')} "
                "while you were editing it, so its narrative can no longer be changed"
            )
            return self.form_invalid(form)
        messages.success(self.request, "Narrative saved")
        return redirect(self.report)


NO_LONGER_DRAFT = {
    Report.Status.SIGNED_OFF: "signed off",
    Report.Status.SUBMITTED: "submitted to the Minister",
}


def changed_by(version: ReportVersion) -> str:
    """Who saved the version last, as the conflict message names them."""
    latest = version.history.select_related("history_user").order_by("-history_id").first()
    user = latest.history_user if latest else None
    if user is None:
        return "someone else"
    return user.get_full_name() or user.get_username()


class ReportStepView(View):
    """A workflow step: POST only, one service call, then back to the report with a banner."""

    http_method_names = ["post"]
    success_message = ""

    def post(self, request, pk):
        report = get_object_or_404(visible_reports(request), pk=pk)
        try:
            self.step(report)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, self.success_message)
        return redirect(report)

    def step(self, report: Report) -> None:
        raise NotImplementedError


class ReportSignOffView(ReportStepView):
    success_message = "Report signed off. DfE will submit it to the Minister"

    def step(self, report):
        services.sign_off_report(report, by=self.request.user)


class ReportSubmitView(ReportStepView):
    """GET: "Submit this report to the Minister?", saying what will be frozen. POST: submit."""

    http_method_names = ["get", "post"]
    success_message = (
        "Report submitted to the Minister. It can no longer change. The PDF is being prepared"
    )

    def get(self, request, pk):
        report = get_object_or_404(visible_reports(request), pk=pk)
        if report.status != Report.Status.SIGNED_OFF:
            messages.info(request, NOT_READY[report.status])
            return redirect(report)
        if not services.may(request.user, report, "submit"):
            raise PermissionDenied("Only a DfE official can submit a report")
        version = report.current_version()
        context = {
            "report": report,
            "version": version,
            "signed_off_by": version.signed_off_by,
            "entries": services.cited_entries(version).count(),
        }
        return render(request, "reporting/report_submit.html", context)

    def step(self, report):
        services.submit_report(report, by=self.request.user)


NOT_READY = {
    Report.Status.DRAFT: "This report is a draft: the commissioner signs it off before DfE "
    "submits it",
    Report.Status.SUBMITTED: "This report has already been submitted to the Minister",
}


class ReasonStepView(View):
    """A step that needs a reason (``step``: "return" or "reopen", see ``REASON_STEPS``):
    without one, the report page again with the error beside the field."""

    http_method_names = ["post"]
    step = ""

    def post(self, request, pk):
        report = get_object_or_404(visible_reports(request), pk=pk)
        step = REASON_STEPS[self.step]
        roles.require(services.may(request.user, report, self.step), step.refusal)
        form = ReasonForm(request.POST, **step.form)
        if not form.is_valid():
            return self.show_error(report, form)
        try:
            step.service(report, by=request.user, reason=form.cleaned_data["reason"])
        except ValidationError as error:
            form.add_error("reason", " ".join(error.messages))
            return self.show_error(report, form)
        messages.success(request, step.success)
        return redirect(report)

    def show_error(self, report: Report, form: ReasonForm) -> HttpResponse:
        detail = ReportDetailView()
        detail.setup(self.request, pk=report.pk)
        detail.object = report
        context = detail.get_context_data(object=report, **{f"{self.step}_form": form})
        context["form"] = form  # the page title says "Error:" (base.html)
        return detail.render_to_response(context)


@dataclass(frozen=True)
class ReasonStep:
    service: Callable
    form: dict
    success: str
    refusal: str


REASON_STEPS = {
    "return": ReasonStep(
        services.return_report,
        RETURN_FORM,
        success="Report returned to the commissioner as a draft",
        refusal="Only a DfE official can return a signed-off report",
    ),
    "reopen": ReasonStep(
        services.reopen_report,
        REOPEN_FORM,
        success="Report reopened as a new draft version. The submitted version is kept",
        refusal="Only an admin can reopen a submitted report",
    ),
}


class ReportReturnView(ReasonStepView):
    step = "return"


class ReportReopenView(ReasonStepView):
    step = "reopen"


def _version(request, pk: int, number: int) -> ReportVersion:
    report = get_object_or_404(visible_reports(request), pk=pk)
    return get_object_or_404(report.versions.select_related("report"), number=number)


@method_decorator(refuse_changed_copy, name="dispatch")
class ReportPdfView(View):
    """The PDF as stored for a submitted version. PDFs are rendered only by the worker, never
    in a request: while it renders one, and for a draft (whose page shows it), back to the
    report with why."""

    def get(self, request, pk, number):
        version = _version(request, pk, number)
        if not version.is_frozen:
            messages.info(request, PDF_PENDING if version.submitted_at else PDF_ON_SUBMISSION)
            return redirect(version.report)
        version.check_stored_copy("pdf")
        response = HttpResponse(bytes(version.pdf), content_type="application/pdf")
        name = report_filename(version, "pdf")
        response["Content-Disposition"] = f'inline; filename="{name}"'
        response["X-Content-SHA256"] = version.pdf_sha256
        return response


PDF_PENDING = "The PDF is being prepared. It is usually ready within a few minutes"
PDF_ON_SUBMISSION = (
    "A PDF is made when the report is submitted. Until then the draft is shown on this page"
)

# The stored document carries its stylesheet inside it (so that it stays as it was sent): it is
# served allowed its own styles and our fonts and nothing else (no script of any kind).
DOCUMENT_CSP = {
    "default-src": ["'none'"],
    "style-src": ["'unsafe-inline'"],
    "font-src": ["'self'"],
    "img-src": ["'self'", "data:"],
}


# Outermost, so that the error page has the service's own CSP, not the document's.
@method_decorator(refuse_changed_copy, name="dispatch")
@method_decorator(csp(DOCUMENT_CSP), name="dispatch")
class ReportDocumentView(View):
    """The HTML exactly as stored when the report was submitted (before its PDF is ready too)."""

    def get(self, request, pk, number):
        version = _version(request, pk, number)
        if version.submitted_at is None or not version.html:
            raise Http404("Only a submitted report has a stored document")
        version.check_stored_copy("html")
        return HttpResponse(version.html, content_type="text/html; charset=utf-8")


# The machine-readable annex of a report version: the history rows each fact was read from.
# The document cites documents a reader can look up; this JSON says, for every fact, which rows
# of the audited history tables it rests on (table, row id, when written, by whom and why). It
# is built from the version's stored content, so a submitted version's annex never changes, and
# it names that content's SHA-256.
ANNEX_SCHEMA = 1


@method_decorator(refuse_changed_copy, name="dispatch")
class ReportAnnexView(View):
    """GET: the annex of one version as a JSON download."""

    def get(self, request, pk, number):
        version = _version(request, pk, number)
        version.check_stored_copy("content")
        report = version.report
        content = version.content_data()
        body = {
            "schema": ANNEX_SCHEMA,
            "report": {
                "id": report.pk,
                "kind": report.kind,
                "title": document_title(version, content),
                "authority": content["intervention"].get("council")
                or content["intervention"]["authority"],
                "authority_code": content["intervention"].get("authority_code", ""),
                "period": content["period"],
                "version": version.number,
                "status": status_text(version),
                "data_as_at": version.data_as_at.isoformat(),
            },
            "content_sha256": version.content_sha256,
            **annex(content),
        }
        response = HttpResponse(canonical_json(body), content_type="application/json")
        patch_cache_control(response, no_store=True, private=True)
        name = report_filename(version, "annex.json")
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        return response
