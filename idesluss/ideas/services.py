"""Every change to an idea goes through these functions: they check the rules,
keep the history and counters, and tell the people involved."""

import datetime
from dataclasses import dataclass, field

import markdown
import nh3
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F, prefetch_related_objects
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from idesluss.accounts.models import Role, Unit, User
from idesluss.accounts.selectors import managers_of_unit
from idesluss.challenges.models import Challenge
from idesluss.core.services import audit_record
from idesluss.core.text import single_line
from idesluss.core.uploads import safe_filename, save_on_commit
from idesluss.ideas import relations, workflow
from idesluss.ideas.models import (
    AssessorAssignment,
    Attachment,
    Benefit,
    Comment,
    CoSubmitterInvitation,
    Criterion,
    Follow,
    GlobalGoal,
    Idea,
    IdeaEvent,
    Lane,
    Score,
    Stage,
    Support,
    VisionGoal,
)
from idesluss.ideas.policy import policy
from idesluss.notifications.models import Kind
from idesluss.notifications.services import notify
from idesluss.workshops.models import Workshop


class IdeaChanged(ValidationError):
    """The idea changed after the person loaded it; their change was not saved."""


@dataclass
class IdeaInput:
    title: str = ""
    need: str = ""
    proposal: str = ""
    benefit: str = ""
    lane: str = Lane.IMPROVEMENT
    unit: Unit | None = None
    other_units: list[Unit] = field(default_factory=list)
    global_goals: list[GlobalGoal] = field(default_factory=list)
    vision_goals: list[VisionGoal] = field(default_factory=list)
    co_submitters: list[User] = field(default_factory=list)
    # The challenge the idea answers; it must be open when the idea is handed in.
    challenge: Challenge | None = None
    # The idea workshop the idea came from.
    workshop: Workshop | None = None


def _response_due(stage: Stage | None) -> datetime.date | None:
    if stage is None or stage.is_final:
        return None
    days = stage.response_days or settings.IDEA_RESPONSE_DAYS
    return timezone.localdate() + datetime.timedelta(days=days)


def _validate(data: IdeaInput, *, submit: bool) -> None:
    errors: dict[str, list[str]] = {}
    if not data.title.strip():
        errors["title"] = [_("Give the idea a short title.")]
    if submit:
        if not data.need.strip():
            errors["need"] = [_("Describe the need or problem.")]
        if not data.proposal.strip():
            errors["proposal"] = [_("Describe your idea.")]
        if data.unit is None:
            errors["unit"] = [_("Choose the unit the idea concerns.")]
    if data.lane not in Lane.values:
        errors["lane"] = [_("Choose improvement or innovation.")]
    if errors:
        raise ValidationError(errors)


def _validate_challenge(data: IdeaInput, idea: Idea) -> None:
    """A new answer to a challenge is taken only while the challenge is open."""
    challenge = data.challenge
    if challenge is None or (challenge.pk == idea.challenge_id and not idea.is_draft):
        return
    if not challenge.is_open:
        raise ValidationError({"challenge": [challenge.closed_reason()]})


def initial_stage(lane: str) -> Stage:
    return Stage.objects.get(lane=lane, is_initial=True)


@transaction.atomic
def idea_save(*, by: User, data: IdeaInput, idea: Idea | None = None, submit: bool = False) -> Idea:
    """Save an idea as a draft or hand it in; handing in puts it in its lane's first stage."""
    if idea is None:
        if not by.has_perm("ideas.submit_idea"):
            raise PermissionDenied
        idea = Idea(submitter=by)
    else:
        idea = Idea.objects.select_for_update().get(pk=idea.pk)
        if not by.has_perm("ideas.change_idea", idea):
            raise PermissionDenied
    _validate(data, submit=submit)
    _validate_challenge(data, idea)
    idea.challenge = data.challenge
    idea.workshop = data.workshop
    idea.title = single_line(data.title)
    idea.need = data.need.strip()
    idea.proposal = data.proposal.strip()
    idea.benefit = data.benefit.strip()
    idea.unit = data.unit
    if idea.is_draft or idea.pk is None:
        idea.lane = data.lane
    idea.full_clean(exclude=["stage", "submitter", "merged_into", "responsible"])
    was_draft = idea.pk is None or idea.is_draft
    if idea.pk:
        idea.version = F("version") + 1
    idea.save()
    idea.refresh_from_db(fields=["version"])
    idea.other_units.set([unit for unit in data.other_units if unit != data.unit])
    idea.global_goals.set(data.global_goals)
    idea.vision_goals.set(data.vision_goals)
    _name_co_submitters(idea, by=by, people=data.co_submitters)
    if submit and was_draft:
        _submit(idea, by)
    elif not was_draft:
        IdeaEvent.objects.create(idea=idea, actor=by, kind=IdeaEvent.Kind.EDITED)
    audit_record(
        actor=by, action="idea.submit" if submit and was_draft else "idea.save", target=idea
    )
    return idea


