import io

import pytest
from django.core.management import CommandError, call_command

from idesluss.accounts.models import Role, Unit, User
from idesluss.accounts.selectors import roles_of


def test_demo_builds_a_municipality_with_every_role(db):
    out = io.StringIO()
    call_command("seed_demo", "--password", "demo-lösenord-1", stdout=out)
    text = out.getvalue()
    for code in (
        "Vård och omsorg",
        "Hemtjänst",
        "Hemsjukvård",
        "Barn och utbildning",
        "Samhällsbyggnad",
    ):
        assert Unit.objects.filter(name=code).exists()
    north = Unit.objects.get(name="Hemtjänst Norr")
    assert north.is_within(Unit.objects.get(name="Vård och omsorg"))
    for code in Role.Code.values:
        holders = User.objects.filter(role_assignments__role__code=code)
        if code != Role.Code.EMPLOYEE:
            assert holders.exists(), code
    # Every unit has a manager to answer for it.
    for unit in Unit.objects.all():
        assert unit.role_assignments.filter(role__code=Role.Code.MANAGER).exists(), unit
    employee = User.objects.get(email="lina.karlsson@kommunen.example")
    assert employee.check_password("demo-lösenord-1")
    assert roles_of(employee).codes == {"employee"}
    assert "lina.karlsson@kommunen.example" in text and "demo-lösenord-1" in text
    assert User.objects.count() > 150
    # Ideas in every lane and stage, with histories, supports and comments.
    from idesluss.ideas.models import Idea, IdeaEvent, Stage

    stages_in_use = set(Idea.objects.values_list("stage__lane", "stage__code").distinct())
    assert stages_in_use >= set(Stage.objects.values_list("lane", "code"))
    assert Idea.objects.count() >= 300
    assert IdeaEvent.objects.filter(kind="moved").exclude(message="").count() > 100
    assert Idea.objects.filter(support_count__gt=0).count() > 100
    # Three challenges, one in each period; the open and the closed one answered by ideas
    # handed in while they were open.
    from idesluss.challenges.models import Challenge

    answered = {
        challenge.status: Idea.objects.filter(challenge=challenge, status="submitted").count()
        for challenge in Challenge.objects.all()
    }
    assert answered == {"open": 2, "upcoming": 0, "closed": 2}

    # A second run adds nothing, but shows the sign-ins again.
    count = User.objects.count()
    out = io.StringIO()
    call_command("seed_demo", "--if-empty", stdout=out)
    assert User.objects.count() == count
    assert "karin.ek@kommunen.example" in out.getvalue()
    # ... and their password, so that a newcomer who restarts can still sign in.
    out = io.StringIO()
    call_command("seed_demo", "--if-empty", "--password", "demo-lösenord-1", stdout=out)
    assert "Password for all of them: demo-lösenord-1" in out.getvalue()
    out = io.StringIO()
    call_command("seed_demo", "--if-empty", "--password", "ett-annat-lösen", stdout=out)
    assert "ett-annat-lösen" not in out.getvalue()
    assert "unless it was changed since" in out.getvalue()
    with pytest.raises(CommandError):
        call_command("seed_demo", stdout=io.StringIO())
