from typing import Any

from django.db import models

from idesluss.core.models import AuditEvent


def audit_record(
    *, actor: Any | None, action: str, target: models.Model, data: dict | None = None
) -> AuditEvent:
    """Write who did what to which object; every service that changes data calls this."""
    return AuditEvent.objects.create(
        actor=actor if getattr(actor, "pk", None) else None,
        action=action,
        target_type=target._meta.label_lower,
        target_id=str(target.pk),
        target_repr=str(target)[:255],
        data=data or {},
    )
