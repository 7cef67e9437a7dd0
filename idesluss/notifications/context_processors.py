from idesluss.notifications.selectors import unread_count


def unread(request) -> dict:
    """The unread count in the header: read with the signed-in person (no query of its
    own; see accounts/backends.py)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"unread_notifications": unread_count(user)}
