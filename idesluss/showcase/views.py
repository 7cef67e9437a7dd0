"""Good examples, news and the public showcase: thin views over the services and selectors."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from idesluss.core.http import apply_errors, parse_id
from idesluss.groups.models import Group
from idesluss.ideas.models import Idea
from idesluss.showcase import selectors, services
from idesluss.showcase.forms import ExampleForm, NewsForm, SettingsForm
from idesluss.showcase.models import GoodExample, NewsPost
from idesluss.showcase.policy import implemented_q, policy

# Good examples -------------------------------------------------------------------------------


@login_required
def example_list(request: HttpRequest) -> HttpResponse:
    """The published good examples; the drafts one may see under "Drafts"."""
    drafts = request.GET.get("view") == "drafts"
    page, cards = selectors.example_list(
        viewer=request.user, page=request.GET.get("page"), drafts=drafts
    )
    context = {
        "page": page,
        "cards": cards,
        "drafts": drafts,
        "may_write_news": policy.may(request.user, "showcase.change_news"),
        "may_manage": policy.may(request.user, "showcase.manage_showcase"),
    }
    return render(request, "showcase/example_list.html", context)


def _example_or_404(request: HttpRequest, pk: int) -> GoodExample:
    example = get_object_or_404(GoodExample.objects.select_related("idea", "group"), pk=pk)
    if not policy.may(request.user, "showcase.view_example", example):
        raise Http404
    return example


def example_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """A good example: public ones for anybody, published ones for those signed in, drafts
    for their author and the coordinator (anyone else: not there)."""
    try:
        page = selectors.example_for_page(pk=pk, viewer=request.user)
    except GoodExample.DoesNotExist:
        raise Http404 from None
    example = page.example
    user = request.user
    context = {
        "example": example,
        "named": page.named,
        "goals": page.goals,
        "vision_goals": page.vision_goals,
        "consents": page.consents,
        "may_change": policy.may(user, "showcase.change_example", example),
        "may_feature": example.is_published and policy.may(user, "showcase.feature_example"),
        "this_month": timezone.localdate().replace(day=1),
        # Links back to the idea or group only for those signed in (the page checks them).
        "signed_in": user.is_authenticated,
    }
    return render(request, "showcase/example_detail.html", context)


def example_image(request: HttpRequest, pk: int) -> FileResponse:
    """The image, to those who may see the example."""
    example = _example_or_404(request, pk)
    if not example.image:
        raise Http404
    try:
        handle = example.image.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    return FileResponse(handle)


def _source(request: HttpRequest) -> tuple[Idea | None, Group | None]:
    data = request.POST if request.method == "POST" else request.GET
    idea_id, group_id = parse_id(data.get("idea")), parse_id(data.get("group"))
    idea = group = None
    if idea_id is not None:
        idea = (
            Idea.objects.filter(implemented_q(), pk=idea_id)
            .select_related("submitter", "unit")
            .first()
        )
        if idea is None or not request.user.has_perm("ideas.view_idea", idea):
            raise Http404
        policy.require(request.user, "showcase.add_example", idea)
    elif group_id is not None:
        group = Group.objects.select_related("coach").filter(pk=group_id).first()
        if group is None or not request.user.has_perm("groups.view_group", group):
            raise Http404
        policy.require(request.user, "showcase.add_example")
    else:
        policy.require(request.user, "showcase.add_example")
    return idea, group


@login_required
def example_create(request: HttpRequest) -> HttpResponse:
    """Write a draft good example, from an implemented idea (?idea=) or a group (?group=)."""
    idea, group = _source(request)
    people = services.people_to_name(idea=idea, group=group)
    initial = ExampleForm.initial_from_idea(idea) if idea else {}
    if group is not None:
        initial = {"title": group.name, "summary": group.purpose[:300]}
    form = ExampleForm(request.POST or None, request.FILES or None, people=people, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            example = services.example_create(
                by=request.user, data=form.to_input(), idea=idea, group=group
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("The draft was saved. Publish it when it is ready."))
            return redirect(example)
    status = 400 if form.errors else 200
    context = {"form": form, "example": None, "idea": idea, "group": group}
    return render(request, "showcase/example_form.html", context, status=status)


@login_required
def example_edit(request: HttpRequest, pk: int) -> HttpResponse:
    example = _example_or_404(request, pk)
    policy.require(request.user, "showcase.change_example", example)
    people = services.people_to_name(idea=example.idea, group=example.group)
    form = ExampleForm(
        request.POST or None,
        request.FILES or None,
        people=people,
        initial=ExampleForm.initial_for(example),
    )
    if request.method == "POST" and form.is_valid():
        try:
            example = services.example_update(
                example=example, by=request.user, data=form.to_input()
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("The good example was saved."))
            return redirect(example)
    status = 400 if form.errors else 200
    context = {"form": form, "example": example, "idea": example.idea, "group": example.group}
    return render(request, "showcase/example_form.html", context, status=status)


@login_required
@require_POST
def example_publish(request: HttpRequest, pk: int) -> HttpResponse:
    example = _example_or_404(request, pk)
    policy.require(request.user, "showcase.change_example", example)
    publish = request.POST.get("publish") != "no"
    services.example_publish(example=example, by=request.user, publish=publish)
    if publish:
        messages.success(request, _("The good example was published."))
    else:
        messages.success(request, _("The good example is a draft again."))
    return redirect(example)


@login_required
@require_POST
def example_feature(request: HttpRequest, pk: int) -> HttpResponse:
    """Make the example this month's good example."""
    example = _example_or_404(request, pk)
    policy.require(request.user, "showcase.feature_example")
    try:
        services.example_feature(
            example=example, by=request.user, month=timezone.localdate().replace(day=1)
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("This is now the month's good example."))
    return redirect(example)


