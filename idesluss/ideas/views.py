from contextlib import nullcontext
from functools import partial

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST
from rules.contrib.views import permission_required

from idesluss.accounts.models import Unit
from idesluss.accounts.selectors import unit_choices
from idesluss.challenges.models import Challenge
from idesluss.core import panels
from idesluss.core.dates import format_short_date
from idesluss.core.http import apply_errors, parse_id, safe_next
from idesluss.core.pickers import picker_response
from idesluss.core.widgets import LongSelect
from idesluss.ideas import search, selectors, services, workflow
from idesluss.ideas.forms import (
    AssessmentForm,
    AssessorForm,
    AttachmentsForm,
    BenefitForm,
    CommentForm,
    IdeaForm,
    MergeForm,
    MoveForm,
    PersonForm,
    idea_filters,
)
from idesluss.ideas.models import (
    Attachment,
    CoSubmitterInvitation,
    Criterion,
    Idea,
    Lane,
    Score,
)
from idesluss.ideas.policy import policy
from idesluss.ideas.relations import author_ids


@permission_required("ideas.submit_idea")
def idea_submit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    """Hand in an idea (or keep working on a draft)."""
    idea = None
    if pk is not None:
        idea = get_object_or_404(Idea, pk=pk)
        policy.require(request.user, "ideas.change_idea", idea)
    if request.method == "POST":
        form = IdeaForm(request.POST, user=request.user)
        files = AttachmentsForm(request.POST, request.FILES)
        if form.searching:
            # Searched for colleagues without JavaScript: show the matches, save nothing.
            form.hide_errors()
            return _render_submit(request, form, files, idea)
        support = parse_id(request.POST.get("support_similar"))
        if support is not None:
            return _support_similar(request, form, files, idea, support)
        if form.is_valid() and files.is_valid():
            submit = "save_draft" not in request.POST
            uploads = files.cleaned_data["files"]
            if idea is not None and not idea.is_draft:
                save = services.update_idea  # a handed-in idea is edited, whichever button
            else:
                save = services.submit_idea if submit else services.save_draft
            try:
                # The idea and its files are saved together or not at all (without files
                # the service's own transaction is enough).
                with transaction.atomic() if uploads else nullcontext():
                    idea = save(by=request.user, data=form.to_input(), idea=idea)
                    if uploads:
                        services.attachments_add(idea=idea, by=request.user, files=uploads)
            except ValidationError as error:
                idea = Idea.objects.filter(pk=pk).first() if pk else None
                apply_errors(form, error)
            else:
                if submit and idea.status == Idea.Status.SUBMITTED:
                    messages.success(
                        request,
                        _(
                            "Thank you! Your idea has been handed in. You will hear back by %(date)s."
                        )
                        % {"date": format_short_date(idea.response_due)}
                        if idea.response_due
                        else _("Thank you! Your idea has been handed in."),
                    )
                else:
                    messages.success(request, _("Your draft was saved."))
                return redirect(idea)
    else:
        initial = IdeaForm.initial_for(idea) if idea else {"unit": request.user.unit}
        if idea is None and request.GET.get("title"):
            initial["title"] = request.GET["title"][:120]
        for name in ("challenge", "workshop"):
            number = parse_id(request.GET.get(name))
            if idea is None and number is not None:
                initial[name] = number
        form = IdeaForm(initial=initial, user=request.user)
        files = AttachmentsForm()
    return _render_submit(request, form, files, idea)


def _render_submit(
    request: HttpRequest, form: IdeaForm, files: AttachmentsForm, idea: Idea | None
) -> HttpResponse:
    context = {"form": form, "idea": idea, "files": files}
    context["similar"] = _similar_to_form(form, idea, viewer=request.user)
    return render(request, "ideas/submit.html", context)


