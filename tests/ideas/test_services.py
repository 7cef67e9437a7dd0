import datetime
import threading

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from idesluss.ideas import services
from idesluss.ideas.models import Idea, IdeaEvent, Lane, Support
from idesluss.notifications.models import Kind, Notification
from tests.factories import UserFactory, make_idea


def test_submit_puts_the_idea_in_its_lanes_first_stage_with_a_responsible_and_deadline(
    org, manager, employee, stage, settings
):
    settings.IDEA_RESPONSE_DAYS = 14
    idea = make_idea(submitter=employee, unit=org["north"], lane=Lane.IMPROVEMENT)
    assert idea.status == Idea.Status.SUBMITTED
    assert idea.stage == stage("improvement", "todo")
    assert idea.responsible == manager  # the nearest manager above Hemtjänst Norr
    assert idea.response_due == timezone.localdate() + datetime.timedelta(days=14)
    assert list(idea.events.values_list("kind", flat=True)) == ["submitted"]
    assert idea.follower_count == 1  # the submitter follows their own idea
    assert Notification.objects.filter(recipient=manager, kind=Kind.IDEA_FOR_ME).count() == 1


def test_draft_needs_only_a_title_and_is_not_in_any_stage(org, employee):
    draft = services.save_draft(by=employee, data=services.IdeaInput(title="Bara en tanke"))
    assert draft.is_draft and draft.stage is None and draft.responsible is None
    with pytest.raises(ValidationError) as raised:
        services.save_draft(by=employee, data=services.IdeaInput(title=""))
    assert "title" in raised.value.message_dict


def test_submitting_requires_need_idea_and_unit(org, employee):
    with pytest.raises(ValidationError) as raised:
        services.submit_idea(by=employee, data=services.IdeaInput(title="X"))
    assert set(raised.value.message_dict) == {"need", "proposal", "unit"}
    assert not Idea.objects.exists()


def test_a_draft_is_kept_then_handed_in_and_then_edited(org, employee, manager):
    data = services.IdeaInput(title="Halvfärdig", lane=Lane.INNOVATION)
    draft = services.save_draft(by=employee, data=data)
    data.title, data.lane = "Färdigare", Lane.IMPROVEMENT
    draft = services.save_draft(by=employee, data=data, idea=draft)
    assert draft.is_draft and draft.lane == Lane.IMPROVEMENT and draft.version == 2
    with pytest.raises(ValidationError):
        services.update_idea(by=employee, data=data, idea=draft)  # a draft is not edited
    data.need, data.proposal, data.unit = "Behov", "Förslag", org["north"]
    idea = services.submit_idea(by=employee, data=data, idea=draft)
    assert idea.status == Idea.Status.SUBMITTED and idea.responsible == manager
    assert idea.version == 3 and idea.follower_count == 1
    with pytest.raises(PermissionDenied):
        services.update_idea(by=employee, data=data, idea=idea)  # its author edits drafts only
    coordinator = UserFactory(roles=["coordinator"])
    with pytest.raises(ValidationError):
        services.submit_idea(by=coordinator, data=data, idea=idea)  # handed in once
    with pytest.raises(ValidationError):
        services.save_draft(by=coordinator, data=data, idea=idea)  # no way back to a draft
    data.title, data.lane = "Ändrad", Lane.INNOVATION
    edited = services.update_idea(by=coordinator, data=data, idea=idea)
    assert edited.title == "Ändrad" and edited.lane == Lane.IMPROVEMENT  # keeps its lane
    assert Idea.objects.get(pk=idea.pk).version == edited.version == 4
    assert list(idea.events.values_list("kind", flat=True)) == ["submitted", "edited"]
    data.need = ""
    with pytest.raises(ValidationError) as raised:
        services.update_idea(by=coordinator, data=data, idea=idea)  # it stays complete
    assert set(raised.value.message_dict) == {"need"}


def test_only_its_author_keeps_a_draft(org, employee):
    draft = services.save_draft(by=employee, data=services.IdeaInput(title="Min tanke"))
    stranger = UserFactory(unit=org["north"])
    data = services.IdeaInput(title="Kapat", need="N", proposal="P", unit=org["north"])
    for save in (services.save_draft, services.submit_idea):
        with pytest.raises(PermissionDenied):
            save(by=stranger, data=data, idea=draft)
    assert Idea.objects.get(pk=draft.pk).title == "Min tanke"


def test_over_long_title_is_refused(org, employee):
    with pytest.raises(ValidationError):
        make_idea(submitter=employee, title="x" * 121)
    assert not Idea.objects.exists()


