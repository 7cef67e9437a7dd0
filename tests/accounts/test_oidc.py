"""Single sign-on through OpenID Connect, against a real (local) provider.

Nothing is mocked: allauth fetches the discovery document, redeems the code
and fetches the user info over HTTP from `OIDCProvider`, and the "browser" hop
to the provider's /authorize goes through `requests`.
"""

import runpy
from urllib.parse import parse_qs, urlencode, urlsplit

import jwt
import pytest
import requests
from allauth.socialaccount.internal import jwtkit
from allauth.socialaccount.models import SocialAccount
from allauth.socialaccount.providers.oauth2.client import OAuth2Error
from cryptography.hazmat.primitives.asymmetric import rsa
from django.test import Client
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

import idesluss.config.settings
from idesluss.accounts.models import User
from tests.accounts.oidc_provider import OIDCProvider
from tests.factories import UserFactory

LOGIN_URL = "/accounts/oidc/entra/login/"
CALLBACK_URL = "/accounts/oidc/entra/login/callback/"
PROVIDER_NAME = "Tranås kommuns konto"


@pytest.fixture
def provider():
    with OIDCProvider() as provider:
        yield provider


@pytest.fixture
def sso(provider, settings, monkeypatch):
    """Single sign-on set up exactly as settings.py builds it from the environment."""
    for name in ("OIDC_PROVIDER_ID", "OIDC_TOKEN_AUTH_METHOD", "OIDC_EMAIL_DOMAINS"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("OIDC_SERVER_URL", provider.url)
    monkeypatch.setenv("OIDC_CLIENT_ID", provider.client_id)
    monkeypatch.setenv("OIDC_CLIENT_SECRET", provider.client_secret)
    monkeypatch.setenv("OIDC_NAME", PROVIDER_NAME)
    built = runpy.run_path(idesluss.config.settings.__file__)
    assert built["SOCIALACCOUNT_PROVIDERS"]["openid_connect"]["APPS"][0]["provider_id"] == "entra"
    settings.SOCIALACCOUNT_PROVIDERS = built["SOCIALACCOUNT_PROVIDERS"]
    settings.OIDC_EMAIL_DOMAINS = built["OIDC_EMAIL_DOMAINS"]
    return provider


def go_to_provider(client) -> str:
    """Press "Sign in with …", let the provider sign the person in; return our callback URL."""
    start = client.post(LOGIN_URL)
    assert start.status_code == 302, start.content
    at_provider = requests.get(start["Location"], allow_redirects=False, timeout=5)
    assert at_provider.status_code == 302, at_provider.text
    back = urlsplit(at_provider.headers["Location"])
    assert back.path == CALLBACK_URL
    return f"{back.path}?{back.query}"


def sso_sign_in(client):
    return client.get(go_to_provider(client))


def in_swedish(message: str, **values) -> str:
    with translation.override("sv"):
        return gettext(message) % values if values else gettext(message)


def test_new_person_signs_in_by_sso_and_gets_an_account(client, sso, db):
    sso.sign_in_as(sub="entra-oid-1", email="Anna.Berg@Kommunen.Example", name="Anna Berg")

    response = sso_sign_in(client)

    assert response.status_code == 302
    assert response["Location"] == reverse("home:start")
    user = User.objects.get()
    assert user.email == "anna.berg@kommunen.example"
    assert user.full_name == "Anna Berg"
    assert user.is_active
    assert client.session["_auth_user_id"] == str(user.pk)
    assert SocialAccount.objects.get(user=user).uid == "entra-oid-1"
    # allauth really talked to the provider: discovery, PKCE, code redeemed, user info read.
    asked = sso.authorizations[0]
    assert "openid" in asked["scope"].split() and asked["code_challenge_method"] == "S256"
    assert sso.requests[-2:] == ["POST /token", "GET /userinfo"]
    assert "GET /.well-known/openid-configuration" in sso.requests
    home = client.get(reverse("home:start"))
    assert in_swedish("Welcome, %(name)s", name="Anna") in home.text

    # Next time the same person is found through the linked provider account.
    client.logout()
    sso_sign_in(client)
    assert client.session["_auth_user_id"] == str(user.pk)
    assert User.objects.count() == 1


def test_known_person_is_connected_to_the_existing_account(client, sso, db):
    existing = UserFactory(email="erik.lind@kommunen.example", full_name="Erik Lind")
    sso.sign_in_as(sub="entra-oid-2", email="Erik.Lind@KOMMUNEN.example", name="Erik Lind (VO)")

    response = sso_sign_in(client)

    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(existing.pk)
    assert User.objects.count() == 1
    assert SocialAccount.objects.get(uid="entra-oid-2").user == existing
    existing.refresh_from_db()
    assert existing.email == "erik.lind@kommunen.example"
    assert existing.full_name == "Erik Lind"  # the HR data is kept


def test_an_unverified_address_does_not_take_over_an_existing_account(client, sso, db):
    existing = UserFactory(email="erik.lind@kommunen.example", full_name="Erik Lind")
    sso.sign_in_as(
        sub="entra-oid-x", email="erik.lind@kommunen.example", name="Not Erik", email_verified=False
    )

    response = sso_sign_in(client)

    assert response.status_code == 302
    assert response["Location"] == reverse("socialaccount_signup")  # asked for another address
    assert "_auth_user_id" not in client.session
    assert User.objects.count() == 1
    assert not SocialAccount.objects.exists()
    existing.refresh_from_db()
    assert existing.has_usable_password()


@pytest.mark.parametrize(
    ("email", "signed_in"),
    [("konsult@annan.example", False), ("Karin.Ek@Kommunen.Example", True)],
)
def test_sso_is_limited_to_the_organisations_domains(client, sso, settings, db, email, signed_in):
    settings.OIDC_EMAIL_DOMAINS = ["kommunen.example"]
    sso.sign_in_as(sub="entra-oid-3", email=email, name="Karin Ek")

    response = sso_sign_in(client)

    assert response.status_code < 500
    assert ("_auth_user_id" in client.session) is signed_in
    assert User.objects.filter(email__iexact=email).exists() is signed_in
    assert SocialAccount.objects.exists() is signed_in


def test_sign_in_page_offers_sso_when_configured(client, sso, db):
    text = client.get(reverse("account_login")).text
    assert in_swedish("Sign in with %(name)s", name=PROVIDER_NAME) in text
    assert f'href="{LOGIN_URL}' in text


def test_sign_in_page_has_no_sso_when_not_configured(client, settings, db):
    settings.SOCIALACCOUNT_PROVIDERS = {}
    response = client.get(reverse("account_login"))
    assert response.status_code == 200
    assert "/accounts/oidc/" not in response.text
    assert in_swedish("With your organisation account") not in response.text


@pytest.mark.parametrize("how", ["tampered", "from_another_browser", "missing"])
def test_callback_with_a_wrong_state_signs_no_one_in(client, sso, db, how):
    sso.sign_in_as(sub="entra-oid-4", email="nils@kommunen.example", name="Nils Nord")
    # "from_another_browser": e.g. an attacker's own, valid sign-in, slipped to the victim.
    browser = Client() if how == "from_another_browser" else client
    callback = go_to_provider(browser)
    path, query = callback.split("?")
    params = {key: values[0] for key, values in parse_qs(query).items()}
    if how == "tampered":
        params["state"] = params["state"][:-1] + ("A" if params["state"][-1] != "A" else "B")
    elif how == "missing":
        del params["state"]

    response = client.get(f"{path}?{urlencode(params)}")

    assert response.status_code < 500
    assert "_auth_user_id" not in client.session
    assert not User.objects.exists()
    assert "POST /token" not in sso.requests  # the code was never redeemed


def test_id_tokens_verify_against_the_providers_published_keys(provider):
    """allauth's own verifier accepts the provider's id_token and rejects a forged one."""

    def verify(token: str) -> dict:
        return jwtkit.verify_and_decode(
            credential=token,
            keys_url=f"{provider.url}/jwks",
            issuer=provider.url,
            audience=provider.client_id,
            lookup_kid=jwtkit.lookup_kid_jwk,
        )

    assert verify(provider.id_token({"sub": "entra-oid-5"}))["sub"] == "entra-oid-5"
    other_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    forged = jwt.encode(
        {"iss": provider.url, "aud": provider.client_id, "sub": "entra-oid-5", "exp": 2**31},
        other_key,
        algorithm="RS256",
        headers={"kid": provider.kid},
    )
    with pytest.raises(OAuth2Error):
        verify(forged)


def test_entra_without_email_verified_claim_connects_within_trusted_domains(
    client, provider, settings, monkeypatch, db
):
    """Entra ID sends no email_verified: the organisation's own domains are trusted."""
    for name in ("OIDC_PROVIDER_ID", "OIDC_TOKEN_AUTH_METHOD"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("OIDC_SERVER_URL", provider.url)
    monkeypatch.setenv("OIDC_CLIENT_ID", provider.client_id)
    monkeypatch.setenv("OIDC_CLIENT_SECRET", provider.client_secret)
    monkeypatch.setenv("OIDC_EMAIL_DOMAINS", "kommunen.example")
    built = runpy.run_path(idesluss.config.settings.__file__)
    settings.SOCIALACCOUNT_PROVIDERS = built["SOCIALACCOUNT_PROVIDERS"]
    settings.OIDC_EMAIL_DOMAINS = built["OIDC_EMAIL_DOMAINS"]
    existing = UserFactory(email="erik.lind@kommunen.example", full_name="Erik Lind")
    provider.sign_in_as(
        sub="entra-oid-v", email="Erik.Lind@kommunen.example", name="Erik", email_verified=None
    )

    sso_sign_in(client)

    assert client.session["_auth_user_id"] == str(existing.pk)
    assert User.objects.count() == 1


def test_existing_sso_account_outside_the_domains_is_refused(client, sso, settings, db):
    sso.sign_in_as(sub="entra-oid-5", email="konsult@annan.example", name="Konsult")
    sso_sign_in(client)
    assert "_auth_user_id" in client.session
    client.logout()
    settings.OIDC_EMAIL_DOMAINS = ["kommunen.example"]

    response = sso_sign_in(client)

    assert response.status_code == 403
    assert "_auth_user_id" not in client.session
