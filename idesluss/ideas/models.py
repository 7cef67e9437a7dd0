from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from idesluss.core.models import BilingualName, TimeStampedModel
from idesluss.core.uploads import random_path
from idesluss.goals.models import GlobalGoal, VisionGoal


class Lane(models.TextChoices):
    IMPROVEMENT = "improvement", _("Improvement")
    INNOVATION = "innovation", _("Innovation")


class Stage(BilingualName):
    """A step of a lane's workflow. Stages, their order and moves are configurable."""

    class Kind(models.TextChoices):
        MAIN = "main", _("Main line")
        EXIT = "exit", _("Side exit")

    lane = models.CharField(_("lane"), max_length=20, choices=Lane.choices)
    code = models.SlugField(
        _("short name"),
        max_length=40,
        help_text=_(
            "Lower-case letters, digits and hyphens, different from the lane's other stages; "
            "the history records moves by it. Filled in from the Swedish name."
        ),
    )
    kind = models.CharField(
        _("kind"),
        max_length=10,
        choices=Kind.choices,
        default=Kind.MAIN,
        help_text=_(
            "Main line: a step ideas normally go through. Side exit: where ideas leave the "
            "main line, for example closed or sent on."
        ),
    )
    order = models.PositiveSmallIntegerField(
        _("order"),
        default=0,
        help_text=_("The lane's stages are shown in this order, lowest first."),
    )
    is_initial = models.BooleanField(
        _("first stage"),
        default=False,
        help_text=_("Ideas handed in to the lane start here. A lane has one first stage."),
    )
    is_final = models.BooleanField(
        _("final"),
        default=False,
        help_text=_("Ideas here are finished: nobody has to answer them and assessment closes."),
    )
    response_days = models.PositiveSmallIntegerField(
        _("days to answer"),
        null=True,
        blank=True,
        help_text=_(
            "How many days whoever answers for an idea here has to answer it or move it on. "
            "Empty: the usual number of days."
        ),
    )
    requires_lesson = models.BooleanField(
        _("ask for reason and lesson"),
        default=False,
        help_text=_("Whoever moves an idea here must write why and what was learned."),
    )
    requires_forward_target = models.BooleanField(
        _("ask where the idea goes"),
        default=False,
        help_text=_(
            "Whoever moves an idea here must name the unit or organisation the idea is sent to."
        ),
    )

    class Meta:
        verbose_name = _("stage")
        verbose_name_plural = _("stages")
        ordering = ["lane", "order"]
        constraints = [
            models.UniqueConstraint(fields=["lane", "code"], name="ideas_stage_lane_code_unique"),
            models.UniqueConstraint(
                fields=["lane"],
                condition=models.Q(is_initial=True),
                name="ideas_stage_one_initial_per_lane",
            ),
        ]