def test_move_requires_a_message_and_keeps_history(idea, manager, stage, employee):
    with pytest.raises(ValidationError) as raised:
        services.idea_move(
            idea=idea, to_stage=stage("innovation", "assessment"), by=manager, message="  "
        )
    assert "message" in raised.value.message_dict
    assert Idea.objects.get(pk=idea.pk).stage == stage("innovation", "submitted")

    moved = services.idea_move(
        idea=idea,
        to_stage=stage("innovation", "assessment"),
        by=manager,
        message="Vi tittar på den nästa vecka.",
    )
    assert moved.stage == stage("innovation", "assessment")
    event = IdeaEvent.objects.get(idea=idea, kind="moved")
    assert (event.actor, event.from_stage.code, event.to_stage.code) == (
        manager,
        "submitted",
        "assessment",
    )
    assert event.message == "Vi tittar på den nästa vecka."
    answer = Notification.objects.get(recipient=employee, kind=Kind.IDEA_ANSWERED)
    assert "Vi tittar på den nästa vecka." in answer.body


def test_move_not_in_the_workflow_is_refused(idea, manager, stage):
    with pytest.raises(ValidationError) as raised:
        services.idea_move(
            idea=idea, to_stage=stage("innovation", "implemented"), by=manager, message="Klart!"
        )
    assert "to_stage" in raised.value.message_dict
    with pytest.raises(ValidationError):  # another lane's stage
        services.idea_move(
            idea=idea, to_stage=stage("improvement", "doing"), by=manager, message="x"
        )


def test_closing_requires_reason_and_lesson(idea, manager, stage):
    closed = stage("innovation", "closed")
    with pytest.raises(ValidationError) as raised:
        services.idea_move(idea=idea, to_stage=closed, by=manager, message="Vi avslutar.")
    assert set(raised.value.message_dict) == {"closing_reason", "lesson_learned"}
    services.idea_move(
        idea=idea,
        to_stage=closed,
        by=manager,
        message="Vi avslutar.",
        closing_reason="För dyrt.",
        lesson_learned="Räkna tidigt.",
    )
    idea.refresh_from_db()
    assert (idea.closing_reason, idea.lesson_learned, idea.response_due) == (
        "För dyrt.",
        "Räkna tidigt.",
        None,
    )


def test_forwarding_requires_where_to(idea, manager, stage):
    with pytest.raises(ValidationError) as raised:
        services.idea_move(
            idea=idea, to_stage=stage("innovation", "forwarded"), by=manager, message="Vidare."
        )
    assert "forwarded_to" in raised.value.message_dict


@pytest.mark.parametrize(
    "who",
    ["employee", "submitter", "other_manager", "coach", "coordinator", "manager", "responsible"],
)
def test_who_may_move(org, idea, manager, employee, stage, who):
    people = {
        "employee": lambda: UserFactory(unit=org["north"]),
        "submitter": lambda: employee,
        "other_manager": lambda: UserFactory(roles=[("manager", org["bou"])]),
        "coach": lambda: UserFactory(roles=["coach"]),
        "coordinator": lambda: UserFactory(roles=["coordinator"]),
        "manager": lambda: manager,
        "responsible": lambda: UserFactory(unit=org["bou"]),
    }
    actor = people[who]()
    if who == "responsible":
        Idea.objects.filter(pk=idea.pk).update(responsible=actor)
        idea.refresh_from_db()
    allowed = who in {"coordinator", "manager", "responsible"}
    if allowed:
        services.idea_move(
            idea=idea, to_stage=stage("innovation", "assessment"), by=actor, message="Ok"
        )
        assert Idea.objects.get(pk=idea.pk).stage.code == "assessment"
    else:
        with pytest.raises(PermissionDenied):
            services.idea_move(
                idea=idea, to_stage=stage("innovation", "assessment"), by=actor, message="Ok"
            )
        assert Idea.objects.get(pk=idea.pk).stage.code == "submitted"


def test_a_move_based_on_an_old_version_is_refused(idea, manager, stage):
    version = idea.version
    services.idea_move(
        idea=idea,
        to_stage=stage("innovation", "assessment"),
        by=manager,
        message="Först",
        expected_version=version,
    )
    with pytest.raises(services.IdeaChanged):
        services.idea_move(
            idea=idea,
            to_stage=stage("innovation", "parked"),
            by=manager,
            message="Sen",
            expected_version=version,
        )
    idea.refresh_from_db()
    assert idea.stage.code == "assessment"
    assert idea.events.filter(kind="moved").count() == 1


def test_support_once_and_not_ones_own(idea, employee, org):
    colleague = UserFactory(unit=org["north"])
    services.idea_support(idea=idea, by=colleague)
    with pytest.raises(ValidationError):
        services.idea_support(idea=idea, by=colleague)
    with pytest.raises(ValidationError):
        services.idea_support(idea=idea, by=employee)
    idea.refresh_from_db()
    assert idea.support_count == 1 == Support.objects.filter(idea=idea).count()
    services.idea_unsupport(idea=idea, by=colleague)
    idea.refresh_from_db()
    assert idea.support_count == 0