def _name_co_submitters(idea: Idea, *, by: User, people: list[User]) -> None:
    """Co-submitters are asked first: new names get an invitation to confirm or decline and
    are named only once they confirm. Names taken off the list are no longer co-submitters
    and their open invitations are withdrawn; someone who declined is not asked again."""
    wanted = {person.pk: person for person in people if person.pk != idea.submitter_id}
    confirmed = set(idea.co_submitters.values_list("pk", flat=True))
    dropped = confirmed - set(wanted)
    if dropped:
        idea.co_submitters.remove(*dropped)
        CoSubmitterInvitation.objects.filter(idea=idea, person_id__in=dropped).delete()
    CoSubmitterInvitation.objects.filter(
        idea=idea, status=CoSubmitterInvitation.Status.PENDING
    ).exclude(person_id__in=list(wanted)).delete()
    asked = set(CoSubmitterInvitation.objects.filter(idea=idea).values_list("person_id", flat=True))
    new = [person for pk, person in wanted.items() if pk not in confirmed and pk not in asked]
    if not new:
        return
    CoSubmitterInvitation.objects.bulk_create(
        CoSubmitterInvitation(idea=idea, person=person, invited_by=by) for person in new
    )
    audit_record(
        actor=by,
        action="idea.co_submitters_invite",
        target=idea,
        data={"people": sorted(person.pk for person in new)},
    )
    notify(
        recipients=new,
        kind=Kind.IDEA_INVITED,
        title=lambda: (
            _("%(name)s asks you to be co-submitter of the idea %(title)s")
            % {"name": by.full_name or by.email, "title": idea.title}
        ),
        body=lambda: _(
            "You are named as co-submitter only if you confirm. Confirm or decline on the "
            "invitation's page."
        ),
        url=reverse("ideas:invitation", kwargs={"pk": idea.pk}),
        actor=by,
    )


@transaction.atomic
def co_submitter_answer(*, idea: Idea, by: User, accept: bool) -> CoSubmitterInvitation:
    """The invited person confirms (and is named co-submitter, with the authors' rights and
    news) or declines. The one who asked hears the answer."""
    invitation = (
        CoSubmitterInvitation.objects.select_for_update().filter(idea=idea, person=by).first()
    )
    if invitation is None:
        raise PermissionDenied
    if invitation.status != CoSubmitterInvitation.Status.PENDING:
        raise ValidationError(_("You have already answered this invitation."))
    if accept and idea.status == Idea.Status.MERGED:
        raise ValidationError(_("The idea has been merged into another one."))
    invitation.status = (
        CoSubmitterInvitation.Status.ACCEPTED if accept else CoSubmitterInvitation.Status.DECLINED
    )
    invitation.answered_at = timezone.now()
    invitation.save(update_fields=["status", "answered_at"])
    if accept:
        idea.co_submitters.add(by)
        if not idea.is_draft:
            Follow.objects.get_or_create(idea=idea, user=by)
            _recount(idea, "follower_count", Follow)
    audit_record(
        actor=by,
        action="idea.co_submitter_accept" if accept else "idea.co_submitter_decline",
        target=idea,
    )
    name = by.full_name or by.email
    notify(
        recipients=[invitation.invited_by, idea.submitter],
        kind=Kind.IDEA_INVITED,
        title=lambda: (
            (
                _("%(name)s is now co-submitter of %(title)s")
                if accept
                else _("%(name)s declined to be co-submitter of %(title)s")
            )
            % {"name": name, "title": idea.title}
        ),
        url=idea.get_absolute_url(),
        actor=by,
    )
    return invitation


