import datetime
import io

import pytest
from django.core.management import CommandError, call_command

from idesluss.accounts.models import Role, Unit, User
from idesluss.accounts.selectors import people_with_role, roles_of


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
        holders = people_with_role(code)
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
    assert Idea.objects.count() >= 120
    # Every idea is its own: no title twice, none a copy with a unit's name added.
    titles = list(Idea.objects.values_list("title", flat=True))
    assert len(titles) == len(set(titles))
    unit_names = set(Unit.objects.values_list("name", flat=True))
    assert not [t for t in titles if t.endswith(")") and t.rsplit("(", 1)[-1][:-1] in unit_names]
    assert IdeaEvent.objects.filter(kind="moved").exclude(message="").count() > 150
    # Managers answer in their own words: many different messages.
    assert IdeaEvent.objects.filter(kind="moved").values("message").distinct().count() > 100
    assert Idea.objects.filter(support_count__gt=0).count() > 100
    assert Idea.objects.filter(comment_count__gt=0).count() > 40
    assert Idea.objects.filter(status=Idea.Status.MERGED, merged_into__isnull=False).count() >= 3
    assert IdeaEvent.objects.filter(kind="assigned").exists()
    # Innovations were scored by assessors (some still wait for a second one), and
    # finished ideas say what they brought.
    from idesluss.ideas.models import AssessorAssignment, Benefit

    assert AssessorAssignment.objects.filter(completed_at__isnull=False).count() > 30
    assert AssessorAssignment.objects.filter(completed_at__isnull=True).exists()
    assert Benefit.objects.filter(kind=Benefit.Kind.REALISED).count() > 20
    _histories_hold_together()
    # Three challenges, one in each period; the open and the closed one answered by ideas
    # handed in while they were open.
    from idesluss.challenges.models import Challenge

    answered = {
        challenge.status: Idea.objects.filter(challenge=challenge, status="submitted").count()
        for challenge in Challenge.objects.all()
    }
    assert answered == {"open": 2, "upcoming": 0, "closed": 2}
    # The demo's coaches and conversation leaders completed the training that grants their
    # qualification; one course is open, full, with a waiting list.
    from idesluss.learning.models import Enrolment, Training

    for code in ("coach", "conversation_leader"):
        for person in people_with_role(code):
            assert Enrolment.objects.filter(
                person=person, training__grants=code, status="completed"
            ).exists(), (code, person)
    assert Training.objects.count() == 4
    assert Enrolment.objects.filter(status="waiting", training__enrolment_open=True).count() == 2

    # A second run adds nothing, but shows the sign-ins again.
    count = User.objects.count()
    ideas, events = Idea.objects.count(), IdeaEvent.objects.count()
    out = io.StringIO()
    call_command("seed_demo", "--if-empty", stdout=out)
    assert User.objects.count() == count
    assert (Idea.objects.count(), IdeaEvent.objects.count()) == (ideas, events)
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


def _histories_hold_together() -> None:
    """The demo ideas' histories read as lived over past months, and in order: handed in
    first, moves after it, comments after it was handed in, the dates on the idea the same
    as its history's, the answer due two weeks after the last move of an idea still waiting,
    the reasons and destinations the closing and forwarding stages ask for."""
    from django.conf import settings
    from django.utils import timezone

    from idesluss.ideas.demo_content import IDEAS
    from idesluss.ideas.models import Idea

    now = timezone.now()
    ideas = Idea.objects.filter(title__in=[item.title for item in IDEAS]).select_related("stage")
    assert ideas.count() == len(IDEAS)
    handed_in = []
    for idea in ideas.prefetch_related("events", "comments"):
        events = list(idea.events.all())
        assert events[0].kind == "submitted"
        assert events[0].created_at == idea.submitted_at == idea.created_at
        moments = [event.created_at for event in events]
        assert moments == sorted(moments) and moments[-1] < now, idea
        moves = [event for event in events if event.kind == "moved"]
        if moves:
            assert idea.moved_at == moves[-1].created_at
            assert moves[-1].to_stage_id == idea.stage_id
        assert all(c.created_at > idea.submitted_at for c in idea.comments.all()), idea
        if idea.status == Idea.Status.SUBMITTED and not idea.stage.is_final:
            due = timezone.localdate(idea.moved_at) + datetime.timedelta(
                days=idea.stage.response_days or settings.IDEA_RESPONSE_DAYS
            )
            assert idea.response_due == due, idea
        if idea.stage.requires_lesson:
            assert idea.closing_reason and idea.lesson_learned, idea
        if idea.stage.requires_forward_target:
            assert idea.forwarded_to, idea
        handed_in.append(idea.submitted_at)
    # Spread over the past year, not all made today.
    assert min(handed_in) < now - datetime.timedelta(days=200)
    assert len({moment.date() for moment in handed_in}) > 80


def test_demo_content_is_varied_and_fits_the_workflow(db):
    from idesluss.accounts.demo import UNITS
    from idesluss.ideas.demo_content import ANSWERS, IDEAS
    from idesluss.ideas.models import Stage, Transition

    titles = [item.title for item in IDEAS]
    assert len(titles) >= 120 and len(set(titles)) == len(titles)
    assert len({item.need for item in IDEAS}) == len(IDEAS)
    units = {code for code, *_rest in UNITS}
    initial = {s.lane: s.code for s in Stage.objects.filter(is_initial=True)}
    moves = set(
        Transition.objects.values_list("to_stage__lane", "from_stage__code", "to_stage__code")
    )
    for item in IDEAS:
        assert item.unit in units, item.title
        assert item.need and item.proposal and item.benefit, item.title
        here = initial[item.lane]
        for code in item.path.split(">") if item.path else []:
            assert (item.lane, here, code) in moves, (item.title, here, code)
            assert code in ANSWERS or item.answer
            here = code
        if here == "closed":
            assert item.reason and item.lesson, item.title
        if here == "forwarded":
            assert item.forwarded_to, item.title
        if item.merge_into:
            assert item.merge_into in titles and item.merge_message, item.title
    # The ideas come from across the municipality.
    departments = {item.unit.split("-")[0] for item in IDEAS}
    assert departments >= {"VO", "BOU", "SBF", "KF", "KLF", "SOC"}
