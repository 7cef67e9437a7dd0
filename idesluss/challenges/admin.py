from django.contrib import admin

from idesluss.challenges.models import Challenge, Need
from idesluss.core.text import SingleLineFieldsAdmin


@admin.register(Need)
class NeedAdmin(SingleLineFieldsAdmin, admin.ModelAdmin):
    """The coordinator can correct or remove needs in the back office."""

    list_display = ["title", "unit", "recorded_by", "echo_count", "created_at"]
    list_filter = ["frequency"]
    search_fields = ["title", "description", "where", "affected"]
    raw_id_fields = ["unit", "recorded_by"]
    readonly_fields = ["echo_count"]


@admin.register(Challenge)
class ChallengeAdmin(SingleLineFieldsAdmin, admin.ModelAdmin):
    list_display = ["title", "owner_unit", "opens_on", "closes_on"]
    list_filter = ["opens_on", "closes_on"]
    search_fields = ["title", "background", "question"]
    raw_id_fields = ["owner_unit", "created_by"]
    filter_horizontal = ["needs", "global_goals", "vision_goals"]
    date_hierarchy = "opens_on"
