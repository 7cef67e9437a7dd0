"""The back office (Django admin) follows the roles: each role that may use it sees on its
index, and may open, exactly the models it manages (docs/roles_and_permissions.md); the
others get no access. The coordinator configures stages and criteria through its forms."""

import pytest
from django.urls import reverse

from idesluss.accounts.models import Role, Unit
from idesluss.goals.models import GlobalGoal, VisionGoal
from idesluss.ideas.models import Criterion, Lane, Stage, Transition
from tests.conftest import ROLES
from tests.factories import (
    UserFactory,
    make_challenge,
    make_conversation,
    make_group,
    make_need,
    make_training,
    make_workshop,
)

WORKFLOW = {
    "ideas.stage",
    "ideas.criterion",
    "goals.visiongoal",
    "goals.globalgoal",
    "challenges.need",
    "challenges.challenge",
}
# What each role sees and opens in the back office; other roles get no back office at all.
LISTED = {
    "administrator": WORKFLOW
    | {
        "accounts.user",
        "accounts.unit",
        "accounts.role",
        "core.auditevent",
        "notifications.notification",
    },
    "coordinator": WORKFLOW
    | {
        "groups.group",
        "groups.session",
        "groups.action",
        "groups.jointfollowup",
        "workshops.workshop",
        "workshops.note",
        "workshops.cluster",
        "conversations.theme",
        "conversations.session",
        "learning.training",
    },
}
EVERY_MODEL = sorted(set().union(*LISTED.values()))
# What each role may add there (beyond seeing and changing); the rest is made on the site.
ADDS = {
    "administrator": {
        "ideas.stage",
        "ideas.criterion",
        "goals.visiongoal",
        "accounts.user",
        "accounts.unit",
    },
    "coordinator": {"ideas.stage", "ideas.criterion", "goals.visiongoal"},
}


def _listed(response) -> set[str]:
    return {
        f"{app['app_label']}.{model['object_name'].lower()}"
        for app in response.context["app_list"]
        for model in app["models"]
    }


def _url(label: str, view: str, *args) -> str:
    app, model = label.split(".")
    return reverse(f"admin:{app}_{model}_{view}", args=args)


@pytest.mark.parametrize("role", ROLES)
def test_the_index_lists_exactly_what_the_role_manages(client, person_in_role, role):
    user = person_in_role(role)
    if role != "anonymous":
        client.force_login(user)
    response = client.get(reverse("admin:index"))
    if role in LISTED:
        assert response.status_code == 200
        assert _listed(response) == LISTED[role]
        assert "Du har inte tillåtelse" not in response.text
        # In Swedish, as the rest of the service.
        assert "Bedömningskriterier" in response.text
        adds = {
            f"{app['app_label']}.{model['object_name'].lower()}"
            for app in response.context["app_list"]
            for model in app["models"]
            if model["add_url"]
        }
        assert adds == ADDS[role]
    elif role == "anonymous":
        followed = client.get(reverse("admin:index"), follow=True)
        assert followed.redirect_chain[-1][0].startswith(reverse("account_login"))
    else:
        assert response.status_code == 302
        assert client.get(response["Location"]).status_code == 403


@pytest.mark.parametrize("role", ROLES)
def test_each_list_opens_for_the_roles_that_manage_it(client, person_in_role, role):
    user = person_in_role(role)
    if role != "anonymous":
        client.force_login(user)
    for label in EVERY_MODEL:
        status = client.get(_url(label, "changelist")).status_code
        if role in LISTED:
            assert status == (200 if label in LISTED[role] else 403), label
        else:
            assert status == 302, label
        app = label.split(".")[0]
        app_status = client.get(reverse("admin:app_list", args=[app])).status_code
        if role not in LISTED:
            assert app_status == 302, app
        elif any(other.startswith(f"{app}.") for other in LISTED[role]):
            assert app_status == 200, app
        else:
            assert app_status == 404, app


