"""The demo's network: a second organisation, "Exempelby kommun", whose feed is a bundled
file (network/data/exempelby.json, served at /network/demo/exempelby.json), followed and
read so that "Nätverket" shows its challenges and good examples; and the open demo
challenge shared with the network, so our own feed has an item."""

from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from idesluss.challenges.models import Challenge
from idesluss.core.demo import DemoContext, register
from idesluss.network import services
from idesluss.network.models import Subscription
from idesluss.network.views import DEMO_FEEDS
from idesluss.notifications.services import email_muted


@register(order=40)
def build_network(context: DemoContext) -> None:
    coordinator = context.people["coordinator"]
    today = timezone.localdate()
    with email_muted():
        challenge = (
            Challenge.objects.filter(opens_on__lte=today, closes_on__gte=today)
            .order_by("opens_on", "id")
            .first()
        )
        if challenge is not None:
            services.challenge_share(challenge=challenge, by=coordinator, shared=True)
        # Added directly, not through subscription_add: the demo's own host is followed
        # over http, and the feed is read from the bundled file (the server may not run yet).
        url = settings.SITE_URL + reverse("network:demo_feed", kwargs={"name": "exempelby"})
        subscription, _created = Subscription.objects.get_or_create(
            feed_url=url, defaults={"organisation": "Exempelby kommun", "created_by": coordinator}
        )
        count = services.subscription_refresh(
            subscription=subscription, body=DEMO_FEEDS["exempelby"].read_bytes()
        )
    context.log(f"  network: 1 organisation followed ({count} items), 1 challenge shared")
