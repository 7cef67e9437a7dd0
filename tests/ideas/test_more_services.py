"""Assessment, merging duplicates, benefits and attachments."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from idesluss.ideas import services
from idesluss.ideas.models import Attachment, Criterion, Idea, IdeaEvent, Score
from idesluss.ideas.selectors import assessment_summary
from idesluss.notifications.models import Kind, Notification
from tests.factories import UserFactory, make_idea


def scores_for(value: int) -> dict[int, tuple[int, str]]:
    return {c.pk: (value, "") for c in Criterion.objects.filter(is_active=True)}


def test_assessment_by_assigned_assessors_gives_a_summary(idea, manager, org):
    first, second = UserFactory(roles=["coach"]), UserFactory()
    for assessor in (first, second):
        services.assessor_assign(idea=idea, assessor=assessor, by=manager)
    assert Notification.objects.filter(recipient=first, kind=Kind.IDEA_FOR_ME).exists()
    services.assessment_save(idea=idea, by=first, scores=scores_for(4))
    services.assessment_save(idea=idea, by=second, scores=scores_for(2))
    summary = assessment_summary(idea=idea)
    assert len(summary) == 4
    assert all(row.average == 3 and row.count == 2 for row in summary)
    # Saving again replaces the assessor's scores.
    services.assessment_save(idea=idea, by=second, scores=scores_for(5))
    assert Score.objects.filter(idea=idea).count() == 8


def test_assessment_refuses_the_unassigned_and_out_of_range(idea, manager):
    stranger = UserFactory()
    with pytest.raises(PermissionDenied):
        services.assessment_save(idea=idea, by=stranger, scores=scores_for(3))
    assessor = UserFactory()
    services.assessor_assign(idea=idea, assessor=assessor, by=manager)
    bad = scores_for(3)
    bad[next(iter(bad))] = (6, "")
    with pytest.raises(ValidationError):
        services.assessment_save(idea=idea, by=assessor, scores=bad)
    incomplete = dict(list(scores_for(3).items())[:2])
    with pytest.raises(ValidationError):
        services.assessment_save(idea=idea, by=assessor, scores=incomplete)
    assert not Score.objects.exists()


def test_only_coordinator_or_the_ideas_manager_assigns_assessors(idea, employee, org):
    with pytest.raises(PermissionDenied):
        services.assessor_assign(idea=idea, assessor=UserFactory(), by=employee)
    coordinator = UserFactory(roles=["coordinator"])
    with pytest.raises(ValidationError):  # the submitter never assesses their own idea
        services.assessor_assign(idea=idea, assessor=employee, by=coordinator)


def test_blind_assessment_page_hides_the_submitter(client, idea, manager, employee):
    assessor = UserFactory()
    services.assessor_assign(idea=idea, assessor=assessor, by=manager, blind=True)
    client.force_login(assessor)
    page = client.get(reverse("ideas:assess", args=[idea.pk]))
    assert page.status_code == 200
    assert employee.full_name not in page.text
    data = {f"score_{c.pk}": "4" for c in Criterion.objects.all()}
    assert client.post(reverse("ideas:assess", args=[idea.pk]), data).status_code == 302
    assert Score.objects.filter(assessor=assessor).count() == 4
    client.force_login(UserFactory())
    assert client.get(reverse("ideas:assess", args=[idea.pk])).status_code == 403


def test_merge_moves_supports_followers_and_comments_and_tells_everyone(org, manager):
    target = make_idea(unit=org["north"], title="Nyckelskåp")
    duplicate = make_idea(unit=org["north"], title="Nycklar i appen")
    supporter, commenter = UserFactory(), UserFactory()
    services.idea_support(idea=duplicate, by=supporter)
    services.comment_add(idea=duplicate, by=commenter, body="Samma som den andra?")
    services.idea_merge(duplicate=duplicate, into=target, by=manager, message="Samma idé.")
    duplicate.refresh_from_db()
    target.refresh_from_db()
    assert duplicate.status == Idea.Status.MERGED and duplicate.merged_into == target
    assert target.support_count == 2  # the supporter and the duplicate's submitter
    assert target.comment_count == 1 and duplicate.comment_count == 0
    assert target.follows.filter(user=commenter).exists()
    for person in (supporter, commenter, duplicate.submitter):
        assert Notification.objects.filter(recipient=person, kind=Kind.IDEA_MERGED).exists()
    assert IdeaEvent.objects.filter(kind="merged").count() == 2
    with pytest.raises(ValidationError):
        services.idea_merge(duplicate=duplicate, into=target, by=manager, message="Igen")


def test_merge_is_for_coordinator_or_manager(org, idea, employee):
    other = make_idea(unit=org["north"])
    with pytest.raises(PermissionDenied):
        services.idea_merge(duplicate=idea, into=other, by=employee, message="x")
    with pytest.raises(ValidationError):
        services.idea_merge(
            duplicate=idea, into=idea, by=UserFactory(roles=["coordinator"]), message="x"
        )


def test_benefits_recorded_by_author_or_manager(idea, employee, manager):
    services.benefit_add(
        idea=idea,
        by=employee,
        category="time",
        kind="expected",
        description="Mindre letande",
        amount=120,
        measure="timmar/år",
    )
    services.benefit_add(
        idea=idea, by=manager, category="money", kind="realised", description="Färre bilresor"
    )
    assert idea.benefits.count() == 2
    with pytest.raises(PermissionDenied):
        services.benefit_add(
            idea=idea, by=UserFactory(), category="time", kind="expected", description="x"
        )
    with pytest.raises(ValidationError):
        services.benefit_add(
            idea=idea, by=manager, category="happiness", kind="expected", description="x"
        )


def test_attachments_checked_for_kind_and_size(
    idea, employee, settings, tmp_path, django_capture_on_commit_callbacks
):
    settings.MEDIA_ROOT = tmp_path
    settings.IDEA_ATTACHMENT_MAX_BYTES = 1000
    good = SimpleUploadedFile("skiss.png", b"\x89PNG" + b"0" * 100, content_type="image/png")
    bad_kind = SimpleUploadedFile("virus.exe", b"MZ", content_type="application/octet-stream")
    too_big = SimpleUploadedFile("stor.pdf", b"%PDF" + b"0" * 2000, content_type="application/pdf")
    with pytest.raises(ValidationError) as raised:
        services.attachments_add(idea=idea, by=employee, files=[good, bad_kind, too_big])
    assert len(raised.value.messages) == 2
    assert not Attachment.objects.exists()  # none of them, not even the good one
    good.seek(0)
    with django_capture_on_commit_callbacks(execute=True):
        [saved] = services.attachments_add(idea=idea, by=employee, files=[good])
    assert saved.size == 104 and (tmp_path / saved.file.name).exists()
    with pytest.raises(PermissionDenied):
        services.attachments_add(idea=idea, by=UserFactory(), files=[good])


def test_attachment_download_respects_draft_privacy(
    client, org, employee, settings, tmp_path, django_capture_on_commit_callbacks
):
    settings.MEDIA_ROOT = tmp_path
    draft = make_idea(submitter=employee, unit=org["north"], submit=False)
    with django_capture_on_commit_callbacks(execute=True):
        [attachment] = services.attachments_add(
            idea=draft,
            by=employee,
            files=[SimpleUploadedFile("a.txt", b"hej", content_type="text/plain")],
        )
    client.force_login(employee)
    response = client.get(attachment.get_absolute_url())
    assert response.status_code == 200 and b"".join(response.streaming_content) == b"hej"
    client.force_login(UserFactory(unit=org["north"]))
    assert client.get(attachment.get_absolute_url()).status_code == 403


def test_submit_with_a_bad_attachment_saves_nothing(client, org, employee, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    client.force_login(employee)
    response = client.post(
        reverse("ideas:submit"),
        {
            "title": "Med bilaga",
            "need": "Behov",
            "proposal": "Förslag",
            "lane": "improvement",
            "unit": org["north"].pk,
            "files": [SimpleUploadedFile("x.exe", b"MZ")],
        },
    )
    assert response.status_code == 200
    assert response.context["form"].non_field_errors()
    assert not Idea.objects.exists() and not Attachment.objects.exists()


def test_responsible_can_be_changed_by_the_manager_and_is_told(client, idea, manager, org):
    newcomer = UserFactory(unit=org["north"])
    client.force_login(manager)
    response = client.post(
        reverse("ideas:responsible", args=[idea.pk]), {"responsible-person": newcomer.pk}
    )
    assert response.status_code == 302
    idea.refresh_from_db()
    assert idea.responsible == newcomer
    assert Notification.objects.filter(recipient=newcomer, kind=Kind.IDEA_FOR_ME).exists()
    assert idea.events.filter(kind="assigned").exists()
    # The new responsible may now answer (move) the idea.
    assert newcomer.has_perm("ideas.move_idea", idea)
    bad = client.post(
        reverse("ideas:responsible", args=[idea.pk]), {"responsible-person": "999999"}
    )
    assert bad.status_code == 302
    idea.refresh_from_db()
    assert idea.responsible == newcomer
    client.force_login(newcomer)  # a responsible employee cannot hand it on
    assert (
        client.post(
            reverse("ideas:responsible", args=[idea.pk]), {"responsible-person": manager.pk}
        ).status_code
        == 403
    )


def test_small_forms_on_the_idea_page_report_errors_without_changing_anything(
    client, idea, manager, employee
):
    # Each form by someone who may use it: the manager answers for the idea, the submitter
    # attaches files (the manager may not: 403, as the service says).
    for person, name, data in [
        (manager, "ideas:assessor_add", {"assessor-assessor": "not-a-person"}),
        (manager, "ideas:merge", {"merge-into": "999999", "merge-message": "x"}),
        (
            manager,
            "ideas:benefit_add",
            {"benefit-kind": "expected", "benefit-category": "nonsense", "benefit-description": ""},
        ),
        (employee, "ideas:attachments_add", {}),
    ]:
        client.force_login(person)
        response = client.post(reverse(name, args=[idea.pk]), data, follow=True)
        assert response.status_code == 200
        assert any(m.level_tag == "error" for m in response.context["messages"]), name
    assert not idea.benefits.exists() and not idea.assessor_assignments.exists()
    assert not idea.attachments.exists()
    client.force_login(manager)
    response = client.post(reverse("ideas:attachments_add", args=[idea.pk]), {})
    assert response.status_code == 403
