"""Co-submitters are asked first and named only when they confirm (issue 11, item 14)."""

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from idesluss.ideas import services
from idesluss.ideas.models import CoSubmitterInvitation, Follow, Idea
from idesluss.notifications.models import Kind, Notification
from tests.factories import UserFactory, make_idea


@pytest.fixture
def colleague(org):
    return UserFactory(full_name="Kim Kollega", unit=org["north"], email="kim@kommunen.example")


@pytest.fixture
def asked(org, employee, colleague, django_capture_on_commit_callbacks):
    """An idea handed in by the employee, naming the colleague as co-submitter."""
    with django_capture_on_commit_callbacks(execute=True):
        return make_idea(
            submitter=employee, unit=org["north"], title="Nyckelskåp", co_submitters=[colleague]
        )


@pytest.fixture
def draft(org, employee, colleague):
    """A draft (authors may still edit it) naming the colleague as co-submitter."""
    return make_idea(
        submitter=employee, unit=org["north"], title="Utkast", co_submitters=[colleague],
        submit=False,
    )  # fmt: skip


def test_a_named_colleague_is_invited_not_named(asked, colleague, employee, manager, stage):
    assert list(asked.co_submitters.all()) == []
    invitation = CoSubmitterInvitation.objects.get(idea=asked)
    assert (invitation.person, invitation.status) == (colleague, "pending")
    [told] = Notification.objects.filter(recipient=colleague)
    assert told.kind == Kind.IDEA_INVITED
    assert told.url == reverse("ideas:invitation", args=[asked.pk])
    assert "Nyckelskåp" in told.title
    # The invitation comes by e-mail (immediately by default) ...
    assert [m.to for m in mail.outbox if "Nyckelskåp" in m.subject] == [[colleague.email]]
    # ... but until they confirm, they are no author: no rights, no follow, no idea e-mails.
    assert not colleague.has_perm("ideas.change_idea", asked)
    assert not Follow.objects.filter(idea=asked, user=colleague).exists()
    mail.outbox.clear()
    services.idea_move(
        idea=asked, to_stage=stage("innovation", "assessment"), by=manager, message="Hej"
    )
    assert not Notification.objects.filter(recipient=colleague, kind=Kind.IDEA_ANSWERED).exists()


def test_confirming_names_them_with_the_authors_rights(
    client, asked, colleague, employee, django_capture_on_commit_callbacks
):
    client.force_login(colleague)
    url = reverse("ideas:invitation", args=[asked.pk])
    page = client.get(url)
    assert page.status_code == 200 and "Nyckelskåp" in page.text
    assert 'name="answer" value="accept"' in page.text
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"answer": "accept"})
    assert response.status_code == 302 and response["Location"] == asked.get_absolute_url()
    assert list(asked.co_submitters.all()) == [colleague]
    assert Follow.objects.filter(idea=asked, user=colleague).exists()
    answer = Notification.objects.get(recipient=employee, kind=Kind.IDEA_INVITED)
    assert "Kim Kollega" in answer.title
    # Answering twice changes nothing and says so.
    response = client.post(url, {"answer": "decline"}, follow=True)
    assert "redan svarat" in response.text
    assert list(asked.co_submitters.all()) == [colleague]


def test_a_draft_is_theirs_to_see_and_edit_only_once_they_confirm(draft, colleague):
    assert not colleague.has_perm("ideas.view_idea", draft)
    assert not colleague.has_perm("ideas.change_idea", draft)
    services.co_submitter_answer(idea=draft, by=colleague, accept=True)
    draft = Idea.objects.get(pk=draft.pk)
    assert colleague.has_perm("ideas.view_idea", draft)
    assert colleague.has_perm("ideas.change_idea", draft)


def test_declining_leaves_them_off_and_the_submitter_sees_it(
    client, draft, colleague, employee, org
):
    asked = draft
    client.force_login(colleague)
    url = reverse("ideas:invitation", args=[asked.pk])
    response = client.post(url, {"answer": "decline"})
    assert response.status_code == 302
    assert list(asked.co_submitters.all()) == []
    assert CoSubmitterInvitation.objects.get(idea=asked).status == "declined"
    # The submitter's page shows who declined and who has not answered.
    waiting = UserFactory(full_name="Vera Väntar", unit=org["north"])
    services.save_draft(
        by=employee,
        idea=asked,
        data=services.IdeaInput(
            title=asked.title, need=asked.need, proposal=asked.proposal, lane=asked.lane,
            unit=asked.unit, co_submitters=[colleague, waiting],
        ),
    )  # fmt: skip
    assert CoSubmitterInvitation.objects.get(idea=asked, person=colleague).status == "declined"
    assert Notification.objects.filter(recipient=colleague, kind=Kind.IDEA_INVITED).count() == 1
    client.force_login(employee)
    page = client.get(asked.get_absolute_url())
    assert "Kim Kollega: tackat nej" in page.text and "Vera Väntar: inte besvarat än" in page.text


def test_only_the_invited_person_answers(client, asked, employee, org):
    stranger = UserFactory(unit=org["north"])
    client.force_login(stranger)
    url = reverse("ideas:invitation", args=[asked.pk])
    assert client.get(url).status_code == 404
    assert client.post(url, {"answer": "accept"}).status_code == 404
    with pytest.raises(PermissionDenied):
        services.co_submitter_answer(idea=asked, by=stranger, accept=True)
    assert list(asked.co_submitters.all()) == []


def test_nonsense_answers_change_nothing(client, asked, colleague):
    client.force_login(colleague)
    url = reverse("ideas:invitation", args=[asked.pk])
    response = client.post(url, {"answer": "kanske"}, follow=True)
    assert response.status_code == 200 and "Välj om du bekräftar eller tackar nej" in response.text
    assert CoSubmitterInvitation.objects.get(idea=asked).status == "pending"


def test_taking_a_name_off_withdraws_the_invitation(draft, employee, colleague):
    asked = draft
    services.save_draft(
        by=employee,
        idea=asked,
        data=services.IdeaInput(
            title=asked.title, need=asked.need, proposal=asked.proposal, lane=asked.lane,
            unit=asked.unit, co_submitters=[],
        ),
    )  # fmt: skip
    assert not CoSubmitterInvitation.objects.exists()
    with pytest.raises(PermissionDenied):
        services.co_submitter_answer(idea=asked, by=colleague, accept=True)


def test_the_edit_form_keeps_those_not_yet_answered(client, draft, employee, colleague):
    client.force_login(employee)
    page = client.get(reverse("ideas:edit", args=[draft.pk]))
    assert page.context["form"].initial["co_submitters"] == [colleague.pk]


def test_a_merged_idea_cannot_be_joined(asked, colleague):
    Idea.objects.filter(pk=asked.pk).update(status=Idea.Status.MERGED)
    asked.refresh_from_db()
    with pytest.raises(ValidationError):
        services.co_submitter_answer(idea=asked, by=colleague, accept=True)
