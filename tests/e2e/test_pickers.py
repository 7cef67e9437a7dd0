"""Issue 12, items 16, 17 and 19 in the browser: a manager chooses an assessor and a merge
target with the pickers (with JavaScript at desktop width, without on a phone); a person
writing an idea supports a similar one and finds their own kept as a draft; someone invited
to a workshop who opens its live board is told to sign up, and gets in with the button.
Every page is checked with axe and for duplicate ids."""

from django.urls import reverse
from playwright.sync_api import expect

from idesluss.ideas.models import AssessorAssignment, Idea, Support
from idesluss.workshops import services as workshop_services
from idesluss.workshops.models import SignUp, Workshop
from tests.e2e.a11y import check_a11y, visit
from tests.e2e.helpers import sign_in
from tests.factories import UserFactory, make_idea, make_workshop

DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 360, "height": 740}


def test_a_manager_chooses_an_assessor_and_a_merge_target_with_and_without_javascript(
    new_page, live_server, org, manager
):
    idea = make_idea(unit=org["ht"], title="Nyckelskåp med kod")
    target = make_idea(unit=org["ht"], title="Digitala nycklar i hemtjänsten")
    bertil = UserFactory(full_name="Bertil Bengtsson", unit=org["north"])
    for number in range(20):
        UserFactory(full_name=f"Kollega {number}", unit=org["north"])

    # With JavaScript, at desktop width: the matches come while typing.
    desk = new_page(viewport=DESKTOP)
    sign_in(desk, manager.email)
    visit(desk, idea.get_absolute_url())
    form = desk.locator(f'form[action="{reverse("ideas:assessor_add", args=[idea.pk])}"]')
    form.locator('input[name="assessor-assessor_q"]').fill("bertil")
    expect(form.locator("#id_assessor-assessor_status")).to_contain_text("bertil")
    form.locator(f'input[type="radio"][value="{bertil.pk}"]').check()
    check_a11y(desk)
    form.locator('button:not([name="pick"])').click()
    check_a11y(desk)
    assert AssessorAssignment.objects.get(idea=idea).assessor == bertil

    # Without JavaScript, on a phone: the search button brings the matches back.
    phone = new_page(viewport=PHONE, java_script_enabled=False)
    sign_in(phone, manager.email)
    visit(phone, idea.get_absolute_url())
    phone.locator("#merge summary").click()
    form = phone.locator(f'form[action="{reverse("ideas:merge", args=[idea.pk])}"]')
    form.locator('input[name="merge-into_q"]').fill(f"/ideas/{target.pk}/")
    form.locator('button[name="pick"][value="merge-into"]').click()
    check_a11y(phone)
    form = phone.locator(f'form[action="{reverse("ideas:merge", args=[idea.pk])}"]')
    choice = form.locator(f'input[type="radio"][name="merge-into"][value="{target.pk}"]')
    expect(choice).to_be_visible()
    expect(form.locator(f'input[name="merge-into"][value="{idea.pk}"]')).to_have_count(0)
    choice.check()
    form.locator('textarea[name="merge-message"]').fill("Samma behov, samma förslag.")
    form.locator('button:not([name="pick"])').click()
    check_a11y(phone)
    expect(phone.locator("main h1")).to_have_text(target.title)
    idea.refresh_from_db()
    assert idea.status == Idea.Status.MERGED


def test_supporting_a_similar_idea_keeps_the_one_being_written(new_page, live_server, org):
    writer = UserFactory(full_name="Lina Skribent", unit=org["north"])
    # Their own: never offered.
    make_idea(submitter=writer, title="Nyckelskåp med kod för hemtjänsten")
    other = make_idea(unit=org["north"], title="Nyckelskåp med kod i hemtjänsten")
    for viewport, javascript in ((PHONE, False), (DESKTOP, True)):
        Idea.objects.filter(submitter=writer, status=Idea.Status.DRAFT).delete()
        Support.objects.all().delete()
        page = new_page(viewport=viewport, java_script_enabled=javascript)
        sign_in(page, writer.email)
        visit(page, reverse("ideas:submit"))
        form = page.locator("main form.idea-form")
        form.locator('input[name="title"]').fill("Nyckelskåp med kod i hemtjänsten")
        form.locator('textarea[name="need"]').fill("Vi letar efter nycklar varje morgon.")
        if not javascript:
            # Enter shows the form again with the similar ideas (it hands nothing in).
            with page.expect_navigation():
                form.locator('input[name="title"]').press("Enter")
            check_a11y(page)
        else:
            # The list comes while typing (on key up: `fill` alone presses no key).
            form.locator('textarea[name="need"]').press("End")
        box = page.locator("#similar-ideas")
        support = box.locator(f'button[name="support_similar"][value="{other.pk}"]')
        expect(support).to_be_visible()
        expect(box).not_to_contain_text("Nyckelskåp med kod för hemtjänsten")
        assert not Idea.objects.filter(submitter=writer, status=Idea.Status.DRAFT).exists()
        support.click()
        check_a11y(page)
        draft = Idea.objects.get(submitter=writer, status=Idea.Status.DRAFT)
        expect(page.locator('main input[name="title"]')).to_have_value(
            "Nyckelskåp med kod i hemtjänsten"
        )
        expect(page.locator('main textarea[name="need"]')).to_have_value(
            "Vi letar efter nycklar varje morgon."
        )
        assert page.url.endswith(reverse("ideas:edit", args=[draft.pk]))
        assert Support.objects.filter(idea=other, user=writer).exists()


def test_an_invited_colleague_at_the_live_board_signs_up_with_the_button(
    new_page, live_server, org
):
    coach = UserFactory(full_name="Maria Coach", unit=org["vo"], roles=["coach"])
    guest = UserFactory(full_name="Greta Gäst", unit=org["north"])
    workshop = make_workshop(by=coach, capacity=10)
    workshop_services.workshop_invite(workshop=workshop, by=coach, people=[guest])
    workshop_services.workshop_set_phase(workshop=workshop, by=coach, phase=Workshop.Phase.CAPTURE)
    for viewport in (PHONE, DESKTOP):
        SignUp.objects.filter(person=guest).update(status=SignUp.Status.INVITED)
        page = new_page(viewport=viewport)
        sign_in(page, guest.email)
        response = visit(page, reverse("workshops:live", args=[workshop.pk]))
        assert response is not None and response.status == 403
        button = page.locator(
            f'main form[action="{reverse("workshops:signup", args=[workshop.pk])}"] button'
        )
        expect(button).to_be_visible()
        button.click()
        check_a11y(page)
        expect(page.locator("#live-board")).to_be_visible()
        assert SignUp.objects.get(person=guest).status == SignUp.Status.SIGNED_UP