def _submit(idea: Idea, by: User) -> None:
    now = timezone.now()
    stage = initial_stage(idea.lane)
    managers = managers_of_unit(unit=idea.unit) if idea.unit else []
    idea.status = Idea.Status.SUBMITTED
    idea.stage = stage
    idea.submitted_at = now
    idea.moved_at = now
    idea.responsible = managers[0] if managers else None
    idea.response_due = _response_due(stage)
    idea.save(
        update_fields=["status", "stage", "submitted_at", "moved_at", "responsible", "response_due"]
    )
    IdeaEvent.objects.create(idea=idea, actor=by, kind=IdeaEvent.Kind.SUBMITTED, to_stage=stage)
    authors = [idea.submitter, *idea.co_submitters.all()]
    Follow.objects.bulk_create(
        [Follow(idea=idea, user=person) for person in authors], ignore_conflicts=True
    )
    _recount(idea, "follower_count", Follow)
    answerers = [idea.responsible] if idea.responsible else _coordinators()
    notify(
        recipients=answerers,
        kind=Kind.IDEA_FOR_ME,
        title=lambda: _("New idea to answer: %(title)s") % {"title": idea.title},
        body=lambda: (
            _("Answer by %(date)s.") % {"date": date_format(idea.response_due, "j F Y")}
            if idea.response_due
            else ""
        ),
        url=idea.get_absolute_url(),
        actor=by,
    )


def _coordinators() -> list[User]:
    return list(
        User.objects.filter(is_active=True, role_assignments__role__code=Role.Code.COORDINATOR)
    )


def _recount(idea: Idea, counter: str, model) -> None:
    # Counters are recomputed from the rows, so a lost update can never make them drift.
    count = model.objects.filter(idea=idea).count()
    Idea.objects.filter(pk=idea.pk).update(**{counter: count})
    setattr(idea, counter, count)


def allowed_moves(*, idea: Idea, user: User) -> list[Stage]:
    """The stages this person may move this idea to now (the workflow decides)."""
    return workflow.moves(user=user, idea=idea)


@transaction.atomic
def idea_move(
    *,
    idea: Idea,
    to_stage: Stage,
    by: User,
    message: str,
    expected_version: int | None = None,
    closing_reason: str = "",
    lesson_learned: str = "",
    forwarded_to: str = "",
) -> Idea:
    """Move an idea to another stage and tell the submitter why."""
    locked = Idea.objects.select_for_update(of=("self",)).select_related("stage").get(pk=idea.pk)
    policy.require(by, "ideas.move_idea", locked)
    if expected_version is not None and locked.version != expected_version:
        raise IdeaChanged(
            _(
                "Someone else changed this idea while you were looking at it. "
                "Your move was not saved: look at the idea again and decide anew."
            )
        )
    message = message.strip()
    workflow.check_move(
        user=by,
        idea=locked,
        to_stage=to_stage,
        message=message,
        closing_reason=closing_reason,
        lesson_learned=lesson_learned,
        forwarded_to=forwarded_to,
    )
    from_stage = locked.stage
    locked.stage = to_stage
    locked.moved_at = timezone.now()
    locked.response_due = _response_due(to_stage)
    fields = ["stage", "moved_at", "response_due", "version", "updated_at"]
    written = {
        "closing_reason": closing_reason,
        "lesson_learned": lesson_learned,
        "forwarded_to": forwarded_to,
    }
    # What the stage asks for is kept with the move (workflow.requirements).
    for name in workflow.requirements(to_stage):
        setattr(locked, name, written[name].strip())
        fields.append(name)
    locked.version = F("version") + 1
    locked.save(update_fields=fields)
    locked.refresh_from_db(fields=["version"])
    IdeaEvent.objects.create(
        idea=locked,
        actor=by,
        kind=IdeaEvent.Kind.MOVED,
        from_stage=from_stage,
        to_stage=to_stage,
        message=message,
    )
    audit_record(
        actor=by,
        action="idea.move",
        target=locked,
        data={"from": from_stage.code, "to": to_stage.code},
    )

    def title() -> str:
        return _("%(title)s is now: %(stage)s") % {"title": locked.title, "stage": to_stage.name}

    authors = [locked.submitter, *locked.co_submitters.all()]
    notify(
        recipients=authors,
        kind=Kind.IDEA_ANSWERED,
        title=title,
        body=message,
        url=locked.get_absolute_url(),
        actor=by,
    )
    author_ids = {person.pk for person in authors}
    _notify_about_idea(
        idea=locked,
        recipients=[
            follow.user
            for follow in Follow.objects.filter(idea=locked).select_related("user")
            if follow.user_id not in author_ids
        ],
        kind=Kind.IDEA_FOLLOWED,
        title=title,
        body=message,
        url=locked.get_absolute_url(),
        actor=by,
    )
    return locked


