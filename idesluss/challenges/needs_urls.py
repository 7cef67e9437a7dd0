from django.urls import path

from idesluss.challenges.views import needs

app_name = "needs"

urlpatterns = [
    path("", needs.need_list, name="list"),
    path("new/", needs.need_record, name="record"),
    path("<id:pk>/", needs.need_detail, name="detail"),
    path("<id:pk>/echo/", needs.need_echo, name="echo"),
]
