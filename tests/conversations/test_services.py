"""The rules the conversation services keep: the qualification, who plans for whom, guides
versioned, notes only once started, insights made ideas through the normal hand-in."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from idesluss.conversations import services, tasks
from idesluss.conversations.models import GuideVersion, Insight, Session
from idesluss.ideas.models import Idea
from idesluss.notifications.models import Notification
from tests.factories import UserFactory, make_conversation, make_theme


def _plan(by, leader, theme, **changes) -> services.SessionInput:
    starts = (timezone.now() + datetime.timedelta(days=2)).replace(second=0, microsecond=0)
    data = services.SessionInput(
        theme=theme,
        leader=leader,
        starts_at=starts,
        ends_at=starts + datetime.timedelta(hours=1),
        head_count=5,
    )
    for name, value in changes.items():
        setattr(data, name, value)
    return data


def test_a_leader_without_the_qualification_is_refused_with_how_to_gain_it(org, coordinator, theme):
    unqualified = UserFactory(full_name="Olle Oskolad")
    with pytest.raises(ValidationError) as error:
        services.session_save(by=coordinator, data=_plan(coordinator, unqualified, theme))
    message = error.value.message_dict["leader"][0]
    assert "Olle Oskolad does not hold the qualification conversation leader" in message


def test_an_employee_may_not_plan(org, colleague, leader, theme):
    with pytest.raises(PermissionDenied):
        services.session_save(by=colleague, data=_plan(colleague, leader, theme))


def test_a_leader_plans_only_their_own_the_coordinator_for_any_leader(
    org, leader, coordinator, theme
):
    other = UserFactory(roles=["conversation_leader"])
    with pytest.raises(ValidationError) as error:
        services.session_save(by=leader, data=_plan(leader, other, theme))
    assert "only your own" in error.value.message_dict["leader"][0]
    session = services.session_save(by=coordinator, data=_plan(coordinator, other, theme))
    assert session.leader == other
    # Nor does a leader hand their conversation to another leader.
    with pytest.raises(ValidationError):
        services.session_save(by=other, data=_plan(other, leader, theme), session=session)


def test_participants_or_a_head_count_are_needed(org, leader, theme):
    with pytest.raises(ValidationError) as error:
        services.session_save(by=leader, data=_plan(leader, leader, theme, head_count=None))
    assert "participants" in error.value.message_dict


def test_named_participants_are_invited_with_the_calendar_link(
    org, leader, colleague, theme, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        session = make_conversation(leader=leader, theme=theme, participants=[colleague])
    note = Notification.objects.get(recipient=colleague)
    assert note.url == session.get_absolute_url()
    assert not Notification.objects.filter(recipient=leader).exists()


def test_a_changed_guide_is_a_new_version_and_planned_sessions_keep_theirs(
    org, coordinator, leader, theme
):
    session = make_conversation(leader=leader, theme=theme)
    first = session.guide
    data = services.ThemeInput(
        title=theme.title,
        phases=[services.PhaseInput(name="Incheckning", questions="Hur mår du?", minutes=5)],
    )
    services.theme_save(by=coordinator, data=data, theme=theme)
    assert GuideVersion.objects.filter(theme=theme).count() == 2
    session.refresh_from_db()
    assert session.guide == first
    # Saving without a change to the guide makes no version.
    services.theme_save(by=coordinator, data=data, theme=theme)
    assert GuideVersion.objects.filter(theme=theme).count() == 2
    assert make_conversation(leader=leader, theme=theme).guide.number == 2


def test_only_the_coordinator_writes_themes(org, leader):
    with pytest.raises(PermissionDenied):
        make_theme(by=leader)


def test_a_guide_needs_a_phase_with_a_time(org, coordinator):
    with pytest.raises(ValidationError) as error:
        services.theme_save(by=coordinator, data=services.ThemeInput(title="Tomt"))
    assert "at least one phase" in error.value.message_dict["phases"][0]
    with pytest.raises(ValidationError):
        services.theme_save(
            by=coordinator,
            data=services.ThemeInput(
                title="Utan tid", phases=[services.PhaseInput(name="Incheckning")]
            ),
        )


def test_notes_only_once_the_conversation_has_started(org, leader, theme):
    session = make_conversation(leader=leader, theme=theme, starts_in_days=1)
    with pytest.raises(ValidationError) as error:
        services.session_record(
            by=leader, session=session, data=services.RecordInput(insights=["x"])
        )
    assert "once the conversation has started" in error.value.messages[0]


def test_recording_keeps_insights_made_ideas_and_counts_who_took_part(
    org, leader, colleague, theme
):
    session = make_conversation(
        leader=leader, theme=theme, participants=[colleague], starts_in_days=-1
    )
    services.session_record(
        by=leader,
        session=session,
        data=services.RecordInput(
            experiences="Vi delade erfarenheter.",
            insights=["Ring anhöriga före första besöket", "", "Skriv ner rutinen"],
            took_part=[colleague.pk],
        ),
    )
    session.refresh_from_db()
    assert session.attended_count == 1 and session.recorded_at is not None
    first = session.insights.order_by("position").first()
    services.insight_promote(
        by=leader,
        insight=first,
        data=services.PromoteInput(
            title="Ring anhöriga",
            need="Anhöriga är oroliga.",
            proposal="Ring dem.",
            unit=org["north"],
        ),
    )
    services.session_record(
        by=leader, session=session, data=services.RecordInput(insights=["Ny insikt"])
    )
    assert sorted(Insight.objects.filter(session=session).values_list("text", flat=True)) == [
        "Ny insikt",
        "Ring anhöriga före första besöket",
    ]


def test_an_insight_becomes_a_handed_in_idea_with_chosen_co_submitters(
    org, leader, colleague, theme, django_capture_on_commit_callbacks
):
    session = make_conversation(
        leader=leader, theme=theme, participants=[colleague], starts_in_days=-1
    )
    services.session_record(
        by=leader, session=session, data=services.RecordInput(insights=["Dubbelkontroll"])
    )
    insight = session.insights.get()
    with django_capture_on_commit_callbacks(execute=True):
        idea = services.insight_promote(
            by=leader,
            insight=insight,
            data=services.PromoteInput(
                title="Dubbelkontroll av dosett",
                need="Fel i dosetter.",
                proposal="Två som kontrollerar.",
                unit=org["north"],
                co_submitters=[colleague],
            ),
        )
    assert idea.status == Idea.Status.SUBMITTED and idea.submitter == leader
    insight.refresh_from_db()
    assert insight.idea == idea
    with pytest.raises(ValidationError):
        services.insight_promote(by=leader, insight=insight, data=services.PromoteInput())


def test_co_submitters_must_be_named_on_the_conversation(org, leader, theme):
    session = make_conversation(leader=leader, theme=theme, starts_in_days=-1)
    services.session_record(
        by=leader, session=session, data=services.RecordInput(insights=["Insikt"])
    )
    with pytest.raises(ValidationError) as error:
        services.insight_promote(
            by=leader,
            insight=session.insights.get(),
            data=services.PromoteInput(
                title="T",
                need="N",
                proposal="P",
                unit=org["north"],
                co_submitters=[UserFactory()],
            ),
        )
    assert "co_submitters" in error.value.message_dict


def test_a_participant_may_not_record_or_promote(org, leader, colleague, theme):
    session = make_conversation(
        leader=leader, theme=theme, participants=[colleague], starts_in_days=-1
    )
    with pytest.raises(PermissionDenied):
        services.session_record(by=colleague, session=session, data=services.RecordInput())


def test_the_leader_is_reminded_once_of_an_unrecorded_past_conversation(org, leader, theme):
    session = make_conversation(leader=leader, theme=theme, starts_in_days=-3)
    recorded = make_conversation(leader=leader, theme=theme, starts_in_days=-3)
    Session.objects.filter(pk=recorded.pk).update(recorded_at=timezone.now())
    assert tasks.remind_unrecorded.call() == 1
    assert tasks.remind_unrecorded.call() == 0
    note = Notification.objects.get(recipient=leader)
    assert str(session.pk) in note.url