@transaction.atomic
def idea_support(*, idea: Idea, by: User) -> Idea:
    """'Stöd idén': once per person, never one's own idea."""
    if not by.has_perm("ideas.support_idea", idea):
        if idea.submitter_id == by.pk or idea.co_submitters.filter(pk=by.pk).exists():
            raise ValidationError(_("You cannot support your own idea."))
        raise PermissionDenied
    try:
        with transaction.atomic():
            Support.objects.create(idea=idea, user=by)
    except IntegrityError:
        raise ValidationError(_("You already support this idea.")) from None
    _recount(idea, "support_count", Support)
    return idea


@transaction.atomic
def idea_unsupport(*, idea: Idea, by: User) -> Idea:
    """Take one's support back."""
    Support.objects.filter(idea=idea, user=by).delete()
    _recount(idea, "support_count", Support)
    return idea


@transaction.atomic
def idea_follow(*, idea: Idea, by: User, follow: bool = True) -> Idea:
    """Follow an idea (hear of its news) or stop following it."""
    if not by.has_perm("ideas.follow_idea", idea):
        raise PermissionDenied
    if follow:
        Follow.objects.get_or_create(idea=idea, user=by)
    else:
        Follow.objects.filter(idea=idea, user=by).delete()
    _recount(idea, "follower_count", Follow)
    return idea


ALLOWED_TAGS = {"p", "br", "strong", "em", "ul", "ol", "li", "a", "blockquote", "code", "pre"}


def render_markdown(text: str) -> str:
    """Markdown to HTML with only harmless tags kept (links get rel=noopener)."""
    html = markdown.markdown(text, extensions=["sane_lists", "nl2br"])
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes={"a": {"href", "title"}},
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer nofollow",
    )


@transaction.atomic
def comment_add(*, idea: Idea, by: User, body: str) -> Comment:
    """Add a comment (Markdown); the authors and followers hear of it."""
    if not by.has_perm("ideas.comment_idea", idea):
        raise PermissionDenied
    body = body.strip()
    if not body:
        raise ValidationError({"body": [_("Write something before you send.")]})
    if len(body) > 5000:
        raise ValidationError({"body": [_("A comment can be at most 5000 characters.")]})
    comment = Comment.objects.create(
        idea=idea, author=by, body=body, body_html=render_markdown(body)
    )
    _recount(idea, "comment_count", Comment)
    Follow.objects.get_or_create(idea=idea, user=by)
    _recount(idea, "follower_count", Follow)
    _notify_about_idea(
        idea=idea,
        recipients=[f.user for f in Follow.objects.filter(idea=idea).select_related("user")],
        kind=Kind.IDEA_COMMENTED,
        title=lambda: (
            _("%(name)s commented on %(title)s") % {"name": by.full_name, "title": idea.title}
        ),
        blind_title=lambda: _("An author commented on %(title)s") % {"title": idea.title},
        body=f"{by.full_name}: {body[:500]}",
        blind_body=body[:500],
        # All comments: by the time it is read the comment may be older than the latest few.
        url=f"{idea.get_absolute_url()}?comments=all#comment-{comment.pk}",
        actor=by,
        # A lively discussion is one notification (and one e-mail) per follower, not one
        # per comment; it leads to the first comment they have not seen.
        topic=f"idea-comments:{idea.pk}",
        collapsed=lambda count: (
            ngettext(
                "%(count)s new comment on %(title)s",
                "%(count)s new comments on %(title)s",
                count,
            )
            % {"count": count, "title": idea.title}
        ),
    )
    return comment


