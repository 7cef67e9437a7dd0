from django.urls import path

from idesluss.workshops import views

app_name = "workshops"

urlpatterns = [
    path("", views.workshop_list, name="list"),
    path("new/", views.workshop_edit, name="create"),
    path("<int:pk>/", views.workshop_detail, name="detail"),
    path("<int:pk>/edit/", views.workshop_edit, name="edit"),
    path("<int:pk>/calendar.ics", views.workshop_calendar, name="calendar"),
    path("<int:pk>/my-calendar.ics", views.signup_calendar, name="signup_calendar"),
    path("<int:pk>/sign-up/", views.signup, name="signup"),
    path("<int:pk>/waiting-list/", views.waitlist, name="waitlist"),
    path("<int:pk>/cancel-sign-up/", views.signup_cancel, name="signup_cancel"),
    path("<int:pk>/invite/", views.invite, name="invite"),
    path("<int:pk>/phase/", views.set_phase, name="phase"),
    path("<int:pk>/live/", views.live, name="live"),
    path("<int:pk>/live/board/", views.live_board, name="live_board"),
    path("<int:pk>/notes/", views.note_post, name="note_post"),
    path("<int:pk>/notes/<int:note_id>/vote/", views.vote, name="vote"),
    path("<int:pk>/notes/<int:note_id>/unvote/", views.unvote, name="unvote"),
    path("<int:pk>/organise/", views.organise, name="organise"),
    path("<int:pk>/clusters/", views.cluster_create, name="cluster_create"),
    path("<int:pk>/clusters/<int:cluster_id>/", views.cluster_rename, name="cluster_rename"),
    path("<int:pk>/clusters/<int:cluster_id>/delete/", views.cluster_delete, name="cluster_delete"),
    path("<int:pk>/notes/<int:note_id>/move/", views.note_move, name="note_move"),
    path("<int:pk>/promote/", views.promote, name="promote"),
    path("<int:pk>/summary/", views.summary, name="summary"),
    path("<int:pk>/summary.csv", views.summary_csv, name="summary_csv"),
    path("<int:pk>/print/", views.summary_print, name="print"),
]
