"""Adopting another organisation's challenge, end to end against a live server: the feed is
read over HTTP, "We want to adopt this" makes a draft idea linked to its source, and the
source's adopt endpoint records the adoption and tells the challenge's creator. Here both
organisations are the same installation (the live server), so one run shows both sides."""

import pytest

from idesluss.ideas.models import Idea
from idesluss.network import services
from idesluss.network.models import Adopted, Adoption, NetworkItem, Subscription
from idesluss.notifications.models import Kind, Notification
from tests.factories import UserFactory, make_challenge


@pytest.fixture
def network(live_server, settings, django_db_serialized_rollback, org):
    settings.SITE_URL = live_server.url
    settings.NETWORK_ALLOWED_HOSTS = ["localhost"]
    settings.ORGANISATION_NAME = "Källby kommun"
    creator = UserFactory(full_name="Greta Skapare", roles=["coordinator"])
    challenge = make_challenge(
        by=creator, owner_unit=org["north"], title="Mindre ensamhet", question="Hur då?"
    )
    services.challenge_share(challenge=challenge, by=creator, shared=True)
    subscription = Subscription.objects.create(
        organisation="Källby", feed_url=f"{live_server.url}/network/feed.json"
    )
    services.subscription_refresh(subscription=subscription)
    return creator, challenge


def test_adopting_makes_a_draft_idea_and_tells_the_source(client, network, org):
    creator, challenge = network
    item = NetworkItem.objects.get()
    assert item.organisation == "Källby kommun"
    employee = UserFactory(full_name="Lina Medarbetare", unit=org["north"])
    client.force_login(employee)

    response = client.post(f"/network/items/{item.pk}/adopt/")

    idea = Idea.objects.get(submitter=employee)
    assert response.status_code == 302
    assert response["Location"] == f"/ideas/{idea.pk}/edit/"
    assert idea.is_draft
    assert idea.title == "Mindre ensamhet"
    assert idea.need == "Hur då?"
    assert item.url in idea.proposal
    adopted = Adopted.objects.get(idea=idea)
    assert adopted.organisation == "Källby kommun"
    assert adopted.notified_at is not None
    # The source's side: the adoption is recorded and its creator told.
    adoption = Adoption.objects.get()
    assert (adoption.challenge, adoption.organisation) == (challenge, "Källby kommun")
    assert adoption.idea_title == "Mindre ensamhet"
    notification = Notification.objects.get(recipient=creator)
    assert notification.kind == Kind.NETWORK_ADOPTED
    # The idea's page names the source; the challenge's page the organisation that adopted it.
    page = client.get(f"/ideas/{idea.pk}/").content.decode()
    assert "Adopted from Källby kommun" in page
    client.force_login(creator)
    assert (
        "Källby kommun: Mindre ensamhet"
        in client.get(challenge.get_absolute_url()).content.decode()
    )


def test_an_unreachable_source_is_told_again_later(client, network, org, live_server, settings):
    item = NetworkItem.objects.get()
    NetworkItem.objects.filter(pk=item.pk).update(
        adopt_url=f"{live_server.url}/network/nowhere/?item=x"
    )
    client.force_login(UserFactory(unit=org["north"]))
    client.post(f"/network/items/{item.pk}/adopt/")
    adopted = Adopted.objects.get()
    assert (adopted.notified_at, adopted.notify_attempts) == (None, 1)
    assert Adoption.objects.count() == 0
    # The source is reachable again: the daily job tells it.
    NetworkItem.objects.filter(pk=item.pk).update(
        adopt_url=f"{live_server.url}/network/adopted/?item=challenge:{network[1].pk}"
    )
    from idesluss.network.tasks import tell_sources_again

    assert tell_sources_again.call() == 1
    assert Adoption.objects.count() == 1
