"""The start page: what is waiting for the signed-in person across the programme."""

import datetime
from typing import NamedTuple

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from idesluss.accounts import selectors as account_selectors
from idesluss.accounts.models import Qualification
from idesluss.core import panels
from idesluss.groups import selectors as group_selectors
from idesluss.ideas import selectors as idea_selectors
from idesluss.workshops import selectors as workshop_selectors


class ComingUp(NamedTuple):
    kind: str  # "session" or "workshop"
    starts_at: datetime.datetime
    item: object


def start(request: HttpRequest) -> HttpResponse:
    # What the apps show on the start page (their coming sessions, trainings, figures…),
    # each deciding for itself whether the visitor, signed in or not, sees it.
    context: dict = {"panels": panels.for_page("home.start", request, request.user)}
    if request.user.is_authenticated:
        context["person"] = account_selectors.person_for_page(pk=request.user.pk)
        context["unit"] = context["person"].unit
        context.update(idea_selectors.start_page(request.user))
        groups = group_selectors.start_page_groups(request.user)
        workshops = workshop_selectors.coming_workshops(person=request.user)
        context["open_actions"] = groups["open_actions"]
        # The person's coming group sessions and workshops, in one list by time.
        context["coming_up"] = sorted(
            [
                *(ComingUp("session", s.starts_at, s) for s in groups["coming_sessions"]),
                *(ComingUp("workshop", w.starts_at, w) for w in workshops),
            ],
            key=lambda item: item.starts_at,
        )[:5]
        # Coach and conversation leader are qualifications, shown beside the roles.
        codes = account_selectors.roles_of(request.user).codes
        context["qualified_as"] = [
            label for code, label in Qualification.Code.choices if code in codes
        ]
        context["today"] = timezone.localdate()
        if context["unit"] is not None:
            context["unit_managers"] = account_selectors.managers_of_unit(unit=context["unit"])
    return render(request, "home/start.html", context)
