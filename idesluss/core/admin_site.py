from django.contrib import admin
from django.contrib.admin.views.autocomplete import AutocompleteJsonView
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


class PolicyPermissions:
    """Who may do what with a model in the back office, asked of the app's policy
    (docs/roles_and_permissions.md), the one place that decides it: Django's model
    permissions are never consulted.

    Each admin names the policy permission that lets a person see the model's list and rows
    (`view_perm`), add (`add_perm`), change (`change_perm`) and delete (`delete_perm`) there;
    an empty name means nobody does it in the back office (not even a superuser: the audit
    trail is not written by hand). The index lists a model only for those who may see it."""

    view_perm = ""
    add_perm = ""
    change_perm = ""
    delete_perm = ""

    def _may(self, request: HttpRequest, perm: str, obj=None) -> bool:
        return bool(perm) and request.user.has_perm(perm, obj)

    def has_view_permission(self, request, obj=None) -> bool:
        return self._may(request, self.view_perm, obj) or self.has_change_permission(request, obj)

    def has_add_permission(self, request, *args) -> bool:
        return self._may(request, self.add_perm)

    def has_change_permission(self, request, obj=None) -> bool:
        return self._may(request, self.change_perm, obj)

    def has_delete_permission(self, request, obj=None) -> bool:
        return self._may(request, self.delete_perm, obj)

    def has_module_permission(self, request) -> bool:
        return self.has_view_permission(request)


class PolicyInlinePermissions(PolicyPermissions):
    """The same for an inline: `obj` is the row the inline belongs to, not one of its own."""

    def _may(self, request: HttpRequest, perm: str, obj=None) -> bool:
        return bool(perm) and request.user.has_perm(perm)


class SuperusersOnly:
    """An admin of another package (allauth's, Django's groups): only superusers use it."""

    def _superuser(self, request) -> bool:
        return request.user.is_active and request.user.is_superuser

    def has_view_permission(self, request, obj=None) -> bool:
        return self._superuser(request)

    def has_add_permission(self, request, *args) -> bool:
        return self._superuser(request)

    def has_change_permission(self, request, obj=None) -> bool:
        return self._superuser(request)

    def has_delete_permission(self, request, obj=None) -> bool:
        return self._superuser(request)

    def has_module_permission(self, request) -> bool:
        return self._superuser(request)


class AutocompleteView(AutocompleteJsonView):
    """The choices of a searchable field (people, units, groups …): for whoever may fill in
    the field, not only for those who manage the model chosen (a coordinator picks a unit
    for a need without managing units)."""

    def has_perm(self, request, obj=None) -> bool:
        source = self.admin_site._registry.get(self.source_field.model)
        if source is not None and (
            source.has_add_permission(request) or source.has_change_permission(request)
        ):
            return True
        return super().has_perm(request, obj)


class AdminSite(admin.AdminSite):
    """The back office: for administrators and the idea coordinator, who sign in through the
    normal sign-in page; each sees and changes there what their role manages."""

    site_header = _("Idésluss – back office")
    site_title = _("Idésluss back office")
    index_title = _("Back office")

    def register(self, model_or_iterable, admin_class=None, **options):
        # Every model's admin, whichever app registers it, checks ids from the address.
        admin_class = admin_class or admin.ModelAdmin
        if not issubclass(admin_class, IdInitialMixin):
            admin_class = type(admin_class.__name__, (IdInitialMixin, admin_class), {})
        # Who may use it is the policy's (PolicyPermissions); an admin that does not say is
        # for superusers only.
        if not issubclass(admin_class, PolicyPermissions):
            admin_class = type(admin_class.__name__, (SuperusersOnly, admin_class), {})
        return super().register(model_or_iterable, admin_class, **options)

    def has_permission(self, request: HttpRequest) -> bool:
        return request.user.is_active and request.user.has_perm("core.access_backoffice")

    def autocomplete_view(self, request: HttpRequest):
        return AutocompleteView.as_view(admin_site=self)(request)

    def login(self, request: HttpRequest, extra_context=None):
        if request.user.is_authenticated:
            # Signed in but not an administrator: say so instead of asking again.
            from django.core.exceptions import PermissionDenied

            raise PermissionDenied
        return redirect_to_login(request.GET.get("next", reverse("admin:index")))
