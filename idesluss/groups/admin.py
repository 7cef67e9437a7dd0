from django.contrib import admin

from idesluss.core.admin_site import PolicyPermissions
from idesluss.core.text import SingleLineFieldsAdmin
from idesluss.groups.models import Action, Group, JointFollowUp, Session


class GroupsPermissions(PolicyPermissions):
    """Groups are the coordinator's in the back office (groups/policy.py); they are started
    and run on the site, so nothing is added here."""

    view_perm = change_perm = delete_perm = "groups.manage_back_office"


@admin.register(Group)
class GroupAdmin(GroupsPermissions, SingleLineFieldsAdmin, admin.ModelAdmin):
    """The coordinator can correct groups in the back office; the work happens on the site."""

    list_display = ["name", "kind", "status", "coach", "starts_on", "ends_on", "is_public"]
    list_filter = ["kind", "status", "is_public"]
    search_fields = ["name", "purpose"]
    list_select_related = ["coach"]
    autocomplete_fields = ["coach", "members"]
    readonly_fields = ["created_by", "created_at"]
    exclude = ["ideas"]
    ordering = ["name"]
    date_hierarchy = "starts_on"


@admin.register(Session)
class SessionAdmin(GroupsPermissions, admin.ModelAdmin):
    list_display = ["starts_at", "group", "kind", "joint"]
    list_filter = ["kind"]
    search_fields = ["group__name", "agenda"]
    list_select_related = ["group", "joint"]
    autocomplete_fields = ["group", "joint"]
    readonly_fields = ["created_by", "created_at"]
    exclude = ["participants", "attendees", "carried_actions"]
    ordering = ["-starts_at"]
    date_hierarchy = "starts_at"


@admin.register(Action)
class ActionAdmin(GroupsPermissions, admin.ModelAdmin):
    list_display = ["what", "group", "owner", "due_on", "done_at"]
    list_filter = ["due_on", "done_at"]
    search_fields = ["what", "group__name", "owner__full_name"]
    list_select_related = ["group", "owner"]
    autocomplete_fields = ["group", "session", "owner", "done_by"]
    readonly_fields = ["created_by", "created_at"]
    ordering = ["due_on"]


@admin.register(JointFollowUp)
class JointFollowUpAdmin(GroupsPermissions, SingleLineFieldsAdmin, admin.ModelAdmin):
    list_display = ["title", "starts_at", "location", "created_by"]
    search_fields = ["title", "location"]
    list_select_related = ["created_by"]
    readonly_fields = ["created_by", "created_at"]
    ordering = ["-starts_at"]
    date_hierarchy = "starts_at"
