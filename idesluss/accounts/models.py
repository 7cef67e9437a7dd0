from django.conf import settings
from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager
from django.contrib.auth.models import PermissionsMixin
from django.db import models
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from idesluss.core.models import TimeStampedModel
from idesluss.core.uploads import random_path


class Unit(TimeStampedModel):
    """An organisation unit; units form a tree (förvaltning › verksamhet › enhet).

    `path` holds the primary keys from the root down ("/3/7/12/"), kept by the
    services, so a whole subtree is one indexed prefix query.
    """

    class Kind(models.TextChoices):
        DEPARTMENT = "department", pgettext_lazy("kind of unit", "Department")
        OPERATION = "operation", pgettext_lazy("kind of unit", "Service area")
        UNIT = "unit", pgettext_lazy("kind of unit", "Unit")

    name = models.CharField(_("name"), max_length=150)
    code = models.CharField(
        _("code"),
        max_length=50,
        unique=True,
        help_text=_("The unit's identifier in the HR system; used by the CSV import."),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.UNIT)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("part of"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    path = models.CharField(max_length=255, editable=False, db_index=True, default="")
    depth = models.PositiveSmallIntegerField(editable=False, default=0)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("unit")
        verbose_name_plural = _("units")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("accounts:unit_detail", kwargs={"pk": self.pk})

    @property
    def ancestor_ids(self) -> list[int]:
        return [int(part) for part in self.path.strip("/").split("/") if part][:-1]

    def is_within(self, other: "Unit") -> bool:
        """True when this unit is `other` or lies below it in the tree."""
        return self.path.startswith(other.path) and bool(other.path)


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def create_user(self, email: str, password: str | None = None, **extra) -> "User":
        if not email:
            raise ValueError("An e-mail address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save()
        return user

    def create_superuser(self, email: str, password: str | None = None, **extra) -> "User":
        extra.update(is_staff=True, is_superuser=True)
        return self.create_user(email, password, **extra)

    def get_by_natural_key(self, username: str) -> "User":
        return self.get(email__iexact=username)


class User(AbstractBaseUser, PermissionsMixin):
    """A person in the organisation; signs in with an e-mail address."""

    email = models.EmailField(_("email address"), unique=True)
    full_name = models.CharField(_("name"), max_length=150)
    job_title = models.CharField(_("job title"), max_length=150, blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    unit = models.ForeignKey(
        Unit,
        verbose_name=_("unit"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="members",
    )
    employee_number = models.CharField(
        _("employee number"),
        max_length=50,
        null=True,
        blank=True,
        unique=True,
        help_text=_("The person's identifier in the HR system; used by the CSV import."),
    )
    preferred_language = models.CharField(
        _("language"), max_length=10, choices=settings.LANGUAGES, default="sv"
    )
    is_active = models.BooleanField(_("active"), default=True)
    is_staff = models.BooleanField(
        _("back-office access"),
        default=False,
        help_text=_("Set automatically for administrators."),
    )
    date_joined = models.DateTimeField(_("joined"), default=timezone.now)
    # Counts up whenever the person's roles change or a unit they hold a role for moves in
    # the tree: the key under which their roles are kept in the cache (accounts.selectors
    # roles_of), so a change is seen at once by every worker and nothing stale is read.
    roles_version = models.PositiveIntegerField(default=0, db_default=0, editable=False)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["full_name"]

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("people")
        ordering = ["full_name", "email"]
        constraints = [
            models.UniqueConstraint(Lower("email"), name="accounts_user_email_ci_unique"),
        ]

    def __str__(self) -> str:
        return self.full_name or self.email

    def get_absolute_url(self) -> str:
        return reverse("accounts:person_detail", kwargs={"pk": self.pk})

    def get_full_name(self) -> str:
        return self.full_name

    def get_short_name(self) -> str:
        return self.full_name.split(" ")[0] if self.full_name else self.email


class Role(models.Model):
    """A role in the programme. The roles are data; what each may do is in rules.py."""

    class Code(models.TextChoices):
        EMPLOYEE = "employee", _("Employee")
        MANAGER = "manager", _("Manager")
        COACH = "coach", _("Coach")
        CONVERSATION_LEADER = "conversation_leader", _("Conversation leader")
        COORDINATOR = "coordinator", _("Idea coordinator")
        STEERING_GROUP = "steering_group", _("Steering group")
        ADMINISTRATOR = "administrator", _("Administrator")

    code = models.CharField(_("code"), max_length=40, unique=True, choices=Code.choices)
    unit_scoped = models.BooleanField(
        _("held for a unit"),
        default=False,
        help_text=_("A role held for a unit (and the units below it), such as manager."),
    )
    sort_order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("role")
        verbose_name_plural = _("roles")
        ordering = ["sort_order"]

    def __str__(self) -> str:
        return str(self.get_code_display())


class RoleAssignment(models.Model):
    """That a person holds a role, for a unit where the role is held for one."""

    user = models.ForeignKey(
        User, verbose_name=_("person"), on_delete=models.CASCADE, related_name="role_assignments"
    )
    role = models.ForeignKey(
        Role, verbose_name=_("role"), on_delete=models.PROTECT, related_name="assignments"
    )
    unit = models.ForeignKey(
        Unit,
        verbose_name=_("unit"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="role_assignments",
    )
    granted_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("granted"), auto_now_add=True)

    class Meta:
        verbose_name = _("role assignment")
        verbose_name_plural = _("role assignments")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "role", "unit"], name="accounts_roleassignment_unique"
            ),
            models.UniqueConstraint(
                fields=["user", "role"],
                condition=models.Q(unit__isnull=True),
                name="accounts_roleassignment_unique_unscoped",
            ),
        ]

    def __str__(self) -> str:
        if self.unit_id:
            return f"{self.role} – {self.unit}"
        return str(self.role)


def people_import_path(instance: "PeopleImport", filename: str) -> str:
    return random_path("imports", filename)


class PeopleImport(models.Model):
    """An HR file uploaded in the back office and what importing it did.

    The import runs as a background task in batches; this row holds its progress and,
    when it is done, the report of every rejected row. The file itself is removed once
    it has been read (it holds personal data); the report stays.
    """

    class Kind(models.TextChoices):
        UNITS = "units", _("Units")
        USERS = "users", _("People")

    class Status(models.TextChoices):
        QUEUED = "queued", _("Waiting to start")
        RUNNING = "running", _("Importing")
        DONE = "done", _("Done")
        FAILED = "failed", _("Could not be imported")

    kind = models.CharField(_("what the file holds"), max_length=10, choices=Kind.choices)
    file = models.FileField(_("file"), upload_to=people_import_path, max_length=255, blank=True)
    file_name = models.CharField(_("file name"), max_length=200)
    dry_run = models.BooleanField(_("only a check"), default=False)
    deactivate_missing = models.BooleanField(_("deactivate people not in the file"), default=False)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.QUEUED
    )
    rows_total = models.PositiveIntegerField(_("rows"), default=0)
    rows_done = models.PositiveIntegerField(_("rows read"), default=0)
    created = models.PositiveIntegerField(_("created"), default=0)
    updated = models.PositiveIntegerField(_("updated"), default=0)
    unchanged = models.PositiveIntegerField(_("unchanged"), default=0)
    deactivated = models.PositiveIntegerField(_("deactivated"), default=0)
    rejected_count = models.PositiveIntegerField(_("rejected"), default=0)
    # [{"line": 3, "identifier": "anna@…", "reasons": ["…"]}, …]
    rejected = models.JSONField(_("rejected rows"), default=list, blank=True)
    error = models.TextField(_("error"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("uploaded"), auto_now_add=True)
    started_at = models.DateTimeField(_("started"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)

    class Meta:
        verbose_name = _("import")
        verbose_name_plural = _("imports")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.file_name

    def get_absolute_url(self) -> str:
        return reverse("admin:accounts_import_report", kwargs={"pk": self.pk})

    @property
    def is_finished(self) -> bool:
        return self.status in (self.Status.DONE, self.Status.FAILED)

    @property
    def percent(self) -> int:
        if self.is_finished:
            return 100
        return int(100 * self.rows_done / self.rows_total) if self.rows_total else 0


class Qualification(models.Model):
    """That a person may coach groups or lead learning conversations.

    A qualification comes from completing a training that grants it (the learning app),
    from the idea coordinator (with a reason), from an HR file, or was carried over from
    the role assignments of before. It may lapse on a date. roles_of(person) counts an
    active, unexpired qualification as the role of the same code, so every rule that asks
    for a coach or a conversation leader asks for the qualification.
    """

    class Code(models.TextChoices):
        COACH = Role.Code.COACH.value, _("Coach")
        CONVERSATION_LEADER = Role.Code.CONVERSATION_LEADER.value, _("Conversation leader")

    class Source(models.TextChoices):
        TRAINING = "training", _("Completed a training")
        GRANTED = "granted", _("Granted by the idea coordinator")
        IMPORTED = "imported", _("From the HR file")
        CARRIED_OVER = "carried_over", _("Held as a role before qualifications")

    user = models.ForeignKey(
        User, verbose_name=_("person"), on_delete=models.CASCADE, related_name="qualifications"
    )
    code = models.CharField(_("qualification"), max_length=40, choices=Code.choices)
    granted_on = models.DateField(_("granted on"))
    expires_on = models.DateField(
        _("valid until"), null=True, blank=True, help_text=_("Empty: valid until withdrawn.")
    )
    source = models.CharField(_("source"), max_length=20, choices=Source.choices)
    reason = models.TextField(_("reason"), blank=True)
    training_title = models.CharField(_("training"), max_length=200, blank=True)
    granted_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    withdrawn_at = models.DateTimeField(_("withdrawn"), null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    withdrawal_reason = models.TextField(_("reason for withdrawal"), blank=True)
    # When the holder was told it lapses soon (once per expiry date).
    reminded_at = models.DateTimeField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("qualification")
        verbose_name_plural = _("qualifications")
        ordering = ["code", "-granted_on"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "code"],
                condition=models.Q(withdrawn_at__isnull=True),
                name="accounts_qualification_one_active",
            ),
        ]
        indexes = [models.Index(fields=["code", "expires_on"], name="accounts_qual_code_expiry")]

    def __str__(self) -> str:
        return str(self.get_code_display())

    def is_valid_on(self, day) -> bool:
        """Held, not withdrawn and not lapsed on `day`."""
        return self.withdrawn_at is None and (self.expires_on is None or self.expires_on >= day)
