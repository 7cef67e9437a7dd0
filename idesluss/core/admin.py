from django.contrib import admin

from idesluss.core.admin_site import PolicyPermissions
from idesluss.core.models import AuditEvent


@admin.register(AuditEvent)
class AuditEventAdmin(PolicyPermissions, admin.ModelAdmin):
    """The audit trail: administrators read it; nobody writes or removes a line by hand."""

    view_perm = "core.view_audit_trail"

    list_display = ["created_at", "actor", "action", "target_repr"]
    list_filter = ["action", "target_type"]
    search_fields = ["target_repr", "actor__email", "actor__full_name", "action"]
    list_select_related = ["actor"]
    date_hierarchy = "created_at"
    ordering = ["-created_at"]
