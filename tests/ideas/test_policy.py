"""The ideas policy and the workflow against the tables in docs/roles_and_permissions.md,
cell by cell: for every role, every relation to an idea and every status, the policy answers
for the idea (`may`, `has_perm`), for the queryset (`filter`) and as a column (`flag`) what
the table says; the workflow's moves (for one idea and as the boards' flag) what its table
says."""

import re
from functools import cache

import pytest
from django.utils import timezone

from idesluss.accounts.models import Role
from idesluss.ideas import selectors, workflow
from idesluss.ideas.models import (
    AssessorAssignment,
    CoSubmitterInvitation,
    Idea,
    Lane,
    Stage,
    Transition,
)
from idesluss.ideas.policy import policy
from tests.conftest import ROLES
from tests.factories import UserFactory
from tests.permission_grid import EVERYONE, rows_for, table_rows

ROWS = rows_for("ideas")

# The idea's status (docs: "The idea's status"): each status word names the statuses it
# covers; the grid builds an idea in each.
STATUSES = ["draft", "open", "final", "merged"]
STATUS_WORDS = {
    "draft": {"draft"},
    "handed in": {"open", "final", "merged"},
    "open": {"open", "final"},
    "not done": {"open"},
    "done": {"final", "merged"},
}

# How the person stands to the idea, as the grid builds it ("" for no relation).
RELATIONS = [
    "",
    "submitter",
    "co-submitter",
    "invited",
    "resp.",
    "unit",
    "asked",
    "asked blind",
]


def _blind_assessor(relation: str, status: str) -> bool:
    return relation == "asked blind" and status == "open"


# The relation words of the table, each as a test of the relation the grid built.
RELATION_WORDS = {
    "author": lambda relation, status: relation in ("submitter", "co-submitter"),
    "submitter": lambda relation, status: relation == "submitter",
    "not author": lambda relation, status: relation not in ("submitter", "co-submitter"),
    "resp.": lambda relation, status: relation == "resp.",
    "unit": lambda relation, status: relation == "unit",
    "asked": lambda relation, status: relation == "asked",
    "asked blind": lambda relation, status: relation == "asked blind",
    "not blind assessor": lambda relation, status: not _blind_assessor(relation, status),
}
TOKEN = re.compile(r"^(?P<word>[^()]+?)(?: \((?P<statuses>[^()]+)\))?$")


def token_allows(token: str, relation: str, status: str) -> bool:
    """Does one entry of a cell ("unit (open)", "handed in", "✔") allow this case?"""
    if token == EVERYONE:
        return True
    match = TOKEN.match(token)
    assert match, token
    word, statuses = match["word"], match["statuses"]
    if word in STATUS_WORDS:
        assert statuses is None, token
        return status in STATUS_WORDS[word]
    in_status = statuses is None or status in STATUS_WORDS[statuses]
    return in_status and RELATION_WORDS[word](relation, status)


def cell_allows(cell: frozenset[str], relation: str, status: str) -> bool:
    return any(token_allows(token, relation, status) for token in cell)


def buildable(role: str, relation: str, status: str) -> bool:
    """The cases that exist: anonymous visitors have no relation; only managers manage a
    unit; a draft has nobody responsible and no assessors yet."""
    if role == "anonymous":
        return relation == ""
    if relation == "unit" and role != "manager":
        return False
    return not (status == "draft" and relation in ("resp.", "asked", "asked blind"))


def _token_known(token: str) -> bool:
    if token == EVERYONE:
        return True
    match = TOKEN.match(token)
    if not match:
        return False
    word, statuses = match["word"], match["statuses"]
    if word in STATUS_WORDS:
        return statuses is None
    return word in RELATION_WORDS and (statuses is None or statuses in STATUS_WORDS)


def test_every_entry_in_the_table_is_one_the_test_can_build():
    for row in ROWS.values():
        for role, cell in row.cells.items():
            for token in cell:
                assert _token_known(token), (row.perm, role, token)


ON_IDEAS = sorted(perm for perm in ROWS if policy.rules[perm].q is not None)


def make_case(org, person, relation: str, status: str) -> Idea:
    """An idea in `status` to which `person` stands in `relation`, and in no other (its
    unit is one the person does not manage unless the relation is "unit")."""
    other = UserFactory(unit=org["bou"])
    lane_stage = {
        "draft": None,
        "open": Stage.objects.get(lane=Lane.INNOVATION, code="assessment"),
        "final": Stage.objects.get(lane=Lane.INNOVATION, code="implemented"),
        "merged": Stage.objects.get(lane=Lane.INNOVATION, code="assessment"),
    }[status]
    now = timezone.now()
    idea = Idea.objects.create(
        title="Digital nyckelhantering",
        need="Vi letar efter nycklar.",
        proposal="Lägg nycklarna i appen.",
        lane=Lane.INNOVATION,
        status={"draft": Idea.Status.DRAFT, "merged": Idea.Status.MERGED}.get(
            status, Idea.Status.SUBMITTED
        ),
        stage=lane_stage,
        submitter=person if relation == "submitter" else other,
        unit=org["north"] if relation == "unit" else org["bou"],
        responsible=None
        if status == "draft"
        else (person if relation == "resp." else UserFactory(unit=org["bou"])),
        submitted_at=None if status == "draft" else now,
        moved_at=None if status == "draft" else now,
        blind_assessment=relation == "asked blind",
    )
    if relation == "co-submitter":
        idea.co_submitters.add(person)
        CoSubmitterInvitation.objects.create(
            idea=idea, person=person, status=CoSubmitterInvitation.Status.ACCEPTED
        )
    if relation == "invited":
        CoSubmitterInvitation.objects.create(idea=idea, person=person)
    if relation in ("asked", "asked blind"):
        AssessorAssignment.objects.create(idea=idea, assessor=person)
    return idea


