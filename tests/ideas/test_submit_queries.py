"""Handing in an idea costs a fixed, small number of queries (docs/performance.md: a
write's p95 under 100 ms), however much the idea carries."""

import pytest
from django.urls import reverse

from idesluss.goals.models import GlobalGoal, VisionGoal
from idesluss.ideas import services
from idesluss.ideas.models import Idea, IdeaEvent, Lane
from idesluss.notifications.models import Kind, Notification
from tests.factories import UserFactory


@pytest.fixture
def colleagues(org):
    return [
        UserFactory(unit=org["north"], email="kim@kommunen.example"),
        UserFactory(unit=org["north"], email="vera@kommunen.example"),
    ]


@pytest.fixture
def vision_goals(db):
    return [VisionGoal.objects.create(name_sv=name) for name in ("Trygghet", "Hållbarhet")]


def realistic_input(org, colleagues, vision_goals) -> services.IdeaInput:
    """An idea as people hand them in: two colleagues named, goals and other units chosen."""
    return services.IdeaInput(
        title="Gemensam nyckellista",
        need="Vi letar efter nycklar varje morgon.",
        proposal="Lägg nyckelinformationen i appen.",
        benefit="Brukarna får besök i tid.",
        lane=Lane.IMPROVEMENT,
        unit=org["north"],
        other_units=[org["bou"], org["vo"]],
        global_goals=list(GlobalGoal.objects.filter(number__in=[3, 10, 11])),
        vision_goals=vision_goals,
        co_submitters=colleagues,
    )


def assert_handed_in(manager, colleagues) -> Idea:
    idea = Idea.objects.get()
    assert idea.status == Idea.Status.SUBMITTED and idea.responsible == manager
    assert idea.other_units.count() == 2 and idea.global_goals.count() == 3
    assert idea.vision_goals.count() == 2 and idea.follower_count == 1
    assert idea.co_submitter_invitations.count() == 2
    assert list(idea.events.values_list("kind", flat=True)) == [IdeaEvent.Kind.SUBMITTED]
    assert Notification.objects.filter(recipient=manager, kind=Kind.IDEA_FOR_ME).count() == 1
    assert (
        Notification.objects.filter(recipient__in=colleagues, kind=Kind.IDEA_INVITED).count() == 2
    )
    return idea


def test_handing_in_a_new_idea_costs_a_fixed_number_of_queries(
    org, employee, manager, colleagues, vision_goals, django_assert_num_queries
):
    data = realistic_input(org, colleagues, vision_goals)
    # The test's savepoint pair (none outside a test); the initial stage; the answering
    # manager; the idea; its other units, Global Goals and vision goals; the invitations;
    # the history; the submitter's follow; the audit record; the invitations' and the
    # manager's notifications (the preferences, the rows).
    with django_assert_num_queries(14):
        services.submit_idea(by=employee, data=data)
    assert_handed_in(manager, colleagues)


def test_handing_in_a_draft_costs_a_fixed_number_of_queries(
    org, employee, manager, colleagues, vision_goals, django_assert_num_queries
):
    draft = services.save_draft(by=employee, data=services.IdeaInput(title="Halvfärdig"))
    data = realistic_input(org, colleagues, vision_goals)
    # As a new idea, and besides: the draft itself, its links read before they are set,
    # and the follower count recounted under a lock of the idea's row (a savepoint, the
    # lock, the count, the update) so that follows at the same moment are all counted.
    with django_assert_num_queries(27):
        services.submit_idea(by=employee, data=data, idea=draft)
    assert_handed_in(manager, colleagues)


def test_the_hand_in_page_posts_a_realistic_idea_in_few_queries(
    client, org, employee, manager, colleagues, vision_goals, django_assert_max_num_queries
):
    client.force_login(employee)
    data = {
        "title": "Gemensam nyckellista",
        "need": "Vi letar efter nycklar varje morgon.",
        "proposal": "Lägg nyckelinformationen i appen.",
        "benefit": "Brukarna får besök i tid.",
        "lane": Lane.IMPROVEMENT,
        "unit": org["north"].pk,
        "other_units": [org["bou"].pk, org["vo"].pk],
        "global_goals": list(
            GlobalGoal.objects.filter(number__in=[3, 10, 11]).values_list("pk", flat=True)
        ),
        "vision_goals": [goal.pk for goal in vision_goals],
        "co_submitters": [person.pk for person in colleagues],
    }
    # The session and the person; the chosen unit, other units, Global Goals, vision goals
    # and colleagues (each field validates its own); the service (above). A plain idea
    # (below) needs none of the five and no invitations: 13.
    with django_assert_max_num_queries(21):
        response = client.post(reverse("ideas:submit"), data)
    idea = assert_handed_in(manager, colleagues)
    assert response.status_code == 302 and response["Location"] == idea.get_absolute_url()


def test_the_hand_in_page_posts_a_plain_idea_in_at_most_15_queries(
    client, org, employee, manager, django_assert_max_num_queries
):
    client.force_login(employee)
    data = {
        "title": "Gemensam nyckellista",
        "need": "Vi letar efter nycklar varje morgon.",
        "proposal": "Lägg nyckelinformationen i appen.",
        "lane": Lane.IMPROVEMENT,
        "unit": org["north"].pk,
    }
    with django_assert_max_num_queries(15):
        response = client.post(reverse("ideas:submit"), data)
    assert response.status_code == 302
    assert Idea.objects.get().status == Idea.Status.SUBMITTED
