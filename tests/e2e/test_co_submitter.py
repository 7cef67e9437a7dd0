"""A colleague named on an idea is asked first: the invitation page, confirming, and what the
submitter sees of the answers."""

from django.urls import reverse
from playwright.sync_api import expect

from idesluss.ideas import services
from tests.e2e.a11y import check_a11y, visit
from tests.e2e.helpers import sign_in
from tests.factories import UserFactory, make_idea


def test_a_colleague_confirms_being_co_submitter(new_page, live_server, org, employee):
    colleague = UserFactory(full_name="Kim Kollega", unit=org["north"])
    other = UserFactory(full_name="Olle Annan", unit=org["north"])
    idea = make_idea(
        submitter=employee, unit=org["north"], title="Nyckelskåp", co_submitters=[colleague, other]
    )
    services.co_submitter_answer(idea=idea, by=other, accept=False)

    page = new_page()
    sign_in(page, colleague.email)
    visit(page, reverse("notifications:list"))
    page.locator("main .notification button", has_text="Nyckelskåp").click()
    check_a11y(page)
    expect(page).to_have_url(live_server.url + reverse("ideas:invitation", args=[idea.pk]))
    page.locator('main button[value="accept"]').click()
    check_a11y(page)
    expect(page).to_have_url(live_server.url + idea.get_absolute_url())
    expect(page.locator("main dl.facts")).to_contain_text("Kim Kollega")

    submitter = new_page()
    sign_in(submitter, employee.email)
    visit(submitter, idea.get_absolute_url())
    expect(submitter.locator("#co-submitter-invitations")).to_contain_text("Olle Annan: tackat nej")
