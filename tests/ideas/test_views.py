import datetime

import pytest
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext

from idesluss.ideas import services
from idesluss.ideas.models import Idea, IdeaEvent, Lane, Stage
from idesluss.ideas.selectors import COMMENTS_SHOWN
from idesluss.notifications.models import Kind, Notification
from tests.conftest import ROLES
from tests.factories import UnitFactory, UserFactory, make_idea
from tests.queries import page_queries


def submit_data(unit, **extra):
    data = {
        "title": "Gemensam nyckellista",
        "need": "Vi letar efter nycklar varje morgon.",
        "proposal": "Lägg nyckelinformationen i appen.",
        "lane": Lane.IMPROVEMENT,
        "unit": unit.pk,
    }
    data.update(extra)
    return data


def test_employee_submits_an_idea_and_sees_it(client, org, employee, manager):
    client.force_login(employee)
    assert client.get(reverse("ideas:submit")).status_code == 200
    response = client.post(reverse("ideas:submit"), submit_data(org["north"]))
    idea = Idea.objects.get()
    assert response.status_code == 302 and response["Location"] == idea.get_absolute_url()
    assert idea.status == "submitted" and idea.stage.code == "todo" and idea.responsible == manager
    page = client.get(idea.get_absolute_url())
    assert "Gemensam nyckellista" in page.text and manager.full_name in page.text


def test_bad_submission_changes_nothing_and_explains(client, org, employee):
    client.force_login(employee)
    response = client.post(
        reverse("ideas:submit"),
        submit_data(org["north"], title="x" * 200, need="", co_submitters="999999"),
    )
    assert response.status_code == 200
    form = response.context["form"]
    assert set(form.errors) >= {"title", "co_submitters"}
    assert not Idea.objects.exists()
    response = client.post(reverse("ideas:submit"), submit_data(org["north"], need=""))
    assert "need" in response.context["form"].errors
    assert not Idea.objects.exists()


def test_save_draft_then_hand_in(client, org, employee):
    client.force_login(employee)
    client.post(
        reverse("ideas:submit"), {"title": "Halvfärdig", "lane": "improvement", "save_draft": "1"}
    )
    draft = Idea.objects.get()
    assert draft.is_draft
    other = UserFactory(unit=org["north"])
    client.force_login(other)
    assert client.get(draft.get_absolute_url()).status_code == 403  # drafts are private
    assert client.get(reverse("ideas:edit", args=[draft.pk])).status_code == 403
    client.force_login(employee)
    response = client.post(
        reverse("ideas:edit", args=[draft.pk]), submit_data(org["north"], title="Färdig")
    )
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.status == "submitted" and draft.title == "Färdig"


def test_manager_moves_from_the_board_without_javascript(
    client, org, idea, manager, employee, stage
):
    client.force_login(manager)
    board = client.get(reverse("ideas:board", args=["innovation"]))
    move_url = reverse("ideas:move", args=[idea.pk])
    assert move_url in board.text
    form_page = client.get(move_url + "?next=/ideas/board/innovation/")
    assert form_page.status_code == 200
    response = client.post(
        move_url,
        {
            "to_stage": stage("innovation", "assessment").pk,
            "message": "Vi bedömer den på tisdag.",
            "version": idea.version,
            "next": "/ideas/board/innovation/",
        },
    )
    assert response.status_code == 302 and response["Location"] == "/ideas/board/innovation/"
    idea.refresh_from_db()
    assert idea.stage.code == "assessment"
    client.force_login(employee)
    notifications = client.get(reverse("notifications:list"))
    assert "Vi bedömer den på tisdag." in notifications.text


def test_move_without_message_is_refused_with_a_message(client, idea, manager, stage):
    client.force_login(manager)
    response = client.post(
        reverse("ideas:move", args=[idea.pk]),
        {"to_stage": stage("innovation", "assessment").pk, "message": "", "version": idea.version},
    )
    assert response.status_code == 400
    with translation.override("sv"):
        explained = gettext("Write a message to the submitter: every move must be explained.")
    assert response.context["form"].errors["message"] == [explained]
    idea.refresh_from_db()
    assert idea.stage.code == "submitted"


def test_stale_move_tells_the_manager(client, idea, manager, stage):
    client.force_login(manager)
    old = idea.version
    services.idea_move(
        idea=idea, to_stage=stage("innovation", "assessment"), by=manager, message="Först"
    )
    response = client.post(
        reverse("ideas:move", args=[idea.pk]),
        {"to_stage": stage("innovation", "parked").pk, "message": "Sen", "version": old},
        follow=True,
    )
    assert response.status_code == 200
    assert IdeaEvent.objects.filter(idea=idea, kind="moved").count() == 1
    assert any(message.level_tag == "error" for message in response.context["messages"])


