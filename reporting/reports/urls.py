"""Quarterly reports to the Minister (mounted under /reporting/ by reporting.urls)."""

from django.urls import path

from . import views

urlpatterns = [
    path("reports/", views.ReportListView.as_view(), name="report_list"),
    path("reports/<int:pk>/", views.ReportDetailView.as_view(), name="report_detail"),
    path(
        "reports/<int:pk>/versions/<int:number>/",
        views.ReportDetailView.as_view(),
        name="report_version_detail",
    ),
    path(
        "reports/<int:pk>/versions/<int:number>/report.pdf",
        views.ReportPdfView.as_view(),
        name="report_pdf",
    ),
    path(
        "reports/<int:pk>/versions/<int:number>/report.html",
        views.ReportDocumentView.as_view(),
        name="report_document",
    ),
    path(
        "reports/<int:pk>/versions/<int:number>/annex.json",
        views.ReportAnnexView.as_view(),
        name="report_annex",
    ),
    path(
        "reports/<int:pk>/narrative/", views.ReportNarrativeView.as_view(), name="report_narrative"
    ),
    path("reports/<int:pk>/sign-off/", views.ReportSignOffView.as_view(), name="report_sign_off"),
    path("reports/<int:pk>/submit/", views.ReportSubmitView.as_view(), name="report_submit"),
    path("reports/<int:pk>/return/", views.ReportReturnView.as_view(), name="report_return"),
    path("reports/<int:pk>/reopen/", views.ReportReopenView.as_view(), name="report_reopen"),
]
