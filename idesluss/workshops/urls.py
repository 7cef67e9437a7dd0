from django.urls import path

from idesluss.workshops.views import exports, live, planning, results

app_name = "workshops"

urlpatterns = [
    path("", planning.workshop_list, name="list"),
    path("new/", planning.workshop_edit, name="create"),
    path("<id:pk>/", planning.workshop_detail, name="detail"),
    path("<id:pk>/edit/", planning.workshop_edit, name="edit"),
    path("<id:pk>/calendar.ics", exports.workshop_calendar, name="calendar"),
    path("<id:pk>/my-calendar.ics", exports.signup_calendar, name="signup_calendar"),
    path("<id:pk>/sign-up/", planning.signup, name="signup"),
    path("<id:pk>/waiting-list/", planning.waitlist, name="waitlist"),
    path("<id:pk>/cancel-sign-up/", planning.signup_cancel, name="signup_cancel"),
    path("<id:pk>/invite/", planning.invite, name="invite"),
    path("<id:pk>/phase/", planning.set_phase, name="phase"),
    path("<id:pk>/live/", live.live, name="live"),
    path("<id:pk>/live/board/", live.live_board, name="live_board"),
    path("<id:pk>/notes/", live.note_post, name="note_post"),
    path("<id:pk>/notes/<id:note_id>/vote/", live.vote, name="vote"),
    path("<id:pk>/notes/<id:note_id>/unvote/", live.unvote, name="unvote"),
    path("<id:pk>/organise/", live.organise, name="organise"),
    path("<id:pk>/clusters/", live.cluster_create, name="cluster_create"),
    path("<id:pk>/clusters/<id:cluster_id>/", live.cluster_rename, name="cluster_rename"),
    path("<id:pk>/clusters/<id:cluster_id>/delete/", live.cluster_delete, name="cluster_delete"),
    path("<id:pk>/notes/<id:note_id>/move/", live.note_move, name="note_move"),
    path("<id:pk>/promote/", results.promote, name="promote"),
    path("<id:pk>/summary/", results.summary, name="summary"),
    path("<id:pk>/summary.csv", exports.summary_csv, name="summary_csv"),
    path("<id:pk>/print/", exports.summary_print, name="print"),
]