@pytest.mark.parametrize("role", ROLES)
def test_move_page_per_role(client, org, idea, person_in_role, role):
    user = person_in_role(role)
    if role != "anonymous":
        client.force_login(user)
    response = client.get(reverse("ideas:move", args=[idea.pk]))
    # person_in_role makes managers manage Hemtjänst, which holds the idea's unit.
    if role in ("manager", "coordinator"):
        assert response.status_code == 200
    elif role == "anonymous":
        assert response.status_code == 302
    else:
        assert response.status_code == 403


def test_support_and_follow_by_form_and_htmx(client, idea, org):
    colleague = UserFactory(unit=org["north"])
    client.force_login(colleague)
    response = client.post(reverse("ideas:support", args=[idea.pk]))
    assert response.status_code == 302
    idea.refresh_from_db()
    assert idea.support_count == 1
    again = client.post(reverse("ideas:support", args=[idea.pk]), follow=True)
    idea.refresh_from_db()
    assert idea.support_count == 1  # still one; the page shows they support it
    assert again.status_code == 200
    partial = client.post(reverse("ideas:follow", args=[idea.pk]), HTTP_HX_REQUEST="true")
    assert partial.status_code == 200 and 'id="participation"' in partial.text
    assert "<html" not in partial.text


def test_comment_errors_show_on_the_page(client, idea, org):
    client.force_login(UserFactory(unit=org["north"]))
    response = client.post(reverse("ideas:comment", args=[idea.pk]), {"comment-body": ""})
    assert response.status_code == 400
    assert idea.comments.count() == 0
    response = client.post(reverse("ideas:comment", args=[idea.pk]), {"comment-body": "Bra!"})
    assert response.status_code == 302
    assert idea.comments.count() == 1


def test_unknown_idea_and_board_give_404(client, employee):
    client.force_login(employee)
    assert client.get(reverse("ideas:detail", args=[999999])).status_code == 404
    assert client.get("/ideas/board/nonsense/").status_code == 404


def test_list_filters_and_views(client, org, employee, manager, stage):
    a = make_idea(submitter=employee, unit=org["north"], title="Nyckelskåp i appen")
    b = make_idea(unit=org["bou"], title="Regnkläder att låna", lane=Lane.IMPROVEMENT)
    services.idea_move(idea=a, to_stage=stage("innovation", "assessment"), by=manager, message="Ok")
    client.force_login(employee)
    url = reverse("ideas:list")

    def titles(query):
        return [card.title for card in client.get(url + query).context["page"].object_list]

    assert set(titles("")) == {a.title, b.title}
    assert titles("?q=nyckelskåp") == [a.title]
    assert titles("?lane=improvement") == [b.title]
    assert titles(f"?unit={org['vo'].pk}") == [a.title]  # the whole subtree
    assert titles(f"?stage={stage('innovation', 'assessment').pk}") == [a.title]
    assert titles("?view=mine") == [a.title]
    assert titles("?view=following") == [a.title]
    assert client.get(url + "?sort=bogus&page=zz&stage=abc").status_code == 200
    client.force_login(manager)
    assert set(titles("?view=waiting")) == {a.title}


def _queries(client, url) -> int:
    return page_queries(client, url)


def test_idea_pages_use_a_fixed_number_of_queries(client, org, manager, employee, stage):
    first = make_idea(submitter=employee, unit=org["north"])
    client.force_login(manager)
    urls = [
        reverse("ideas:list"),
        reverse("ideas:list") + "?view=waiting",
        reverse("ideas:board", args=["innovation"]),
        reverse("ideas:board", args=["improvement"]) + f"?unit={org['vo'].pk}",
        first.get_absolute_url(),
        reverse("home:start"),
    ]
    before = {url: _queries(client, url) for url in urls}
    for n in range(30):  # more than a page and a board column hold
        unit = org["north"] if n % 2 else UnitFactory(parent=org["ht"])
        idea = make_idea(unit=unit, lane=Lane.INNOVATION if n % 3 else Lane.IMPROVEMENT)
        services.idea_support(idea=first, by=UserFactory())
        services.comment_add(idea=first, by=UserFactory(), body=f"Kommentar {n}")
        if n % 2:
            services.idea_move(
                idea=idea,
                to_stage=idea.stage.transitions_out.first().to_stage,
                by=manager,
                message="Vidare",
            )
    after = {url: _queries(client, url) for url in urls}
    assert after == before
    assert max(after.values()) <= 25


def test_idea_page_shows_the_latest_comments_and_all_on_request(client, org, employee):
    idea = make_idea(submitter=employee, unit=org["north"])
    for n in range(COMMENTS_SHOWN + 3):
        services.comment_add(idea=idea, by=UserFactory(), body=f"Kommentar nummer {n}")
    client.force_login(employee)
    page = client.get(idea.get_absolute_url())
    shown = [comment.body for comment in page.context["idea"].shown_comments]
    # The latest ones, oldest first, and a way to all of them.
    assert shown == [f"Kommentar nummer {n}" for n in range(3, COMMENTS_SHOWN + 3)]
    assert 'href="?comments=all#comments-heading"' in page.text
    everything = client.get(idea.get_absolute_url(), {"comments": "all"})
    assert len(everything.context["idea"].shown_comments) == COMMENTS_SHOWN + 3
    assert "Kommentar nummer 0" in everything.text
    assert 'href="?comments=all#comments-heading"' not in everything.text
    # The notification of a comment leads to it even when it is no longer among the latest.
    [told] = Notification.objects.filter(recipient=employee, kind=Kind.IDEA_COMMENTED)[:1]
    assert "?comments=all#comment-" in told.url