def _notify_about_idea(
    *,
    idea: Idea,
    recipients: list[User],
    actor: User,
    title,
    blind_title=None,
    blind_body: str | None = None,
    **fields,
) -> None:
    """`notify`, except that the idea's blind assessors (`ideas.view_authors`) are not told
    which author acted: theirs has no actor, and `blind_title` (`blind_body`) where the title
    (body) names them."""
    blind: set[int] = set()
    if idea.blind_assessment:
        prefetch_related_objects([idea], "co_submitters", "assessor_assignments")
        if relations.AUTHOR.check(actor, idea):
            blind = {
                person.pk
                for person in recipients
                if not person.has_perm("ideas.view_authors", idea)
            }
    notify(
        recipients=[person for person in recipients if person.pk not in blind],
        title=title,
        actor=actor,
        **fields,
    )
    if blind:
        if blind_body is not None:
            fields["body"] = blind_body
        notify(
            recipients=[person for person in recipients if person.pk in blind],
            title=blind_title or title,
            **fields,
        )


@transaction.atomic
def idea_assign_responsible(*, idea: Idea, responsible: User, by: User) -> Idea:
    """Hand an idea to another person to answer; they hear of it, and the history says so."""
    locked = Idea.objects.select_for_update(of=("self",)).select_related("unit").get(pk=idea.pk)
    if not by.has_perm("ideas.assign_responsible", locked):
        raise PermissionDenied
    if not responsible.is_active:
        raise ValidationError(_("That person is no longer active."))
    if locked.responsible_id == responsible.pk:
        return locked
    locked.responsible = responsible
    locked.version = F("version") + 1
    locked.save(update_fields=["responsible", "version", "updated_at"])
    locked.refresh_from_db(fields=["version"])
    IdeaEvent.objects.create(
        idea=locked,
        actor=by,
        kind=IdeaEvent.Kind.ASSIGNED,
        message=_("%(name)s is now responsible for answering.") % {"name": responsible.full_name},
    )
    audit_record(
        actor=by, action="idea.assign", target=locked, data={"responsible": responsible.pk}
    )
    notify(
        recipients=[responsible],
        kind=Kind.IDEA_FOR_ME,
        title=lambda: _("You are now responsible for: %(title)s") % {"title": locked.title},
        url=locked.get_absolute_url(),
        actor=by,
    )
    return locked


# Assessment


@transaction.atomic
def assessor_assign(
    *, idea: Idea, assessor: User, by: User, blind: bool | None = None
) -> AssessorAssignment:
    """Ask a person to assess an idea (optionally blind: without seeing who handed it in)."""
    if not by.has_perm("ideas.assign_assessor", idea):
        raise PermissionDenied
    if not assessor.is_active:
        raise ValidationError({"assessor": [_("That person is no longer active.")]})
    connection = relations.connection_to(idea, assessor)
    if connection == "submitter":
        raise ValidationError({"assessor": [_("The submitter cannot assess their own idea.")]})
    if connection == "co_submitter":
        raise ValidationError(
            {"assessor": [_("A co-submitter cannot assess the idea they handed in.")]}
        )
    if connection == "invited":
        raise ValidationError(
            {"assessor": [_("Someone asked to be a co-submitter cannot assess the idea.")]}
        )
    if connection == "responsible":
        raise ValidationError(
            {"assessor": [_("The person responsible for answering the idea cannot assess it.")]}
        )
    assignment, created = AssessorAssignment.objects.get_or_create(
        idea=idea, assessor=assessor, defaults={"assigned_by": by}
    )
    if blind is not None and idea.blind_assessment != blind:
        idea.blind_assessment = blind
        idea.save(update_fields=["blind_assessment", "updated_at"])
    if created:
        audit_record(
            actor=by, action="idea.assessor_assign", target=idea, data={"assessor": assessor.pk}
        )
        notify(
            recipients=[assessor],
            kind=Kind.IDEA_FOR_ME,
            title=lambda: _("Please assess: %(title)s") % {"title": idea.title},
            url=reverse("ideas:assess", kwargs={"pk": idea.pk}),
            actor=by,
        )
    return assignment


