"""Trust: a blind assessment is blind, and a draft is its authors' alone (issue 11, items 1, 3).

The rules live in idesluss/ideas/policy.py; these tests go through the pages, the lists and
the services an assessor or a coordinator could reach."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from idesluss.ideas import services
from idesluss.ideas.models import (
    AssessorAssignment,
    Attachment,
    CoSubmitterInvitation,
    Criterion,
    Idea,
    Score,
)
from idesluss.ideas.policy import blind_assessor_q, policy
from idesluss.ideas.selectors import assessment_summary
from idesluss.notifications.models import Notification
from tests.factories import UserFactory, make_challenge, make_idea


def scores_for(value: int) -> dict[int, tuple[int, str]]:
    return {c.pk: (value, "") for c in Criterion.objects.filter(is_active=True)}


def assess_data(value: int) -> dict[str, str]:
    return {f"score_{c.pk}": str(value) for c in Criterion.objects.filter(is_active=True)}


@pytest.fixture
def blind(org, manager, employee):
    """An innovation idea answering a challenge, by the employee with a co-submitter, assessed
    blind by two assessors; the other one has scored 5 on every criterion."""
    co_submitter = UserFactory(full_name="Cecilia Medförslag", unit=org["north"])
    challenge = make_challenge(owner_unit=org["ht"], title="Nycklar")
    idea = make_idea(
        submitter=employee,
        unit=org["north"],
        title="Blindad nyckelidé",
        co_submitters=[co_submitter],
        challenge=challenge,
    )
    # Named co-submitters are asked first; this one confirmed.
    services.co_submitter_answer(idea=idea, by=co_submitter, accept=True)
    idea = Idea.objects.get(pk=idea.pk)
    assessor = UserFactory(full_name="Alva Bedömare", unit=org["bou"])
    other = UserFactory(full_name="Otto Annanbedömare", unit=org["bou"])
    for person in (assessor, other):
        services.assessor_assign(idea=idea, assessor=person, by=manager, blind=True)
    services.assessment_save(idea=idea, by=other, scores=scores_for(5))
    return {
        "idea": idea,
        "challenge": challenge,
        "co_submitter": co_submitter,
        "assessor": assessor,
        "other": other,
    }


def test_a_blind_assessor_sees_no_author_and_no_other_assessor_anywhere(
    client, blind, employee, manager
):
    idea, assessor = blind["idea"], blind["assessor"]
    hidden = [employee.full_name, blind["co_submitter"].full_name]
    # The assessor follows the idea; then both authors write something on it.
    services.idea_follow(idea=idea, by=assessor)
    services.comment_add(idea=idea, by=employee, body="Vi har provat det i Norr.")
    services.comment_add(idea=idea, by=blind["co_submitter"], body="Och i Söder.")
    services.attachments_add(
        idea=idea, by=employee, files=[SimpleUploadedFile("skiss.pdf", b"%PDF-1.4 skiss")]
    )
    client.force_login(assessor)
    pages = {
        "idea": reverse("ideas:detail", args=[idea.pk]),
        "assess": reverse("ideas:assess", args=[idea.pk]),
        "list": reverse("ideas:list"),
        "search": reverse("ideas:list") + "?q=nyckelidé",
        "following": reverse("ideas:list") + "?view=following",
        "board": reverse("ideas:board", args=["innovation"]),
        "challenge": reverse("challenges:detail", args=[blind["challenge"].pk]),
        "notifications": reverse("notifications:list"),
    }
    for name, url in pages.items():
        page = client.get(url)
        assert page.status_code == 200, name
        assert "Blindad nyckelidé" in page.text, name
        for full_name in hidden:
            assert full_name not in page.text, (name, full_name)
    detail = client.get(pages["idea"]).text
    # The comments are there, without their authors' names; nor the other assessor or scores.
    assert "Vi har provat det i Norr." in detail and "Och i Söder." in detail
    assert blind["other"].full_name not in detail
    assert "Medel (1–5)" not in detail and "Mean (1–5)" not in detail
    assert reverse("ideas:assess", args=[idea.pk]) in detail
    # The assessor heard of the comments (in one notification), without who wrote them.
    heard = Notification.objects.filter(recipient=assessor)
    [comments] = heard.filter(url__contains=f"/ideas/{idea.pk}/?comments=all")
    assert comments.count == 2
    assert "Vi har provat det i Norr." in comments.body and "Och i Söder." in comments.body
    for full_name in hidden:
        assert full_name not in comments.title and full_name not in comments.body
    assert not heard.filter(actor__in=[employee, blind["co_submitter"]]).exists()


def test_blindness_is_for_assessors_and_ends_when_the_assessment_closes(
    client, blind, employee, manager, stage
):
    idea, assessor = blind["idea"], blind["assessor"]
    coordinator = UserFactory(roles=["coordinator"])
    # Those who answer for the idea, not assessing it, keep seeing names and scores.
    for person in (manager, coordinator):
        client.force_login(person)
        page = client.get(reverse("ideas:detail", args=[idea.pk])).text
        assert employee.full_name in page and blind["co_submitter"].full_name in page
        assert blind["other"].full_name in page and assessor.full_name in page
    services.idea_move(
        idea=idea,
        to_stage=stage("innovation", "closed"),
        by=manager,
        message="Vi går inte vidare.",
        closing_reason="För dyrt.",
        lesson_learned="Fråga ekonomi först.",
    )
    client.force_login(assessor)
    page = client.get(reverse("ideas:detail", args=[idea.pk])).text
    assert employee.full_name in page and blind["other"].full_name in page
    assert "Blindad nyckelidé" in client.get(reverse("ideas:list") + "?q=nyckelidé").text
    assert employee.full_name in client.get(reverse("ideas:list") + "?q=nyckelidé").text
    # A closed assessment takes no more scores.
    with pytest.raises(ValidationError):
        services.assessment_save(
            idea=Idea.objects.get(pk=idea.pk), by=assessor, scores=scores_for(3)
        )
    response = client.post(reverse("ideas:assess", args=[idea.pk]), assess_data(3))
    assert response.status_code == 302
    assert not Score.objects.filter(assessor=assessor).exists()


def test_nobody_connected_to_the_idea_is_made_an_assessor(blind, employee, manager):
    idea = blind["idea"]
    expected = {
        employee: "Idégivaren kan inte bedöma sin egen idé.",
        blind["co_submitter"]: "En medidégivare kan inte bedöma idén.",
        manager: "Den som är ansvarig för att svara på idén kan inte bedöma den.",
    }
    assert idea.responsible == manager
    coordinator = UserFactory(roles=["coordinator"])
    for person, message in expected.items():
        with pytest.raises(ValidationError) as error:
            services.assessor_assign(idea=idea, assessor=person, by=coordinator)
        assert error.value.message_dict == {"assessor": [message]}
        assert not AssessorAssignment.objects.filter(idea=idea, assessor=person).exists()


def test_stored_assessor_rows_of_connected_people_give_them_nothing(client, blind, manager):
    idea, co_submitter = blind["idea"], blind["co_submitter"]
    # Rows stored before the rule (or made stale since): the co-submitter and the responsible.
    for person in (co_submitter, manager):
        AssessorAssignment.objects.create(idea=idea, assessor=person)
        Score.objects.bulk_create(
            Score(idea=idea, assessor=person, criterion_id=pk, value=1) for pk in scores_for(1)
        )
    # Their old scores do not count: the summary is the other assessor's alone.
    assert all(row.average == 5 and row.count == 1 for row in assessment_summary(idea=idea))
    for person in (co_submitter, manager):
        with pytest.raises(PermissionDenied):
            services.assessment_save(idea=idea, by=person, scores=scores_for(1))
        client.force_login(person)
        assert client.get(reverse("ideas:assess", args=[idea.pk])).status_code == 403
        response = client.post(reverse("ideas:assess", args=[idea.pk]), assess_data(1))
        assert response.status_code == 403
        page = client.get(reverse("ideas:detail", args=[idea.pk])).text
        assert reverse("ideas:assess", args=[idea.pk]) not in page
    assert Score.objects.filter(assessor__in=[co_submitter, manager], value=1).count() == 8


def test_scores_of_an_assessor_asked_to_be_co_submitter_do_not_count(blind, employee):
    """Asked to be co-submitter after scoring (the submitter asked them, whatever they
    answer): connected to the idea, so their scores leave the means, as they may no longer
    score (ideas/relations.py CONNECTED)."""
    idea = blind["idea"]
    late = UserFactory()
    AssessorAssignment.objects.create(idea=idea, assessor=late)
    services.assessment_save(idea=idea, by=late, scores=scores_for(1))
    assert all(row.count == 2 for row in assessment_summary(idea=idea))
    CoSubmitterInvitation.objects.create(idea=idea, person=late, invited_by=employee)
    fresh = Idea.objects.get(pk=idea.pk)
    assert not policy.may(late, "ideas.assess_idea", fresh)
    assert all(row.average == 5 and row.count == 1 for row in assessment_summary(idea=fresh))


@pytest.fixture
def draft(org, employee, django_capture_on_commit_callbacks):
    """A draft by the employee with a co-submitter, and an attachment."""
    co_submitter = UserFactory(unit=org["north"])
    idea = make_idea(
        submitter=employee,
        unit=org["north"],
        submit=False,
        title="Hemligt utkast",
        co_submitters=[co_submitter],
    )
    services.co_submitter_answer(idea=idea, by=co_submitter, accept=True)
    # The file is written once its row is committed.
    with django_capture_on_commit_callbacks(execute=True):
        services.attachments_add(
            idea=idea, by=employee, files=[SimpleUploadedFile("utkast.pdf", b"%PDF-1.4 utkast")]
        )
    return idea, co_submitter


def test_a_draft_is_its_authors_alone_on_every_page(client, draft):
    idea, co_submitter = draft
    attachment = idea.attachments.get()
    edit_data = {"title": "Ändrat av samordnaren", "lane": "innovation", "save_draft": "1"}
    upload = reverse("ideas:attachments_add", args=[idea.pk])
    pages = [
        reverse("ideas:detail", args=[idea.pk]),
        reverse("ideas:edit", args=[idea.pk]),
        attachment.get_absolute_url(),
    ]
    for person in (UserFactory(roles=["coordinator"]), UserFactory(roles=["administrator"])):
        client.force_login(person)
        for url in pages:
            assert client.get(url).status_code == 403, (person, url)
        assert client.post(pages[1], edit_data).status_code == 403
        response = client.post(
            upload, {"attachments-files": SimpleUploadedFile("x.pdf", b"%PDF-1.4 x")}
        )
        assert response.status_code == 403
        with pytest.raises(PermissionDenied):
            services.attachments_add(
                idea=idea, by=person, files=[SimpleUploadedFile("y.pdf", b"%PDF-1.4 y")]
            )
    idea.refresh_from_db()
    assert idea.title == "Hemligt utkast" and Attachment.objects.filter(idea=idea).count() == 1
    # The co-submitter is one of the draft's authors: they see it, edit it and attach to it.
    client.force_login(co_submitter)
    for url in pages:
        assert client.get(url).status_code == 200, url
    response = client.post(
        upload, {"attachments-files": SimpleUploadedFile("z.pdf", b"%PDF-1.4 z")}
    )
    assert response.status_code == 302
    assert Attachment.objects.filter(idea=idea).count() == 2


def test_a_coordinator_assessing_blind_is_blind_too(client, blind, employee, manager):
    idea = blind["idea"]
    coordinator = UserFactory(roles=["coordinator"])
    services.assessor_assign(idea=idea, assessor=coordinator, by=manager)
    client.force_login(coordinator)
    # Its edit page names the co-submitters: not while assessing it blind.
    assert client.get(reverse("ideas:edit", args=[idea.pk])).status_code == 403
    # Starting a workgroup from the idea does not fill in its authors as members.
    page = client.get(reverse("groups:create") + f"?idea={idea.pk}")
    assert page.status_code == 200 and "Blindad nyckelidé" in page.text
    for full_name in (employee.full_name, blind["co_submitter"].full_name):
        assert full_name not in page.text
    detail = client.get(reverse("ideas:detail", args=[idea.pk])).text
    assert employee.full_name not in detail and blind["other"].full_name not in detail
    # Another coordinator, not assessing it, edits it and sees who handed it in.
    client.force_login(UserFactory(roles=["coordinator"]))
    assert client.get(reverse("ideas:edit", args=[idea.pk])).status_code == 200
    page = client.get(reverse("groups:create") + f"?idea={idea.pk}")
    assert employee.full_name in page.text


def test_people_asked_to_be_co_submitters_are_connected_whatever_they_answered(blind, manager):
    from idesluss.ideas.models import CoSubmitterInvitation

    idea = blind["idea"]
    pending, declined = UserFactory(full_name="Pia Väntar"), UserFactory(full_name="Dan Nej")
    CoSubmitterInvitation.objects.create(idea=idea, person=pending, invited_by=idea.submitter)
    CoSubmitterInvitation.objects.create(
        idea=idea,
        person=declined,
        invited_by=idea.submitter,
        status=CoSubmitterInvitation.Status.DECLINED,
    )
    for person in (pending, declined):
        with pytest.raises(ValidationError) as error:
            services.assessor_assign(idea=idea, assessor=person, by=manager)
        assert error.value.message_dict == {
            "assessor": ["Den som har fått frågan om att bli medidégivare kan inte bedöma idén."]
        }
        # A row stored anyway makes them no blind assessor: they know who handed it in.
        AssessorAssignment.objects.create(idea=idea, assessor=person)
        fresh = Idea.objects.get(pk=idea.pk)
        assert not person.has_perm("ideas.assess_idea", fresh)
        assert not Idea.objects.filter(blind_assessor_q(person), pk=idea.pk).exists()
