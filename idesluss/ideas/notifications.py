"""What the idea sluice tells people: one function per notification, each choosing its
recipients and saying what happened as phrases (notifications.phrases), worded in each
reader's language when shown; the services call them once the change is made."""

from collections.abc import Iterable

from django.db.models import prefetch_related_objects
from django.urls import reverse

from idesluss.accounts.models import Role, User
from idesluss.ideas import relations
from idesluss.ideas.models import Comment, Follow, Idea, Stage
from idesluss.notifications import phrases
from idesluss.notifications.models import Kind
from idesluss.notifications.services import Message, notify, notify_all


def _name(person: User) -> str:
    return person.full_name or person.email


def coordinators() -> list[User]:
    """Who answers an idea nobody is responsible for."""
    return list(
        User.objects.filter(is_active=True, role_assignments__role__code=Role.Code.COORDINATOR)
    )


def co_submitters_invited(*, idea: Idea, by: User, people: list[User]) -> None:
    """Those newly named as co-submitters are asked to confirm or decline."""
    notify_all([_invitation(idea=idea, by=by, people=people)])


def _invitation(*, idea: Idea, by: User, people: list[User]) -> Message:
    return Message(
        recipients=people,
        kind=Kind.IDEA_INVITED,
        title=phrases.gettext(
            "%(name)s asks you to be co-submitter of the idea %(title)s",
            name=_name(by),
            title=idea.title,
        ),
        body=phrases.gettext(
            "You are named as co-submitter only if you confirm. Confirm or decline on the "
            "invitation's page."
        ),
        url=reverse("ideas:invitation", kwargs={"pk": idea.pk}),
        actor=by,
    )


def co_submitter_answered(*, idea: Idea, by: User, invited_by: User, accept: bool) -> None:
    """The one who asked (and the submitter) hear whether the invited person confirmed."""
    name = _name(by)
    notify(
        recipients=[invited_by, idea.submitter],
        kind=Kind.IDEA_INVITED,
        title=(
            phrases.gettext(
                "%(name)s is now co-submitter of %(title)s", name=name, title=idea.title
            )
            if accept
            else phrases.gettext(
                "%(name)s declined to be co-submitter of %(title)s", name=name, title=idea.title
            )
        ),
        url=idea.get_absolute_url(),
        actor=by,
    )


def idea_submitted(*, idea: Idea, by: User, invited: list[User]) -> None:
    """A handed-in idea goes to the one responsible for answering it (the coordinators
    where nobody is), with the date the answer is due; those named as co-submitters as it
    was handed in are asked to confirm, in the same go."""
    answer = Message(
        recipients=[idea.responsible] if idea.responsible else coordinators(),
        kind=Kind.IDEA_FOR_ME,
        title=phrases.gettext("New idea to answer: %(title)s", title=idea.title),
        body=(
            phrases.gettext("Answer by %(date)s.", date=phrases.date(idea.response_due))
            if idea.response_due
            else ""
        ),
        url=idea.get_absolute_url(),
        actor=by,
    )
    notify_all([_invitation(idea=idea, by=by, people=invited), answer] if invited else [answer])


def idea_moved(*, idea: Idea, by: User, to_stage: Stage, message: str) -> None:
    """The authors hear the idea's new stage and why (an answer); its followers hear it as
    news."""

    title = phrases.gettext(
        "%(title)s is now: %(stage)s",
        title=idea.title,
        stage=phrases.names(to_stage.name_sv, to_stage.name_en),
    )

    authors = [idea.submitter, *idea.co_submitters.all()]
    answer = Message(
        recipients=authors,
        kind=Kind.IDEA_ANSWERED,
        title=title,
        body=message,
        url=idea.get_absolute_url(),
        actor=by,
    )
    author_ids = {person.pk for person in authors}
    news = _about_idea(
        idea=idea,
        recipients=[
            follow.user
            for follow in Follow.objects.filter(idea=idea).select_related("user")
            if follow.user_id not in author_ids
        ],
        kind=Kind.IDEA_FOLLOWED,
        title=title,
        body=message,
        url=idea.get_absolute_url(),
        actor=by,
    )
    notify_all([answer, *news])


