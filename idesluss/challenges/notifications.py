"""What the needs bank and the challenges tell people: one function per notification,
called by the services (services.py) once the change is made. The wording is given as
phrases (notifications.phrases) so that each person reads it in their own language."""

from idesluss.accounts.models import User
from idesluss.challenges.models import Challenge, Need, NeedEcho
from idesluss.notifications import phrases
from idesluss.notifications.models import Kind
from idesluss.notifications.services import notify


def notify_need_echoed(*, need: Need, by: User) -> None:
    """The person who recorded a need hears that a colleague has the same problem; many
    colleagues saying so within a short while make one notification."""
    title = need.title
    notify(
        recipients=[need.recorded_by],
        kind=Kind.NEED_NEWS,
        actor=by,
        title=phrases.gettext(
            "%(name)s has the same problem: %(need)s", name=by.full_name or by.email, need=title
        ),
        url=need.get_absolute_url(),
        topic=f"need-echoes:{need.pk}",
        collapsed=lambda count: phrases.ngettext(
            "%(count)s colleague has the same problem: %(need)s",
            "%(count)s colleagues have the same problem: %(need)s",
            count=count,
            need=title,
        ),
    )


def notify_needs_became_challenge(*, challenge: Challenge, needs: list[Need], by: User) -> None:
    """Everyone who recorded or shares one of the needs hears that it became a challenge,
    and from which day it takes ideas."""
    if not needs:
        return
    people = {need.recorded_by for need in needs}
    people.update(
        User.objects.filter(pk__in=NeedEcho.objects.filter(need__in=needs).values("user_id"))
    )
    title = challenge.title
    notify(
        recipients=people,
        kind=Kind.NEED_NEWS,
        actor=by,
        title=phrases.gettext("A need you have is now a challenge: %(title)s", title=title),
        body=phrases.gettext(
            "Ideas that answer it are welcome from %(date)s.",
            date=phrases.date(challenge.opens_on),
        ),
        url=challenge.get_absolute_url(),
    )
