from django.contrib import admin

from idesluss.challenges.models import Challenge, Need
from idesluss.core.admin_site import PolicyPermissions
from idesluss.core.text import SingleLineFieldsAdmin


@admin.register(Need)
class NeedAdmin(PolicyPermissions, SingleLineFieldsAdmin, admin.ModelAdmin):
    """The coordinator (and administrators) correct or remove needs; people record them on
    the site."""

    view_perm = change_perm = "challenges.change_need"
    delete_perm = "challenges.delete_need"

    list_display = ["title", "unit", "frequency", "recorded_by", "echo_count", "created_at"]
    list_filter = ["frequency", "created_at"]
    search_fields = ["title", "description", "where", "affected"]
    list_select_related = ["unit", "recorded_by"]
    autocomplete_fields = ["unit"]
    readonly_fields = ["recorded_by", "echo_count", "created_at"]
    ordering = ["-created_at"]
    date_hierarchy = "created_at"


@admin.register(Challenge)
class ChallengeAdmin(PolicyPermissions, SingleLineFieldsAdmin, admin.ModelAdmin):
    """The coordinator (and administrators) correct or remove challenges; they are made from
    needs on the site."""

    view_perm = delete_perm = "challenges.delete_challenge"
    change_perm = "challenges.change_challenge"

    list_display = ["title", "owner_unit", "opens_on", "closes_on", "created_by"]
    list_filter = ["opens_on", "closes_on"]
    search_fields = ["title", "background", "question"]
    list_select_related = ["owner_unit", "created_by"]
    autocomplete_fields = ["owner_unit", "needs", "global_goals", "vision_goals"]
    readonly_fields = ["created_by", "created_at"]
    ordering = ["-opens_on"]
    date_hierarchy = "opens_on"