def test_comment_is_sanitised_markdown_and_tells_followers(idea, employee, org):
    colleague = UserFactory(unit=org["north"])
    comment = services.comment_add(
        idea=idea,
        by=colleague,
        body="**Bra** idé <script>alert(1)</script> [länk](javascript:alert(1))",
    )
    assert "<strong>Bra</strong>" in comment.body_html
    assert "<script>" not in comment.body_html and "javascript:" not in comment.body_html
    idea.refresh_from_db()
    assert idea.comment_count == 1
    assert Notification.objects.filter(recipient=employee, kind=Kind.IDEA_COMMENTED).exists()
    with pytest.raises(ValidationError):
        services.comment_add(idea=idea, by=colleague, body="   ")


def test_answer_is_emailed_by_the_task_worker_in_the_submitters_language(
    idea, manager, employee, stage, django_capture_on_commit_callbacks
):
    employee.preferred_language = "en"
    employee.save(update_fields=["preferred_language"])
    with django_capture_on_commit_callbacks(execute=True):
        services.idea_move(
            idea=idea,
            to_stage=stage("innovation", "assessment"),
            by=manager,
            message="Vi bedömer den nu.",
        )
    sent = [m for m in mail.outbox if m.to == [employee.email]]
    assert len(sent) == 1
    assert "Vi bedömer den nu." in sent[0].body
    assert "Hello" in sent[0].body  # English, as the submitter chose
    assert (
        Notification.objects.get(recipient=employee, kind=Kind.IDEA_ANSWERED).emailed_at is not None
    )


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_managers_moving_at_once_one_wins(org, stage):
    manager = UserFactory(unit=org["ht"], roles=[("manager", org["ht"])])
    coordinator = UserFactory(roles=["coordinator"])
    idea = make_idea(unit=org["north"])
    version = idea.version
    barrier = threading.Barrier(2)
    results: list[str] = []

    def move(by, to, message):
        from django.db import connections

        try:
            barrier.wait()
            services.idea_move(
                idea=Idea.objects.get(pk=idea.pk),
                to_stage=stage("innovation", to),
                by=by,
                message=message,
                expected_version=version,
            )
            results.append("moved")
        except services.IdeaChanged:
            results.append("changed")
        finally:
            connections.close_all()

    threads = [
        threading.Thread(target=move, args=(manager, "assessment", "A")),
        threading.Thread(target=move, args=(coordinator, "parked", "B")),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(results) == ["changed", "moved"]
    assert IdeaEvent.objects.filter(idea=idea, kind="moved").count() == 1


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_coordinators_merging_a_pair_both_ways_at_once_one_wins(org):
    """A merge locks both ideas (in id order): the second of two opposite merges waits
    for the first and is then refused, never are both merged into each other."""
    coordinators = [UserFactory(roles=["coordinator"]) for _ in range(2)]
    first, second = (make_idea(unit=org["north"]) for _ in range(2))
    for _attempt in range(5):  # the race does not always come out the same way
        Idea.objects.filter(pk__in=[first.pk, second.pk]).update(
            status=Idea.Status.SUBMITTED, merged_into=None
        )
        barrier = threading.Barrier(2)
        results: list[str] = []

        def merge(by, duplicate, into, barrier=barrier, results=results):
            from django.db import connections

            try:
                barrier.wait()
                services.idea_merge(
                    duplicate=Idea.objects.get(pk=duplicate.pk),
                    into=Idea.objects.get(pk=into.pk),
                    by=by,
                    message="Samma idé",
                )
                results.append("merged")
            except ValidationError:
                results.append("refused")
            finally:
                connections.close_all()

        threads = [
            threading.Thread(target=merge, args=(coordinators[0], first, second)),
            threading.Thread(target=merge, args=(coordinators[1], second, first)),
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert sorted(results) == ["merged", "refused"]
        assert Idea.objects.filter(status=Idea.Status.MERGED).count() == 1


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_supports_at_once_are_all_counted(org):
    """Each support recounts the idea's supports; counted at once without the idea's row
    lock, each missed the other's and the counter ended short of the rows."""
    idea = make_idea(unit=org["north"])
    people = [UserFactory(unit=org["north"]) for _ in range(8)]
    barrier = threading.Barrier(len(people))
    problems: list[str] = []

    def support(person):
        from django.db import connections

        try:
            barrier.wait()
            services.idea_support(idea=Idea.objects.get(pk=idea.pk), by=person)
        except Exception as error:  # reported below
            problems.append(repr(error))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=support, args=(person,)) for person in people]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert problems == []
    idea.refresh_from_db()
    assert Support.objects.filter(idea=idea).count() == len(people)
    assert idea.support_count == len(people)
