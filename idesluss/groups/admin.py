from django.contrib import admin

from idesluss.core.text import SingleLineFieldsAdmin
from idesluss.groups.models import Action, Group, JointFollowUp, Session


@admin.register(Group)
class GroupAdmin(SingleLineFieldsAdmin, admin.ModelAdmin):
    """The coordinator can correct groups in the back office; the work happens on the site."""

    list_display = ["name", "kind", "status", "coach", "starts_on", "ends_on", "is_public"]
    list_filter = ["kind", "status", "is_public"]
    search_fields = ["name", "purpose"]
    raw_id_fields = ["coach", "created_by"]
    filter_horizontal = ["members"]
    autocomplete_fields: list[str] = []
    exclude = ["ideas"]


@admin.register(Session)
class SessionAdmin(admin.ModelAdmin):
    list_display = ["group", "kind", "starts_at", "joint"]
    list_filter = ["kind"]
    raw_id_fields = ["group", "created_by", "joint"]
    exclude = ["participants", "attendees", "carried_actions"]


@admin.register(Action)
class ActionAdmin(admin.ModelAdmin):
    list_display = ["what", "group", "owner", "due_on", "done_at"]
    list_filter = ["done_at"]
    raw_id_fields = ["group", "session", "owner", "done_by", "created_by"]


@admin.register(JointFollowUp)
class JointFollowUpAdmin(SingleLineFieldsAdmin, admin.ModelAdmin):
    list_display = ["title", "starts_at", "location", "created_by"]
    search_fields = ["title"]
    raw_id_fields = ["created_by"]
