"""What the trainings show on other apps' pages (core/panels.py): on the start page, the
person's trainings and coming sessions (and qualifications), and for the idea coordinator
the open places and waiting lists."""

from django.http import HttpRequest

from idesluss.accounts.models import Qualification
from idesluss.accounts.selectors import roles_of
from idesluss.core import panels
from idesluss.learning import selectors
from idesluss.learning.policy import is_coordinator, policy


@panels.register("home.start", order=30)
def my_trainings(request: HttpRequest, user) -> panels.Panel | None:
    """The signed-in person's trainings (coming sessions) and the qualifications they hold."""
    if user is None or not user.is_authenticated:
        return None
    enrolments = selectors.my_trainings(person=user)
    # The roles already read say whether the person holds a qualification at all.
    qualified = roles_of(user).codes & set(Qualification.Code.values)
    held = selectors.my_qualifications(person=user) if qualified else []
    if not enrolments and not held:
        return None
    return panels.Panel(
        "learning/_start_panel.html", {"enrolments": enrolments, "qualifications": held}
    )


@panels.register("home.start", order=31)
def open_places(request: HttpRequest, user) -> panels.Panel | None:
    """The coordinator's open places and waiting lists."""
    if user is None or not user.is_authenticated or not is_coordinator(user):
        return None
    if not policy.may(user, "learning.change_training"):
        return None
    return panels.Panel("learning/_places_panel.html", {"trainings": selectors.open_places()})
