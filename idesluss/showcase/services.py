"""Every change to good examples, news and the public showcase goes through these functions:
they check the rules, validate, record consent and the audit trail, and notify."""

import datetime
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from idesluss.accounts.models import Unit, User
from idesluss.core.services import audit_record
from idesluss.core.text import single_line
from idesluss.core.uploads import delete_on_commit, save_on_commit
from idesluss.goals.models import GlobalGoal, VisionGoal
from idesluss.groups.models import Group
from idesluss.ideas.models import Idea
from idesluss.ideas.services import render_markdown
from idesluss.showcase import notifications
from idesluss.showcase.models import (
    IMAGE_EXTENSIONS,
    Consent,
    GoodExample,
    NewsPost,
    ShowcaseSettings,
)
from idesluss.showcase.policy import implemented_q

MAX_IMAGE_SIZE = 5 * 1024 * 1024
# The first bytes of each image type we accept: the name alone is easy to fake.
IMAGE_SIGNATURES = (b"\xff\xd8\xff", b"\x89PNG\r\n\x1a\n")


@dataclass
class ExampleInput:
    title: str = ""
    summary: str = ""
    story: str = ""
    benefits_realised: str = ""
    unit: Unit | None = None
    global_goals: list[GlobalGoal] = field(default_factory=list)
    vision_goals: list[VisionGoal] = field(default_factory=list)
    is_public: bool = False
    # The people (of those the example may name) who agreed to be named, by id.
    agreed: list[int] = field(default_factory=list)
    image: object | None = None  # an uploaded file; None keeps the current image
    image_alt: str = ""
    remove_image: bool = False


@dataclass
class NewsInput:
    title: str = ""
    body: str = ""
    published_on: datetime.date | None = None
    image: object | None = None
    image_alt: str = ""
    remove_image: bool = False


# Whom an example may name ------------------------------------------------------------------


def people_to_name(*, idea: Idea | None = None, group: Group | None = None) -> list[User]:
    """Those a good example may name, if they agree: an idea's submitter and co-submitters,
    or a group's members and coach."""
    people: dict[int, User] = {}
    if idea is not None:
        people[idea.submitter_id] = idea.submitter
        for person in idea.co_submitters.all():
            people[person.pk] = person
    if group is not None:
        for person in group.members.all():
            people[person.pk] = person
        if group.coach_id:
            people[group.coach_id] = group.coach
    return sorted(people.values(), key=lambda person: (person.full_name, person.pk))


# Images --------------------------------------------------------------------------------------


def _image_errors(image, image_alt: str) -> dict[str, list[str]]:
    """The same checks as a challenge's image: the type by its first bytes, the size, and a
    description for those who cannot see it."""
    errors: dict[str, list[str]] = {}
    if not image:
        return errors
    if not image_alt.strip():
        errors["image_alt"] = [_("Say what the image shows.")]
    name = (getattr(image, "name", "") or "").lower()
    if name.rsplit(".", 1)[-1] not in IMAGE_EXTENSIONS:
        errors["image"] = [_("The image must be a JPEG, PNG or WebP file.")]
        return errors
    if image.size > MAX_IMAGE_SIZE:
        errors["image"] = [_("The image can be at most 5 MB.")]
        return errors
    image.seek(0)
    head = image.read(12)
    image.seek(0)
    is_webp = head[:4] == b"RIFF" and head[8:12] == b"WEBP"
    if not (is_webp or head.startswith(IMAGE_SIGNATURES)):
        errors["image"] = [_("The file is not a JPEG, PNG or WebP image.")]
    return errors


def _apply_image(obj, *, image, image_alt: str, remove_image: bool) -> None:
    obj.image_alt = single_line(image_alt)[:200]
    old = obj.image.name if obj.image else ""
    if remove_image and not image:
        obj.image = ""
        obj.image_alt = ""
    if image:
        model = type(obj)
        save_on_commit(
            obj.image,
            filename=image.name,
            content=image,
            on_failure=lambda: model.objects.filter(pk=obj.pk).update(image="", image_alt=""),
        )
    if old and obj.image.name != old:
        delete_on_commit(obj.image, old)


# Good examples -------------------------------------------------------------------------------


