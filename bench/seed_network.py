"""The innovation network at scale: a few organisations followed, with about 2,000 items
(challenges and good examples) between them in the region, for "Nätverket" and a feed with
the seeded challenges shared."""

import datetime
import random
import time

# (organisations followed, items in all, challenges shared) per scale name.
SIZES = {"region": (5, 2_000, 20), "municipality": (4, 1_000, 8), "town": (3, 300, 3)}

TITLES = [
    "Digital nyckelhantering i hemtjänsten",
    "Mindre matsvinn i skolköken",
    "Cykelpool för personalen",
    "Lärande samtal varje månad",
    "Enklare bygglovsansökan",
    "Färre pappersblanketter i förskolan",
]


def _size(scale) -> tuple[int, int, int]:
    from bench.seed import SCALES

    name = next((name for name, known in SCALES.items() if known == scale), "town")
    return SIZES[name]


def seed_network(*, rng: random.Random, org, counts: dict, log, scale) -> None:
    from django.db import transaction
    from django.utils import timezone

    from idesluss.challenges.models import Challenge
    from idesluss.network.models import NetworkItem, SharedChallenge, Subscription

    step = time.perf_counter()
    organisations, total, shared = _size(scale)
    now = timezone.now()
    with transaction.atomic():
        subscriptions = Subscription.objects.bulk_create(
            Subscription(
                organisation=f"Grannkommun {n + 1}",
                feed_url=f"https://grannkommun{n + 1}.example/network/feed.json",
                status=Subscription.Status.OK,
                item_count=total // organisations,
                fetched_at=now,
                succeeded_at=now,
            )
            for n in range(organisations)
        )
        items = []
        for index in range(total):
            subscription = subscriptions[index % organisations]
            kind = "challenge" if rng.random() < 0.4 else "good_example"
            published = now - datetime.timedelta(hours=rng.randint(1, 24 * 365))
            items.append(
                NetworkItem(
                    subscription=subscription,
                    external_id=f"{kind}:{index}",
                    kind=kind,
                    title=f"{rng.choice(TITLES)} ({index})",
                    summary="Så här gjorde vi, och det här lärde vi oss på vägen.",
                    question="Hur kan vi göra detta hos oss?" if kind == "challenge" else "",
                    url=f"https://grannkommun{index % organisations + 1}.example/{index}/",
                    adopt_url=f"https://grannkommun{index % organisations + 1}.example/network/adopted/?item={kind}%3A{index}",
                    organisation=subscription.organisation,
                    unit_name="Hemtjänst",
                    global_goals=sorted(rng.sample(range(1, 18), 2)),
                    published_at=published,
                    updated_at=published,
                )
            )
        NetworkItem.objects.bulk_create(items, batch_size=1000)
        today = timezone.localdate()
        challenges = Challenge.objects.filter(closes_on__gte=today).order_by("id")[:shared]
        SharedChallenge.objects.bulk_create(
            SharedChallenge(challenge=challenge, shared_at=now) for challenge in challenges
        )
    counts["network items"] = total
    log(
        f"  {organisations} organisations followed, {total:,} network items in "
        f"{time.perf_counter() - step:.1f} s"
    )
