"""Hostile input: every URL of the project, as anonymous and as each role, with odd values.

The walk reads the project's URL resolver, so a URL added tomorrow is walked tomorrow. For
each pattern it fills the path with ids of a small world (and with ids no database holds),
sends GET with odd query parameters (the names the views read, found in the source, and
the names of the forms on the page) and POST with odd values for every field of the forms
that post to it: one field at a time on top of what the form itself holds, so a value
reaches the service behind the form. Unicode digits, huge and negative integers, far past
and future dates, 100,000-character strings, null bytes and wrong choices: none may end
in a 5xx. The world also holds rows dated at the calendar's edges, stored before dates
had bounds; every page must still show them.

Skipped, and why:
- the back office's POSTs (Django's own admin forms, which validate with the same model
  fields; posting to its delete and action views would tear the shared world apart). Its
  pages are walked with GET like every other page.
- log-out: it would end the session the walk runs in (it is walked with GET).
"""

import datetime
import html.parser
import logging
import re
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlencode, urljoin, urlsplit

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from django.urls.exceptions import NoReverseMatch
from django.urls.resolvers import RegexPattern
from django.utils import timezone

from idesluss.accounts.models import Qualification
from idesluss.groups import services as group_services
from idesluss.groups.models import Action, JointFollowUp, Session
from idesluss.ideas import services as idea_services
from idesluss.ideas.models import Lane
from idesluss.learning import services as learning_services
from idesluss.learning.models import TrainingSession
from idesluss.notifications.models import Notification
from idesluss.workshops import services as workshop_services
from idesluss.workshops.models import Workshop
from tests.conftest import ROLES
from tests.factories import (
    UnitFactory,
    UserFactory,
    make_challenge,
    make_group,
    make_idea,
    make_need,
    make_training,
    make_workshop,
)

# The values no form expects.
HUGE = str(10**23)
BIGINT_OVER = str(2**63)
LONG = "x" * 100_000
UNICODE_DIGITS = ["²", "٣", "𝟘"]
NUMBERS = ["²", "-1", HUGE]
DATES = ["9999-12-31", "0001-01-01", "²"]
TIMES = ["24:00", "²"]
TEXTS = ["a\x00b", "²"]
CHOICES = ["²", HUGE, "not-a-choice"]
# Sent in a query string (each as the value of every parameter at once).
QUERY_VALUES = [
    "²",
    "٣",
    HUGE,
    BIGINT_OVER,
    "-1",
    "0",
    "9999-12-31",
    "0001-01-01",
    "a\x00b",
    "x" * 10_000,
    "not-a-choice",
]
# Query parameters every page gets, besides those the source and the page's forms name.
COMMON_PARAMETERS = {
    "unit", "challenge", "idea", "weeks", "q", "page", "sort", "status", "stage", "lane",
    "goal", "workshop", "group", "next", "date", "from", "to", "view", "need", "title",
    "exclude", "cluster", "note", "members", "ideas", "members_q", "ideas_q", "comments",
    "overdue", "o", "p", "e", "id", "pk", "year", "month", "day", "all",
}  # fmt: skip
# Path values no database row has: 0, beyond PostgreSQL's bigint, far beyond SQLite's.
PATH_IDS = [HUGE]
PATH_STRINGS = ["²"]
# Log-out would end the session the walk runs in (its page is walked with GET).
NO_POST = {"account_logout"}

ROOT = Path(__file__).resolve().parents[2]


def _source_parameters() -> set[str]:
    """Every query parameter name the views read (request.GET.get("…") and the like)."""
    names: set[str] = set()
    pattern = re.compile(r"""GET(?:\.get|\.getlist|\.pop)?\s*[\[(]\s*["'](\w+)["']""")
    for path in (ROOT / "idesluss").rglob("*.py"):
        names.update(pattern.findall(path.read_text(encoding="utf-8")))
    return names


# The world: one of each kind of thing, and some stored before dates had bounds.


@dataclass
class World:
    users: dict[str, object]
    kwargs: dict[tuple[str, str], list[dict[str, object]]]
    anything: list[int]


