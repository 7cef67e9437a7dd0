"""The demo municipality, built through the same services the application uses.

Each app that has demo data adds a builder with `register`; `idesluss seed_demo`
runs them in order with one shared context.
"""

import random
from collections.abc import Callable
from dataclasses import dataclass, field

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
