"""What the showcase shows on other apps' pages (core/panels.py): the good examples told from
an idea (and "Make it a good example" on an implemented one), and on the start page the
month's good example, the latest news and the way to the public showcase."""

from django.http import HttpRequest

from idesluss.core import panels
from idesluss.ideas.models import Idea
from idesluss.showcase import selectors
from idesluss.showcase.policy import policy


@panels.register("ideas.detail", order=30)
def examples_of_the_idea(request: HttpRequest, idea) -> panels.Panel | None:
    """The good examples told from the idea that the viewer may see, and for an implemented
    idea "Make it a good example" for those who may."""
    if idea.is_draft:
        return None
    examples = selectors.examples_of(viewer=request.user, idea_id=idea.pk)
    may_make = (
        bool(idea.stage_id)
        and idea.stage.is_final
        and idea.stage.kind == "main"
        and idea.status == Idea.Status.SUBMITTED
        and policy.may(request.user, "showcase.add_example", idea)
    )
    if not examples and not may_make:
        return None
    return panels.Panel(
        "showcase/_idea_panel.html",
        {"examples": examples, "make_from": idea.pk if may_make else None},
    )


@panels.register("groups.detail", order=30)
def examples_of_the_group(request: HttpRequest, group) -> panels.Panel | None:
    """The good examples told from a workgroup or pilot group, and "Make it a good example"
    for those who may."""
    examples = selectors.examples_of(viewer=request.user, group_id=group.pk)
    may_make = policy.may(request.user, "showcase.add_example")
    if not examples and not may_make:
        return None
    return panels.Panel(
        "showcase/_group_panel.html",
        {"examples": examples, "make_from": group.pk if may_make else None},
    )


@panels.register("home.start", order=40)
def showcase_on_the_start_page(request: HttpRequest, person) -> panels.Panel:
    """The month's good example (only a published one the visitor may see), the latest
    news for those signed in, and the link to the public showcase for everyone."""
    signed_in = bool(person.is_authenticated)
    return panels.Panel(
        "showcase/_start_panel.html",
        {
            "featured": selectors.example_of_the_month(viewer=person),
            "news": selectors.latest_news() if signed_in else [],
            "signed_in": signed_in,
        },
    )