@transaction.atomic
def assessment_save(*, idea: Idea, by: User, scores: dict[int, tuple[int, str]]) -> list[Score]:
    """Save an assessor's scores: every active criterion 1–5, with an optional comment."""
    if not by.has_perm("ideas.assess_idea", idea):
        if policy.is_assessor(by, idea):
            raise ValidationError(_("The assessment of this idea is closed."))
        raise PermissionDenied
    assignment = AssessorAssignment.objects.get(idea=idea, assessor=by)
    criteria = {c.pk: c for c in Criterion.objects.filter(is_active=True)}
    errors: dict[str, list[str]] = {}
    for criterion_id, criterion in criteria.items():
        value, _comment = scores.get(criterion_id, (None, ""))
        if value not in (1, 2, 3, 4, 5):
            errors[f"score_{criterion_id}"] = [
                _("Give %(criterion)s a score from 1 to 5.") % {"criterion": criterion}
            ]
    if set(scores) - set(criteria):
        errors["__all__"] = [_("A criterion is no longer in use; reload the page.")]
    if errors:
        raise ValidationError(errors)
    saved = []
    for criterion_id, (value, comment) in scores.items():
        score, _created = Score.objects.update_or_create(
            idea=idea,
            assessor=by,
            criterion_id=criterion_id,
            defaults={"value": value, "comment": comment.strip()[:2000]},
        )
        saved.append(score)
    assignment.completed_at = timezone.now()
    assignment.save(update_fields=["completed_at"])
    audit_record(actor=by, action="idea.assess", target=idea)
    return saved


# Merging duplicates


@transaction.atomic
def idea_merge(*, duplicate: Idea, into: Idea, by: User, message: str) -> Idea:
    """Merge a duplicate into another idea: supports, followers and comments move along."""
    if duplicate.pk == into.pk:
        raise ValidationError(_("An idea cannot be merged into itself."))
    first, second = sorted([duplicate.pk, into.pk])
    locked = {
        idea.pk: idea
        for idea in Idea.objects.select_for_update(of=("self",)).filter(pk__in=[first, second])
    }
    duplicate, into = locked[duplicate.pk], locked[into.pk]
    if into.status != Idea.Status.SUBMITTED or duplicate.status != Idea.Status.SUBMITTED:
        raise ValidationError(_("Only handed-in ideas that are not merged already can be merged."))
    if not by.has_perm("ideas.merge_idea", duplicate):
        raise PermissionDenied
    message = message.strip()
    if not message:
        raise ValidationError({"message": [_("Say why the ideas are merged.")]})
    into_authors = {into.submitter_id, *into.co_submitters.values_list("pk", flat=True)}
    involved = {
        duplicate.submitter_id,
        *duplicate.co_submitters.values_list("pk", flat=True),
        *Follow.objects.filter(idea=duplicate).values_list("user_id", flat=True),
        *Support.objects.filter(idea=duplicate).values_list("user_id", flat=True),
    }
    # Supports move along, except from the target's own authors; the duplicate's
    # submitter supports the target (their idea lives on there).
    supporters = set(Support.objects.filter(idea=duplicate).values_list("user_id", flat=True))
    supporters.add(duplicate.submitter_id)
    Support.objects.bulk_create(
        [Support(idea=into, user_id=pk) for pk in supporters - into_authors], ignore_conflicts=True
    )
    Follow.objects.bulk_create(
        [Follow(idea=into, user_id=pk) for pk in involved], ignore_conflicts=True
    )
    Comment.objects.filter(idea=duplicate).update(idea=into)
    Support.objects.filter(idea=duplicate).delete()
    Follow.objects.filter(idea=duplicate).delete()
    for idea, counter, model in (
        (into, "support_count", Support),
        (into, "follower_count", Follow),
        (into, "comment_count", Comment),
        (duplicate, "support_count", Support),
        (duplicate, "follower_count", Follow),
        (duplicate, "comment_count", Comment),
    ):
        _recount(idea, counter, model)
    duplicate.status = Idea.Status.MERGED
    duplicate.merged_into = into
    duplicate.response_due = None
    duplicate.version = F("version") + 1
    duplicate.save(update_fields=["status", "merged_into", "response_due", "version", "updated_at"])
    for idea in (duplicate, into):
        IdeaEvent.objects.create(idea=idea, actor=by, kind=IdeaEvent.Kind.MERGED, message=message)
    audit_record(actor=by, action="idea.merge", target=duplicate, data={"into": into.pk})
    notify(
        recipients=User.objects.filter(pk__in=involved),
        kind=Kind.IDEA_MERGED,
        title=lambda: _("%(a)s was merged into %(b)s") % {"a": duplicate.title, "b": into.title},
        body=message,
        url=into.get_absolute_url(),
        actor=by,
    )
    return into


