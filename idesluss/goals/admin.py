from django.contrib import admin

from idesluss.core.admin_site import PolicyPermissions
from idesluss.core.text import SingleLineFieldsAdmin
from idesluss.goals.models import GlobalGoal, VisionGoal

# Goals are part of the idea sluice's configuration: the coordinator (and administrators)
# manage them (ideas/policy.py; a name, not an import: goals lie below ideas).
MANAGE_WORKFLOW = "ideas.manage_workflow"


@admin.register(VisionGoal)
class VisionGoalAdmin(PolicyPermissions, SingleLineFieldsAdmin, admin.ModelAdmin):
    """The municipality's own vision goals, which ideas, challenges and workshops name."""

    view_perm = add_perm = change_perm = delete_perm = MANAGE_WORKFLOW
    single_line_fields = ("name_sv", "name_en")

    list_display = ["name_sv", "name_en", "order", "is_active"]
    list_display_links = ["name_sv"]
    list_filter = ["is_active"]
    search_fields = ["name_sv", "name_en", "description"]
    ordering = ["order", "id"]
    fields = ["name_sv", "name_en", "description", "order", "is_active"]


@admin.register(GlobalGoal)
class GlobalGoalAdmin(PolicyPermissions, admin.ModelAdmin):
    """The UN's 17 Global Goals with their official names and colours: to read, not to change."""

    view_perm = MANAGE_WORKFLOW

    list_display = ["number", "name_sv", "name_en", "colour", "text_colour"]
    list_display_links = ["number", "name_sv"]
    search_fields = ["name_sv", "name_en"]
    ordering = ["number"]
    fields = ["number", "name_sv", "name_en", "colour", "text_colour"]