class Transition(models.Model):
    """An allowed move between two stages, and which roles may make it."""

    from_stage = models.ForeignKey(
        Stage,
        verbose_name=_("from stage"),
        on_delete=models.CASCADE,
        related_name="transitions_out",
    )
    to_stage = models.ForeignKey(
        Stage, verbose_name=_("to stage"), on_delete=models.CASCADE, related_name="transitions_in"
    )
    allowed_roles = models.ManyToManyField(
        "accounts.Role",
        verbose_name=_("may be made by"),
        related_name="+",
        help_text=_(
            "Manager: whoever answers for the idea, a manager of its unit or the person given "
            "the idea to answer. Idea coordinator: the coordinator."
        ),
    )

    class Meta:
        verbose_name = _("transition")
        verbose_name_plural = _("transitions")
        constraints = [
            models.UniqueConstraint(
                fields=["from_stage", "to_stage"], name="ideas_transition_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.from_stage} → {self.to_stage}"


class Idea(TimeStampedModel):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted")
        MERGED = "merged", _("Merged into another idea")

    title = models.CharField(_("title"), max_length=120)
    need = models.TextField(_("the need or problem"), max_length=4000, blank=True)
    proposal = models.TextField(_("the idea"), max_length=4000, blank=True)
    benefit = models.TextField(_("who benefits and how"), max_length=2000, blank=True)
    lane = models.CharField(
        _("lane"), max_length=20, choices=Lane.choices, default=Lane.IMPROVEMENT
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    stage = models.ForeignKey(
        Stage,
        verbose_name=_("stage"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    submitter = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("submitter"),
        on_delete=models.PROTECT,
        related_name="submitted_ideas",
    )
    co_submitters = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("co-submitters"),
        blank=True,
        related_name="co_submitted_ideas",
    )
    unit = models.ForeignKey(
        "accounts.Unit",
        verbose_name=_("unit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="ideas",
        help_text=_("The unit the idea concerns most; its manager answers."),
    )
    other_units = models.ManyToManyField(
        "accounts.Unit", verbose_name=_("other affected units"), blank=True, related_name="+"
    )
    global_goals = models.ManyToManyField(
        GlobalGoal, verbose_name=_("Global Goals"), blank=True, related_name="ideas"
    )
    vision_goals = models.ManyToManyField(
        VisionGoal, verbose_name=_("vision goals"), blank=True, related_name="ideas"
    )
    responsible = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("responsible"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="responsible_ideas",
    )
    response_due = models.DateField(_("answer due"), null=True, blank=True, db_index=True)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True, db_index=True)
    moved_at = models.DateTimeField(_("last moved"), null=True, blank=True)
    # The idea's first answer (its first move, which tells the submitter why), recorded when
    # it happens; whether it came by the deadline is unknown (null) until then.
    first_answered_at = models.DateTimeField(_("first answered"), null=True, blank=True)
    answered_in_time = models.BooleanField(_("answered in time"), null=True, blank=True)
    closing_reason = models.TextField(_("why it was closed"), blank=True)
    lesson_learned = models.TextField(_("what we learned"), blank=True)
    forwarded_to = models.CharField(_("forwarded to"), max_length=200, blank=True)
    merged_into = models.ForeignKey(
        "self",
        verbose_name=_("merged into"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="merged_ideas",
    )
    challenge = models.ForeignKey(
        "challenges.Challenge",
        verbose_name=_("challenge"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="ideas",
        help_text=_("The challenge the idea answers."),
    )
    workshop = models.ForeignKey(
        "workshops.Workshop",
        verbose_name=_("workshop"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="ideas",
        help_text=_("The idea workshop the idea came from."),
    )
    blind_assessment = models.BooleanField(
        _("blind assessment"),
        default=False,
        db_default=False,
        help_text=_("Assessors do not see who handed the idea in."),
    )
    support_count = models.PositiveIntegerField(_("supports"), default=0)
    comment_count = models.PositiveIntegerField(_("comments"), default=0)
    follower_count = models.PositiveIntegerField(_("followers"), default=0)
    # Raised by every change; a change based on an older version is refused.
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        verbose_name = _("idea")
        verbose_name_plural = _("ideas")
        ordering = ["-submitted_at", "-id"]
        indexes = [
            models.Index(fields=["status", "lane", "stage", "-submitted_at"]),
            models.Index(fields=["unit", "status", "stage"]),
            models.Index(fields=["responsible", "status", "response_due"]),
            # A board column: its most recently moved ideas, read in order and stopped at
            # the column's size instead of sorting every idea in the stage.
            models.Index(
                fields=["stage", "-moved_at", "-id"],
                condition=models.Q(status="submitted"),
                name="ideas_idea_board_column",
            ),
            # A board's counts per stage, from the index alone.
            models.Index(
                fields=["lane", "stage", "unit"],
                condition=models.Q(status="submitted"),
                name="ideas_idea_board_totals",
            ),
            # A period's figures on the dashboard from the index alone: its ideas by unit,
            # stage, lane and month, the late ones and how they were first answered
            # (`ideas.selectors.answer_figures`) read only these columns (all key columns:
            # SQLite has no INCLUDE). 100,000 ideas: 9 MB; the dashboard 184 -> 117 ms.
            models.Index(
                fields=[
                    "submitted_at",
                    "unit",
                    "stage",
                    "lane",
                    "first_answered_at",
                    "answered_in_time",
                    "response_due",
                    "id",
                ],
                condition=models.Q(status="submitted"),
                name="ideas_idea_period_figures",
            ),
            # A challenge's (or a workshop's) ideas, newest first, and how many they are.
            models.Index(
                fields=["challenge", "-submitted_at", "-id"],
                condition=models.Q(status="submitted"),
                name="ideas_idea_challenge_list",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("ideas:detail", kwargs={"pk": self.pk})

    @property
    def is_draft(self) -> bool:
        return self.status == self.Status.DRAFT


class IdeaEvent(models.Model):
    """The history of an idea, shown on it and kept as its audit trail."""

    class Kind(models.TextChoices):
        SUBMITTED = "submitted", _("Submitted")
        MOVED = "moved", _("Moved")
        EDITED = "edited", _("Edited")
        ASSIGNED = "assigned", _("Responsible changed")
        MERGED = "merged", _("Merged")

    idea = models.ForeignKey(Idea, on_delete=models.CASCADE, related_name="events")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    kind = models.CharField(max_length=20, choices=Kind.choices)
    from_stage = models.ForeignKey(
        Stage, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    to_stage = models.ForeignKey(
        Stage, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    message = models.TextField(_("message to the submitter"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("idea event")
        verbose_name_plural = _("idea history")
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["idea", "created_at"])]

    def __str__(self) -> str:
        return f"{self.idea_id} {self.kind} {self.created_at:%Y-%m-%d}"


class Support(models.Model):
    """'Stöd idén': one per person and idea."""

    idea = models.ForeignKey(Idea, on_delete=models.CASCADE, related_name="supports")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["idea", "user"], name="ideas_support_once"),
        ]
        indexes = [models.Index(fields=["user", "idea"])]

    def __str__(self) -> str:
        return f"{self.user_id} supports {self.idea_id}"


class Follow(models.Model):
    """A person who wants to hear about an idea."""

    idea = models.ForeignKey(Idea, on_delete=models.CASCADE, related_name="follows")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["idea", "user"], name="ideas_follow_once"),
        ]
        indexes = [models.Index(fields=["user", "idea"])]

    def __str__(self) -> str:
        return f"{self.user_id} follows {self.idea_id}"


class CoSubmitterInvitation(models.Model):
    """A person named as co-submitter is asked first: only when they confirm are they named
    (added to Idea.co_submitters) and get the authors' rights and e-mails."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Not answered yet")
        ACCEPTED = "accepted", _("Confirmed")
        DECLINED = "declined", _("Declined")

    idea = models.ForeignKey(
        Idea, on_delete=models.CASCADE, related_name="co_submitter_invitations"
    )
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="co_submitter_invitations"
    )
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    created_at = models.DateTimeField(auto_now_add=True)
    answered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("co-submitter invitation")
        verbose_name_plural = _("co-submitter invitations")
        constraints = [
            models.UniqueConstraint(fields=["idea", "person"], name="ideas_invite_once"),
        ]
        indexes = [models.Index(fields=["person", "status"])]

    def __str__(self) -> str:
        return f"{self.person_id} asked for {self.idea_id}: {self.status}"

    def get_absolute_url(self) -> str:
        return reverse("ideas:invitation", kwargs={"pk": self.idea_id})


class Comment(models.Model):
    idea = models.ForeignKey(Idea, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    body = models.TextField(_("comment"), max_length=5000)
    body_html = models.TextField(editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["idea", "created_at"])]

    def __str__(self) -> str:
        return self.body[:60]


class Criterion(BilingualName):
    """An assessment criterion, scored 1–5; configured by the coordinator."""

    description = models.TextField(
        _("description"),
        blank=True,
        help_text=_("Shown to assessors under the name: what to think about when scoring 1–5."),
    )
    order = models.PositiveSmallIntegerField(
        _("order"),
        default=0,
        help_text=_("Assessors see the criteria in this order, lowest first."),
    )
    is_active = models.BooleanField(
        _("in use"),
        default=True,
        help_text=_(
            "Assessors score only the criteria in use. Scores given for a criterion taken out "
            "of use are kept but no longer shown."
        ),
    )

    class Meta:
        verbose_name = _("assessment criterion")
        verbose_name_plural = _("assessment criteria")
        ordering = ["order", "id"]


class AssessorAssignment(models.Model):
    """That a person is asked to assess an idea."""

    idea = models.ForeignKey(Idea, on_delete=models.CASCADE, related_name="assessor_assignments")
    assessor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("assessor"),
        on_delete=models.CASCADE,
        related_name="assessments_to_do",
    )
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    completed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("assessor")
        verbose_name_plural = _("assessors")
        constraints = [
            models.UniqueConstraint(fields=["idea", "assessor"], name="ideas_assessor_once"),
        ]

    def __str__(self) -> str:
        return f"{self.assessor_id} assesses {self.idea_id}"


class Score(models.Model):
    """One assessor's score (1–5) on one criterion, with a comment."""

    idea = models.ForeignKey(Idea, on_delete=models.CASCADE, related_name="scores")
    assessor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    criterion = models.ForeignKey(Criterion, on_delete=models.PROTECT, related_name="scores")
    value = models.PositiveSmallIntegerField(_("score"))
    comment = models.TextField(_("comment"), blank=True, max_length=2000)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("score")
        verbose_name_plural = _("scores")
        constraints = [
            models.UniqueConstraint(
                fields=["idea", "assessor", "criterion"], name="ideas_score_once"
            ),
            models.CheckConstraint(
                condition=models.Q(value__gte=1, value__lte=5), name="ideas_score_1_to_5"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.criterion_id}: {self.value}"


class BenefitCategory(models.TextChoices):
    TIME = "time", _("Time saved")
    MONEY = "money", _("Money")
    QUALITY = "quality", _("Quality for residents")
    WORK_ENVIRONMENT = "work_environment", _("Work environment")
    ENVIRONMENT = "environment", _("Environment and climate")


class Benefit(models.Model):
    """An expected or realised benefit of an idea, in one category."""

    class Kind(models.TextChoices):
        EXPECTED = "expected", _("Expected")
        REALISED = "realised", _("Realised")

    idea = models.ForeignKey(Idea, on_delete=models.CASCADE, related_name="benefits")
    category = models.CharField(_("category"), max_length=30, choices=BenefitCategory.choices)
    kind = models.CharField(_("expected or realised"), max_length=10, choices=Kind.choices)
    description = models.CharField(_("description"), max_length=500)
    amount = models.DecimalField(
        _("amount"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    measure = models.CharField(
        _("measured in"), max_length=40, blank=True, help_text=_("e.g. hours a year, SEK a year")
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("benefit")
        verbose_name_plural = _("benefits")
        ordering = ["kind", "category", "id"]

    def __str__(self) -> str:
        return self.description


def attachment_path(instance: "Attachment", filename: str) -> str:
    # A random directory, not the idea's id: a rolled-back idea's id comes back on SQLite.
    return random_path("ideas", filename)


class Attachment(models.Model):
    """A file that belongs to an idea (a photo, a sketch, a document)."""

    idea = models.ForeignKey(Idea, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(_("file"), upload_to=attachment_path, max_length=255)
    name = models.CharField(_("name"), max_length=200)
    size = models.PositiveIntegerField(_("size"))
    content_type = models.CharField(max_length=100, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("ideas:attachment", kwargs={"pk": self.idea_id, "attachment_id": self.pk})
