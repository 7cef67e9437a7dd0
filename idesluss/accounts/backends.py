from allauth.account.auth_backends import AuthenticationBackend


class EmailBackend(AuthenticationBackend):
    """Signs people in by e-mail; grants nothing itself.

    Every permission comes from the rules (rules.py), so Django's per-user and
    per-group permission tables are never consulted (and cost no queries). The signed-in
    person of a request is read as Django reads them (one query); their roles come from
    the cache (accounts.selectors.roles_of) and their unread count from notifications.
    """

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