def _build_world() -> World:
    now = timezone.now().replace(second=0, microsecond=0)
    today = timezone.localdate()
    dept = UnitFactory(name="Vård och omsorg", code="W-VO")
    unit = UnitFactory(name="Hemtjänst", code="W-HT", parent=dept)
    users = {"anonymous": AnonymousUser()}
    for role in ROLES[1:]:
        roles = [("manager", unit)] if role == "manager" else [] if role == "employee" else [role]
        users[role] = UserFactory(
            full_name=f"Walk {role}", unit=unit, roles=roles, email=f"walk-{role}@kommunen.example"
        )
    employee, manager, coach, coordinator = (
        users["employee"],
        users["manager"],
        users["coach"],
        users["coordinator"],
    )
    insiders = [users[role] for role in ROLES[1:] if role not in ("coach",)]

    # Ideas: handed in, a draft, one with an attachment, an assessor and a comment.
    idea = make_idea(submitter=employee, unit=unit, title="Nyckelskåp")
    other = make_idea(submitter=manager, unit=unit, title="Matsvinn", lane=Lane.IMPROVEMENT)
    draft = make_idea(submitter=employee, unit=unit, submit=False, title="Utkast")
    idea_services.comment_add(idea=idea, by=manager, body="Bra idé")
    idea_services.assessor_assign(idea=idea, assessor=users["steering_group"], by=coordinator)
    # Not the manager: as the unit's manager they answer the idea, and may not assess it.
    idea_services.assessor_assign(idea=idea, assessor=users["conversation_leader"], by=coordinator)
    upload = SimpleUploadedFile("skiss.txt", b"en skiss", content_type="text/plain")
    attachment = idea_services.attachments_add(idea=idea, by=employee, files=[upload])[0]
    idea_services.benefit_add(
        idea=idea, by=employee, category="time", kind="expected", description="Tid"
    )

    # Needs and challenges: an open challenge from a need, and one stored with a far period.
    need = make_need(by=employee, title="Vi letar nycklar")
    challenge = make_challenge(by=coordinator, owner_unit=unit, needs=[need])
    far_challenge = make_challenge(by=coordinator, owner_unit=unit, title="Långt bort")
    type(far_challenge).objects.filter(pk=far_challenge.pk).update(
        opens_on=datetime.date(1, 1, 1), closes_on=datetime.date(9999, 12, 31)
    )

    # Groups: one with sessions, a decision and an action; sessions and a joint follow-up
    # stored at the end of the calendar (as the issue found them).
    group = make_group(
        by=coordinator, coach=coach, members=insiders, ideas=[idea], name="Nyckelgruppen"
    )
    second = make_group(by=coordinator, coach=coach, members=insiders, name="Andra gruppen")
    session = group_services.session_create(
        group=group,
        by=coach,
        data=group_services.SessionInput(starts_at=now - datetime.timedelta(days=3)),
    )
    group_services.decision_add(session=session, by=coach, text="Vi provar")
    action = group_services.action_add(
        session=session, by=coach, what="Ring", owner=employee, due_on=today
    )
    joint = group_services.joint_create(
        by=coordinator,
        data=group_services.JointInput(
            title="Gemensam uppföljning",
            starts_at=now + datetime.timedelta(days=5),
            groups=[group, second],
        ),
    )
    edge = datetime.datetime(9999, 12, 31, 22, 0, tzinfo=datetime.UTC)
    far_session = group_services.session_create(
        group=group, by=coach, data=group_services.SessionInput(starts_at=now)
    )
    Session.objects.filter(pk=far_session.pk).update(starts_at=edge, minutes=600)
    far_joint = group_services.joint_create(
        by=coordinator,
        data=group_services.JointInput(
            title="Långt fram", starts_at=now + datetime.timedelta(days=6), groups=[group, second]
        ),
    )
    JointFollowUp.objects.filter(pk=far_joint.pk).update(starts_at=edge, minutes=600)
    Session.objects.filter(joint=far_joint).update(starts_at=edge, minutes=600)
    far_action = group_services.action_add(
        session=session, by=coach, what="Långt fram", owner=employee, due_on=today
    )
    Action.objects.filter(pk=far_action.pk).update(due_on=datetime.date(9999, 12, 31))

    # Workshops: one capturing notes with a cluster and votes, one voting, one at the
    # calendar's first day.
    workshop = make_workshop(by=coach, facilitators=[coach, manager], challenge=challenge)
    for person in insiders:
        if person != manager:
            workshop_services.signup_create(workshop=workshop, by=person)
    workshop_services.workshop_set_phase(workshop=workshop, by=coach, phase="capture")
    note = workshop_services.note_post(workshop=workshop, by=employee, text="Nyckelskåp")
    second_note = workshop_services.note_post(workshop=workshop, by=coach, text="Appen")
    cluster = workshop_services.cluster_create(
        workshop=workshop, by=coach, name="Nycklar", note_ids=[note.pk]
    )
    voting = make_workshop(by=coach, facilitators=[coach], title="Röstning")
    workshop_services.signup_create(workshop=voting, by=employee)
    workshop_services.workshop_set_phase(workshop=voting, by=coach, phase="capture")
    voted = workshop_services.note_post(workshop=voting, by=employee, text="Röst")
    workshop_services.workshop_set_phase(workshop=voting, by=coach, phase="voting")
    workshop_services.vote_add(workshop=voting, by=employee, note_id=voted.pk)
    first_day = make_workshop(by=coach, facilitators=[coach], title="Första dagen")
    start = datetime.datetime(1, 1, 1, 0, 0, tzinfo=datetime.UTC)
    Workshop.objects.filter(pk=first_day.pk).update(
        starts_at=start, ends_at=start + datetime.timedelta(hours=3)
    )

    # Trainings: one with a past and a coming session, an enrolment completed (with its
    # certificate and qualification), one waiting; one stored at the calendar's first day.
    training = make_training(
        by=coordinator, title="Coachutbildning", capacity=2, grants="coach",
        sessions_days=(-7, 7), responsible=coach,
    )  # fmt: skip
    completed = learning_services.enrol(training=training, by=employee)
    learning_services.enrolment_complete(enrolment=completed, by=coordinator)
    learning_services.enrol(training=training, by=manager)
    waiting = learning_services.enrol(training=training, by=users["steering_group"])
    past_session, coming_session = training.sessions.order_by("starts_at")
    old_training = make_training(by=coordinator, title="Första dagen", sessions_days=(1,))
    TrainingSession.objects.filter(training=old_training).update(
        starts_at=start, ends_at=start + datetime.timedelta(hours=3)
    )
    qualification = Qualification.objects.filter(user=employee).first()

    notification = Notification.objects.filter(recipient=employee).order_by("pk").first()

    kwargs = {
        ("ideas", "*"): [
            {"pk": idea.pk, "attachment_id": attachment.pk, "lane": Lane.INNOVATION},
            {"pk": draft.pk, "lane": Lane.IMPROVEMENT},
            {"pk": other.pk},
        ],
        ("challenges", "*"): [{"pk": challenge.pk}, {"pk": far_challenge.pk}],
        ("needs", "*"): [{"pk": need.pk}],
        ("groups", "*"): [
            {"pk": group.pk, "session_id": session.pk, "action_id": action.pk},
            {"pk": group.pk, "session_id": far_session.pk, "action_id": far_action.pk},
            {"pk": second.pk},
        ],
        ("groups", "joint"): [{"pk": joint.pk}, {"pk": far_joint.pk}],
        ("workshops", "*"): [
            {"pk": workshop.pk, "note_id": note.pk, "cluster_id": cluster.pk},
            {"pk": workshop.pk, "note_id": second_note.pk},
            {"pk": voting.pk, "note_id": voted.pk},
            {"pk": first_day.pk},
        ],
        ("learning", "*"): [
            {"pk": training.pk, "session_id": past_session.pk, "enrolment_id": completed.pk},
            {"pk": training.pk, "session_id": coming_session.pk, "enrolment_id": waiting.pk},
            {"pk": old_training.pk},
        ],
        ("learning", "qualification"): [{"pk": qualification.pk}],
        ("notifications", "*"): [{"pk": notification.pk}] if notification else [],
        ("accounts", "unit"): [{"pk": unit.pk}, {"pk": dept.pk}],
        ("accounts", "person"): [{"pk": employee.pk}, {"pk": coach.pk}],
    }
    anything = [idea.pk, group.pk, workshop.pk, employee.pk, unit.pk]
    return World(users=users, kwargs=kwargs, anything=anything)


