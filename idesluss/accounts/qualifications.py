"""Where a qualification comes from, for the message that refuses someone without it.

Coaching a group and leading a learning conversation take a qualification (Role.Code
COACH, CONVERSATION_LEADER). The trainings that grant one live in an app above this one
(learning), so it registers where each qualification comes from here, and the apps that
refuse someone (groups, conversations) say which training gives it:

    # learning/apps.py ready()
    qualifications.register_source(trainings_granting)  # code -> ["Coachutbildning", …]

    # groups/services.py
    errors["coach"] = [qualifications.missing_message(person, Role.Code.COACH)]
"""

from collections.abc import Callable

from django.utils.translation import gettext as _

from idesluss.accounts.models import Role

Source = Callable[[str], list[str]]

_sources: list[Source] = []


def register_source(source: Source) -> Source:
    """Register a function that names what grants a qualification (training titles)."""
    if source not in _sources:
        _sources.append(source)
    return source


def granted_by(code: str) -> list[str]:
    """The names of what grants the qualification `code` (the trainings that give it)."""
    names: list[str] = []
    for source in _sources:
        names.extend(name for name in source(code) if name not in names)
    return names


def missing_message(person, code: str) -> str:
    """A sentence that says the person lacks the qualification and how it is gained."""
    values = {
        "name": person.full_name or person.email,
        "qualification": str(Role.Code(code).label).lower(),
    }
    names = granted_by(code)
    if names:
        values["trainings"] = ", ".join(f"“{name}”" for name in names)
        return (
            _(
                "%(name)s does not hold the qualification %(qualification)s. It comes from "
                "completing the training %(trainings)s, or the idea coordinator can grant it."
            )
            % values
        )
    return (
        _(
            "%(name)s does not hold the qualification %(qualification)s. The idea coordinator "
            "can grant it."
        )
        % values
    )
