from django.contrib import admin

from idesluss.core.admin_site import PolicyInlinePermissions, PolicyPermissions
from idesluss.core.text import SingleLineFieldsAdmin
from idesluss.workshops.models import Cluster, Note, SignUp, Workshop

# Workshops are the coordinator's in the back office (workshops/policy.py); they are planned
# and run on the site, so nothing is added here.
MANAGE = "workshops.manage_back_office"


class WorkshopsPermissions(PolicyPermissions):
    view_perm = change_perm = delete_perm = MANAGE


class SignUpInline(PolicyInlinePermissions, admin.StackedInline):
    # Stacked, not tabular: a tabular inline's fields carry no labels (WCAG 1.3.1).
    model = SignUp
    extra = 0
    view_perm = change_perm = delete_perm = MANAGE
    fields = ["person", "status", "signed_up_at", "reminded_at"]
    readonly_fields = ["person", "signed_up_at", "reminded_at"]


@admin.register(Workshop)
class WorkshopAdmin(WorkshopsPermissions, SingleLineFieldsAdmin, admin.ModelAdmin):
    """The coordinator can correct workshops in the back office; the work happens on the site."""

    list_display = ["title", "starts_at", "phase", "capacity", "challenge"]
    list_filter = ["phase", "starts_at"]
    search_fields = ["title", "description", "place"]
    list_select_related = ["challenge"]
    date_hierarchy = "starts_at"
    autocomplete_fields = ["challenge", "facilitators", "global_goals", "vision_goals"]
    readonly_fields = ["created_by", "created_at"]
    ordering = ["-starts_at"]
    inlines = [SignUpInline]


@admin.register(Note)
class NoteAdmin(WorkshopsPermissions, admin.ModelAdmin):
    list_display = ["text", "workshop", "cluster", "created_at"]
    list_filter = ["created_at"]
    search_fields = ["text", "workshop__title"]
    list_select_related = ["workshop", "cluster"]
    autocomplete_fields = ["cluster"]
    readonly_fields = ["workshop", "author", "promoted_idea", "created_at"]
    ordering = ["-created_at"]


@admin.register(Cluster)
class ClusterAdmin(WorkshopsPermissions, SingleLineFieldsAdmin, admin.ModelAdmin):
    list_display = ["name", "workshop", "created_at"]
    search_fields = ["name", "workshop__title"]
    list_select_related = ["workshop"]
    readonly_fields = ["workshop", "created_by", "promoted_idea", "created_at"]
    ordering = ["-created_at"]