def _validate_example(data: ExampleInput) -> None:
    errors: dict[str, list[str]] = {}
    if not single_line(data.title):
        errors["title"] = [_("Give the good example a short title.")]
    elif len(single_line(data.title)) > 120:
        errors["title"] = [_("The title can be at most 120 characters.")]
    if not single_line(data.summary):
        errors["summary"] = [_("Sum the example up in a sentence or two.")]
    elif len(single_line(data.summary)) > 300:
        errors["summary"] = [_("The summary can be at most 300 characters.")]
    if not data.story.strip():
        errors["story"] = [_("Tell the story: what was done and what it gave.")]
    elif len(data.story) > 8000:
        errors["story"] = [_("The story can be at most 8000 characters.")]
    if len(data.benefits_realised) > 2000:
        errors["benefits_realised"] = [_("The benefits can be at most 2000 characters.")]
    errors.update(_image_errors(data.image, data.image_alt))
    if errors:
        raise ValidationError(errors)


def _apply_example(example: GoodExample, data: ExampleInput) -> None:
    example.title = single_line(data.title)
    example.summary = single_line(data.summary)
    example.story = data.story.strip()
    example.story_html = render_markdown(example.story)
    example.benefits_realised = data.benefits_realised.strip()
    example.unit = data.unit
    example.is_public = bool(data.is_public)
    _apply_image(
        example, image=data.image, image_alt=data.image_alt, remove_image=data.remove_image
    )


def _record_consents(example: GoodExample, *, agreed: list[int], by: User) -> None:
    """One record per person the example may name: whether they agreed, who recorded it and
    when (kept when the answer does not change)."""
    people = people_to_name(idea=example.idea, group=example.group)
    agreed_ids = set(agreed)
    now = timezone.now()
    existing = {consent.person_id: consent for consent in example.consents.all()}
    for person in people:
        says = person.pk in agreed_ids
        consent = existing.pop(person.pk, None)
        if consent is None:
            Consent.objects.create(
                example=example, person=person, agreed=says, recorded_at=now, recorded_by=by
            )
        elif consent.agreed != says:
            consent.agreed, consent.recorded_at, consent.recorded_by = says, now, by
            consent.save(update_fields=["agreed", "recorded_at", "recorded_by"])
    # Someone no longer connected (left the group) is named no more.
    Consent.objects.filter(pk__in=[c.pk for c in existing.values() if c.agreed]).update(
        agreed=False, recorded_at=now, recorded_by=by
    )


@transaction.atomic
def example_create(
    *,
    by: User,
    data: ExampleInput,
    idea: Idea | None = None,
    group: Group | None = None,
) -> GoodExample:
    """Write a draft good example from an implemented idea (or a group); the coordinator, or
    a manager for their units' ideas."""
    if idea is not None:
        if not by.has_perm("showcase.add_example", idea):
            raise PermissionDenied
        if not Idea.objects.filter(implemented_q(), pk=idea.pk).exists():
            raise ValidationError(_("Only an implemented idea can become a good example."))
    elif not by.has_perm("showcase.add_example"):
        raise PermissionDenied
    if group is not None and not by.has_perm("groups.view_group", group):
        raise PermissionDenied
    _validate_example(data)
    example = GoodExample(created_by=by, idea=idea, group=group)
    _apply_example(example, data)
    example.save()
    example.global_goals.set(data.global_goals)
    example.vision_goals.set(data.vision_goals)
    _record_consents(example, agreed=data.agreed, by=by)
    audit_record(actor=by, action="example.create", target=example)
    return example


@transaction.atomic
def example_update(*, example: GoodExample, by: User, data: ExampleInput) -> GoodExample:
    """Change a good example's text, goals, image, consents and whether it is public."""
    locked = GoodExample.objects.select_for_update(of=("self",)).get(pk=example.pk)
    if not by.has_perm("showcase.change_example", locked):
        raise PermissionDenied
    _validate_example(data)
    _apply_example(locked, data)
    locked.save()
    locked.global_goals.set(data.global_goals)
    locked.vision_goals.set(data.vision_goals)
    _record_consents(locked, agreed=data.agreed, by=by)
    audit_record(actor=by, action="example.update", target=locked)
    return locked