CASES = [
    (role, relation, status)
    for role in ROLES
    for relation in RELATIONS
    for status in STATUSES
    if buildable(role, relation, status)
]


@pytest.mark.parametrize(("role", "relation", "status"), CASES)
def test_permissions_on_ideas_follow_the_table_for_one_and_for_many(
    org, person_in_role, role, relation, status
):
    user = person_in_role(role)
    idea = make_case(org, None if role == "anonymous" else user, relation, status)
    one = Idea.objects.filter(pk=idea.pk)
    flags = one.annotate(
        **{f"may_{n}": policy.flag(user, perm) for n, perm in enumerate(ON_IDEAS)}
    ).values(*(f"may_{n}" for n in range(len(ON_IDEAS))))[0]
    for n, perm in enumerate(ON_IDEAS):
        expected = cell_allows(ROWS[perm].cells[role], relation, status)
        fresh = Idea.objects.select_related("stage", "unit").get(pk=idea.pk)
        assert policy.may(user, perm, fresh) is expected, perm
        assert user.has_perm(perm, fresh) is expected, perm
        assert policy.filter(user, perm, one).exists() is expected, perm
        assert bool(flags[f"may_{n}"]) is expected, perm
    # Lists and boards hide the authors exactly where `ideas.view_authors` says no.
    hidden = one.annotate(hidden=policy.authors_hidden_flag(user)).values_list("hidden", flat=True)[
        0
    ]
    assert bool(hidden) is not cell_allows(ROWS["ideas.view_authors"].cells[role], relation, status)


def test_superusers_may_everything_and_the_inactive_nothing(org, person_in_role):
    root = UserFactory(unit=org["north"])
    root.is_superuser = True
    root.save(update_fields=["is_superuser"])
    gone = person_in_role("coordinator")
    gone.is_active = False
    idea = make_case(org, UserFactory(), "", "draft")
    for perm in ON_IDEAS:
        assert policy.may(root, perm, idea) and root.has_perm(perm, idea)
        assert policy.filter(root, perm, Idea.objects.filter(pk=idea.pk)).exists()
        assert not policy.may(gone, perm, idea)
        assert not policy.filter(gone, perm, Idea.objects.filter(pk=idea.pk)).exists()


# The workflow: who acts in which role of a move (docs: "Acts in a move as").


@cache
def acts_table() -> dict[str, dict[str, frozenset[str]]]:
    """The roles a person acts in for a move, by the role code the row names."""
    table: dict[str, dict[str, frozenset[str]]] = {}
    for first, by_role in table_rows("Acts in a move as"):
        [code] = re.findall(r"`([a-z_]+)`", first.split(" — ")[0])
        table[code] = by_role
    return table


def test_the_workflow_table_names_the_roles_that_make_moves():
    assert set(acts_table()) == set(workflow.MOVER_ROLES)
    for cells in acts_table().values():
        for cell in cells.values():
            assert all(_token_known(token) for token in cell), cell


# Moves out of "Under bedömning", each listing other roles.
MOVES = {
    "development": {Role.Code.MANAGER},
    "parked": {Role.Code.COORDINATOR},
    "closed": set(),
    "forwarded": {Role.Code.MANAGER, Role.Code.COORDINATOR},
    "submitted": {Role.Code.MANAGER, Role.Code.COORDINATOR},
}


def _set_up_moves() -> dict[str, Transition]:
    from_stage = Stage.objects.get(lane=Lane.INNOVATION, code="assessment")
    Transition.objects.filter(from_stage=from_stage).delete()
    made = {}
    for code, roles in MOVES.items():
        transition = Transition.objects.create(
            from_stage=from_stage, to_stage=Stage.objects.get(lane=Lane.INNOVATION, code=code)
        )
        transition.allowed_roles.set(Role.objects.filter(code__in=roles))
        made[code] = transition
    return made


WORKFLOW_CASES = [
    (role, relation, status)
    for role in ROLES
    for relation in ["", "submitter", "resp.", "unit", "asked"]
    for status in ["draft", "open", "merged"]
    if buildable(role, relation, status)
]


