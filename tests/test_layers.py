"""Dependencies point downward (issue 13, item 6): an app imports only from apps below it.

The order, lowest first, is the order a newcomer reads the code in. An app's every module
counts (views, forms, demo data, commands), except its migrations.
"""

import ast
from pathlib import Path

import idesluss

LAYERS = [
    "core",  # shared tools; imports no app
    "goals",  # Global Goals and vision goals
    "accounts",  # people, units, roles
    "notifications",
    "challenges",  # needs and challenges
    "ideas",  # the idea sluice
    "workshops",  # idea workshops (promote notes to ideas)
    "groups",  # workgroups and pilot groups around ideas
    "conversations",  # learning conversations: themes, guides, sessions, insights
    "learning",  # competence development: trainings, enrolment, attendance, qualifications
    "showcase",  # good examples, news and the public showcase
    "network",  # the innovation network: open feeds out, other organisations' feeds in
    "insights",  # dashboards, reports and exports (reads only)
    "home",  # the start page and the demo municipality, above everything
]

# Upward imports not yet removed, each with what removes it. The list may only shrink:
# the test fails when an edge here is gone, so it is struck from the list.
KNOWN_UPWARD: dict[tuple[str, str], str] = {}

PACKAGE = Path(idesluss.__file__).parent


def _imported_apps(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    apps = set()
    for node in ast.walk(tree):
        names = []
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names = [node.module]
        for name in names:
            parts = name.split(".")
            if parts[0] == "idesluss" and len(parts) > 1 and parts[1] in LAYERS:
                apps.add(parts[1])
    return apps


def _edges() -> dict[tuple[str, str], list[str]]:
    edges: dict[tuple[str, str], list[str]] = {}
    for app in LAYERS:
        for path in sorted((PACKAGE / app).rglob("*.py")):
            if "migrations" in path.parts:
                continue
            for other in _imported_apps(path) - {app}:
                edges.setdefault((app, other), []).append(str(path.relative_to(PACKAGE)))
    return edges


def test_every_app_is_in_a_layer():
    apps = {path.parent.name for path in PACKAGE.glob("*/apps.py")}
    assert apps == set(LAYERS)


def test_no_app_imports_from_an_app_above_it():
    upward = {
        (app, other): files
        for (app, other), files in _edges().items()
        if LAYERS.index(other) > LAYERS.index(app)
    }
    unexpected = {edge: files for edge, files in upward.items() if edge not in KNOWN_UPWARD}
    assert unexpected == {}
    gone = set(KNOWN_UPWARD) - set(upward)
    assert gone == set(), "strike these from KNOWN_UPWARD: they are fixed"
