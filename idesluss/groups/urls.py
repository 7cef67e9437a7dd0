from django.urls import path

from idesluss.groups import views

app_name = "groups"

urlpatterns = [
    path("", views.group_list, name="list"),
    path("new/", views.group_edit, name="create"),
    path("my-actions/", views.my_actions, name="my_actions"),
    path("follow-up/", views.overview, name="overview"),
    path("follow-up/joint/new/", views.joint_create, name="joint_create"),
    path("follow-up/joint/<id:pk>/", views.joint_detail, name="joint"),
    path("follow-up/joint/<id:pk>/edit/", views.joint_edit, name="joint_edit"),
    path("follow-up/joint/<id:pk>/calendar.ics", views.joint_ics, name="joint_ics"),
    path("pick/people/", views.pick_people, name="pick_people"),
    path("pick/ideas/", views.pick_ideas, name="pick_ideas"),
    path("<id:pk>/", views.group_detail, name="detail"),
    path("<id:pk>/print/", views.group_print, name="print"),
    path("<id:pk>/red-thread.csv", views.group_export, name="export"),
    path("<id:pk>/edit/", views.group_edit, name="edit"),
    path("<id:pk>/status/", views.group_status, name="status"),
    path("<id:pk>/calendar.ics", views.group_calendar, name="calendar"),
    path("<id:pk>/sessions/new/", views.session_create, name="session_create"),
    path("<id:pk>/sessions/<id:session_id>/", views.session_detail, name="session"),
    path("<id:pk>/sessions/<id:session_id>/edit/", views.session_edit, name="session_edit"),
    path("<id:pk>/sessions/<id:session_id>/calendar.ics", views.session_ics, name="session_ics"),
    path("<id:pk>/sessions/<id:session_id>/decisions/", views.decision_add, name="decision_add"),
    path("<id:pk>/sessions/<id:session_id>/actions/", views.action_add, name="action_add"),
    path("actions/<id:action_id>/done/", views.action_done, name="action_done"),
]