# The URL patterns, as the resolver holds them.


@dataclass
class Route:
    name: str  # "namespace:name"
    namespace: str
    url_name: str
    params: dict[str, str]  # parameter name -> "int" / "str" / "path" / "regex"
    pattern: object


def _converter_kind(converter) -> str:
    name = type(converter).__name__.lower()
    return "int" if "int" in name or "id" in name else "str"


def _routes(resolver=None, namespace: str = "", inherited: dict | None = None) -> list[Route]:
    resolver = resolver or get_resolver()
    found: list[Route] = []
    for entry in resolver.url_patterns:
        params = dict(inherited or {})
        pattern = entry.pattern
        for name, converter in getattr(pattern, "converters", {}).items():
            params[name] = _converter_kind(converter)
        if isinstance(pattern, RegexPattern):
            for name in pattern.regex.groupindex:
                params.setdefault(name, "regex")
        if isinstance(entry, URLResolver):
            inner = ":".join(part for part in (namespace, entry.namespace) if part)
            found += _routes(entry, inner, params)
        elif isinstance(entry, URLPattern) and entry.name:
            full = f"{namespace}:{entry.name}" if namespace else entry.name
            found.append(Route(full, namespace, entry.name, params, entry))
    return found


def _candidates(world: World, route: Route) -> list[dict]:
    """Path arguments from the world for a route (each combination once)."""
    if not route.params:
        return [{}]
    if route.namespace == "admin":
        return _admin_candidates(route)
    sets = None
    for (namespace, prefix), values in world.kwargs.items():
        if namespace == route.namespace and prefix != "*" and route.url_name.startswith(prefix):
            sets = values
    if sets is None:
        sets = world.kwargs.get((route.namespace, "*"), [])
    found = []
    for values in sets:
        chosen = {name: values[name] for name in route.params if name in values}
        if len(chosen) < len(route.params):
            # A parameter the world does not know: any id of the world, or a word.
            for name, kind in route.params.items():
                chosen.setdefault(name, world.anything[0] if kind == "int" else "x")
        if chosen not in found:
            found.append(chosen)
    if not found:
        found = [
            {
                name: world.anything[0] if kind == "int" else "x"
                for name, kind in route.params.items()
            }
        ]
    return found


