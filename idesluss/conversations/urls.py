from django.urls import path

from idesluss.conversations import views

app_name = "conversations"

urlpatterns = [
    path("", views.session_list, name="list"),
    path("new/", views.session_edit, name="create"),
    path("overview/", views.overview, name="overview"),
    path("history/", views.leader_history, name="history"),
    path("themes/", views.theme_list, name="themes"),
    path("themes/new/", views.theme_edit, name="theme_create"),
    path("themes/<id:pk>/", views.theme_detail, name="theme"),
    path("themes/<id:pk>/edit/", views.theme_edit, name="theme_edit"),
    path("<id:pk>/", views.session_detail, name="detail"),
    path("<id:pk>/edit/", views.session_edit, name="edit"),
    path("<id:pk>/guide/", views.session_follow, name="follow"),
    path("<id:pk>/record/", views.session_record, name="record"),
    path("<id:pk>/calendar.ics", views.session_calendar, name="calendar"),
    path("<id:pk>/insights/<id:insight_id>/idea/", views.insight_promote, name="promote"),
]
