"""The demo municipality, built through the same services the application uses.

Each app that has demo data adds a builder with `register`; `idesluss seed_demo`
runs them in order with one shared context.
"""

import datetime
import random
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from django.utils import timezone

from idesluss.core.discovery import app_modules

DEMO_DOMAIN = "kommunen.example"


@dataclass
class DemoContext:
    password: str
    rng: random.Random = field(default_factory=lambda: random.Random(2025))
    units: dict = field(default_factory=dict)  # code -> Unit
    people: dict = field(default_factory=dict)  # key -> User
    sign_ins: list[tuple[str, str, str]] = field(default_factory=list)  # (role, email, where)
    # What an app's builder leaves for a later one, by a name both know.
    handed_on: dict = field(default_factory=dict)
    log: Callable[[str], None] = print


_builders: list[tuple[int, Callable[[DemoContext], None]]] = []


def register(order: int):
    """Add a builder; lower orders run first (the organisation is 10)."""

    def decorator(builder: Callable[[DemoContext], None]):
        _builders.append((order, builder))
        return builder

    return decorator


def builders() -> list[Callable[[DemoContext], None]]:
    app_modules("demo")  # importing the apps' demo modules registers their builders
    return [builder for _order, builder in sorted(_builders, key=lambda item: item[0])]


@contextmanager
def demo_clock(moment: datetime.datetime) -> Iterator[None]:
    """Run the services as if it were `moment`, so that a history made today reads as
    lived over past months: every date they stamp (events, comments, notifications, audit
    records, answer deadlines) is `moment`. Django's `timezone.now` is replaced while
    inside; only the demo does this, in a command that runs before anything else."""
    real = timezone.now
    timezone.now = lambda: moment
    try:
        yield
    finally:
        timezone.now = real