@pytest.fixture
def one_of_each(org):
    """One row of every model in the back office."""
    coordinator = UserFactory(unit=org["north"], roles=["coordinator"])
    need = make_need(by=coordinator)
    group = make_group(by=coordinator)
    workshop = make_workshop(by=coordinator)
    from idesluss.groups.models import Action, JointFollowUp, Session
    from idesluss.notifications.models import Notification
    from idesluss.workshops.models import Cluster, Note

    session = Session.objects.create(group=group, starts_at=workshop.starts_at)
    cluster = Cluster.objects.create(workshop=workshop, name="Nycklar")
    conversation = make_conversation()
    return {
        "ideas.stage": Stage.objects.first(),
        "ideas.criterion": Criterion.objects.create(name_sv="Nytta för invånarna"),
        "goals.visiongoal": VisionGoal.objects.create(name_sv="Trygghet"),
        "goals.globalgoal": GlobalGoal.objects.first(),
        "challenges.need": need,
        "challenges.challenge": make_challenge(by=coordinator, needs=[need]),
        "groups.group": group,
        "groups.session": session,
        "groups.action": Action.objects.create(
            group=group,
            session=session,
            what="Ring",
            owner=coordinator,
            due_on=workshop.starts_at.date(),
            created_by=coordinator,
        ),
        "groups.jointfollowup": JointFollowUp.objects.create(
            title="Gemensam", starts_at=workshop.starts_at
        ),
        "workshops.workshop": workshop,
        "workshops.note": Note.objects.create(
            workshop=workshop, author=coordinator, text="Nyckelskåp", cluster=cluster
        ),
        "workshops.cluster": cluster,
        "conversations.session": conversation,
        "conversations.theme": conversation.theme,
        "learning.training": make_training(by=coordinator, sessions_days=(1,)),
        "accounts.user": coordinator,
        "accounts.unit": org["north"],
        "accounts.role": Role.objects.get(code=Role.Code.MANAGER),
        "core.auditevent": __import__(
            "idesluss.core.models", fromlist=["AuditEvent"]
        ).AuditEvent.objects.first(),
        "notifications.notification": Notification.objects.create(
            recipient=coordinator, kind=Notification._meta.get_field("kind").choices[0][0]
        ),
    }


@pytest.mark.parametrize("role", ROLES)
def test_each_row_opens_for_the_roles_that_manage_it(client, person_in_role, one_of_each, role):
    assert set(one_of_each) == set(EVERY_MODEL)
    user = person_in_role(role)
    if role != "anonymous":
        client.force_login(user)
    for label, obj in one_of_each.items():
        assert obj is not None, label
        page = client.get(_url(label, "change", obj.pk))
        delete = client.get(_url(label, "delete", obj.pk))
        if role not in LISTED:
            assert (page.status_code, delete.status_code) == (302, 302), label
        elif label not in LISTED[role]:
            assert (page.status_code, delete.status_code) == (403, 403), label
        else:
            assert page.status_code == 200, label


def test_what_is_read_only_cannot_be_changed_or_deleted(client, person_in_role, one_of_each):
    """The audit trail, the Global Goals and the roles are to read, not to change."""
    client.force_login(person_in_role("administrator"))
    for label in ("core.auditevent", "accounts.role", "goals.globalgoal"):
        obj = one_of_each[label]
        page = client.get(_url(label, "change", obj.pk))
        assert page.status_code == 200
        assert 'name="_save"' not in page.text, label
        assert client.get(_url(label, "delete", obj.pk)).status_code == 403, label
        assert client.post(_url(label, "delete", obj.pk), {"post": "yes"}).status_code == 403
        assert type(obj).objects.filter(pk=obj.pk).exists()
    # People leave by being made inactive: what they did keeps its author.
    person = one_of_each["accounts.user"]
    assert client.get(_url("accounts.user", "delete", person.pk)).status_code == 403
    # Needs and challenges are recorded on the site (through the services), not here.
    assert client.get(_url("challenges.need", "add")).status_code == 403


