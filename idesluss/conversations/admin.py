from django.contrib import admin

from idesluss.conversations.models import GuideVersion, Insight, Session, Theme
from idesluss.core.admin_site import PolicyInlinePermissions, PolicyPermissions
from idesluss.core.text import SingleLineFieldsAdmin

# Themes and sessions are the coordinator's in the back office (conversations/policy.py);
# they are written on the site (a changed guide is a new version there), so nothing is added
# here and the guides' versions are read only.
MANAGE = "conversations.manage_back_office"


class ConversationsPermissions(PolicyPermissions):
    view_perm = change_perm = delete_perm = MANAGE


class GuideVersionInline(PolicyInlinePermissions, admin.StackedInline):
    model = GuideVersion
    extra = 0
    view_perm = MANAGE
    fields = ["number", "created_by", "created_at"]
    readonly_fields = fields
    show_change_link = False


@admin.register(Theme)
class ThemeAdmin(ConversationsPermissions, SingleLineFieldsAdmin, admin.ModelAdmin):
    """The coordinator can correct a theme's name and text, or take it out of use."""

    list_display = ["title", "is_active", "updated_at"]
    list_filter = ["is_active"]
    search_fields = ["title", "description"]
    fields = ["title", "description", "is_active", "global_goals", "vision_goals"]
    autocomplete_fields = ["global_goals", "vision_goals"]
    inlines = [GuideVersionInline]


class InsightInline(PolicyInlinePermissions, admin.StackedInline):
    model = Insight
    extra = 0
    view_perm = change_perm = delete_perm = MANAGE
    fields = ["text", "idea"]
    readonly_fields = ["idea"]


@admin.register(Session)
class SessionAdmin(ConversationsPermissions, SingleLineFieldsAdmin, admin.ModelAdmin):
    """The coordinator can correct a session's time, place and notes."""

    list_display = ["theme", "starts_at", "leader", "unit", "recorded_at"]
    list_filter = ["theme", "starts_at"]
    search_fields = ["theme__title", "place"]
    list_select_related = ["theme", "leader", "unit"]
    date_hierarchy = "starts_at"
    fields = [
        "theme",
        "guide",
        "leader",
        "unit",
        "starts_at",
        "ends_at",
        "place",
        "head_count",
        "attended_count",
        "experiences",
        "lessons",
        "recorded_at",
    ]
    readonly_fields = ["theme", "guide", "leader", "recorded_at"]
    autocomplete_fields = ["unit"]
    ordering = ["-starts_at"]
    inlines = [InsightInline]
