from django.urls import path

from idesluss.insights import export_urls, views

app_name = "insights"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("benefits/", views.benefits, name="benefits"),
    path("targets/", views.targets, name="targets"),
]
urlpatterns += export_urls.urlpatterns
