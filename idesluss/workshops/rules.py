"""Who may do what with idea workshops. The table is docs/roles_and_permissions.md.

The object of every workshop permission is the workshop. Pages that show a workshop attach
the viewer's sign-up (`viewer_signup`) and prefetch the facilitators, so asking costs no
query there; elsewhere each predicate asks once."""

import rules

from idesluss.accounts.rules import is_coach, is_coordinator, is_employee, is_manager

_NO_SIGNUP = object()


def viewer_signup(user, workshop):
    """The person's sign-up row for the workshop (or None); attached by the page selectors."""
    cached = getattr(workshop, "viewer_signup", _NO_SIGNUP)
    if cached is not _NO_SIGNUP and getattr(workshop, "viewer_id", None) == user.pk:
        return cached
    from idesluss.workshops.models import SignUp

    return SignUp.objects.filter(workshop=workshop, person_id=user.pk).first()


@rules.predicate
def is_facilitator(user, workshop) -> bool:
    """The person leads the workshop."""
    if workshop is None or not user.is_authenticated:
        return False
    return any(person.pk == user.pk for person in workshop.facilitators.all())


@rules.predicate
def takes_part(user, workshop) -> bool:
    """The person has signed up (or facilitates): they may post notes and vote."""
    if workshop is None or not user.is_authenticated:
        return False
    signup = viewer_signup(user, workshop)
    return signup is not None and signup.takes_part


may_facilitate = is_facilitator | is_coordinator

# Creating workshops: those who run the programme's work with people — the coordinator,
# managers (for their teams) and coaches (who lead groups and workshops).
rules.add_perm("workshops.add_workshop", is_employee & (is_coordinator | is_manager | is_coach))
rules.add_perm("workshops.view_workshop", is_employee)
rules.add_perm("workshops.change_workshop", is_employee & may_facilitate)
# Group notes, open and close phases, invite and promote notes to ideas.
rules.add_perm("workshops.facilitate_workshop", is_employee & may_facilitate)
rules.add_perm("workshops.take_part", is_employee & (takes_part | is_facilitator))
rules.add_perm("workshops.view_live", is_employee & (takes_part | may_facilitate))
rules.add_perm("workshops.view_summary", is_employee)
# Who wrote which note is shown to those who lead the workshop only.
rules.add_perm("workshops.view_authors", is_employee & may_facilitate)

# The back office asks for these model permissions; workshops are the coordinator's.
for model in ("workshop", "signup", "cluster", "note", "vote"):
    for action in ("view", "add", "change", "delete"):
        if not rules.perm_exists(f"workshops.{action}_{model}"):
            rules.add_perm(f"workshops.{action}_{model}", is_coordinator)
