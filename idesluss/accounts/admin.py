from django.contrib import admin
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from idesluss.accounts import importers, services
from idesluss.accounts.forms import ImportForm
from idesluss.accounts.models import (
    PeopleImport,
    Qualification,
    Role,
    RoleAssignment,
    Unit,
    User,
)
from idesluss.core.admin_site import PolicyInlinePermissions, PolicyPermissions
from idesluss.core.http import apply_errors
from idesluss.core.services import audit_record
from idesluss.core.text import SingleLineFieldsAdmin


class RoleAssignmentInline(PolicyInlinePermissions, admin.StackedInline):
    # Stacked, not tabular: a tabular inline's fields carry no labels (WCAG 1.3.1).
    model = RoleAssignment
    view_perm = add_perm = change_perm = delete_perm = "accounts.assign_role"
    fk_name = "user"
    extra = 0
    fields = ["role", "unit", "created_at"]
    readonly_fields = ["created_at"]
    autocomplete_fields = ["unit"]

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "role":
            # Coach and conversation leader are qualifications, granted under Trainings.
            kwargs["queryset"] = Role.objects.exclude(code__in=Qualification.Code.values)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class QualificationInline(PolicyInlinePermissions, admin.StackedInline):
    """The person's qualifications, to read: they are granted by completed trainings or by
    the idea coordinator (with a reason) in the application, never edited here."""

    model = Qualification
    view_perm = "accounts.change_user"
    fk_name = "user"
    extra = 0
    fields = ["code", "granted_on", "expires_on", "source", "training_title", "withdrawn_at"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(User)
class UserAdmin(PolicyPermissions, SingleLineFieldsAdmin, admin.ModelAdmin):
    """Administrators manage people and their roles. Nobody is deleted here: people who
    leave are made inactive, so what they did keeps its author."""

    view_perm = add_perm = change_perm = "accounts.change_user"

    list_display = ["full_name", "email", "unit", "job_title", "is_active"]
    list_filter = ["is_active", "role_assignments__role", "unit"]
    search_fields = ["full_name", "email", "employee_number"]
    list_select_related = ["unit"]
    autocomplete_fields = ["unit"]
    ordering = ["full_name", "email"]
    fields = [
        "full_name",
        "email",
        "unit",
        "job_title",
        "phone",
        "employee_number",
        "preferred_language",
        "is_active",
        "last_login",
        "date_joined",
    ]
    readonly_fields = ["last_login", "date_joined"]
    inlines = [RoleAssignmentInline, QualificationInline]
    change_list_template = "admin/accounts/import_link_change_list.html"

    def save_model(self, request, obj, form, change):
        if not change:
            created = services.user_create(
                email=obj.email,
                full_name=obj.full_name,
                unit=obj.unit,
                job_title=obj.job_title,
                employee_number=obj.employee_number,
                by=request.user,
            )
            obj.pk = created.pk
            obj.password = created.password
            obj._state.adding = False
        obj.email = obj.email.lower()
        obj.save()
        if change:
            audit_record(
                actor=request.user,
                action="user.update",
                target=obj,
                data={"fields": form.changed_data},
            )

    def save_formset(self, request, form, formset, change):
        # Roles go through the services so that back-office access and the audit trail follow.
        assignments = formset.save(commit=False)
        for deleted in formset.deleted_objects:
            services.role_revoke(
                user=deleted.user, role_code=deleted.role.code, unit=deleted.unit, by=request.user
            )
        for assignment in assignments:
            if assignment.pk:
                assignment.save()
            else:
                services.role_assign(
                    user=form.instance,
                    role_code=assignment.role.code,
                    unit=assignment.unit,
                    by=request.user,
                )

    def get_urls(self):
        return [
            path(
                "import/",
                self.admin_site.admin_view(import_view),
                name="accounts_import",
            ),
            path(
                "import/<int:pk>/",
                self.admin_site.admin_view(import_report_view),
                name="accounts_import_report",
            ),
            *super().get_urls(),
        ]


@admin.register(Unit)
class UnitAdmin(PolicyPermissions, SingleLineFieldsAdmin, admin.ModelAdmin):
    """Administrators build the organisation's tree of units (or import it from HR)."""

    view_perm = add_perm = change_perm = delete_perm = "accounts.change_unit"

    list_display = ["indented_name", "code", "kind", "is_active"]
    list_filter = ["kind", "is_active"]
    search_fields = ["name", "code"]
    ordering = ["path"]
    fields = ["name", "code", "kind", "parent", "is_active"]
    autocomplete_fields = ["parent"]
    change_list_template = "admin/accounts/import_link_change_list.html"

    @admin.display(description=gettext_lazy("name"), ordering="path")
    def indented_name(self, unit: Unit) -> str:
        return f"{'— ' * unit.depth}{unit.name}"

    def get_readonly_fields(self, request, obj=None):
        return ["code"] if obj else []

    def save_model(self, request, obj, form, change):
        if change:
            services.unit_update(
                unit=obj,
                name=obj.name,
                kind=obj.kind,
                parent=obj.parent,
                is_active=obj.is_active,
                by=request.user,
            )
        else:
            created = services.unit_create(
                name=obj.name, code=obj.code, kind=obj.kind, parent=obj.parent, by=request.user
            )
            obj.pk = created.pk
            obj._state.adding = False

    # Deleting a unit deletes the roles held for it and its sub-units: their holders'
    # roles are read afresh (accounts.services.roles_changed).
    def delete_model(self, request, obj):
        with transaction.atomic():
            services.roles_changed(user_ids=_role_holders([obj]))
            super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        with transaction.atomic():
            services.roles_changed(user_ids=_role_holders(queryset))
            super().delete_queryset(request, queryset)


def _role_holders(units) -> list[int]:
    within = Q()
    for unit in units:
        within |= Q(unit__path__startswith=unit.path)
    if not within:
        return []
    return list(RoleAssignment.objects.filter(within).values_list("user_id", flat=True))


@admin.register(Role)
class RoleAdmin(PolicyPermissions, admin.ModelAdmin):
    """The roles are fixed (what each may do is docs/roles_and_permissions.md); administrators
    see who holds them and give them on each person's page."""

    view_perm = "accounts.assign_role"

    list_display = ["__str__", "unit_scoped", "holders"]
    ordering = ["sort_order"]
    fields = ["code", "unit_scoped"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(holder_count=Count("assignments"))

    @admin.display(description=gettext_lazy("people with the role"), ordering="holder_count")
    def holders(self, role: Role) -> str:
        if role.code == Role.Code.EMPLOYEE:
            return _("everyone active")
        url = reverse("admin:accounts_user_changelist")
        return format_html(
            '<a href="{}?role_assignments__role__id__exact={}">{}</a>',
            url,
            role.pk,
            role.holder_count,
        )


def import_view(request: HttpRequest) -> HttpResponse:
    """Upload a CSV of units or people from the HR system; the import runs in the
    background and its page shows the progress and what was rejected."""
    if not request.user.has_perm("accounts.import_people"):
        raise PermissionDenied
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            record = importers.people_import_start(
                by=request.user,
                kind=data["kind"],
                file=data["file"],
                dry_run=data["dry_run"],
                deactivate_missing=data["deactivate_missing"],
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            return redirect(record.get_absolute_url())
    context = {
        **admin.site.each_context(request),
        "title": _("Import units and people from CSV"),
        "form": form,
        "imports": PeopleImport.objects.select_related("created_by")[:10],
    }
    return render(request, "admin/accounts/import.html", context)


REPORT_PAGE_SIZE = 200


def import_report_view(request: HttpRequest, pk: int) -> HttpResponse:
    """One import's progress while it runs (the page updates itself), then its report."""
    if not request.user.has_perm("accounts.import_people"):
        raise PermissionDenied
    record = get_object_or_404(PeopleImport.objects.select_related("created_by"), pk=pk)
    rejected = Paginator(record.rejected, REPORT_PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        **admin.site.each_context(request),
        "title": _("Import of %(name)s") % {"name": record.file_name},
        "record": record,
        "rejected": rejected,
    }
    if request.headers.get("HX-Request"):
        response = render(request, "admin/accounts/_import_progress.html", context)
        if record.is_finished:
            # Done: the whole page again, now with the report of rejected rows.
            response["HX-Refresh"] = "true"
        return response
    return render(request, "admin/accounts/import_report.html", context)
