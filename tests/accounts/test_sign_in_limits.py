"""Sign-in limits count per client and per account, also behind the TLS proxy."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.urls import reverse

from tests.factories import TEST_PASSWORD, UserFactory

PROXY = "10.0.0.5"


def sign_in(client, email: str, password: str, **headers) -> bool:
    client.post(reverse("account_login"), {"login": email, "password": password}, **headers)
    signed_in = "_auth_user_id" in client.session
    client.logout()
    return signed_in


@pytest.fixture
def behind_proxy(settings):
    # What BEHIND_PROXY=true sets (checked against the settings module below).
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1
    settings.ALLAUTH_TRUSTED_CLIENT_IP_HEADER = None


def test_behind_proxy_failures_from_many_clients_do_not_lock_out_another(client, db, behind_proxy):
    anna = UserFactory(email="anna@kommunen.example")
    for number in range(15):
        assert not sign_in(
            client,
            f"okand{number}@kommunen.example",
            "fel-lösenord",
            REMOTE_ADDR=PROXY,
            HTTP_X_FORWARDED_FOR=f"192.0.2.{number + 1}",
        )
    assert sign_in(
        client, anna.email, TEST_PASSWORD, REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="198.51.100.7"
    )


def test_behind_proxy_one_client_is_still_limited_whatever_it_claims(client, db, behind_proxy):
    anna = UserFactory(email="anna@kommunen.example")
    for number in range(10):
        # The client may prepend any address it likes; our proxy appends the real one.
        sign_in(
            client,
            f"okand{number}@kommunen.example",
            "fel-lösenord",
            REMOTE_ADDR=PROXY,
            HTTP_X_FORWARDED_FOR=f"203.0.113.{number + 1}, 192.0.2.66",
        )
    assert not sign_in(
        client, anna.email, TEST_PASSWORD, REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="192.0.2.66"
    )
    assert sign_in(
        client, anna.email, TEST_PASSWORD, REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="192.0.2.67"
    )


def test_behind_proxy_the_account_limit_still_locks_the_account(client, db, behind_proxy):
    anna = UserFactory(email="anna@kommunen.example")
    for number in range(5):
        assert not sign_in(
            client,
            anna.email,
            "fel-lösenord",
            REMOTE_ADDR=PROXY,
            HTTP_X_FORWARDED_FOR=f"192.0.2.{number + 1}",
        )
    # The right password from yet another address is refused while the lock-out lasts.
    assert not sign_in(
        client, anna.email, TEST_PASSWORD, REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="192.0.2.99"
    )


def test_without_proxy_a_spoofed_forwarded_header_is_ignored(client, db):
    anna = UserFactory(email="anna@kommunen.example")
    for number in range(10):
        sign_in(
            client,
            f"okand{number}@kommunen.example",
            "fel-lösenord",
            REMOTE_ADDR="192.0.2.10",
            HTTP_X_FORWARDED_FOR=f"198.51.100.{number + 1}",
        )
    # The same address is limited whatever header it sends ...
    assert not sign_in(
        client, anna.email, TEST_PASSWORD, REMOTE_ADDR="192.0.2.10", HTTP_X_FORWARDED_FOR="1.1.1.1"
    )
    # ... and another address is not.
    assert sign_in(client, anna.email, TEST_PASSWORD, REMOTE_ADDR="192.0.2.11")


@pytest.mark.parametrize(
    ("environment", "expected"),
    [
        ({}, "0 None"),
        ({"BEHIND_PROXY": "true"}, "1 None"),
        ({"BEHIND_PROXY": "true", "TRUSTED_PROXY_COUNT": "2"}, "2 None"),
        ({"BEHIND_PROXY": "true", "TRUSTED_CLIENT_IP_HEADER": "X-Real-IP"}, "1 X-Real-IP"),
        ({"TRUSTED_PROXY_COUNT": "2", "TRUSTED_CLIENT_IP_HEADER": "X-Real-IP"}, "0 None"),
    ],
)
def test_behind_proxy_setting_wires_allauth_trusted_proxy(environment, expected):
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"BEHIND_PROXY", "TRUSTED_PROXY_COUNT", "TRUSTED_CLIENT_IP_HEADER"}
    }
    env.update(DEBUG="true", DJANGO_SETTINGS_MODULE="idesluss.config.settings", **environment)
    code = (
        "from django.conf import settings; "
        "print(settings.ALLAUTH_TRUSTED_PROXY_COUNT, settings.ALLAUTH_TRUSTED_CLIENT_IP_HEADER)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        env=env,
        cwd=Path(__file__).resolve().parents[2],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.stdout.strip() == expected, result.stderr
