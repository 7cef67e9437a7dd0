from functools import lru_cache

from allauth.account.auth_backends import AuthenticationBackend
from django.db import connection

from idesluss.accounts.models import User

_ANY_ID = -918273645  # stands for the person's id in the SQL built once


@lru_cache(maxsize=4)
def _signed_in_query(vendor: str) -> tuple[str, tuple]:
    """The SQL (and parameters) that reads a person with their roles and unread count,
    built once per process and database kind: building the query's expressions costs
    several times more than running it."""
    from idesluss.accounts.selectors import role_rows_subquery
    from idesluss.notifications.selectors import unread_count_subquery

    query = (
        User._default_manager.filter(pk=_ANY_ID)
        .annotate(header_roles=role_rows_subquery(), header_unread=unread_count_subquery())
        .query
    )
    return query.sql_with_params()


class EmailBackend(AuthenticationBackend):
    """Signs people in by e-mail; grants nothing itself.

    Every permission comes from the rules (rules.py), so Django's per-user and
    per-group permission tables are never consulted (and cost no queries).
    """

    def get_user(self, user_id):
        """The signed-in person of a request, read with what every page's layout shows of
        them: their roles (the menu and every permission) and their unread notifications
        (the header), in one query instead of three."""
        from idesluss.accounts.selectors import remember_roles

        try:
            user_id = int(user_id)
        except (TypeError, ValueError):
            return None
        sql, params = _signed_in_query(connection.vendor)
        params = [user_id if param == _ANY_ID else param for param in params]
        user = next(iter(User._default_manager.raw(sql, params)), None)
        if user is None or not self.user_can_authenticate(user):
            return None
        remember_roles(user, user.header_roles)
        return user

    def get_user_permissions(self, user_obj, obj=None) -> set:
        return set()

    def get_group_permissions(self, user_obj, obj=None) -> set:
        return set()

    def get_all_permissions(self, user_obj, obj=None) -> set:
        return set()

    def has_perm(self, user_obj, perm, obj=None) -> bool:
        return False

    def has_module_perms(self, user_obj, app_label) -> bool:
        return False
