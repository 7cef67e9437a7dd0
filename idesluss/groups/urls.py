from django.urls import path

from idesluss.groups import views

app_name = "groups"

urlpatterns = [
    path("", views.group_list, name="list"),
    path("new/", views.group_edit, name="create"),
    path("my-actions/", views.my_actions, name="my_actions"),
    path("follow-up/", views.overview, name="overview"),
    path("follow-up/joint/new/", views.joint_create, name="joint_create"),
    path("follow-up/joint/<int:pk>/", views.joint_detail, name="joint"),
    path("follow-up/joint/<int:pk>/edit/", views.joint_edit, name="joint_edit"),
    path("follow-up/joint/<int:pk>/calendar.ics", views.joint_ics, name="joint_ics"),
    path("pick/people/", views.pick_people, name="pick_people"),
    path("pick/ideas/", views.pick_ideas, name="pick_ideas"),
    path("<int:pk>/", views.group_detail, name="detail"),
    path("<int:pk>/print/", views.group_print, name="print"),
    path("<int:pk>/red-thread.csv", views.group_export, name="export"),
    path("<int:pk>/edit/", views.group_edit, name="edit"),
    path("<int:pk>/status/", views.group_status, name="status"),
    path("<int:pk>/calendar.ics", views.group_calendar, name="calendar"),
    path("<int:pk>/sessions/new/", views.session_create, name="session_create"),
    path("<int:pk>/sessions/<int:session_id>/", views.session_detail, name="session"),
    path("<int:pk>/sessions/<int:session_id>/edit/", views.session_edit, name="session_edit"),
    path("<int:pk>/sessions/<int:session_id>/calendar.ics", views.session_ics, name="session_ics"),
    path("<int:pk>/sessions/<int:session_id>/decisions/", views.decision_add, name="decision_add"),
    path("<int:pk>/sessions/<int:session_id>/actions/", views.action_add, name="action_add"),
    path("actions/<int:action_id>/done/", views.action_done, name="action_done"),
]
