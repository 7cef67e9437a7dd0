"""Password reset: mail only to the organisation's own domains, the same page for everyone."""

import pytest
from django.core import mail
from django.urls import reverse

from tests.factories import UserFactory


def reset(client, email: str):
    response = client.post(reverse("account_reset_password"), {"email": email})
    assert response.status_code == 302
    assert response["Location"] == reverse("account_reset_password_done")
    return response


@pytest.fixture
def domains(settings):
    settings.SIGNUP_EMAIL_DOMAINS = ["kommunen.example"]
    settings.OIDC_EMAIL_DOMAINS = ["skolan.example"]
    return settings


def test_nothing_is_sent_outside_the_organisations_domains(client, db, domains):
    UserFactory(email="extern@annan.example")
    reset(client, "vem-som-helst@annan.example")  # no account
    reset(client, "extern@annan.example")  # an account, but not at work
    assert mail.outbox == []


def test_inside_the_domains_it_works_as_before(client, db, domains):
    UserFactory(email="anna@kommunen.example")
    reset(client, "anna@kommunen.example")
    reset(client, "ny@skolan.example")  # no account: told so, and how to sign up
    assert [message.to for message in mail.outbox] == [
        ["anna@kommunen.example"],
        ["ny@skolan.example"],
    ]
    assert "/accounts/password/reset/key/" in mail.outbox[0].body
    assert "/accounts/password/reset/key/" not in mail.outbox[1].body


def test_without_domains_only_existing_accounts_get_mail(client, db, settings):
    settings.SIGNUP_EMAIL_DOMAINS, settings.OIDC_EMAIL_DOMAINS = [], []
    UserFactory(email="anna@kommunen.example")
    reset(client, "okand@annan.example")
    reset(client, "anna@kommunen.example")
    assert [message.to for message in mail.outbox] == [["anna@kommunen.example"]]
