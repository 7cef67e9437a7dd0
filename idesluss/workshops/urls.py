from django.urls import path

from idesluss.workshops import views

app_name = "workshops"

urlpatterns = [
    path("", views.workshop_list, name="list"),
    path("new/", views.workshop_edit, name="create"),
    path("<id:pk>/", views.workshop_detail, name="detail"),
    path("<id:pk>/edit/", views.workshop_edit, name="edit"),
    path("<id:pk>/calendar.ics", views.workshop_calendar, name="calendar"),
    path("<id:pk>/my-calendar.ics", views.signup_calendar, name="signup_calendar"),
    path("<id:pk>/sign-up/", views.signup, name="signup"),
    path("<id:pk>/waiting-list/", views.waitlist, name="waitlist"),
    path("<id:pk>/cancel-sign-up/", views.signup_cancel, name="signup_cancel"),
    path("<id:pk>/invite/", views.invite, name="invite"),
    path("<id:pk>/phase/", views.set_phase, name="phase"),
    path("<id:pk>/live/", views.live, name="live"),
    path("<id:pk>/live/board/", views.live_board, name="live_board"),
    path("<id:pk>/notes/", views.note_post, name="note_post"),
    path("<id:pk>/notes/<id:note_id>/vote/", views.vote, name="vote"),
    path("<id:pk>/notes/<id:note_id>/unvote/", views.unvote, name="unvote"),
    path("<id:pk>/organise/", views.organise, name="organise"),
    path("<id:pk>/clusters/", views.cluster_create, name="cluster_create"),
    path("<id:pk>/clusters/<id:cluster_id>/", views.cluster_rename, name="cluster_rename"),
    path("<id:pk>/clusters/<id:cluster_id>/delete/", views.cluster_delete, name="cluster_delete"),
    path("<id:pk>/notes/<id:note_id>/move/", views.note_move, name="note_move"),
    path("<id:pk>/promote/", views.promote, name="promote"),
    path("<id:pk>/summary/", views.summary, name="summary"),
    path("<id:pk>/summary.csv", views.summary_csv, name="summary_csv"),
    path("<id:pk>/print/", views.summary_print, name="print"),
]
