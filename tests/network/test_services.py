"""The network's services on their own: who may share and follow, what an adoption says, and
who hears that a challenge was adopted."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from idesluss.challenges.models import Challenge
from idesluss.network import services
from idesluss.network.models import NetworkItem, SharedChallenge, Subscription
from idesluss.notifications.models import Kind, Notification
from tests.factories import UserFactory, make_challenge


def test_a_manager_shares_only_their_units_challenges(org, manager):
    theirs = make_challenge(owner_unit=org["north"])
    other = make_challenge(owner_unit=org["bou"])
    services.challenge_share(challenge=theirs, by=manager, shared=True)
    with pytest.raises(PermissionDenied):
        services.challenge_share(challenge=other, by=manager, shared=True)
    assert list(SharedChallenge.objects.values_list("challenge_id", flat=True)) == [theirs.pk]
    services.challenge_share(challenge=theirs, by=manager, shared=False)
    assert not SharedChallenge.objects.exists()


def test_following_checks_the_name_the_address_and_doubles(db, settings):
    settings.NETWORK_ALLOWED_HOSTS = []
    coordinator = UserFactory(roles=["coordinator"])
    with pytest.raises(PermissionDenied):
        services.subscription_add(
            by=UserFactory(), organisation="A", feed_url="https://a.example/f.json"
        )
    with pytest.raises(ValidationError) as error:
        services.subscription_add(by=coordinator, organisation=" ", feed_url="ftp://a.example/")
    assert error.value.message_dict == {
        "organisation": ["Name the organisation."],
        "feed_url": ["Only https addresses can be followed."],
    }
    Subscription.objects.create(organisation="A", feed_url="https://a.example/f.json")
    with pytest.raises(ValidationError) as error:
        services.subscription_add(
            by=coordinator, organisation="A", feed_url="https://a.example/f.json"
        )
    assert error.value.message_dict == {"feed_url": ["This feed is followed already."]}


def test_an_adopted_item_with_long_text_keeps_its_link(org, employee):
    subscription = Subscription.objects.create(organisation="A", feed_url="https://a.example/f")
    item = NetworkItem.objects.create(
        subscription=subscription,
        external_id="x",
        kind="good_example",
        title="T" * 200,
        question="Hur?",
        summary="S" * 4000,
        url="https://a.example/1/",
    )
    idea = services.item_adopt(item=item, by=employee)
    assert idea.is_draft and len(idea.title) == 120
    assert "https://a.example/1/" in idea.proposal
    assert len(idea.proposal) == 4000


def test_without_its_creator_the_coordinators_hear_of_an_adoption(
    org, django_capture_on_commit_callbacks
):
    coordinator = UserFactory(roles=["coordinator"])
    challenge = make_challenge(owner_unit=org["north"])
    Challenge.objects.filter(pk=challenge.pk).update(created_by=None)
    SharedChallenge.objects.create(challenge=challenge, shared_at=challenge.created_at)
    with django_capture_on_commit_callbacks(execute=True):
        services.adoption_receive(
            item_id=f"challenge:{challenge.pk}", organisation="Andra kommun", idea_title="Vår idé"
        )
    [notification] = Notification.objects.filter(recipient=coordinator)
    assert notification.kind == Kind.NETWORK_ADOPTED