@pytest.mark.parametrize(("role", "relation", "status"), WORKFLOW_CASES)
def test_moves_follow_the_workflow_table_for_one_idea_and_for_the_board(
    org, person_in_role, role, relation, status
):
    transitions = _set_up_moves()
    user = person_in_role(role)
    idea = make_case(org, None if role == "anonymous" else user, relation, status)
    fresh = Idea.objects.select_related("stage", "unit").get(pk=idea.pk)
    acting = {
        code for code, cells in acts_table().items() if cell_allows(cells[role], relation, status)
    }
    expected = {code for code, roles in MOVES.items() if acting & set(roles)}
    assert workflow.acting_roles(user, fresh) == acting
    assert {stage.code for stage in workflow.moves(user=user, idea=fresh)} == expected
    for code, transition in transitions.items():
        assert workflow.may_make(user, fresh, transition) is (code in expected), code
    # "May move at all" is the permission, and the board's flag: a move out of the stage.
    assert policy.may(user, "ideas.move_idea", fresh) is bool(acting)
    one = Idea.objects.filter(pk=idea.pk)
    assert one.filter(workflow.movable_q(user)).exists() is bool(expected)
    flag = one.annotate(m=workflow.may_move_flag(user)).values_list("m", flat=True)[0]
    assert bool(flag) is bool(expected)


def test_a_move_listing_no_role_the_person_acts_in_is_no_move_on_the_board(org, person_in_role):
    """Acting as a manager is not enough when the stage's moves are the coordinator's."""
    from_stage = Stage.objects.get(lane=Lane.INNOVATION, code="assessment")
    for transition in Transition.objects.filter(from_stage=from_stage):
        transition.allowed_roles.set(Role.objects.filter(code=Role.Code.COORDINATOR))
    manager = person_in_role("manager")
    idea = make_case(org, manager, "unit", "open")
    assert policy.may(manager, "ideas.move_idea", idea)
    assert workflow.moves(user=manager, idea=idea) == []
    columns = selectors.board(lane=Lane.INNOVATION, viewer=manager)
    [card] = [card for column in columns for card in column.ideas]
    assert card.move_url == ""
    coordinator = person_in_role("coordinator")
    columns = selectors.board(lane=Lane.INNOVATION, viewer=coordinator)
    [card] = [card for column in columns for card in column.ideas]
    assert card.move_url.startswith(f"/ideas/{idea.pk}/")


def test_the_board_flags_each_card_for_the_viewer(org, person_in_role):
    """On one board, a manager may move the ideas of their units and those they answer
    for, and no other; the coordinator every one; a colleague none."""
    manager = person_in_role("manager")
    mine = make_case(org, manager, "unit", "open")
    answered = make_case(org, manager, "resp.", "open")
    elsewhere = make_case(org, manager, "", "open")

    def movable(viewer) -> set[int]:
        columns = selectors.board(lane=Lane.INNOVATION, viewer=viewer)
        return {card.id for column in columns for card in column.ideas if card.move_url}

    assert movable(manager) == {mine.pk, answered.pk}
    assert movable(person_in_role("coordinator")) == {mine.pk, answered.pk, elsewhere.pk}
    assert movable(person_in_role("employee")) == set()
    # The responsible of an idea, whatever role they hold, acts as its manager.
    coach = person_in_role("coach")
    Idea.objects.filter(pk=elsewhere.pk).update(responsible=coach)
    assert movable(coach) == {elsewhere.pk}


def test_superusers_may_make_every_move_of_an_open_idea(org):
    root = UserFactory(unit=org["north"])
    root.is_superuser = True
    root.save(update_fields=["is_superuser"])
    transitions = _set_up_moves()
    idea = make_case(org, UserFactory(), "", "open")
    # A move that lists no role too (nobody else may make it).
    assert {stage.code for stage in workflow.moves(user=root, idea=idea)} == set(transitions)
    assert all(workflow.may_make(root, idea, t) for t in transitions.values())
    assert Idea.objects.filter(workflow.movable_q(root), pk=idea.pk).exists()
    merged = make_case(org, UserFactory(), "", "merged")
    assert workflow.moves(user=root, idea=merged) == []
    assert not Idea.objects.filter(workflow.movable_q(root), pk=merged.pk).exists()


def test_the_back_office_offers_only_the_roles_that_make_moves(client, org):
    """Other roles on a move would do nothing (ideas/workflow.py), so they are not offered."""
    coordinator = UserFactory(unit=org["north"], roles=["coordinator"])
    client.force_login(coordinator)
    stage = Stage.objects.get(lane=Lane.INNOVATION, code="assessment")
    page = client.get(f"/admin/ideas/stage/{stage.pk}/change/")
    assert page.status_code == 200
    # Two boxes to tick, one for each role that makes moves.
    offered = set(re.findall(r'name="transitions_out-0-allowed_roles" value="(\d+)"', page.text))
    expected = Role.objects.filter(code__in=workflow.MOVER_ROLES).values_list("pk", flat=True)
    assert offered == {str(pk) for pk in expected}
