"""What an idea's date means: an answer owed (and late after it), or for a parked idea the
day it is looked at again (issue 12, item 3); what waits for a person comes most urgent
first, with its date (item 11)."""

import datetime

from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext

from idesluss.core.dates import format_date
from idesluss.ideas import selectors, services
from idesluss.ideas.models import Idea
from tests.factories import make_idea


def sv(text: str) -> str:
    with translation.override("sv"):
        return gettext(text)


def park(idea, manager, stage):
    return services.idea_move(
        idea=idea, to_stage=stage(idea.lane, "parked"), by=manager,
        message="Bra idé, vi tar upp den igen i höst.",
    )  # fmt: skip


def test_a_parked_idea_has_a_review_date_and_waits_for_nobody_until_then(
    client, org, employee, manager, stage
):
    idea = make_idea(submitter=employee, unit=org["north"], title="Parkerad idé")
    assert idea.responsible == manager
    assert selectors.waiting_for(manager).filter(pk=idea.pk).exists()
    parked = park(idea, manager, stage)
    review = parked.response_due
    assert review is not None and review > timezone.localdate()
    # Not waiting for the responsible person, counted nowhere, late nowhere.
    assert not selectors.waiting_for(manager).filter(pk=idea.pk).exists()
    assert selectors.counts_for_person(manager)["waiting"] == 0
    client.force_login(manager)
    start = client.get(reverse("home:start"))
    assert start.context["waiting"] == [] and 'id="waiting-for-me"' not in start.text
    waiting = client.get(reverse("ideas:list"), {"view": "waiting"}).context["cards"]
    assert list(waiting) == []
    # Its page says when it is looked at again, not when an answer is due.
    page = client.get(idea.get_absolute_url()).text
    assert f"<dt>{sv('Review on')}</dt>" in page and f"<dt>{sv('Answer due')}</dt>" not in page
    cards = client.get(reverse("ideas:list")).context["cards"]
    card = next(card for card in cards if card.title == "Parkerad idé")
    assert card.due.review and card.due.on == review and not card.overdue


def test_a_parked_idea_comes_back_to_the_responsible_on_its_review_date(
    client, org, employee, manager, stage
):
    idea = make_idea(submitter=employee, unit=org["north"], title="Tillbaka i höst")
    park(idea, manager, stage)
    today = timezone.localdate()
    for days_ago in (0, 30):  # on the day, and long after it: waiting, never "late"
        Idea.objects.filter(pk=idea.pk).update(
            response_due=today - datetime.timedelta(days=days_ago)
        )
        assert selectors.waiting_for(manager).filter(pk=idea.pk).exists()
        counts = selectors.counts_for_person(manager)
        assert (counts["waiting"], counts["overdue"]) == (1, 0)
        assert not selectors.overdue(Idea.objects.all()).exists()
    client.force_login(manager)
    start = client.get(reverse("home:start"))
    [entry] = start.context["waiting"]
    assert entry.idea.pk == idea.pk and entry.due.review and not entry.due.overdue
    assert (
        'class="overdue"' not in start.text.split('id="waiting-for-me"')[1].split("</section>")[0]
    )
    page = client.get(idea.get_absolute_url()).text
    assert f"<dt>{sv('Review on')}</dt>" in page and '<span class="overdue">' not in page
    board = client.get(reverse("ideas:board", args=[idea.lane]), {"unit": ""}).context
    [card] = [card for column in board["columns"] for card in column.ideas]
    assert card.due.review and not card.overdue


def test_moving_a_parked_idea_on_makes_its_date_an_answer_date_again(
    client, org, employee, manager, stage
):
    idea = make_idea(submitter=employee, unit=org["north"])
    park(idea, manager, stage)
    services.idea_move(
        idea=idea, to_stage=stage(idea.lane, "assessment"), by=manager, message="Nu kör vi."
    )
    assert selectors.waiting_for(manager).filter(pk=idea.pk).exists()
    Idea.objects.filter(pk=idea.pk).update(
        response_due=timezone.localdate() - datetime.timedelta(days=1)
    )
    assert selectors.overdue(Idea.objects.all()).get() == idea
    client.force_login(manager)
    page = client.get(idea.get_absolute_url()).text
    assert f"<dt>{sv('Answer due')}</dt>" in page and '<span class="overdue">' in page


def test_waiting_for_me_comes_most_urgent_first_with_the_date(client, org, employee, manager):
    """The list of ideas waiting for me: the earliest date first (not the newest), and each
    card says by when (issue 12, item 11)."""
    today = timezone.localdate()
    titles = {"Om en vecka": 7, "Försenad": -2, "I morgon": 1, "Utan datum": None}
    for title, days in titles.items():
        idea = make_idea(submitter=employee, unit=org["north"], title=title)
        due = None if days is None else today + datetime.timedelta(days=days)
        Idea.objects.filter(pk=idea.pk).update(response_due=due)
    client.force_login(manager)
    response = client.get(reverse("ideas:list"), {"view": "waiting"})
    cards = response.context["cards"]
    assert [card.title for card in cards] == ["Försenad", "I morgon", "Om en vecka", "Utan datum"]
    assert cards[0].overdue and cards[1].due.on == today + datetime.timedelta(days=1)
    with translation.override("sv"):
        when = format_date(today + datetime.timedelta(days=1))
        assert gettext("Answer by %(date)s") % {"date": when} in response.text
    # The sort picker says what the list is sorted by; another sort can still be chosen.
    assert response.context["form"]["sort"].value() == "due"
    newest = client.get(reverse("ideas:list"), {"view": "waiting", "sort": "newest"})
    assert newest.context["cards"][0].title == "Utan datum"
    # All ideas stay newest first.
    everything = client.get(reverse("ideas:list")).context["cards"]
    assert everything[0].title == "Utan datum"
