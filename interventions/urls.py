from django.urls import path

from . import views

app_name = "interventions"


def records(noun: str, segment: str, pk: str, create, detail, update) -> list:
    """A record's pages under its intervention: ``<noun>_create``, ``_detail`` and ``_update``."""
    one = f"<int:pk>/{segment}/<int:{pk}>/"
    return [
        path(f"<int:pk>/{segment}/new/", create.as_view(), name=f"{noun}_create"),
        path(one, detail.as_view(), name=f"{noun}_detail"),
        path(f"{one}edit/", update.as_view(), name=f"{noun}_update"),
    ]


urlpatterns = [
    path("<int:pk>/", views.InterventionDetailView.as_view(), name="intervention_detail"),
    path("<int:pk>/print/", views.InterventionPrintView.as_view(), name="intervention_print"),
    path(
        "<int:pk>/timeline.csv",
        views.InterventionTimelineCsvView.as_view(),
        name="intervention_timeline_csv",
    ),
    *records(
        "entry",
        "entries",
        "entry_pk",
        views.EntryCreateView,
        views.EntryDetailView,
        views.EntryUpdateView,
    ),
    path(
        "<int:pk>/evidence/<int:evidence_pk>/",
        views.EvidenceDownloadView.as_view(),
        name="evidence_download",
    ),
    *records(
        "action",
        "actions",
        "action_pk",
        views.ActionCreateView,
        views.ActionDetailView,
        views.ActionUpdateView,
    ),
    *records(
        "board_meeting",
        "board-meetings",
        "meeting_pk",
        views.BoardMeetingCreateView,
        views.BoardMeetingDetailView,
        views.BoardMeetingUpdateView,
    ),
]
