from django.urls import path

from . import views

app_name = "interventions"

urlpatterns = [
    path("<int:pk>/", views.InterventionDetailView.as_view(), name="intervention_detail"),
    path("<int:pk>/entries/new/", views.EntryCreateView.as_view(), name="entry_create"),
    path("<int:pk>/entries/<int:entry_pk>/", views.EntryDetailView.as_view(), name="entry_detail"),
    path(
        "<int:pk>/entries/<int:entry_pk>/edit/",
        views.EntryUpdateView.as_view(),
        name="entry_update",
    ),
    path(
        "<int:pk>/evidence/<int:evidence_pk>/",
        views.EvidenceDownloadView.as_view(),
        name="evidence_download",
    ),
    path("<int:pk>/actions/new/", views.ActionCreateView.as_view(), name="action_create"),
    path(
        "<int:pk>/actions/<int:action_pk>/", views.ActionDetailView.as_view(), name="action_detail"
    ),
    path(
        "<int:pk>/actions/<int:action_pk>/edit/",
        views.ActionUpdateView.as_view(),
        name="action_update",
    ),
    path(
        "<int:pk>/board-meetings/new/",
        views.BoardMeetingCreateView.as_view(),
        name="board_meeting_create",
    ),
    path(
        "<int:pk>/board-meetings/<int:meeting_pk>/",
        views.BoardMeetingDetailView.as_view(),
        name="board_meeting_detail",
    ),
    path(
        "<int:pk>/board-meetings/<int:meeting_pk>/edit/",
        views.BoardMeetingUpdateView.as_view(),
        name="board_meeting_update",
    ),
]