def _admin_candidates(route: Route) -> list[dict]:
    from django.apps import apps

    values: dict[str, object] = {}
    match = re.match(r"(\w+?)_(\w+?)_(change|delete|history)$", route.url_name)
    for name in route.params:
        if name == "object_id" and match:
            try:
                model = apps.get_model(match.group(1), match.group(2))
            except LookupError:
                return []
            first = model._default_manager.order_by("pk").values_list("pk", flat=True).first()
            if first is None:
                return []
            values[name] = first
        elif name == "app_label":
            values[name] = "ideas"
        else:
            return []
    return [values]


def _hostile_candidates(route: Route, good: dict) -> list[dict]:
    odd = []
    for name, kind in route.params.items():
        for value in PATH_IDS if kind == "int" else PATH_STRINGS:
            odd.append({**good, name: value})
    return odd


def _path(route: Route, kwargs: dict) -> str | None:
    from django.urls import reverse

    try:
        return reverse(route.name, kwargs=kwargs)
    except NoReverseMatch:
        return None


# Forms on the pages, and the values they hold.


@dataclass
class Field:
    name: str
    kind: str  # date, time, number, choice, multiple, text, file, hidden
    value: str | list[str]


@dataclass
class Form:
    action: str
    method: str
    fields: dict[str, Field] = field(default_factory=dict)