def test_idea_page_shows_times_in_the_local_time_zone(client, org, employee, settings):
    settings.TIME_ZONE = "Europe/Stockholm"
    idea = make_idea(submitter=employee, unit=org["north"])
    comment = services.comment_add(idea=idea, by=employee, body="Sent på kvällen")
    late = datetime.datetime(2026, 3, 5, 23, 30, tzinfo=datetime.UTC)  # 00:30 in Stockholm
    type(comment).objects.filter(pk=comment.pk).update(created_at=late)
    IdeaEvent.objects.filter(idea=idea).update(created_at=late)
    Idea.objects.filter(pk=idea.pk).update(submitted_at=late)
    client.force_login(employee)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    page = client.get(idea.get_absolute_url()).text
    assert '<time datetime="2026-03-06T00:30:00+01:00">Fri 6 Mar 2026, 00:30</time>' in page
    assert "<dd>6 March 2026</dd>" in page
    # In Swedish, in the Swedish style (issue 12, item 7).
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "sv"
    page = client.get(idea.get_absolute_url()).text
    assert '<time datetime="2026-03-06T00:30:00+01:00">fre 6 mar 2026 kl. 00.30</time>' in page
    assert "<dd>6 mars 2026</dd>" in page


def test_the_history_says_what_happened_when_the_idea_was_handed_in(client, org, employee):
    """Not "Inskickad – nu Inskickad": handing in and the lane it went to."""
    idea = make_idea(submitter=employee, unit=org["north"], lane=Lane.IMPROVEMENT)
    client.force_login(employee)
    page = client.get(idea.get_absolute_url()).text
    history = page[page.index('class="timeline') :]
    assert "<p>Inskickad · Förbättring</p>" in history
    assert "– nu" not in history


def test_only_ideas_waiting_for_an_answer_are_overdue(client, org, employee, manager, stage):
    """A finished idea's answer date has passed, but it waits for nobody: not "Försenad"
    on its page, its card, the board, or in the overdue filter (issue 12, item 2)."""
    waiting = make_idea(submitter=employee, unit=org["north"], title="Väntar på svar")
    done = make_idea(submitter=employee, unit=org["north"], title="Redan klar")
    final = Stage.objects.filter(lane=done.lane, is_final=True).first()
    past = timezone.localdate() - datetime.timedelta(days=3)
    Idea.objects.filter(pk__in=[waiting.pk, done.pk]).update(response_due=past)
    Idea.objects.filter(pk=done.pk).update(stage=final)  # implemented (the way there aside)
    client.force_login(manager)
    assert '<span class="overdue">' in client.get(waiting.get_absolute_url()).text
    assert '<span class="overdue">' not in client.get(done.get_absolute_url()).text
    overdue = client.get(reverse("ideas:list"), {"overdue": "on"}).context["page"]
    assert [card.title for card in overdue.object_list] == ["Väntar på svar"]
    cards = {card.title: card for card in client.get(reverse("ideas:list")).context["cards"]}
    assert cards["Väntar på svar"].overdue and not cards["Redan klar"].overdue
    columns = client.get(reverse("ideas:board", args=[done.lane]), {"unit": ""}).context
    board = {card.title: card for column in columns["columns"] for card in column.ideas}
    assert board["Väntar på svar"].overdue and not board["Redan klar"].overdue


def test_stale_move_to_a_stage_no_longer_offered_tells_the_manager(client, idea, manager, stage):
    """Two coordinators racing: the second one's page offered the stages of before the
    first one's move; the choice is no longer valid, and what happened is said."""
    client.force_login(manager)
    old = idea.version
    services.idea_move(
        idea=idea, to_stage=stage("innovation", "assessment"), by=manager, message="Först"
    )
    stale_choice = stage("innovation", "assessment")  # the idea is there already
    response = client.post(
        reverse("ideas:move", args=[idea.pk]),
        {"to_stage": stale_choice.pk, "message": "Sen", "version": old},
        follow=True,
    )
    assert response.status_code == 200
    assert IdeaEvent.objects.filter(idea=idea, kind="moved").count() == 1
    with translation.override("sv"):
        changed = gettext(
            "Someone else changed this idea while you were looking at it. "
            "Your move was not saved: look at the idea again and decide anew."
        )
    assert [str(message) for message in response.context["messages"]] == [changed]
