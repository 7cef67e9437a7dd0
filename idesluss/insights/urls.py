from django.urls import path  # noqa: F401

app_name = "insights"

urlpatterns: list = []

from idesluss.insights import export_urls  # noqa: E402  (lead: merge with dash's urls)

urlpatterns += export_urls.urlpatterns
