"""Co-submitters: the people an author names are asked first, and named once they confirm."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from idesluss.accounts.models import User
from idesluss.core.services import audit_record
from idesluss.ideas import notifications
from idesluss.ideas.models import CoSubmitterInvitation, Follow, Idea
from idesluss.ideas.services.common import recount


def co_submitters_invite(
    *, idea: Idea, by: User, people: list[User], new: bool, quiet: bool = False
) -> list[User]:
    """Co-submitters are asked first: new names get an invitation to confirm or decline and
    are named only once they confirm. Names taken off the list are no longer co-submitters
    and their open invitations are withdrawn; someone who declined is not asked again.

    A `new` idea has nobody named or asked yet. Those newly asked are returned; when
    `quiet`, the caller records them in its audit record and asks them in its notifications."""
    wanted = {person.pk: person for person in people if person.pk != idea.submitter_id}
    confirmed: set[int] = set()
    asked: set[int] = set()
    if not new:
        confirmed = set(idea.co_submitters.values_list("pk", flat=True))
        dropped = confirmed - set(wanted)
        if dropped:
            idea.co_submitters.remove(*dropped)
            CoSubmitterInvitation.objects.filter(idea=idea, person_id__in=dropped).delete()
        CoSubmitterInvitation.objects.filter(
            idea=idea, status=CoSubmitterInvitation.Status.PENDING
        ).exclude(person_id__in=list(wanted)).delete()
        asked = set(
            CoSubmitterInvitation.objects.filter(idea=idea).values_list("person_id", flat=True)
        )
    invited = [person for pk, person in wanted.items() if pk not in confirmed and pk not in asked]
    if not invited:
        return invited
    CoSubmitterInvitation.objects.bulk_create(
        CoSubmitterInvitation(idea=idea, person=person, invited_by=by) for person in invited
    )
    if quiet:
        return invited
    audit_record(
        actor=by,
        action="idea.co_submitters_invite",
        target=idea,
        data={"people": sorted(person.pk for person in invited)},
    )
    notifications.co_submitters_invited(idea=idea, by=by, people=invited)
    return invited


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
            recount(idea, "follower_count", Follow)
    audit_record(
        actor=by,
        action="idea.co_submitter_accept" if accept else "idea.co_submitter_decline",
        target=idea,
    )
    notifications.co_submitter_answered(
        idea=idea, by=by, invited_by=invitation.invited_by, accept=accept
    )
    return invitation
