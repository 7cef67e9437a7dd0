"""The exports' and the steering-group report's addresses (included by insights/urls.py)."""

from django.urls import path

from idesluss.insights import export_views

urlpatterns = [
    path("exports/", export_views.export_page, name="exports"),
    path("exports/<slug:name>/", export_views.export_download, name="export"),
    path("report/", export_views.report_page, name="report"),
]
