from django.contrib import admin

from idesluss.core.text import SingleLineFieldsAdmin
from idesluss.ideas.models import GlobalGoal, Stage, Transition, VisionGoal


class TransitionInline(admin.TabularInline):
    model = Transition
    fk_name = "from_stage"
    extra = 0
    filter_horizontal = ["allowed_roles"]


@admin.register(Stage)
class StageAdmin(SingleLineFieldsAdmin, admin.ModelAdmin):
    """The coordinator configures each lane's stages, their order and the allowed moves."""

    list_display = ["name_sv", "name_en", "lane", "kind", "order", "is_initial", "is_final"]
    list_filter = ["lane", "kind"]
    list_editable = ["order"]
    ordering = ["lane", "order"]
    inlines = [TransitionInline]


@admin.register(VisionGoal)
class VisionGoalAdmin(admin.ModelAdmin):
    list_display = ["name_sv", "name_en", "order", "is_active"]
    list_editable = ["order", "is_active"]


@admin.register(GlobalGoal)
class GlobalGoalAdmin(admin.ModelAdmin):
    list_display = ["number", "name_sv", "name_en", "colour", "text_colour"]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
