"""The network's bench seeding at the smallest scale: organisations followed, their items,
and shared challenges, the list page costing what it costs with few."""

import random

from bench.seed import SCALES
from bench.seed_network import SIZES, seed_network
from idesluss.network.models import NetworkItem, Subscription


def test_the_town_scale_seeds_its_organisations_and_items(db):
    counts: dict = {}
    seed_network(rng=random.Random(1), org=None, counts=counts, log=lambda _: None,
                 scale=SCALES["town"])  # fmt: skip
    organisations, total, _shared = SIZES["town"]
    assert Subscription.objects.count() == organisations
    assert NetworkItem.objects.count() == total == counts["network items"]
