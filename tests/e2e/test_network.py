"""The innovation network's journey: the coordinator follows another organisation's feed
(the demo's "Exempelby kommun", served by the live server), sees its challenges and good
examples in Nätverket with the source named, and adopts one as a draft idea that names its
source. Every page is checked with axe, on a phone-sized screen."""

from django.urls import reverse
from playwright.sync_api import expect

from idesluss.ideas.models import Idea
from idesluss.network.models import NetworkItem, Subscription
from tests.e2e.a11y import check_a11y, visit
from tests.e2e.helpers import sign_in
from tests.factories import UserFactory

PHONE = {"width": 375, "height": 800}
ADOPTED = "Hur minskar vi ensamheten bland äldre som bor hemma?"


def test_the_coordinator_follows_a_feed_and_adopts_a_challenge(
    new_page, live_server, org, settings
):
    settings.NETWORK_ALLOWED_HOSTS = ["localhost"]
    coordinator = UserFactory(full_name="Cora Samordnare", unit=org["vo"], roles=["coordinator"])
    page = new_page(viewport=PHONE)
    sign_in(page, coordinator.email)

    # 1. Follow Exempelby kommun's feed.
    visit(page, reverse("network:subscriptions"))
    page.locator('input[name="organisation"]').fill("Exempelby kommun")
    page.locator('input[name="feed_url"]').fill(
        live_server.url + reverse("network:demo_feed", kwargs={"name": "exempelby"})
    )
    page.locator("main form:not([action]) button[type=submit]").click()
    check_a11y(page)
    subscription = Subscription.objects.get()
    assert (subscription.status, subscription.item_count) == ("ok", 6)
    expect(page.locator("main table")).to_contain_text("Exempelby kommun")

    # 2. Nätverket shows its items with the source named; the good examples alone too.
    visit(page, reverse("network:list"))
    item = NetworkItem.objects.get(title=ADOPTED)
    card = page.locator("main li.card", has_text=ADOPTED)
    expect(card).to_contain_text("Exempelby kommun")
    expect(card.locator(f'a[href="{item.url}"]')).to_be_visible()
    visit(page, reverse("network:list") + "?kind=good_example")
    expect(page.locator("main li.card")).to_have_count(3)

    # 3. Adopt the challenge: a draft idea to finish, naming its source.
    visit(page, reverse("network:list"))
    page.locator("main li.card", has_text=ADOPTED).locator("button[type=submit]").click()
    check_a11y(page)
    idea = Idea.objects.get(submitter=coordinator)
    expect(page).to_have_url(live_server.url + reverse("ideas:edit", kwargs={"pk": idea.pk}))
    expect(page.locator('input[name="title"]')).to_have_value(ADOPTED)
    visit(page, idea.get_absolute_url())
    expect(page.locator("#network-source")).to_contain_text("Exempelby kommun")
    expect(page.locator(f'#network-source a[href="{item.url}"]')).to_have_text(ADOPTED)
