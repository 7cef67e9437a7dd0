"""Issue 12, items 16–18: people and ideas are chosen with the search-as-you-type pickers
(with and without JavaScript), only among those the person may choose; the similar-ideas
box supports an idea without losing the one being written; no two fields of a page share
an id."""

from collections import Counter
from html.parser import HTMLParser

import pytest
from django.urls import reverse

from idesluss.ideas import search
from idesluss.ideas.models import AssessorAssignment, CoSubmitterInvitation, Idea, Support
from tests.factories import UserFactory, make_idea


class _Ids(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.ids: Counter[str] = Counter()
        self.label_targets: list[str] = []

    def handle_starttag(self, tag, attrs) -> None:
        attributes = dict(attrs)
        if attributes.get("id"):
            self.ids[attributes["id"]] += 1
        if tag == "label" and attributes.get("for"):
            self.label_targets.append(attributes["for"])


def page_ids(html: str) -> _Ids:
    parser = _Ids()
    parser.feed(html)
    return parser


@pytest.fixture
def bertil(org):
    return UserFactory(full_name="Bertil Bengtsson", unit=org["north"])


def test_the_idea_page_has_no_duplicate_ids_and_every_label_points_at_a_field(
    client, idea, manager
):
    client.force_login(manager)  # the manager sees every form: move, assess, merge, …
    page = client.get(idea.get_absolute_url())
    html = page.text
    for name in ("assessor-assessor_q", "responsible-person_q", "merge-into_q", "comment-body"):
        assert f'name="{name}"' in html, name
    found = page_ids(html)
    assert [id_ for id_, count in found.ids.items() if count > 1] == []
    assert [target for target in found.label_targets if target not in found.ids] == []


def test_an_assessor_is_found_and_chosen_without_javascript(client, idea, manager, bertil):
    client.force_login(manager)
    url = reverse("ideas:assessor_add", args=[idea.pk])
    page = client.post(url, {"assessor-assessor_q": "bertil", "pick": "assessor-assessor"})
    assert page.status_code == 200 and not AssessorAssignment.objects.exists()
    assert (
        f'<input type="radio" name="assessor-assessor" value="{bertil.pk}" '
        f'id="id_assessor-assessor_{bertil.pk}">' in page.text
    )
    response = client.post(url, {"assessor-assessor": bertil.pk, "assessor-blind": "on"})
    assert response.status_code == 302
    assignment = AssessorAssignment.objects.get()
    assert assignment.assessor == bertil


def test_a_person_without_an_account_cannot_be_chosen(client, idea, manager, bertil):
    type(bertil).objects.filter(pk=bertil.pk).update(is_active=False)
    client.force_login(manager)
    for name, data in [
        ("ideas:assessor_add", {"assessor-assessor": bertil.pk}),
        ("ideas:responsible", {"responsible-person": bertil.pk}),
        # Two at once for a single choice.
        ("ideas:assessor_add", {"assessor-assessor": [manager.pk, bertil.pk]}),
    ]:
        response = client.post(reverse(name, args=[idea.pk]), data, follow=True)
        assert any(m.level_tag == "error" for m in response.context["messages"]), name
    idea.refresh_from_db()
    assert not AssessorAssignment.objects.exists() and idea.responsible != bertil


def test_the_merge_target_is_found_by_number_or_address_never_itself(client, idea, manager, org):
    other = make_idea(unit=org["north"], title="Nyckelskåp med kod")
    draft = make_idea(unit=org["north"], title="Hemligt utkast", submit=False)
    client.force_login(manager)
    lookup = reverse("ideas:pick_ideas")
    for typed in (str(other.pk), f"#{other.pk}", f"http://testserver/ideas/{other.pk}/"):
        found = client.get(lookup, {"field": "merge-into", "one": "1", "merge-into_q": typed})
        assert f'value="{other.pk}"' in found.text and 'type="radio"' in found.text, typed
    for hidden in (idea.pk, draft.pk):
        found = client.get(
            lookup, {"field": "merge-into", "merge-into_q": str(hidden), "except": str(idea.pk)}
        )
        assert f'value="{hidden}"' not in found.text
    url = reverse("ideas:merge", args=[idea.pk])
    for target in (idea.pk, draft.pk):
        client.post(url, {"merge-into": target, "merge-message": "Samma"})
        idea.refresh_from_db()
        assert idea.status == Idea.Status.SUBMITTED
    response = client.post(url, {"merge-into": other.pk, "merge-message": "Samma idé"})
    assert response.status_code == 302 and response["Location"] == other.get_absolute_url()
    idea.refresh_from_db()
    assert idea.status == Idea.Status.MERGED


def test_the_lookups_answer_only_those_signed_in_and_refuse_odd_field_names(client, employee):
    people, ideas = reverse("accounts:pick_people"), reverse("ideas:pick_ideas")
    assert client.get(people, {"field": "x", "x_q": "a"}).status_code == 302
    client.force_login(employee)
    for url in (people, ideas):
        assert client.get(url).status_code == 400
        assert client.get(url, {"field": '"><script>'}).status_code == 400
        assert (
            client.get(url, {"field": "x", "x": ["²", "9" * 30], "x_q": "\x00"}).status_code == 200
        )


def test_co_submitters_are_searched_without_javascript_and_never_oneself(
    client, org, employee, bertil
):
    client.force_login(employee)
    data = {
        "title": "Gemensam nyckellista",
        "need": "Vi letar",
        "proposal": "En lista i appen.",
        "lane": "improvement",
        "unit": org["north"].pk,
        "co_submitters_q": "kommunen.example",
        "pick": "co_submitters",
    }
    page = client.post(reverse("ideas:submit"), data)
    assert page.status_code == 200 and not Idea.objects.exists()
    assert f'name="co_submitters" value="{bertil.pk}"' in page.text
    assert f'name="co_submitters" value="{employee.pk}"' not in page.text
    assert 'value="Gemensam nyckellista"' in page.text
    del data["pick"], data["co_submitters_q"]
    response = client.post(reverse("ideas:submit"), {**data, "co_submitters": [bertil.pk]})
    assert response.status_code == 302
    assert CoSubmitterInvitation.objects.get().person == bertil


def test_similar_ideas_leave_out_ones_own_and_co_submitted_ideas(org, employee, bertil):
    own = make_idea(submitter=employee, title="Nyckelskåp i hemtjänsten")
    shared = make_idea(submitter=bertil, title="Nyckelskåp för hemtjänsten")
    Idea.co_submitters.through.objects.create(idea=shared, user=employee)
    others = make_idea(unit=org["north"], title="Nyckelskåp hemtjänsten norr")
    everyone = search.similar_ideas(title="Nyckelskåp hemtjänsten")
    assert {own, shared, others} <= set(everyone)
    mine_left_out = search.similar_ideas(title="Nyckelskåp hemtjänsten", viewer=employee)
    assert others in mine_left_out and own not in mine_left_out and shared not in mine_left_out


def test_supporting_from_the_similar_box_keeps_the_idea_as_a_draft(client, org, employee):
    other = make_idea(unit=org["north"], title="Nyckelskåp med kod")
    client.force_login(employee)
    data = {
        "title": "Nyckelskåp med kod",
        "need": "Vi letar efter nycklar",
        "lane": "improvement",
        "unit": org["north"].pk,
    }
    page = client.post(reverse("ideas:submit"), {**data, "pick": "co_submitters"})
    assert f'name="support_similar" value="{other.pk}"' in page.text
    response = client.post(reverse("ideas:submit"), {**data, "support_similar": other.pk})
    draft = Idea.objects.get(submitter=employee)
    assert draft.status == Idea.Status.DRAFT and draft.need == "Vi letar efter nycklar"
    assert response.status_code == 302 and response["Location"] == reverse(
        "ideas:edit", args=[draft.pk]
    )
    assert Support.objects.filter(idea=other, user=employee).exists()
    # Supporting again from the draft's page keeps the draft and says why nothing changed.
    response = client.post(
        reverse("ideas:edit", args=[draft.pk]), {**data, "support_similar": other.pk}, follow=True
    )
    assert Idea.objects.filter(submitter=employee).count() == 1
    assert Support.objects.filter(idea=other).count() == 1
    assert any(m.level_tag == "error" for m in response.context["messages"])


def test_supporting_ones_own_idea_from_the_box_is_refused(client, org, employee):
    own = make_idea(submitter=employee, title="Nyckelskåp med kod")
    client.force_login(employee)
    response = client.post(
        reverse("ideas:submit"),
        {"title": "Något annat", "lane": "improvement", "support_similar": own.pk},
        follow=True,
    )
    assert not Support.objects.exists()
    assert any(m.level_tag == "error" for m in response.context["messages"])


def test_an_empty_picker_box_sent_by_hand_chooses_nobody(client, org, employee):
    """A form posted without the widget (a script, an old page) may send `co_submitters=`:
    nobody is chosen and the idea is handed in; a value that names no row is refused."""
    client.force_login(employee)
    data = {
        "title": "Gemensam nyckellista",
        "need": "Vi letar efter nycklar varje morgon.",
        "proposal": "Lägg nyckelinformationen i appen.",
        "lane": "improvement",
        "unit": org["north"].pk,
    }
    refused = client.post(reverse("ideas:submit"), {**data, "co_submitters": "x"})
    assert refused.status_code == 200 and "co_submitters" in refused.context["form"].errors
    response = client.post(reverse("ideas:submit"), {**data, "co_submitters": ""})
    assert response.status_code == 302
    assert Idea.objects.get(title="Gemensam nyckellista").co_submitters.count() == 0
