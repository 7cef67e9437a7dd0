from django.urls import path

from idesluss.groups.views import actions, exports, groups, joint, pickers, sessions

app_name = "groups"

urlpatterns = [
    path("", groups.group_list, name="list"),
    path("new/", groups.group_edit, name="create"),
    path("my-actions/", actions.my_actions, name="my_actions"),
    path("follow-up/", groups.overview, name="overview"),
    path("follow-up/joint/new/", joint.joint_create, name="joint_create"),
    path("follow-up/joint/<id:pk>/", joint.joint_detail, name="joint"),
    path("follow-up/joint/<id:pk>/edit/", joint.joint_edit, name="joint_edit"),
    path("follow-up/joint/<id:pk>/calendar.ics", exports.joint_ics, name="joint_ics"),
    path("pick/people/", pickers.pick_people, name="pick_people"),
    path("pick/ideas/", pickers.pick_ideas, name="pick_ideas"),
    path("<id:pk>/", groups.group_detail, name="detail"),
    path("<id:pk>/print/", exports.group_print, name="print"),
    path("<id:pk>/red-thread.csv", exports.group_export, name="export"),
    path("<id:pk>/edit/", groups.group_edit, name="edit"),
    path("<id:pk>/status/", groups.group_status, name="status"),
    path("<id:pk>/calendar.ics", exports.group_calendar, name="calendar"),
    path("<id:pk>/sessions/new/", sessions.session_create, name="session_create"),
    path("<id:pk>/sessions/<id:session_id>/", sessions.session_detail, name="session"),
    path("<id:pk>/sessions/<id:session_id>/edit/", sessions.session_edit, name="session_edit"),
    path("<id:pk>/sessions/<id:session_id>/calendar.ics", exports.session_ics, name="session_ics"),
    path("<id:pk>/sessions/<id:session_id>/decisions/", sessions.decision_add, name="decision_add"),
    path("<id:pk>/sessions/<id:session_id>/actions/", sessions.action_add, name="action_add"),
    path("actions/<id:action_id>/done/", actions.action_done, name="action_done"),
]
