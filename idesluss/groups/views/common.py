"""What the groups' views share: finding a group, session or joint follow-up the person
may see (or a 404), and saving a form that may meet someone else's change."""

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.forms import Form
from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404

from idesluss.core.http import apply_errors
from idesluss.groups import selectors, services
from idesluss.groups.models import Group, JointFollowUp, Session
from idesluss.groups.policy import policy


def group_or_404(request: HttpRequest, pk: int, perm: str = "groups.view_group") -> Group:
    group = get_object_or_404(
        Group.objects.select_related("coach").prefetch_related("members"), pk=pk
    )
    # A group one may not see is not there for them (404); one they see but may not change 403.
    policy.require(request.user, perm, group, hidden_unless="groups.view_group")
    return group


def group_page_or_404(request: HttpRequest, pk: int) -> Group:
    """The group as its page, its print and its exports read it, if the person may see it."""
    try:
        group = selectors.group_for_page(pk=pk)
    except Group.DoesNotExist:
        raise Http404 from None
    policy.require(request.user, "groups.view_group", group, hidden_unless="groups.view_group")
    return group


def session_or_404(request: HttpRequest, pk: int, session_id: int, perm: str) -> Session:
    try:
        session = selectors.session_for_page(group_pk=pk, session_pk=session_id)
    except Session.DoesNotExist:
        raise Http404 from None
    policy.require(request.user, perm, session.group, hidden_unless="groups.view_group")
    return session


def joint_or_404(request: HttpRequest, pk: int, perm: str) -> JointFollowUp:
    try:
        joint = selectors.joint_for_page(pk=pk)
    except JointFollowUp.DoesNotExist:
        raise Http404 from None
    # One may see none of its groups and is not invited: it is not there for them.
    policy.require(request.user, perm, joint, hidden_unless="groups.view_joint")
    return joint


def save_or_conflict(
    request: HttpRequest,
    form: Form,
    *,
    save: Callable[[], Any],
    current: Callable[[], Any],
    rebind: Callable[[Any], Form],
) -> tuple[Any, Form, Any, int]:
    """Save a versioned form with `save()`. When someone else saved meanwhile, keep what
    this person wrote, show what is saved now (`current()`) and let them save again: the
    form is bound anew (`rebind(data)`) with the current version.

    Returns (the saved object or None, the form, the conflicting object or None, status)."""
    try:
        return save(), form, None, 200
    except services.SessionChanged as error:
        conflict = current()
        data = request.POST.copy()
        data["version"] = conflict.version
        form = rebind(data)
        form.is_valid()
        messages.error(request, error.messages[0])
        return None, form, conflict, 409
    except ValidationError as error:
        apply_errors(form, error)
        return None, form, None, 400
