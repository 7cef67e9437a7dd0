from django.contrib import admin
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import FieldDoesNotExist
from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from idesluss.core.http import parse_id

_INTEGER_KEYS = {"AutoField", "BigAutoField", "SmallAutoField", "IntegerField", "BigIntegerField"}


class IdInitialMixin:
    """An add form's values from the address (`?unit=3`): one naming no row the database
    can hold ("²", 10²³) is left out, as the widgets would look it up and fail."""

    def get_changeform_initial_data(self, request):
        initial = super().get_changeform_initial_data(request)
        for name, value in list(initial.items()):
            try:
                field = self.opts.get_field(name)
            except FieldDoesNotExist:
                continue
            related = getattr(field, "related_model", None)
            if related is None or related._meta.pk.get_internal_type() not in _INTEGER_KEYS:
                continue
            values = value if isinstance(value, list | tuple) else [value]
            if any(parse_id(str(item)) is None for item in values):
                del initial[name]
        return initial


class AdminSite(admin.AdminSite):
    """The back office: for administrators, who sign in through the normal sign-in page."""

    site_header = _("Idésluss – back office")
    site_title = _("Idésluss back office")
    index_title = _("Back office")

    def register(self, model_or_iterable, admin_class=None, **options):
        # Every model's admin, whichever app registers it, checks ids from the address.
        admin_class = admin_class or admin.ModelAdmin
        if not issubclass(admin_class, IdInitialMixin):
            admin_class = type(admin_class.__name__, (IdInitialMixin, admin_class), {})
        return super().register(model_or_iterable, admin_class, **options)

    def has_permission(self, request: HttpRequest) -> bool:
        return request.user.is_active and request.user.has_perm("core.access_backoffice")

    def login(self, request: HttpRequest, extra_context=None):
        if request.user.is_authenticated:
            # Signed in but not an administrator: say so instead of asking again.
            from django.core.exceptions import PermissionDenied

            raise PermissionDenied
        return redirect_to_login(request.GET.get("next", reverse("admin:index")))