class _FormParser(html.parser.HTMLParser):
    def __init__(self, page: str) -> None:
        super().__init__(convert_charrefs=True)
        self.page = page
        self.forms: list[Form] = []
        self._form: Form | None = None
        self._select: tuple[str, bool, list[str], list[str]] | None = None
        self._textarea: str | None = None
        self._text: list[str] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            action = urljoin(self.page, attrs.get("action") or self.page)
            self._form = Form(action=action, method=(attrs.get("method") or "get").lower())
            self.forms.append(self._form)
            return
        form = self._form
        if form is None:
            return
        name = attrs.get("name")
        if tag == "input" and name:
            kind = (attrs.get("type") or "text").lower()
            value = attrs.get("value") or ""
            if kind in ("submit", "button", "image", "reset"):
                return
            if kind in ("checkbox", "radio"):
                known = form.fields.get(name)
                options = known.value if known and isinstance(known.value, list) else []
                if "checked" in attrs:
                    options = [*options, value]
                kind = "multiple" if kind == "checkbox" else "choice"
                form.fields[name] = Field(name, kind, options)
                return
            kind = {"date": "date", "time": "time", "number": "number", "file": "file"}.get(
                kind, "hidden" if kind == "hidden" else "text"
            )
            form.fields[name] = Field(name, kind, value)
        elif tag == "select" and name:
            self._select = (name, "multiple" in attrs, [], [])
        elif tag == "option" and self._select is not None:
            value = attrs.get("value") or ""
            self._select[3].append(value)
            if "selected" in attrs:
                self._select[2].append(value)
        elif tag == "textarea" and name:
            self._textarea, self._text = name, []

    def handle_data(self, data):
        if self._textarea is not None:
            self._text.append(data)

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None
        elif tag == "select" and self._select is not None and self._form is not None:
            name, multiple, chosen, options = self._select
            if multiple:
                value: str | list[str] = chosen
            else:
                value = chosen[0] if chosen else (options[0] if options else "")
            self._form.fields[name] = Field(name, "multiple" if multiple else "choice", value)
            self._select = None
        elif tag == "textarea" and self._textarea is not None and self._form is not None:
            self._form.fields[self._textarea] = Field(self._textarea, "text", "".join(self._text))
            self._textarea = None


def _forms(page: str, content: str) -> list[Form]:
    parser = _FormParser(page)
    parser.feed(content)
    return parser.forms


def _odd_values(kind: str) -> list[str]:
    return {
        "date": DATES,
        "time": TIMES,
        "number": NUMBERS,
        "hidden": NUMBERS,
        "choice": CHOICES,
        "multiple": CHOICES,
        "text": TEXTS,
        "file": [],
    }[kind]


def _baseline(form: Form) -> dict:
    return {f.name: f.value for f in form.fields.values() if f.kind != "file"}


def _post_variants(form: Form, *, full: bool = True) -> list[tuple[str, dict]]:
    """The form as it is, then each field with each odd value (`full`), then dates at the
    edges of the calendar with the time that makes the end run over (or under) it."""
    base = _baseline(form)
    variants = [("as is", base)]
    for name, f in form.fields.items() if full else ():
        for value in _odd_values(f.kind):
            if f.kind == "multiple":
                current = f.value if isinstance(f.value, list) else []
                variants.append((f"{name}={value[:30]!r}", {**base, name: [*current, value]}))
            else:
                variants.append((f"{name}={value[:30]!r}", {**base, name: value}))
    dates = [n for n, f in form.fields.items() if f.kind == "date" and full]
    times = [n for n, f in form.fields.items() if f.kind == "time"]
    for day, clock in (("9999-12-31", "23:59"), ("0001-01-01", "00:00")):
        if dates:
            data = {**base, **{n: day for n in dates}, **{n: clock for n in times}}
            variants.append((f"dates={day} {clock}", data))
    # 100,000 characters (the first time) with a null byte and a Unicode digit in every
    # field at once.
    text = (LONG if full else LONG[:5000]) + "\x00²"
    variants.append(("every field odd", dict.fromkeys(form.fields, text)))
    return variants


# The walk.


@dataclass
class Failure:
    role: str
    method: str
    url: str
    params: str
    status: int
    error: str

    def __str__(self) -> str:
        url = self.url if len(self.url) < 120 else f"{self.url[:100]}…"
        return f"{self.role} {self.method} {url} [{self.params}] -> {self.status} {self.error}"


