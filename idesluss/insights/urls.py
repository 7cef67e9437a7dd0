from django.urls import path

from idesluss.insights import views

app_name = "insights"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("benefits/", views.benefits, name="benefits"),
    path("targets/", views.targets, name="targets"),
]
