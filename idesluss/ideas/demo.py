"""Demo ideas in every lane and stage, with histories, answers, comments and supports.

The ideas are those the staff wrote in `demo_content`; they are handed in, handed on,
moved, supported, commented on and merged through the services, over the past year. Each
step runs on the demo clock (`core.demo.demo_clock`) set to when it happened, all ideas'
steps in the order they happened, so that histories, answer deadlines, notifications and
the audit trail agree with each other. Which colleague supports or comments, and when, is
drawn from the context's seeded random generator: the same demo every time.
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field

from django.utils import timezone

from idesluss.accounts.models import Role, User
from idesluss.accounts.selectors import managers_of_unit, people_with_role
from idesluss.challenges import demo as challenge_demo
from idesluss.core.demo import DemoContext, demo_clock, register
from idesluss.goals.models import GlobalGoal, VisionGoal
from idesluss.ideas import services
from idesluss.ideas.demo_content import ANSWERS, ASSESSMENT_COMMENTS, COMMENTS, IDEAS, DemoIdea
from idesluss.ideas.models import BenefitCategory, Criterion, Idea, Lane, Stage, Support
from idesluss.notifications.services import email_muted

VISION_GOALS = [
    ("Trygghet och hälsa genom hela livet", "Safety and health throughout life"),
    ("Hållbar tillväxt och attraktiv kommun", "Sustainable growth and an attractive municipality"),
    ("Delaktighet och tillit", "Participation and trust"),
    ("En effektiv och innovativ organisation", "An efficient and innovative organisation"),
]

# How long (days) an idea stays in a stage before it moves to the next, by that next stage.
GAPS = {
    "submitted": (20, 90),
    "assessment": (10, 40),
    "development": (15, 50),
    "pilot": (20, 60),
    "implemented": (40, 120),
    "todo": (30, 120),
    "doing": (3, 20),
    "done": (10, 70),
    "parked": (3, 30),
    "closed": (5, 30),
    "forwarded": (1, 12),
}
# The oldest idea was handed in about this long ago.
OLDEST = datetime.timedelta(days=400)


@dataclass(order=True)
class Step:
    """One thing someone did to an idea, at a moment; run in the order of the moments."""

    at: datetime.datetime
    seq: int
    run: Callable[[], None] = field(compare=False)


@register(order=20)
def build_ideas(context: DemoContext) -> None:
    for order, (sv, en) in enumerate(VISION_GOALS):
        VisionGoal.objects.create(name_sv=sv, name_en=en, order=order)
    builder = _Builder(context)
    for item in IDEAS:
        if not item.merge_into:
            builder.plan(item)
    for item in IDEAS:
        if item.merge_into:
            builder.plan(item)
    with email_muted():
        for step in sorted(builder.steps):
            with demo_clock(step.at):
                step.run()
        # A draft of the demo employee's own, so that view has content.
        services.save_draft(
            by=context.people["employee"],
            data=services.IdeaInput(title="Påminnelse-sms till brukare", lane=Lane.IMPROVEMENT),
        )
    context.log(
        f"  {len(IDEAS)} ideas, {builder.counts['move']} moves, "
        f"{builder.counts['support']} supports, {builder.counts['comment']} comments"
    )


class _Builder:
    """Plans the steps of each idea (who does what, and when) and runs them later."""

    def __init__(self, context: DemoContext) -> None:
        self.context = context
        self.rng = context.rng
        self.now = timezone.now()
        self.steps: list[Step] = []
        self.counts = {"move": 0, "support": 0, "comment": 0}
        self.waiting = False  # whether the last idea under assessment waits for scores
        self.pks: dict[str, int] = {}  # title -> the handed-in idea's id
        self.submitted: dict[str, datetime.datetime] = {}  # title -> when it was handed in
        self.goals = {goal.number: goal for goal in GlobalGoal.objects.all()}
        self.vision = list(VisionGoal.objects.order_by("order"))
        self.stages = {(s.lane, s.code): s for s in Stage.objects.all()}
        self.coordinator = context.people["coordinator"]
        self.criteria = list(Criterion.objects.filter(is_active=True).order_by("order", "id"))
        # Coaches and the steering group assess innovations (never their own units' ones).
        self.assessors = sorted(
            {
                *people_with_role(Role.Code.COACH),
                *people_with_role(Role.Code.STEERING_GROUP),
            },
            key=lambda person: person.pk,
        )
        self.staff: dict[str, list[User]] = {}
        for code, unit in context.units.items():
            managers = {person.pk for person in managers_of_unit(unit=unit)}
            self.staff[code] = sorted(
                (p for p in unit.members.filter(is_active=True) if p.pk not in managers),
                key=lambda person: person.pk,
            )
        self.everyone = sorted(
            {p.pk: p for people in self.staff.values() for p in people}.values(),
            key=lambda person: person.pk,
        )

    # Planning: every step of an idea gets its moment.

    def plan(self, item: DemoIdea) -> None:
        rng = self.rng
        moves = item.path.split(">") if item.path else []
        if item.merge_into:
            # Handed in after the idea it repeats, and merged into it within a few days.
            original = self.submitted[item.merge_into]
            handed_in = original + (self.now - original) * rng.uniform(0.2, 0.7)
            moments = [handed_in]
            end = handed_in + min(
                (self.now - handed_in) * rng.uniform(0.1, 0.5), datetime.timedelta(days=6)
            )
            at_work = self._office_hours(end)
            if at_work > handed_in + datetime.timedelta(hours=1):
                end = at_work
        else:
            moments = self._timeline(item, moves)
            handed_in = moments[0]
            end = moments[-1] if self._is_final(item, moves) else self.now
        self.submitted[item.title] = handed_in
        submitter = self._submitter(item)
        self._add(handed_in, lambda: self._submit(item, submitter))
        moved = moments[1:]
        if item.hand_to:
            # Handed on to the right manager soon after it came in, before any answer.
            limit = moved[0] if moved else self.now
            at = handed_in + (limit - handed_in) * rng.uniform(0.1, 0.5)
            self._add(at, lambda: self._hand_on(item))
        for index, (code, at) in enumerate(zip(moves, moved, strict=True)):
            last = index == len(moves) - 1
            self._add(at, lambda code=code, last=last: self._move(item, code, last))
            self.counts["move"] += 1
        self._plan_assessment(item, submitter, moves, moved)
        self._plan_benefits(item, moves, moments)
        self._plan_supports(item, submitter, handed_in, end)
        self._plan_comments(item, submitter, handed_in, end)
        if item.merge_into:
            self._add(end, lambda: self._merge(item))

    def _timeline(self, item: DemoIdea, moves: list[str]) -> list[datetime.datetime]:
        """When the idea was handed in and each of its moves, oldest first. An idea still
        waiting for an answer was last moved lately (a few too long ago: late answers); a
        finished one any time over the past year."""
        rng = self.rng
        late = rng.random() < 0.2
        if self._is_final(item, moves):
            last_age = rng.triangular(2, 330, 30)
        else:
            last_age = rng.uniform(16, 45) if late else rng.uniform(0.05, 12)
        gaps = []
        for index, code in enumerate(moves):
            low, high = (0.3, 12) if index == 0 else GAPS[code]
            gaps.append(rng.uniform(low, high))
        span = sum(gaps)
        room = OLDEST.days - last_age
        if span > room:
            gaps = [gap * room / span for gap in gaps]
        moments = [self.now - datetime.timedelta(days=last_age)]
        for gap in reversed(gaps):
            moments.insert(0, moments[0] - datetime.timedelta(days=gap))
        moments = [
            self._awake(moments[0], before=moments[1] if len(moments) > 1 else self.now),
            *(self._office_hours(moment) for moment in moments[1:]),
        ]
        # Kept in order and in the past after the moves were put in office hours.
        for index in range(1, len(moments)):
            moments[index] = max(moments[index], moments[index - 1] + datetime.timedelta(hours=1))
        return [self._past(moment) for moment in moments]

    def _office_hours(self, moment: datetime.datetime) -> datetime.datetime:
        """The same day's office hours (or the next weekday's), if that is not yet to come:
        managers answer at work."""
        local = timezone.localtime(moment)
        if local.weekday() >= 5:  # Saturday to Monday, Sunday to Tuesday
            local += datetime.timedelta(days=2)
        if not 7 <= local.hour < 17:
            local = local.replace(hour=self.rng.randint(7, 16), minute=self.rng.randint(0, 59))
        return local if local < self.now else moment

    def _awake(self, moment: datetime.datetime, *, after=None, before=None) -> datetime.datetime:
        """The same day at an hour people are up (staff write in the evening too), if that
        is still between `after` and `before`."""
        local = timezone.localtime(moment)
        if 7 <= local.hour < 22:
            return moment
        awake = local.replace(hour=self.rng.randint(7, 21), minute=self.rng.randint(0, 59))
        if (after is None or awake > after) and awake < (before or self.now):
            return awake
        return moment

    def _past(self, moment: datetime.datetime) -> datetime.datetime:
        latest = self.now - datetime.timedelta(minutes=5)
        return min(moment, latest)

    def _is_final(self, item: DemoIdea, moves: list[str]) -> bool:
        return bool(moves) and self.stages[item.lane, moves[-1]].is_final

    def _submitter(self, item: DemoIdea) -> User:
        if item.by:
            return self.context.people[item.by]
        return self.rng.choice(self._colleagues(item.unit))

    def _colleagues(self, code: str) -> list[User]:
        """The unit's staff, or its department's where the unit has few."""
        people = self.staff.get(code, [])
        if len(people) >= 3:
            return people
        department = code.split("-")[0]
        return [p for c, staff in self.staff.items() if c.startswith(department) for p in staff]

    def _plan_assessment(
        self,
        item: DemoIdea,
        submitter: User,
        moves: list[str],
        moved: list[datetime.datetime],
    ) -> None:
        """An innovation idea under assessment is scored by two assessors the coordinator
        asks; those still under assessment may wait for the second one's scores."""
        if "assessment" not in moves:
            return
        rng = self.rng
        index = moves.index("assessment")
        start = moved[index]
        end = moved[index + 1] if index + 1 < len(moves) else self.now
        following = moves[index + 1] if index + 1 < len(moves) else ""
        low, high = (3, 5) if following == "development" else (1, 4)
        pool = [p for p in self.assessors if p.pk != submitter.pk]
        assessors = rng.sample(pool, k=2)
        asked = start + (end - start) * 0.1
        self._add(asked, lambda: self._ask_assessors(item, assessors))
        scoring = assessors
        if not following:
            # Every other idea still under assessment waits for its second assessor.
            self.waiting = not self.waiting
            scoring = assessors[:1] if self.waiting else assessors
        for assessor in scoring:
            scores = [
                (
                    rng.randint(low, high),
                    rng.choice(ASSESSMENT_COMMENTS) if rng.random() < 0.3 else "",
                )
                for _criterion in self.criteria
            ]
            at = start + (end - start) * rng.uniform(0.3, 0.9)
            self._add(at, lambda a=assessor, s=scores: self._assess(item, a, s))

    def _plan_benefits(
        self, item: DemoIdea, moves: list[str], moments: list[datetime.datetime]
    ) -> None:
        """What the submitter expects, for some ideas; what a finished one brought, written
        by the one who answered it."""
        category = _category(item.goals)
        if self.rng.random() < 0.4:
            at = moments[0] + datetime.timedelta(minutes=10)
            self._add(at, lambda: self._benefit(item, category, "expected", item.benefit))
        if moves and moves[-1] in ("done", "implemented") and item.answer:
            at = self._past(moments[-1] + datetime.timedelta(minutes=20))
            self._add(at, lambda: self._benefit(item, category, "realised", item.answer))

    def _plan_supports(
        self, item: DemoIdea, submitter: User, start: datetime.datetime, end: datetime.datetime
    ) -> None:
        rng = self.rng
        near = [p for p in self._colleagues(item.unit.split("-")[0]) if p.pk != submitter.pk]
        far = [p for p in self.everyone if p.pk != submitter.pk]
        count = rng.randint(0, 4) + 2 * len(item.path.split(">")) * bool(item.path)
        if rng.random() < 0.15:
            count += rng.randint(5, 15)
        supporters: dict[int, User] = {}
        for _ in range(count):
            person = rng.choice(near if near and rng.random() < 0.7 else far)
            supporters[person.pk] = person
        for person in supporters.values():
            at = self._between(start, end)
            self._add(at, lambda person=person: self._support(item, person))
            self.counts["support"] += 1

    def _plan_comments(
        self, item: DemoIdea, submitter: User, start: datetime.datetime, end: datetime.datetime
    ) -> None:
        rng = self.rng
        comments = list(item.comments)
        if not comments and rng.random() < 0.35:
            comments = [rng.choice(COMMENTS)]
        moments = sorted(self._between(start, end) for _ in comments)
        colleagues = [p for p in self._colleagues(item.unit) if p.pk != submitter.pk]
        for comment, at in zip(comments, moments, strict=True):
            who, text = comment if isinstance(comment, tuple) else ("colleague", comment)
            author = submitter if who == "submitter" else rng.choice(colleagues or self.everyone)
            manager = who == "manager"
            self._add(at, lambda a=author, t=text, m=manager: self._comment(item, a, t, m))
            self.counts["comment"] += 1

    def _between(self, start: datetime.datetime, end: datetime.datetime) -> datetime.datetime:
        """A moment after `start` and before `end` (just after `start` if they are close)."""
        start = start + datetime.timedelta(minutes=30)
        if end <= start:
            return self._past(start + datetime.timedelta(minutes=self.rng.randint(1, 20)))
        moment = start + (end - start) * self.rng.uniform(0.05, 0.95)
        return self._awake(moment, after=start, before=end)

    def _add(self, at: datetime.datetime, run: Callable[[], None]) -> None:
        self.steps.append(Step(at=at, seq=len(self.steps), run=run))

    # Running: each step through the services, as the idea is then.

    def _idea(self, item: DemoIdea) -> Idea:
        return Idea.objects.select_related("stage", "unit", "submitter", "responsible").get(
            pk=self.pks[item.title]
        )

    def _submit(self, item: DemoIdea, submitter: User) -> None:
        rng = self.rng
        idea = services.submit_idea(
            by=submitter,
            data=services.IdeaInput(
                title=item.title,
                need=item.need,
                proposal=item.proposal,
                benefit=item.benefit,
                lane=item.lane,
                unit=self.context.units[item.unit],
                global_goals=[self.goals[number] for number in item.goals],
                vision_goals=rng.sample(self.vision, k=rng.randint(0, 2)),
            ),
        )
        self.pks[item.title] = idea.pk

    def _answerer(self, idea: Idea) -> User:
        """The idea's responsible answers; the coordinator where nobody is."""
        return idea.responsible or self.coordinator

    def _hand_on(self, item: DemoIdea) -> None:
        idea = self._idea(item)
        manager = managers_of_unit(unit=self.context.units[item.hand_to])[0]
        services.idea_assign_responsible(idea=idea, responsible=manager, by=self._answerer(idea))

    def _move(self, item: DemoIdea, code: str, last: bool) -> None:
        idea = self._idea(item)
        stage = self.stages[item.lane, code]
        if last and item.answer:
            message = item.answer
        else:
            first = idea.submitter.full_name.split()[0]
            message = self.rng.choice(ANSWERS[code]).format(first=first)
        services.idea_move(
            idea=idea,
            to_stage=stage,
            by=self._answerer(idea),
            message=message,
            closing_reason=item.reason,
            lesson_learned=item.lesson,
            forwarded_to=item.forwarded_to,
        )

    def _ask_assessors(self, item: DemoIdea, assessors: list[User]) -> None:
        idea = self._idea(item)
        for assessor in assessors:
            services.assessor_assign(idea=idea, assessor=assessor, by=self.coordinator)

    def _assess(self, item: DemoIdea, assessor: User, scores: list[tuple[int, str]]) -> None:
        services.assessment_save(
            idea=self._idea(item),
            by=assessor,
            scores={c.pk: score for c, score in zip(self.criteria, scores, strict=True)},
        )

    def _benefit(self, item: DemoIdea, category: str, kind: str, text: str) -> None:
        idea = self._idea(item)
        services.benefit_add(
            idea=idea,
            by=idea.submitter if kind == "expected" else self._answerer(idea),
            category=category,
            kind=kind,
            description=text[:500],
        )

    def _support(self, item: DemoIdea, person: User) -> None:
        idea = self._idea(item)
        # A supporter of a duplicate merged into this idea supports it already.
        if not Support.objects.filter(idea=idea, user=person).exists():
            services.idea_support(idea=idea, by=person)

    def _comment(self, item: DemoIdea, author: User, text: str, by_manager: bool) -> None:
        idea = self._idea(item)
        services.comment_add(
            idea=idea, by=self._answerer(idea) if by_manager else author, body=text
        )

    def _merge(self, item: DemoIdea) -> None:
        services.idea_merge(
            duplicate=self._idea(item),
            into=Idea.objects.get(pk=self.pks[item.merge_into]),
            by=self.coordinator,
            message=item.merge_message,
        )