# Benefits and attachments


@transaction.atomic
def benefit_add(
    *,
    idea: Idea,
    by: User,
    category: str,
    kind: str,
    description: str,
    amount=None,
    measure: str = "",
) -> Benefit:
    """Record an expected or realised benefit of an idea."""
    if not by.has_perm("ideas.record_benefit", idea):
        raise PermissionDenied
    benefit = Benefit(
        idea=idea,
        category=category,
        kind=kind,
        description=description.strip(),
        amount=amount,
        measure=measure.strip(),
        recorded_by=by,
    )
    benefit.full_clean()
    benefit.save()
    audit_record(
        actor=by, action="idea.benefit", target=idea, data={"category": category, "kind": kind}
    )
    return benefit


ATTACHMENT_EXTENSIONS = {
    "pdf", "jpg", "jpeg", "png", "gif", "webp", "heic", "txt", "csv",
    "doc", "docx", "xls", "xlsx", "ppt", "pptx", "odt", "ods", "odp",
}  # fmt: skip
MAX_ATTACHMENTS = 5


def attachment_validate(*, name: str, size: int) -> None:
    """Only office documents, PDFs and pictures, and none larger than the limit."""
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if extension not in ATTACHMENT_EXTENSIONS:
        raise ValidationError(
            _(
                "%(name)s: this kind of file cannot be attached. Use PDF, a picture or an office document."
            )
            % {"name": name}
        )
    limit = settings.IDEA_ATTACHMENT_MAX_BYTES
    if size > limit:
        raise ValidationError(
            _("%(name)s is too large: at most %(mb)s MB.")
            % {"name": name, "mb": limit // (1024 * 1024)}
        )


@transaction.atomic
def attachments_add(*, idea: Idea, by: User, files: list) -> list[Attachment]:
    """Attach files to an idea; all are checked first, so none or all are saved."""
    if not by.has_perm("ideas.add_attachment", idea):
        raise PermissionDenied
    if idea.attachments.count() + len(files) > MAX_ATTACHMENTS:
        raise ValidationError(
            ngettext(
                "An idea can have at most %(n)s attachment.",
                "An idea can have at most %(n)s attachments.",
                MAX_ATTACHMENTS,
            )
            % {"n": MAX_ATTACHMENTS}
        )
    errors = []
    for upload in files:
        try:
            attachment_validate(name=upload.name, size=upload.size)
        except ValidationError as error:
            errors.extend(error.messages)
    if errors:
        raise ValidationError(errors)
    saved = []
    for upload in files:
        attachment = Attachment(
            idea=idea,
            name=safe_filename(upload.name, max_chars=200),
            size=upload.size,
            content_type=(getattr(upload, "content_type", "") or "")[:100],
            uploaded_by=by,
        )
        # The bytes are written once the idea and its attachments are committed, so a
        # failure anywhere in the request leaves no file behind.
        save_on_commit(
            attachment.file,
            filename=upload.name,
            content=upload,
            on_failure=lambda attachment=attachment: Attachment.objects.filter(
                pk=attachment.pk
            ).delete(),
        )
        attachment.save()
        saved.append(attachment)
    return saved
