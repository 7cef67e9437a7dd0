from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from idesluss.accounts.models import Role
from idesluss.core.text import SingleLineFieldsAdmin
from idesluss.ideas.models import Stage, Transition
from idesluss.ideas.workflow import MOVER_ROLES


class TransitionInline(admin.TabularInline):
    model = Transition
    fk_name = "from_stage"
    extra = 0
    filter_horizontal = ["allowed_roles"]

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        # Only the roles someone acts in for an idea make moves (ideas/workflow.py).
        if db_field.name == "allowed_roles":
            kwargs["queryset"] = Role.objects.filter(code__in=MOVER_ROLES)
            kwargs["help_text"] = _(
                "“Manager” is whoever answers for the idea: a manager of its unit, or the "
                "person responsible for answering it."
            )
        return super().formfield_for_manytomany(db_field, request, **kwargs)


@admin.register(Stage)
class StageAdmin(SingleLineFieldsAdmin, admin.ModelAdmin):
    """The coordinator configures each lane's stages, their order and the allowed moves."""

    list_display = ["name_sv", "name_en", "lane", "kind", "order", "is_initial", "is_final"]
    list_filter = ["lane", "kind"]
    list_editable = ["order"]
    ordering = ["lane", "order"]
    inlines = [TransitionInline]