class Walker:
    """One role's walk. Forms the walk has varied field by field (for an earlier role or
    another object) are sent again only as they are, all odd at once and with edge dates:
    the same form validates alike for everyone, and the walk stays fast."""

    def __init__(self, world: World, role: str, varied: set[tuple]) -> None:
        self.world = world
        self.role = role
        self.varied = varied
        self.client = Client(raise_request_exception=False)
        self.client.cookies["idesluss_language"] = "sv"
        self.failures: list[Failure] = []
        self.forms: dict[str, list[Form]] = {}
        self.status: dict[str, int] = {}
        self.query_names = sorted(COMMON_PARAMETERS | _source_parameters())
        self.requests = 0
        self.login()

    def login(self) -> None:
        user = self.world.users[self.role]
        if user.is_authenticated:
            self.client.force_login(user)

    def send(self, method: str, url: str, params: str, data=None, **extra):
        self.requests += 1
        if method == "GET":
            response = self.client.get(url, data=data, **extra)
        else:
            response = self.client.post(url, data=data or {}, **extra)
        if response.status_code >= 500:
            info = getattr(response, "exc_info", None)
            error = f"{info[0].__name__}: {str(info[1])[:200]}" if info else ""
            if info and info[2] is not None:
                tb = info[2]
                while tb.tb_next is not None:
                    tb = tb.tb_next
                where = tb.tb_frame.f_code.co_filename.split("site-packages/")[-1]
                error += f" at {where.replace(str(ROOT) + '/', '')}:{tb.tb_lineno}"
            self.failures.append(
                Failure(self.role, method, url, params, response.status_code, error)
            )
        return response

    def get_page(self, path: str) -> None:
        response = self.send("GET", path, "")
        self.status[path] = response.status_code
        kind = response.get("Content-Type", "")
        if response.status_code == 200 and kind.startswith("text/html"):
            content = response.content.decode("utf-8", "replace")
            for form in _forms(path, content):
                target = urlsplit(form.action)
                if target.netloc and target.netloc != "testserver":
                    continue
                self.forms.setdefault(target.path, []).append(form)

    def get_odd(self, route: Route, path: str, forms: list[Form], *, few: bool) -> None:
        """Odd values in every query parameter the views read or the page's forms name:
        each value in every parameter the first time a page is seen, after that (another
        object, another role) one request with a different value in each parameter."""
        key = ("GET", route.name)
        few = few or key in self.varied
        self.varied.add(key)
        names = set(self.query_names)
        for form in forms:
            if form.method == "get":
                names.update(form.fields)
        names = sorted(names)
        shift = ROLES.index(self.role)
        queries = [
            (
                f"mixed odd values ({shift})",
                urlencode(
                    {
                        name: QUERY_VALUES[(index + shift) % len(QUERY_VALUES)]
                        for index, name in enumerate(names)
                    }
                ),
            )
        ]
        if not few:
            queries.append(("every parameter='²'", urlencode(dict.fromkeys(names, "²"))))
            queries.append(("every parameter=10**23", urlencode(dict.fromkeys(names, HUGE))))
            # The other odd values, each parameter a different one (twice, shifted).
            for shift in (3, 7):
                mixed = {
                    name: QUERY_VALUES[(index + shift) % len(QUERY_VALUES)]
                    for index, name in enumerate(names)
                }
                queries.append((f"mixed odd values ({shift})", urlencode(mixed)))
            listed = [(name, value) for name in ("idea", "need", "group", "members", "ideas")
                      for value in ("1", "²", HUGE)]  # fmt: skip
            queries.append(("lists of ids", urlencode(listed)))
        for index, (label, query) in enumerate(queries):
            extra = {"HTTP_HX_REQUEST": "true"} if index % 2 else {}
            self.send("GET", f"{path}?{query}", label, **extra)

    def post_odd(self, route: Route, path: str, forms: list[Form]) -> None:
        posted = [form for form in forms if form.method == "post"]
        if not posted:
            if self.status.get(path) == 405:
                # Only POST is answered, and no page shows a form for it: guess.
                for value in ("²", HUGE, "a\x00b"):
                    data = dict.fromkeys(self.query_names, value)
                    self.send("POST", path, f"every field={value!r}", data=data)
            return
        seen: set[tuple] = set()
        for form in posted:
            fields = tuple(sorted(form.fields))
            if fields in seen:
                continue
            seen.add(fields)
            key = (route.name, fields)
            variants = _post_variants(form, full=key not in self.varied)
            self.varied.add(key)
            query = urlsplit(form.action).query
            url = f"{path}?{query}" if query else path
            for label, data in variants:
                self.send("POST", url, label, data=data)
            # A form that worked may have ended the session (a password change).
            self.login()


