"""Quarterly reports to the Minister (mounted under /reporting/ by reporting.urls)."""

from django.urls import path

from . import views


def report(route: str, view, name: str):
    """A page of one report, at ``reports/<pk>/<route>``."""
    return path(f"reports/<int:pk>/{route}", view.as_view(), name=name)


def version(route: str, view, name: str):
    """A page of one version of a report, at ``reports/<pk>/versions/<number>/<route>``."""
    return report(f"versions/<int:number>/{route}", view, name)


urlpatterns = [
    path("reports/", views.ReportListView.as_view(), name="report_list"),
    report("", views.ReportDetailView, "report_detail"),
    version("", views.ReportDetailView, "report_version_detail"),
    version("report.pdf", views.ReportPdfView, "report_pdf"),
    version("report.html", views.ReportDocumentView, "report_document"),
    version("annex.json", views.ReportAnnexView, "report_annex"),
    report("narrative/", views.ReportNarrativeView, "report_narrative"),
    report("sign-off/", views.ReportSignOffView, "report_sign_off"),
    report("submit/", views.ReportSubmitView, "report_submit"),
    report("return/", views.ReportReturnView, "report_return"),
    report("reopen/", views.ReportReopenView, "report_reopen"),
]
