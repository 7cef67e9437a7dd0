from django.urls import path

from idesluss.challenges import views

app_name = "needs"

urlpatterns = [
    path("", views.need_list, name="list"),
    path("new/", views.need_record, name="record"),
    path("<id:pk>/", views.need_detail, name="detail"),
    path("<id:pk>/echo/", views.need_echo, name="echo"),
]
