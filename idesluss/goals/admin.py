from django.contrib import admin

from idesluss.goals.models import GlobalGoal, VisionGoal


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