def _support_similar(
    request: HttpRequest, form: IdeaForm, files: AttachmentsForm, idea: Idea | None, number: int
) -> HttpResponse:
    """'Support the idea' in the similar-ideas box: support it, and keep what was typed
    (a new idea or a draft is saved as a draft; a handed-in one comes back as typed)."""
    similar = Idea.objects.filter(pk=number).first()
    if similar is None or not policy.may(request.user, "ideas.view_idea", similar):
        messages.error(request, _("That idea cannot be found."))
    else:
        try:
            services.idea_support(idea=similar, by=request.user)
        except (ValidationError, PermissionDenied) as error:
            messages.error(
                request,
                " ".join(error.messages)
                if isinstance(error, ValidationError)
                else _("You cannot support that idea."),
            )
        else:
            messages.success(request, _("You support “%(title)s”.") % {"title": similar.title})
    if (idea is None or idea.is_draft) and form.is_valid():
        try:
            idea = services.save_draft(by=request.user, data=form.to_input(), idea=idea)
        except ValidationError:
            pass  # not kept: the form comes back as typed
        else:
            messages.info(
                request,
                _(
                    "What you wrote is kept as a draft: hand it in if it adds something, or "
                    "leave it. Nobody else sees a draft."
                ),
            )
            return redirect("ideas:edit", pk=idea.pk)
    form.hide_errors()
    return _render_submit(request, form, files, idea)


