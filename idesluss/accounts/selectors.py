from dataclasses import dataclass, field

from django.core.cache import cache
from django.core.paginator import Page, Paginator
from django.db.models import (
    CharField,
    Count,
    IntegerField,
    Max,
    Prefetch,
    Q,
    QuerySet,
    Value,
)
from django.utils import timezone

from idesluss.accounts.models import Qualification, Role, RoleAssignment, Unit, User
from idesluss.core.widgets import PICKER_LIMIT


@dataclass(frozen=True)
class RoleSet:
    """The roles one person holds, read once per request."""

    codes: frozenset[str] = frozenset()
    managed_paths: tuple[str, ...] = ()
    managed_unit_ids: frozenset[int] = field(default_factory=frozenset)

    def manages(self, unit: Unit | None) -> bool:
        """A manager is responsible for their units and every unit below them."""
        if unit is None:
            return False
        return any(unit.path.startswith(path) for path in self.managed_paths)


EMPTY_ROLES = RoleSet()
_CACHE_ATTR = "_idesluss_roles"


# The roles are kept in the configured cache (Redis in production, shared by every
# worker) under the person's id and roles_version, which every change of their roles
# counts up (accounts.services.roles_changed): a changed person has a new key, so no
# worker can read their old roles. A qualification lapses on a date without any write,
# so the key also names the day. ROLES_FORMAT changes when RoleSet does.
ROLES_FORMAT = 2
ROLES_KEPT_SECONDS = 24 * 3600


def roles_cache_key(user_id: int, roles_version: int, day=None) -> str:
    day = day or timezone.localdate()
    return f"accounts:roles:{ROLES_FORMAT}:{user_id}:{roles_version}:{day.isoformat()}"


def _active_qualifications(day) -> QuerySet[Qualification]:
    return Qualification.objects.filter(withdrawn_at__isnull=True).filter(
        Q(expires_on__isnull=True) | Q(expires_on__gte=day)
    )


def roles_of(user) -> RoleSet:
    """The roles a user holds: from the user object when the request asked already, else
    from the cache, else read (one query) and kept."""
    if user is None or not user.is_authenticated or not user.is_active:
        return EMPTY_ROLES
    known = getattr(user, _CACHE_ATTR, None)
    if known is not None:
        return known
    today = timezone.localdate()
    key = roles_cache_key(user.pk, user.roles_version, today)
    roles = cache.get(key)
    if roles is None:
        # The roles held and the qualifications valid today, in one query: a qualification
        # counts as the role of its code (coach, conversation leader).
        assigned = RoleAssignment.objects.filter(user=user).values_list(
            "role__code", "unit_id", "unit__path"
        )
        qualified = (
            _active_qualifications(today)
            .filter(user=user)
            .values_list(
                "code",
                Value(None, output_field=IntegerField()),
                Value(None, output_field=CharField()),
            )
        )
        roles = _role_set(assigned.union(qualified, all=True))
        cache.set(key, roles, timeout=ROLES_KEPT_SECONDS)
    setattr(user, _CACHE_ATTR, roles)
    return roles


def _role_set(rows) -> RoleSet:
    """A RoleSet from (role code, unit id, unit path) rows."""
    codes = {Role.Code.EMPLOYEE.value}
    paths: list[str] = []
    unit_ids: set[int] = set()
    for code, unit_id, path in rows:
        codes.add(code)
        if unit_id:
            unit_ids.add(unit_id)
            if code == Role.Code.MANAGER:
                paths.append(path)
    return RoleSet(
        codes=frozenset(codes), managed_paths=tuple(paths), managed_unit_ids=frozenset(unit_ids)
    )


def roles_forget(user) -> None:
    """Drop the roles a user object remembers (after `roles_changed` counted up its
    roles_version)."""
    if hasattr(user, _CACHE_ATTR):
        delattr(user, _CACHE_ATTR)


def unit_choices() -> list[tuple[int, str]]:
    """Every active unit as (id, label) in tree order, the label a plain string indented by
    its depth (the select escapes it): the unit selects of lists, boards and forms, with
    hundreds of units.

    One small query asks whether the units changed (their number and latest change); the
    choices themselves are built once per change and kept in the cache."""
    stamp = Unit.objects.aggregate(count=Count("id"), changed=Max("updated_at"))
    changed = stamp["changed"].timestamp() if stamp["changed"] else 0
    key = f"accounts:unit-choices:{stamp['count']}:{changed}"
    choices = cache.get(key)
    if choices is None:
        units = Unit.objects.filter(is_active=True).order_by("path")
        choices = [
            (pk, "– " * depth + name)
            for pk, name, depth in units.values_list("pk", "name", "depth")
        ]
        cache.set(key, choices, timeout=24 * 3600)
    return choices


