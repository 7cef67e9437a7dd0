from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from idesluss.accounts.models import Role
from idesluss.core.admin_site import PolicyInlinePermissions, PolicyPermissions
from idesluss.core.text import SingleLineFieldsAdmin
from idesluss.ideas.models import Criterion, Stage, Transition
from idesluss.ideas.workflow import MOVER_ROLES

# The coordinator (and administrators) configure the idea sluice: ideas/policy.py.
MANAGE_WORKFLOW = "ideas.manage_workflow"


class WorkflowPermissions(PolicyPermissions):
    view_perm = add_perm = change_perm = delete_perm = MANAGE_WORKFLOW


class TransitionInline(PolicyInlinePermissions, admin.StackedInline):
    # Stacked, not tabular: a tabular inline's fields carry no labels (WCAG 1.3.1).
    model = Transition
    fk_name = "from_stage"
    extra = 0
    fields = ["to_stage", "allowed_roles"]
    view_perm = add_perm = change_perm = delete_perm = MANAGE_WORKFLOW

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        # Only the roles someone acts in for an idea make moves (ideas/workflow.py); two
        # roles read best as two boxes to tick.
        if db_field.name == "allowed_roles":
            kwargs["queryset"] = Role.objects.filter(code__in=MOVER_ROLES)
            kwargs["widget"] = forms.CheckboxSelectMultiple
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        to_stage = formset.form.base_fields["to_stage"]
        to_stage.label_from_instance = _stage_label
        stages = Stage.objects.order_by("lane", "order")
        # A move leads to another stage of the same lane.
        to_stage.queryset = stages.filter(lane=obj.lane).exclude(pk=obj.pk) if obj else stages
        return formset


def _stage_label(stage: Stage) -> str:
    return f"{stage.get_lane_display()}: {stage.name}"


@admin.register(Stage)
class StageAdmin(WorkflowPermissions, SingleLineFieldsAdmin, admin.ModelAdmin):
    """The coordinator configures each lane's stages, their order and the allowed moves."""

    single_line_fields = ("name_sv", "name_en")

    list_display = [
        "name_sv",
        "name_en",
        "lane",
        "kind",
        "order",
        "is_initial",
        "is_final",
        "response_days",
    ]
    list_display_links = ["name_sv"]
    # No `list_editable`: Django leaves the list's inputs without labels (WCAG 1.3.1).
    list_filter = ["lane", "kind", "is_initial", "is_final"]
    search_fields = ["name_sv", "name_en", "code"]
    ordering = ["lane", "order"]
    prepopulated_fields = {"code": ["name_sv"]}
    fieldsets = [
        (None, {"fields": ["name_sv", "name_en", "lane", "code", "kind", "order"]}),
        (
            _("How ideas move"),
            {
                "fields": [
                    "is_initial",
                    "is_final",
                    "response_days",
                    "requires_lesson",
                    "requires_forward_target",
                ]
            },
        ),
    ]
    inlines = [TransitionInline]


@admin.register(Criterion)
class CriterionAdmin(WorkflowPermissions, SingleLineFieldsAdmin, admin.ModelAdmin):
    """The criteria assessors score ideas against (1–5), configured by the coordinator."""

    single_line_fields = ("name_sv", "name_en")

    list_display = ["name_sv", "name_en", "order", "is_active"]
    list_display_links = ["name_sv"]
    list_filter = ["is_active"]
    search_fields = ["name_sv", "name_en", "description"]
    ordering = ["order", "id"]
    fields = ["name_sv", "name_en", "description", "order", "is_active"]