@login_required
def idea_detail(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        idea = selectors.idea_for_page(
            pk=pk, viewer=request.user, all_comments=request.GET.get("comments") == "all"
        )
    except Idea.DoesNotExist:
        raise Http404 from None
    policy.require(request.user, "ideas.view_idea", idea)
    return _render_detail(request, idea)


@login_required
def co_submitter_invitation(request: HttpRequest, pk: int) -> HttpResponse:
    """The invited person's page: confirm or decline being named co-submitter of an idea."""
    invitation = (
        CoSubmitterInvitation.objects.select_related("idea", "idea__submitter", "invited_by")
        .filter(idea_id=pk, person=request.user)
        .first()
    )
    if invitation is None:
        raise Http404
    if request.method == "POST":
        answer = request.POST.get("answer")
        if answer not in ("accept", "decline"):
            messages.error(request, _("Choose whether you confirm or decline."))
            return redirect("ideas:invitation", pk=pk)
        accept = answer == "accept"
        try:
            services.co_submitter_answer(idea=invitation.idea, by=request.user, accept=accept)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect("ideas:invitation", pk=pk)
        if accept:
            messages.success(request, _("You are now co-submitter of the idea."))
            return redirect(invitation.idea.get_absolute_url())
        messages.success(request, _("You declined. You are not named on the idea."))
        return redirect("ideas:invitation", pk=pk)
    return render(request, "ideas/invitation.html", {"invitation": invitation})


def primary_action(
    *,
    is_draft: bool,
    may_edit: bool,
    may_move: bool,
    is_responsible: bool,
    may_assess: bool,
    assessment_pending: bool,
) -> str:
    """What the idea's page puts first for the viewer (issue 12, item 10), from what the
    policy already allows them: "edit" (their own draft), "move" (answer and move: the
    responsible person, or whoever else may move it), "assess" (an assessor, before the
    mover unless the viewer is the responsible person) or "participate" (support and follow).
    """
    if is_draft:
        return "edit" if may_edit else "participate"
    if may_move and is_responsible:
        return "move"
    if may_assess and assessment_pending:
        return "assess"
    if may_move:
        return "move"
    if may_assess:
        return "assess"
    return "participate"


def _render_detail(
    request: HttpRequest,
    idea: Idea,
    *,
    move_form: MoveForm | None = None,
    comment_form: CommentForm | None = None,
    assessor_form: AssessorForm | None = None,
    responsible_form: PersonForm | None = None,
    merge_form: MergeForm | None = None,
    status: int = 200,
) -> HttpResponse:
    """The idea's page; a form given is shown as it came back (a picker's search, errors).
    Each form has its own prefix, so no two fields on the page share an id."""
    user = request.user
    stages = workflow.moves(user=user, idea=idea)
    if move_form is None and stages:
        move_form = MoveForm(stages=stages, initial={"version": idea.version})

    def may(perm: str) -> bool:
        return policy.may(user, perm, idea)

    may_assign = may("ideas.assign_assessor")
    may_view_scores = may("ideas.view_scores")
    # A blind assessor sees neither the authors (anywhere on the page) nor the others' scores.
    hidden_authors = set() if may("ideas.view_authors") else author_ids(idea)
    assessors = [
        a for a in idea.assessor_assignments.all() if may_view_scores or a.assessor_id == user.pk
    ]
    may_assess = may("ideas.assess_idea")
    context = {
        "idea": idea,
        "primary_action": primary_action(
            is_draft=idea.is_draft,
            may_edit=may("ideas.change_idea"),
            may_move=bool(stages),
            is_responsible=idea.responsible_id is not None and idea.responsible_id == user.pk,
            may_assess=may_assess,
            assessment_pending=any(
                a.assessor_id == user.pk and a.completed_at is None
                for a in idea.assessor_assignments.all()
            ),
        ),
        "move_form": move_form if stages else None,
        "comment_form": comment_form or CommentForm(),
        "today": timezone.localdate(),
        # The idea's date: an answer owed, or (parked) when it is looked at again.
        "due": workflow.due_of(idea, timezone.localdate()),
        "may_view_authors": not hidden_authors,
        "hidden_authors": hidden_authors,
        "may_assess": may_assess,
        "assessors": assessors,
        "assessor_form": (assessor_form or AssessorForm()) if may_assign else None,
        "responsible_form": (responsible_form or PersonForm())
        if may("ideas.assign_responsible")
        else None,
        "merge_form": (merge_form or MergeForm(idea=idea, viewer=user))
        if may("ideas.merge_idea")
        else None,
        "benefit_form": BenefitForm(prefix="benefit") if may("ideas.record_benefit") else None,
        # Who may attach is the policy's (`ideas.add_attachment`), as for the service;
        # the form shows while the idea has room for more.
        "attachments_form": AttachmentsForm(prefix="attachments")
        if may("ideas.add_attachment") and len(idea.attachments.all()) < services.MAX_ATTACHMENTS
        else None,
        "assessment": selectors.assessment_summary(idea=idea) if may_view_scores else None,
        # What the apps above ideas show here: the groups carrying it (core/panels.py).
        "panels": panels.for_page("ideas.detail", request, idea),
    }
    if user.pk == idea.submitter_id:
        # The submitter sees whom they asked to be co-submitters and who has not said yes.
        context["invitations"] = list(
            idea.co_submitter_invitations.exclude(status=CoSubmitterInvitation.Status.ACCEPTED)
            .select_related("person")
            .order_by("person__full_name")
        )
    return render(request, "ideas/detail.html", context, status=status)


@login_required
def idea_move(request: HttpRequest, pk: int) -> HttpResponse:
    """Move an idea with a message to the submitter (from its page or from a board)."""
    idea = get_object_or_404(Idea.objects.select_related("stage", "unit", "submitter"), pk=pk)
    policy.require(request.user, "ideas.move_idea", idea)
    stages = workflow.moves(user=request.user, idea=idea)
    if request.method != "POST":
        initial = {"version": idea.version, "to_stage": request.GET.get("to")}
        form = MoveForm(stages=stages, initial=initial)
        context = {"idea": idea, "form": form, "next": safe_next(request, "")}
        return render(request, "ideas/move.html", context)
    form = MoveForm(request.POST, stages=stages)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.idea_move(
                idea=idea,
                to_stage=data["to_stage"],
                by=request.user,
                message=data["message"],
                expected_version=data["version"],
                closing_reason=data["closing_reason"],
                lesson_learned=data["lesson_learned"],
                forwarded_to=data["forwarded_to"],
            )
        except services.IdeaChanged as error:
            messages.error(request, error.messages[0])
            return redirect(idea)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(
                request,
                _("The idea was moved to %(stage)s and the submitter was told.")
                % {"stage": data["to_stage"]},
            )
            return redirect(safe_next(request, idea.get_absolute_url()))
    context = {"idea": idea, "form": form, "next": safe_next(request, "")}
    return render(request, "ideas/move.html", context, status=400)


@require_POST
@login_required
def idea_support(request: HttpRequest, pk: int) -> HttpResponse:
    idea = get_object_or_404(Idea, pk=pk)
    policy.require(request.user, "ideas.view_idea", idea)
    try:
        if request.POST.get("action") == "remove":
            services.idea_unsupport(idea=idea, by=request.user)
        else:
            services.idea_support(idea=idea, by=request.user)
            messages.success(request, _("You support this idea."))
    except ValidationError as error:
        messages.error(request, error.messages[0])
    return _participation_response(request, pk)


@require_POST
@login_required
def idea_follow(request: HttpRequest, pk: int) -> HttpResponse:
    idea = get_object_or_404(Idea, pk=pk)
    services.idea_follow(idea=idea, by=request.user, follow=request.POST.get("action") != "remove")
    return _participation_response(request, pk)


def _participation_response(request: HttpRequest, pk: int) -> HttpResponse:
    if request.htmx:
        idea = selectors.idea_for_page(pk=pk, viewer=request.user)
        return render(request, "ideas/_participation.html", {"idea": idea})
    return redirect("ideas:detail", pk=pk)


@require_POST
@login_required
def comment_add(request: HttpRequest, pk: int) -> HttpResponse:
    idea = get_object_or_404(Idea, pk=pk)
    form = CommentForm(request.POST)
    if form.is_valid():
        try:
            comment = services.comment_add(
                idea=idea, by=request.user, body=form.cleaned_data["body"]
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            return redirect(f"{idea.get_absolute_url()}#comment-{comment.pk}")
    page_idea = selectors.idea_for_page(pk=pk, viewer=request.user)
    policy.require(request.user, "ideas.view_idea", page_idea)
    return _render_detail(request, page_idea, comment_form=form, status=400)


VIEWS = {
    "": gettext_lazy("All ideas"),
    "mine": gettext_lazy("My ideas"),
    "following": gettext_lazy("Ideas I follow"),
    "waiting": gettext_lazy("Waiting for me"),
}


@permission_required("ideas.view_board")
def idea_list(request: HttpRequest) -> HttpResponse:
    form, filters = idea_filters(request.GET)
    view = filters.view
    page = selectors.idea_list(viewer=request.user, filters=filters, page=request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "form": form,
        "page": page,
        "cards": page.object_list,
        "view": view,
        "views": VIEWS,
        "title": VIEWS[view],
        "query": query.urlencode(),
        "today": timezone.localdate(),
        "panels": panels.for_page("ideas.list", request, filters),
    }
    template = "ideas/_list_results.html" if request.htmx else "ideas/list.html"
    return render(request, template, context)


@permission_required("ideas.view_board")
def idea_board(request: HttpRequest, lane: str) -> HttpResponse:
    if lane not in Lane.values:
        raise Http404
    unit = None
    unit_id = request.GET.get("unit")
    if (unit_pk := parse_id(unit_id)) is not None:
        unit = Unit.objects.filter(pk=unit_pk).first()
    elif unit_id is None and lane == Lane.IMPROVEMENT and request.user.unit_id:
        # The improvement board is the team's own: start with the person's unit.
        unit = request.user.unit
    challenge = None
    challenge_id = parse_id(request.GET.get("challenge"))
    if challenge_id is not None:
        challenge = Challenge.objects.filter(pk=challenge_id).first()
    columns = selectors.board(
        lane=lane, viewer=request.user, unit=unit, challenge=challenge,
        back=request.get_full_path(),
    )  # fmt: skip
    unit_select = LongSelect(choices=[("", _("All units")), *unit_choices()]).render(
        "unit", unit.pk if unit else "", attrs={"id": "board-unit"}
    )
    context = {
        "challenge": challenge,
        "lane": lane,
        "lane_label": Lane(lane).label,
        "columns": columns,
        "unit": unit,
        "unit_select": unit_select,
    }
    return render(request, "ideas/board.html", context)


def _idea_or_404(pk: int) -> Idea:
    return get_object_or_404(Idea.objects.select_related("stage", "unit", "submitter"), pk=pk)


@login_required
def idea_assess(request: HttpRequest, pk: int) -> HttpResponse:
    """An assessor scores the idea on each criterion (blind: without the submitter's name)."""
    idea = _idea_or_404(pk)
    if not policy.may(request.user, "ideas.assess_idea", idea):
        if policy.is_assessor(request.user, idea):
            messages.info(request, _("The assessment of this idea is closed."))
            return redirect(idea)
        raise PermissionDenied
    criteria = Criterion.objects.filter(is_active=True)
    current = {
        score.criterion_id: (score.value, score.comment)
        for score in Score.objects.filter(idea=idea, assessor=request.user)
    }
    form = AssessmentForm(request.POST or None, criteria=criteria, current=current)
    if request.method == "POST" and form.is_valid():
        try:
            services.assessment_save(idea=idea, by=request.user, scores=form.scores())
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Thank you! Your assessment was saved."))
            return redirect("ideas:assess", pk=idea.pk)
    context = {
        "idea": idea,
        "form": form,
        "may_view_authors": policy.may(request.user, "ideas.view_authors", idea),
    }
    return render(request, "ideas/assess.html", context)


def _idea_action(
    request: HttpRequest,
    idea: Idea,
    *,
    form,
    action,
    success: str,
    anchor: str,
    page_form: str = "",
) -> HttpResponse:
    """Run a small form's service on an idea, say how it went and go back to the idea.

    `action(cleaned_data)` may return a response (e.g. to go elsewhere on success). A form
    with a picker whose search button was pressed (no JavaScript) comes back on the idea's
    page with the matches (`page_form`: its name there); nothing is saved.
    """
    if page_form and form.searching:
        form.hide_errors()
        page = selectors.idea_for_page(pk=idea.pk, viewer=request.user)
        return _render_detail(request, page, **{page_form: form})
    if form.is_valid():
        try:
            response = action(form.cleaned_data)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, success)
            if response is not None:
                return response
    else:
        messages.error(request, " ".join(m for ms in form.errors.values() for m in ms))
    return redirect(f"{idea.get_absolute_url()}#{anchor}")


def _idea_for_action(request: HttpRequest, pk: int, perm: str) -> Idea:
    """The idea an action is about, if the person may do it (the policy decides)."""
    idea = _idea_or_404(pk)
    policy.require(request.user, perm, idea)
    return idea


@require_POST
@login_required
def assessor_add(request: HttpRequest, pk: int) -> HttpResponse:
    idea = _idea_for_action(request, pk, "ideas.assign_assessor")

    def action(data):
        services.assessor_assign(
            idea=idea, assessor=data["assessor"], by=request.user, blind=data["blind"]
        )

    return _idea_action(
        request,
        idea,
        form=AssessorForm(request.POST),
        action=action,
        success=_("The assessor was asked to assess the idea."),
        anchor="assessment",
        page_form="assessor_form",
    )


@require_POST
@login_required
def responsible_change(request: HttpRequest, pk: int) -> HttpResponse:
    idea = _idea_for_action(request, pk, "ideas.assign_responsible")

    def action(data):
        services.idea_assign_responsible(idea=idea, responsible=data["person"], by=request.user)

    return _idea_action(
        request,
        idea,
        form=PersonForm(request.POST),
        action=action,
        success=_("Another person is now responsible for the idea and has been told."),
        anchor="responsible",
        page_form="responsible_form",
    )


@require_POST
@login_required
def idea_merge(request: HttpRequest, pk: int) -> HttpResponse:
    idea = _idea_for_action(request, pk, "ideas.merge_idea")

    def action(data):
        into = services.idea_merge(
            duplicate=idea, into=data["into"], by=request.user, message=data["message"]
        )
        return redirect(into)

    return _idea_action(
        request,
        idea,
        form=MergeForm(request.POST, idea=idea, viewer=request.user),
        action=action,
        success=_("The ideas were merged and everyone involved was told."),
        anchor="merge",
        page_form="merge_form",
    )


@require_POST
@login_required
def benefit_add(request: HttpRequest, pk: int) -> HttpResponse:
    idea = _idea_for_action(request, pk, "ideas.record_benefit")

    def action(data):
        services.benefit_add(idea=idea, by=request.user, **data)

    return _idea_action(
        request,
        idea,
        form=BenefitForm(request.POST, prefix="benefit"),
        action=action,
        success=_("The benefit was recorded."),
        anchor="benefits",
    )


@require_POST
@login_required
def attachments_add(request: HttpRequest, pk: int) -> HttpResponse:
    idea = _idea_for_action(request, pk, "ideas.add_attachment")

    def action(data):
        if not data["files"]:
            raise ValidationError(_("Choose at least one file."))
        services.attachments_add(idea=idea, by=request.user, files=data["files"])

    return _idea_action(
        request,
        idea,
        form=AttachmentsForm(request.POST, request.FILES, prefix="attachments"),
        action=action,
        success=_("The files were attached."),
        anchor="attachments",
    )


@login_required
def attachment_download(request: HttpRequest, pk: int, attachment_id: int) -> FileResponse:
    """Files are served only to those who may see the idea (drafts are private)."""
    attachment = get_object_or_404(
        Attachment.objects.select_related("idea"), pk=attachment_id, idea_id=pk
    )
    policy.require(request.user, "ideas.view_idea", attachment.idea)
    try:
        handle = attachment.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    return FileResponse(handle, as_attachment=True, filename=attachment.name)


def _similar_to_form(form: IdeaForm, idea: Idea | None, *, viewer) -> list[Idea]:
    # Without JavaScript the list shows when the form comes back (or opens with ?title=).
    title = form["title"].value()
    if not title or (idea is not None and not form.is_bound):
        return []
    need = form["need"].value() or ""
    return search.similar_ideas(
        title=title, text=need, exclude_id=idea.pk if idea else None, viewer=viewer
    )


@permission_required("ideas.submit_idea")
def similar_ideas(request: HttpRequest) -> HttpResponse:
    """Ideas already handed in that look like the one being written (a part of the form)."""
    ideas = search.similar_ideas(
        title=request.GET.get("title", ""),
        text=request.GET.get("need", ""),
        # When editing, the idea itself is not a duplicate of itself.
        exclude_id=parse_id(request.GET.get("exclude")),
        # Never one's own ideas (nor those one co-submitted): nobody supports those.
        viewer=request.user,
    )
    if not ideas:
        return HttpResponse("")
    # Without the request: no context processors, so no queries beyond the lookup.
    return HttpResponse(render_to_string("ideas/_similar.html", {"similar": ideas}))


@require_GET
@login_required
def pick_ideas(request: HttpRequest) -> HttpResponse:
    """An idea picker's options while typing (htmx): handed-in ideas the person may see."""
    return picker_response(
        request,
        kind="ideas",
        load=lambda numbers: selectors.ideas_pickable(numbers=numbers, viewer=request.user),
        search=partial(selectors.ideas_matching, viewer=request.user),
    )