def unit_tree() -> list[Unit]:
    """Every active unit in tree order (siblings by name), with managers and head counts."""
    units = list(
        Unit.objects.filter(is_active=True)
        .annotate(member_count=Count("members", filter=Q(members__is_active=True)))
        .prefetch_related(_managers_prefetch())
    )
    children: dict[int | None, list[Unit]] = {}
    for unit in units:
        children.setdefault(unit.parent_id, []).append(unit)
    known = {unit.pk for unit in units}
    ordered: list[Unit] = []

    def walk(parent_id: int | None) -> None:
        for unit in sorted(children.get(parent_id, []), key=lambda u: u.name.casefold()):
            ordered.append(unit)
            walk(unit.pk)

    walk(None)
    # Units whose parent is inactive still appear, as roots.
    for parent_id in children:
        if parent_id is not None and parent_id not in known:
            walk_root = sorted(children[parent_id], key=lambda u: u.name.casefold())
            for unit in walk_root:
                ordered.append(unit)
                walk(unit.pk)
    return ordered


def _managers_prefetch() -> Prefetch:
    return Prefetch(
        "role_assignments",
        queryset=RoleAssignment.objects.filter(role__code=Role.Code.MANAGER).select_related("user"),
        to_attr="manager_assignments",
    )


def unit_for_page(*, pk: int) -> Unit:
    """One unit with its managers, sub-units and ancestors for its page."""
    unit = (
        Unit.objects.select_related("parent")
        .prefetch_related(
            _managers_prefetch(),
            Prefetch(
                "children",
                queryset=Unit.objects.filter(is_active=True).annotate(
                    member_count=Count("members", filter=Q(members__is_active=True))
                ),
            ),
        )
        .get(pk=pk)
    )
    unit.ancestors = list(Unit.objects.filter(pk__in=unit.ancestor_ids).order_by("depth"))
    return unit


def unit_members_page(*, unit: Unit, page: int | str | None, per_page: int = 50) -> Page:
    """The active people of a unit, one page at a time."""
    members = User.objects.filter(unit=unit, is_active=True).order_by("full_name", "pk")
    return Paginator(members.only("id", "full_name", "job_title", "email"), per_page).get_page(page)


def person_for_page(*, pk: int) -> User:
    """A person with their unit and roles for their page."""
    return (
        User.objects.select_related("unit")
        .prefetch_related(
            Prefetch(
                "role_assignments",
                queryset=RoleAssignment.objects.select_related("role", "unit"),
            )
        )
        .get(pk=pk, is_active=True)
    )


QUALIFICATION_CODES = frozenset(Qualification.Code.values)


def people_with_role(code: str) -> QuerySet[User]:
    """Active people holding the role `code`; for coach and conversation leader, a valid
    qualification."""
    if code in QUALIFICATION_CODES:
        return qualified_people(code)
    return User.objects.filter(is_active=True, role_assignments__role__code=code).distinct()


def qualified_people(code: str, *, day=None) -> QuerySet[User]:
    """Active people whose qualification `code` is valid on `day` (today)."""
    holders = _active_qualifications(day or timezone.localdate()).filter(code=code)
    return User.objects.filter(is_active=True, pk__in=holders.values("user_id"))


def qualifications_of(user) -> list[Qualification]:
    """A person's qualifications, the withdrawn and lapsed ones too, newest first."""
    return list(
        Qualification.objects.filter(user=user)
        .select_related("granted_by", "withdrawn_by")
        .order_by("code", "-granted_on", "-pk")
    )


def managers_of_unit(*, unit: Unit) -> list[User]:
    """Who answers for a unit: its own managers, else the nearest ones above it."""
    ids = [*reversed(unit.ancestor_ids)]
    candidates = (
        RoleAssignment.objects.filter(role__code=Role.Code.MANAGER, unit_id__in=[unit.pk, *ids])
        .select_related("user")
        .filter(user__is_active=True)
    )
    by_unit: dict[int, list[User]] = {}
    for assignment in candidates:
        by_unit.setdefault(assignment.unit_id, []).append(assignment.user)
    for unit_id in [unit.pk, *ids]:
        if unit_id in by_unit:
            return sorted(by_unit[unit_id], key=lambda user: user.full_name)
    return []


def people_matching(
    *, text: str, exclude: set[int] | None = None, limit: int = PICKER_LIMIT
) -> list[User]:
    """Active people whose name, email address or unit contains every word typed, by name;
    at most `limit` (one query however many people there are)."""
    words = text.replace("\x00", "").split()[:5]
    if not words:
        return []
    people = User.objects.filter(is_active=True)
    for word in words:
        word = word[:100]
        people = people.filter(
            Q(full_name__icontains=word) | Q(email__icontains=word) | Q(unit__name__icontains=word)
        )
    if exclude:
        people = people.exclude(pk__in=exclude)
    return list(
        people.select_related("unit")
        .only("id", "full_name", "email", "unit__id", "unit__name")
        .order_by("full_name", "id")[:limit]
    )


def people_pickable(*, numbers: list[int]) -> list[User]:
    """The active people among `numbers`, as a picker shows them chosen and a form hands
    them to a service (whole rows: the service reads more of them; one query)."""
    return list(User.objects.filter(pk__in=numbers, is_active=True).select_related("unit"))