def comment_added(*, idea: Idea, by: User, comment: Comment) -> None:
    """The idea's followers hear of a new comment; a lively discussion is one notification
    per follower, not one per comment."""
    body = comment.body
    news = _about_idea(
        idea=idea,
        recipients=[f.user for f in Follow.objects.filter(idea=idea).select_related("user")],
        kind=Kind.IDEA_COMMENTED,
        title=phrases.gettext(
            "%(name)s commented on %(title)s", name=by.full_name, title=idea.title
        ),
        blind_title=phrases.gettext("An author commented on %(title)s", title=idea.title),
        body=f"{by.full_name}: {body[:500]}",
        blind_body=body[:500],
        # All comments: by the time it is read the comment may be older than the latest few.
        url=f"{idea.get_absolute_url()}?comments=all#comment-{comment.pk}",
        actor=by,
        # One notification (and one e-mail) per follower, leading to the first comment
        # they have not seen.
        topic=f"idea-comments:{idea.pk}",
        collapsed=lambda count: phrases.ngettext(
            "%(count)s new comment on %(title)s",
            "%(count)s new comments on %(title)s",
            count=count,
            title=idea.title,
        ),
    )
    notify_all(news)


def responsible_assigned(*, idea: Idea, by: User, responsible: User) -> None:
    """The person now responsible for answering the idea hears of it."""
    notify(
        recipients=[responsible],
        kind=Kind.IDEA_FOR_ME,
        title=phrases.gettext("You are now responsible for: %(title)s", title=idea.title),
        url=idea.get_absolute_url(),
        actor=by,
    )


def assessor_assigned(*, idea: Idea, by: User, assessor: User) -> None:
    """The person asked to assess the idea hears of it."""
    notify(
        recipients=[assessor],
        kind=Kind.IDEA_FOR_ME,
        title=phrases.gettext("Please assess: %(title)s", title=idea.title),
        url=reverse("ideas:assess", kwargs={"pk": idea.pk}),
        actor=by,
    )


def ideas_merged(
    *, duplicate: Idea, into: Idea, by: User, message: str, involved: Iterable[int]
) -> None:
    """Everyone involved in the duplicate (authors, followers, supporters) hears where it
    lives on."""
    notify(
        recipients=User.objects.filter(pk__in=list(involved)),
        kind=Kind.IDEA_MERGED,
        title=phrases.gettext("%(a)s was merged into %(b)s", a=duplicate.title, b=into.title),
        body=message,
        url=into.get_absolute_url(),
        actor=by,
    )


def overdue_for_responsible(*, person: User, count: int) -> None:
    """A responsible person is reminded of the ideas waiting too long for their answer."""
    notify(
        recipients=[person],
        kind=Kind.IDEA_OVERDUE,
        title=phrases.ngettext(
            "%(count)s idea is waiting too long for your answer",
            "%(count)s ideas are waiting too long for your answer",
            count=count,
        ),
        url=reverse("ideas:list") + "?view=waiting",
    )


def overdue_for_coordinators(*, total: int) -> None:
    """The coordinators hear how many ideas in the organisation are overdue."""
    notify(
        recipients=User.objects.filter(
            is_active=True, role_assignments__role__code=Role.Code.COORDINATOR
        ).distinct(),
        kind=Kind.IDEA_OVERDUE,
        title=phrases.ngettext(
            "%(count)s idea in the organisation is overdue for an answer",
            "%(count)s ideas in the organisation are overdue for an answer",
            count=total,
        ),
        body=phrases.gettext("See the list of overdue ideas."),
        url=reverse("ideas:list") + "?overdue=on",
    )


def _about_idea(
    *,
    idea: Idea,
    recipients: list[User],
    actor: User,
    title,
    blind_title=None,
    blind_body: str | None = None,
    **fields,
) -> list[Message]:
    """News of an idea to these people, except that the idea's blind assessors
    (`ideas.view_authors`) are not told which author acted: theirs has no actor, and
    `blind_title` (`blind_body`) where the title (body) names them."""
    blind: set[int] = set()
    if idea.blind_assessment:
        prefetch_related_objects([idea], "co_submitters", "assessor_assignments")
        if relations.AUTHOR.check(actor, idea):
            blind = {
                person.pk
                for person in recipients
                if not person.has_perm("ideas.view_authors", idea)
            }
    messages = [
        Message(
            recipients=[person for person in recipients if person.pk not in blind],
            title=title,
            actor=actor,
            **fields,
        )
    ]
    if blind:
        if blind_body is not None:
            fields["body"] = blind_body
        messages.append(
            Message(
                recipients=[person for person in recipients if person.pk in blind],
                title=blind_title or title,
                **fields,
            )
        )
    return messages
