from django.contrib import admin, messages
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from idesluss.core.admin_site import PolicyPermissions
from idesluss.notifications import services
from idesluss.notifications.models import Notification


class DeliveryFilter(admin.SimpleListFilter):
    title = _("email")
    parameter_name = "delivery"

    def lookups(self, request, model_admin):
        return [
            ("failed", _("Failed for good")),
            ("retrying", _("Failed, will be tried again")),
            ("waiting", _("Waiting to be sent")),
            ("sent", _("Sent")),
        ]

    def queryset(self, request, queryset):
        unsent = Q(emailed_at__isnull=True)
        match self.value():
            case "failed":
                return queryset.filter(unsent, failed_at__isnull=False)
            case "retrying":
                return queryset.filter(unsent, failed_at__isnull=True, attempts__gt=0)
            case "waiting":
                return queryset.filter(
                    unsent, failed_at__isnull=True, attempts=0, send_after__isnull=False
                )
            case "sent":
                return queryset.filter(emailed_at__isnull=False)
        return queryset


@admin.register(Notification)
class NotificationAdmin(PolicyPermissions, admin.ModelAdmin):
    """E-mail deliveries: what failed and why, and a way to send it again (administrators;
    nobody adds or deletes notifications here)."""

    view_perm = "notifications.view_notification"
    change_perm = "notifications.change_notification"

    list_display = [
        "created_at",
        "recipient",
        "kind",
        "title",
        "delivery",
        "attempts",
        "short_error",
        "next_attempt_at",
    ]
    list_filter = [DeliveryFilter, "kind"]
    search_fields = ["recipient__email", "title", "last_error"]
    list_select_related = ["recipient"]
    ordering = ["-created_at"]
    date_hierarchy = "created_at"
    actions = ["send_again"]
    readonly_fields = [
        "recipient",
        "kind",
        "actor",
        "title",
        "body",
        "url",
        "topic",
        "count",
        "created_at",
        "read_at",
        "emailed_at",
        "send_after",
        "attempts",
        "last_error",
        "next_attempt_at",
        "failed_at",
    ]
    fields = readonly_fields

    @admin.display(description=_("email"))
    def delivery(self, obj: Notification) -> str:
        return obj.delivery

    @admin.display(description=_("last error"))
    def short_error(self, obj: Notification) -> str:
        return obj.last_error[:120]

    @admin.action(description=_("Send the email again"), permissions=["change"])
    def send_again(self, request, queryset):
        count = services.notifications_send_again(
            notification_ids=queryset.values_list("pk", flat=True), by=request.user
        )
        self.message_user(
            request,
            ngettext(
                "%(count)s email will be sent again.",
                "%(count)s emails will be sent again.",
                count,
            )
            % {"count": count},
            messages.SUCCESS,
        )
