from django.contrib import admin

from idesluss.core.admin_site import PolicyInlinePermissions, PolicyPermissions
from idesluss.core.text import SingleLineFieldsAdmin
from idesluss.learning.models import Enrolment, Training, TrainingSession

# Trainings are the coordinator's in the back office (learning/policy.py); they are planned
# and run on the site, so nothing is added here.
MANAGE = "learning.manage_back_office"


class SessionInline(PolicyInlinePermissions, admin.StackedInline):
    model = TrainingSession
    extra = 0
    view_perm = change_perm = delete_perm = MANAGE
    fields = ["starts_at", "ends_at", "place", "topic"]


class EnrolmentInline(PolicyInlinePermissions, admin.StackedInline):
    model = Enrolment
    extra = 0
    view_perm = change_perm = delete_perm = MANAGE
    fields = ["person", "status", "enrolled_at", "completed_at"]
    readonly_fields = ["person", "enrolled_at", "completed_at"]


@admin.register(Training)
class TrainingAdmin(PolicyPermissions, SingleLineFieldsAdmin, admin.ModelAdmin):
    """The coordinator can correct trainings in the back office; the work happens on the site."""

    view_perm = change_perm = delete_perm = MANAGE
    list_display = ["title", "capacity", "grants", "enrolment_open"]
    list_filter = ["grants", "enrolment_open"]
    search_fields = ["title", "description"]
    autocomplete_fields = ["responsible"]
    readonly_fields = ["created_by", "created_at"]
    inlines = [SessionInline, EnrolmentInline]
