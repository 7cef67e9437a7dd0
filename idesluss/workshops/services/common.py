"""What the workshops' services share."""

from django.core.exceptions import PermissionDenied

from idesluss.accounts.models import User
from idesluss.workshops.models import Workshop


def require(by: User, perm: str, workshop: Workshop) -> None:
    """Refuse unless the person has the permission for the workshop."""
    if not by.has_perm(perm, workshop):
        raise PermissionDenied