# News ----------------------------------------------------------------------------------------


@login_required
def news_list(request: HttpRequest) -> HttpResponse:
    policy.require(request.user, "showcase.view_news")
    may_write = policy.may(request.user, "showcase.change_news")
    page = selectors.news_list(page=request.GET.get("page"), include_future=may_write)
    context = {"page": page, "may_write": may_write, "today": timezone.localdate()}
    return render(request, "showcase/news_list.html", context)


def _news_or_404(request: HttpRequest, pk: int) -> NewsPost:
    post = get_object_or_404(NewsPost, pk=pk)
    policy.require(request.user, "showcase.view_news", post)
    if post.published_on > timezone.localdate() and not policy.may(
        request.user, "showcase.change_news"
    ):
        raise Http404
    return post


@login_required
def news_post(request: HttpRequest, pk: int) -> HttpResponse:
    post = _news_or_404(request, pk)
    context = {"post": post, "may_write": policy.may(request.user, "showcase.change_news")}
    return render(request, "showcase/news_post.html", context)


@login_required
def news_image(request: HttpRequest, pk: int) -> FileResponse:
    post = _news_or_404(request, pk)
    if not post.image:
        raise Http404
    try:
        handle = post.image.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    return FileResponse(handle)


@login_required
def news_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    """Write a news post, or change one."""
    post = _news_or_404(request, pk) if pk is not None else None
    policy.require(request.user, "showcase.change_news")
    initial = NewsForm.initial_for(post) if post else {"published_on": timezone.localdate()}
    form = NewsForm(request.POST or None, request.FILES or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            if post is None:
                post = services.news_create(by=request.user, data=form.to_input())
            else:
                post = services.news_update(post=post, by=request.user, data=form.to_input())
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("The news was saved."))
            return redirect(post)
    status = 400 if form.errors else 200
    return render(request, "showcase/news_form.html", {"form": form, "post": post}, status=status)


# The public showcase -------------------------------------------------------------------------


def showcase(request: HttpRequest) -> HttpResponse:
    """The public showcase, for anybody: public good examples and, as the organisation
    chooses, open challenges and key figures. No person's name unless they agreed."""
    settings = selectors.showcase_settings()
    examples = selectors.published_public_examples(limit=30)
    context = {
        "examples": examples,
        "challenges": selectors.public_challenges() if settings.show_open_challenges else None,
        "figures": selectors.key_figures_kept() if settings.show_key_figures else None,
        "may_manage": policy.may(request.user, "showcase.manage_showcase"),
    }
    return render(request, "showcase/showcase.html", context)


@login_required
def showcase_settings(request: HttpRequest) -> HttpResponse:
    """The coordinator chooses what the public showcase shows."""
    policy.require(request.user, "showcase.manage_showcase")
    current = selectors.showcase_settings()
    form = SettingsForm(
        request.POST or None,
        initial={
            "show_key_figures": current.show_key_figures,
            "show_open_challenges": current.show_open_challenges,
        },
    )
    if request.method == "POST" and form.is_valid():
        services.showcase_settings_save(by=request.user, **form.cleaned_data)
        messages.success(request, _("The public showcase was saved."))
        return redirect("showcase:showcase")
    status = 400 if form.errors else 200
    return render(request, "showcase/settings.html", {"form": form}, status=status)
