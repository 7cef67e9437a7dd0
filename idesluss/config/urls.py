from django.contrib import admin
from django.urls import include, path

from idesluss.core.views import healthz, metrics_view, readyz, security_txt

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("readyz", readyz, name="readyz"),
    path("metrics", metrics_view, name="metrics"),
    path(".well-known/security.txt", security_txt, name="security_txt"),
    path("admin/", admin.site.urls),
    path("accounts/", include("allauth.urls")),
    path("ideas/", include("idesluss.ideas.urls")),
    path("challenges/", include("idesluss.challenges.urls")),
    path("needs/", include("idesluss.challenges.needs_urls")),
    path("groups/", include("idesluss.groups.urls")),
    path("workshops/", include("idesluss.workshops.urls")),
    path("notifications/", include("idesluss.notifications.urls")),
    path("conversations/", include("idesluss.conversations.urls")),
    path("learning/", include("idesluss.learning.urls")),
    path("network/", include("idesluss.network.urls")),
    path("insights/", include("idesluss.insights.urls")),
    path("", include("idesluss.showcase.urls")),
    path("", include("idesluss.accounts.urls")),
    path("", include("idesluss.home.urls")),
]