def _category(goals: tuple[int, ...]) -> str:
    """The kind of benefit an idea's Global Goals suggest."""
    if set(goals) & {6, 7, 12, 13, 14, 15}:
        return BenefitCategory.ENVIRONMENT
    if 8 in goals:
        return BenefitCategory.WORK_ENVIRONMENT
    if 9 in goals:
        return BenefitCategory.TIME
    return BenefitCategory.QUALITY


@register(order=26)
def answer_challenges(context: DemoContext) -> None:
    """The ideas answering the demo challenges (challenges/demo.py), handed in by people of
    each challenge's unit while it is open."""
    everyone = sorted(
        {p.pk: p for unit in context.units.values() for p in unit.members.all()}.values(),
        key=lambda person: person.pk,
    )
    handed_in = 0
    with email_muted():
        for answers in context.handed_on.get(challenge_demo.ANSWERS, []):
            challenge = answers.challenge
            members = list(challenge.owner_unit.members.all()) or everyone
            goals = list(challenge.global_goals.all())
            for title in answers.titles:
                services.submit_idea(
                    by=context.rng.choice(members),
                    data=services.IdeaInput(
                        title=title,
                        need=challenge.background,
                        proposal=f"{title}. {challenge.question}",
                        lane=Lane.IMPROVEMENT,
                        unit=challenge.owner_unit,
                        global_goals=goals,
                        challenge=challenge,
                    ),
                )
                handed_in += 1
    context.log(f"  {handed_in} ideas answering the challenges")
