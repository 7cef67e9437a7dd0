from django.contrib import admin

from idesluss.core.text import SingleLineFieldsAdmin
from idesluss.workshops.models import Cluster, Note, SignUp, Workshop


class SignUpInline(admin.TabularInline):
    model = SignUp
    extra = 0
    raw_id_fields = ["person", "invited_by"]
    fields = ["person", "status", "signed_up_at", "reminded_at"]
    readonly_fields = ["signed_up_at", "reminded_at"]


@admin.register(Workshop)
class WorkshopAdmin(SingleLineFieldsAdmin, admin.ModelAdmin):
    """The coordinator can correct workshops in the back office; the work happens on the site."""

    list_display = ["title", "starts_at", "phase", "capacity", "challenge"]
    list_filter = ["phase"]
    search_fields = ["title", "description"]
    date_hierarchy = "starts_at"
    raw_id_fields = ["challenge", "created_by"]
    filter_horizontal = ["facilitators", "global_goals", "vision_goals"]
    inlines = [SignUpInline]


@admin.register(Note)
class NoteAdmin(admin.ModelAdmin):
    list_display = ["text", "workshop", "cluster", "created_at"]
    search_fields = ["text"]
    raw_id_fields = ["workshop", "author", "cluster", "promoted_idea"]


@admin.register(Cluster)
class ClusterAdmin(SingleLineFieldsAdmin, admin.ModelAdmin):
    list_display = ["name", "workshop", "created_at"]
    raw_id_fields = ["workshop", "created_by", "promoted_idea"]