@transaction.atomic
def example_publish(*, example: GoodExample, by: User, publish: bool = True) -> GoodExample:
    """Publish a draft (its idea's submitter and co-submitters hear of it), or take it back
    to a draft."""
    locked = GoodExample.objects.select_for_update(of=("self",)).get(pk=example.pk)
    if not by.has_perm("showcase.change_example", locked):
        raise PermissionDenied
    if publish == locked.is_published:
        return locked
    if publish:
        locked.status = GoodExample.Status.PUBLISHED
        first_time = locked.published_at is None
        locked.published_at = locked.published_at or timezone.now()
        locked.save(update_fields=["status", "published_at", "updated_at"])
        audit_record(actor=by, action="example.publish", target=locked)
        if first_time and locked.idea_id:
            transaction.on_commit(
                lambda: notifications.notify_idea_became_example(example=locked, by=by)
            )
    else:
        locked.status = GoodExample.Status.DRAFT
        locked.featured_month = None
        locked.save(update_fields=["status", "featured_month", "updated_at"])
        audit_record(actor=by, action="example.unpublish", target=locked)
    return locked


@transaction.atomic
def example_feature(*, example: GoodExample, by: User, month: datetime.date) -> GoodExample:
    """Make a published example the month's good example (the one before it steps down)."""
    if not by.has_perm("showcase.feature_example"):
        raise PermissionDenied
    locked = GoodExample.objects.select_for_update(of=("self",)).get(pk=example.pk)
    if not locked.is_published:
        raise ValidationError(_("Only a published good example can be the month's example."))
    first_day = month.replace(day=1)
    GoodExample.objects.filter(featured_month=first_day).exclude(pk=locked.pk).update(
        featured_month=None
    )
    locked.featured_month = first_day
    try:
        with transaction.atomic():
            locked.save(update_fields=["featured_month", "updated_at"])
    except IntegrityError:
        raise ValidationError(_("Another example was chosen at the same time.")) from None
    audit_record(
        actor=by, action="example.feature", target=locked, data={"month": first_day.isoformat()}
    )
    return locked


# News ----------------------------------------------------------------------------------------


def _validate_news(data: NewsInput) -> None:
    errors: dict[str, list[str]] = {}
    if not single_line(data.title):
        errors["title"] = [_("Give the news a short title.")]
    elif len(single_line(data.title)) > 120:
        errors["title"] = [_("The title can be at most 120 characters.")]
    if not data.body.strip():
        errors["body"] = [_("Write the news.")]
    elif len(data.body) > 8000:
        errors["body"] = [_("The text can be at most 8000 characters.")]
    if data.published_on is None:
        errors["published_on"] = [_("Choose the day the news is published.")]
    errors.update(_image_errors(data.image, data.image_alt))
    if errors:
        raise ValidationError(errors)


def _apply_news(post: NewsPost, data: NewsInput) -> None:
    post.title = single_line(data.title)
    post.body = data.body.strip()
    post.body_html = render_markdown(post.body)
    post.published_on = data.published_on
    _apply_image(post, image=data.image, image_alt=data.image_alt, remove_image=data.remove_image)


@transaction.atomic
def news_create(*, by: User, data: NewsInput) -> NewsPost:
    """Write a news post for the programme; the coordinator."""
    if not by.has_perm("showcase.change_news"):
        raise PermissionDenied
    _validate_news(data)
    post = NewsPost(created_by=by)
    _apply_news(post, data)
    post.save()
    audit_record(actor=by, action="news.create", target=post)
    return post


@transaction.atomic
def news_update(*, post: NewsPost, by: User, data: NewsInput) -> NewsPost:
    """Change a news post."""
    if not by.has_perm("showcase.change_news"):
        raise PermissionDenied
    locked = NewsPost.objects.select_for_update().get(pk=post.pk)
    _validate_news(data)
    _apply_news(locked, data)
    locked.save()
    audit_record(actor=by, action="news.update", target=locked)
    return locked


# The public showcase -------------------------------------------------------------------------


def showcase_settings() -> ShowcaseSettings:
    """The one row of settings (made the first time it is asked for)."""
    settings, _created = ShowcaseSettings.objects.get_or_create(pk=1)
    return settings


@transaction.atomic
def showcase_settings_save(
    *, by: User, show_key_figures: bool, show_open_challenges: bool
) -> ShowcaseSettings:
    """Choose what visitors who are not signed in see besides the public good examples."""
    if not by.has_perm("showcase.manage_showcase"):
        raise PermissionDenied
    settings = showcase_settings()
    settings.show_key_figures = bool(show_key_figures)
    settings.show_open_challenges = bool(show_open_challenges)
    settings.save(update_fields=["show_key_figures", "show_open_challenges", "updated_at"])
    audit_record(
        actor=by,
        action="showcase.settings",
        target=settings,
        data={"key_figures": settings.show_key_figures, "challenges": show_open_challenges},
    )
    return settings