def _walk(world: World, role: str, routes: list[Route], varied: set[tuple]) -> Walker:
    walker = Walker(world, role, varied)
    plans = []
    for route in routes:
        for kwargs in _candidates(world, route):
            path = _path(route, kwargs)
            if path is not None:
                plans.append((route, kwargs, path))
    # First every page as it is (collecting the forms on them), then the odd values; a
    # page this role may not see reads no parameters, so it gets only two.
    for _route, _kwargs, path in plans:
        walker.get_page(path)
    for route, _kwargs, path in plans:
        forms = walker.forms.get(path, [])
        admin = route.namespace == "admin"
        if walker.status.get(path) == 200:
            walker.get_odd(route, path, forms, few=admin)
        if not admin and route.name not in NO_POST:
            walker.post_odd(route, path, forms)
    # Ids no row can have, in the path (the back office's are its own, as text): once a
    # pattern, by the first role that is not sent to the sign-in page.
    done: set[str] = set()
    for route, kwargs, path in plans:
        if route.namespace == "admin" or walker.status.get(path) == 302:
            continue
        if ("path", route.name) in walker.varied:
            continue
        walker.varied.add(("path", route.name))
        for odd in _hostile_candidates(route, kwargs):
            odd_path = _path(route, odd)
            if odd_path is None or odd_path in done:
                continue
            done.add(odd_path)
            if walker.status.get(path) == 405:
                walker.send("POST", odd_path, "odd path", data={"text": "²"})
            else:
                walker.send("GET", odd_path, "odd path")
    return walker


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    """One world for every role (built once, rolled back at the end)."""
    from django.db import transaction

    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            yield _build_world()
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


@pytest.fixture
def quiet():
    # A 500 is what the walk looks for; its log would drown the report.
    logger = logging.getLogger("django.request")
    level = logger.level
    logger.setLevel(logging.CRITICAL)
    yield
    logger.setLevel(level)


def test_every_pattern_is_walked():
    """The walk covers the project's own URLs (a new one is walked without a change here)."""
    names = {route.name for route in _routes()}
    for expected in ("ideas:detail", "groups:session_ics", "workshops:note_move", "admin:index"):
        assert expected in names


@pytest.fixture(scope="module")
def varied():
    """The forms varied field by field so far (by URL name and field names)."""
    return set()


@pytest.mark.parametrize("role", ROLES)
def test_no_odd_value_ends_in_a_server_error(role, world, varied, db, quiet, settings):
    settings.DEBUG_PROPAGATE_EXCEPTIONS = False
    routes = [route for route in _routes() if not route.name.startswith("bench")]
    walker = _walk(world, role, routes, varied)
    assert walker.requests > 100
    distinct: dict[tuple, Failure] = {}
    for failure in walker.failures:
        distinct.setdefault((failure.method, failure.url.split("?")[0], failure.error), failure)
    report = "\n".join(str(failure)[:400] for failure in list(distinct.values())[:80])
    assert not walker.failures, (
        f"{len(walker.failures)} of {walker.requests} requests as {role} "
        f"({connection.vendor}) ended in a server error:\n{report}"
    )


def test_every_pattern_of_the_project_gets_a_path(world, db):
    """Each pattern is walked: the world fills its path (or, for a pattern it does not
    know yet, any id of the world), so a new URL needs no change to this test."""
    unwalked = [
        route.name
        for route in _routes()
        if route.namespace != "admin"
        and not any(_path(route, kwargs) for kwargs in _candidates(world, route))
    ]
    assert unwalked == []