def test_a_coordinator_configures_a_stage_and_its_moves(client, org):
    coordinator = UserFactory(unit=org["north"], roles=["coordinator"])
    client.force_login(coordinator)
    assert client.get(reverse("admin:app_list", args=["ideas"])).status_code == 200
    assert client.get(_url("ideas.stage", "add")).status_code == 200
    target = Stage.objects.filter(lane=Lane.IMPROVEMENT).order_by("order").last()
    manager = Role.objects.get(code=Role.Code.MANAGER)
    response = client.post(
        _url("ideas.stage", "add"),
        {
            "name_sv": "Förstudie",
            "name_en": "Pre-study",
            "lane": Lane.IMPROVEMENT,
            "code": "forstudie",
            "kind": "main",
            "order": "15",
            "response_days": "20",
            "transitions_out-TOTAL_FORMS": "1",
            "transitions_out-INITIAL_FORMS": "0",
            "transitions_out-MIN_NUM_FORMS": "0",
            "transitions_out-MAX_NUM_FORMS": "1000",
            "transitions_out-0-to_stage": str(target.pk),
            "transitions_out-0-allowed_roles": [str(manager.pk)],
        },
    )
    assert response.status_code == 302, response.context["errors"] if response.context else ""
    stage = Stage.objects.get(lane=Lane.IMPROVEMENT, code="forstudie")
    assert (stage.name_sv, stage.order, stage.response_days) == ("Förstudie", 15, 20)
    move = Transition.objects.get(from_stage=stage)
    assert move.to_stage == target
    assert list(move.allowed_roles.all()) == [manager]
    # The change page offers moves to the stages of the same lane only, with readable names.
    page = client.get(_url("ideas.stage", "change", stage.pk))
    assert page.status_code == 200
    assert "Tillgängliga" not in page.text
    select = page.text.split('name="transitions_out-0-to_stage"')[1].split("</select>")[0]
    innovation = Stage.objects.filter(lane=Lane.INNOVATION).first()
    assert f'value="{target.pk}"' in select
    assert f'value="{innovation.pk}"' not in select


def test_a_coordinator_configures_a_criterion(client, org):
    coordinator = UserFactory(unit=org["north"], roles=["coordinator"])
    client.force_login(coordinator)
    page = client.get(_url("ideas.criterion", "add"))
    assert page.status_code == 200
    response = client.post(
        _url("ideas.criterion", "add"),
        {
            "name_sv": "Lättare\nvardag",
            "name_en": "Easier working day",
            "description": "Hur mycket vinner invånarna?",
            "order": "1",
            "is_active": "on",
        },
    )
    assert response.status_code == 302
    criterion = Criterion.objects.get(name_en="Easier working day")
    assert criterion.name_sv == "Lättare vardag"
    assert criterion.is_active
    changelist = client.get(_url("ideas.criterion", "changelist"))
    assert "Lättare vardag" in changelist.text
    response = client.post(
        _url("ideas.criterion", "change", criterion.pk),
        {"name_sv": criterion.name_sv, "name_en": "", "description": "", "order": "2"},
    )
    assert response.status_code == 302
    criterion.refresh_from_db()
    assert (criterion.order, criterion.is_active) == (2, False)


@pytest.mark.parametrize("role", ["manager", "employee", "administrator"])
def test_others_cannot_post_a_criterion(client, person_in_role, role):
    client.force_login(person_in_role(role))
    data = {"name_sv": "Smygväg", "order": "1", "is_active": "on"}
    response = client.post(_url("ideas.criterion", "add"), data)
    if role == "administrator":
        assert response.status_code == 302
        assert Criterion.objects.filter(name_sv="Smygväg").exists()
    else:
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("admin:login"))
        assert not Criterion.objects.filter(name_sv="Smygväg").exists()


def test_the_coordinator_picks_units_by_name_without_managing_them(client, org):
    """Choosing a need's unit searches units by name (no numbers to type), for whoever may
    change the need, though units themselves are the administrator's."""
    coordinator = UserFactory(unit=org["north"], roles=["coordinator"])
    client.force_login(coordinator)
    url = reverse("admin:autocomplete")
    found = client.get(
        url,
        {"term": "Norr", "app_label": "challenges", "model_name": "need", "field_name": "unit"},
    )
    assert found.status_code == 200
    assert [row["text"] for row in found.json()["results"]] == ["Hemtjänst Norr"]
    # Not for a field of a model the person may not change.
    refused = client.get(
        url, {"term": "Norr", "app_label": "accounts", "model_name": "user", "field_name": "unit"}
    )
    assert refused.status_code == 403
    employee = UserFactory(unit=org["north"])
    client.force_login(employee)
    denied = client.get(
        url,
        {"term": "Norr", "app_label": "challenges", "model_name": "need", "field_name": "unit"},
    )
    assert denied.status_code in (302, 403)
    assert Unit.objects.filter(name="Hemtjänst Norr").exists()
