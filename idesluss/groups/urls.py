from django.urls import path

from idesluss.groups import views

app_name = "groups"

urlpatterns = [
    path("", views.group_list, name="list"),
    path("new/", views.group_edit, name="create"),
    path("my-actions/", views.my_actions, name="my_actions"),
    path("follow-up/", views.overview, name="overview"),
    path("<int:pk>/", views.group_detail, name="detail"),
    path("<int:pk>/print/", views.group_print, name="print"),
    path("<int:pk>/edit/", views.group_edit, name="edit"),
    path("<int:pk>/status/", views.group_status, name="status"),
    path("<int:pk>/sessions/new/", views.session_create, name="session_create"),
    path("<int:pk>/sessions/<int:session_id>/", views.session_detail, name="session"),
    path("<int:pk>/sessions/<int:session_id>/edit/", views.session_edit, name="session_edit"),
    path("<int:pk>/sessions/<int:session_id>/decisions/", views.decision_add, name="decision_add"),
    path("<int:pk>/sessions/<int:session_id>/actions/", views.action_add, name="action_add"),
    path("actions/<int:action_id>/done/", views.action_done, name="action_done"),
]
