from django.contrib import admin
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class AdminSite(admin.AdminSite):
    """The back office: for administrators, who sign in through the normal sign-in page."""

    site_header = _("Idésluss – back office")
    site_title = _("Idésluss back office")
    index_title = _("Back office")

    def has_permission(self, request: HttpRequest) -> bool:
        return request.user.is_active and request.user.has_perm("core.access_backoffice")

    def login(self, request: HttpRequest, extra_context=None):
        if request.user.is_authenticated:
            # Signed in but not an administrator: say so instead of asking again.
            from django.core.exceptions import PermissionDenied

            raise PermissionDenied
        return redirect_to_login(request.GET.get("next", reverse("admin:index")))
