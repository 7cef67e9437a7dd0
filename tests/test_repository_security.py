"""No secret in the repository, and the dependency audit (scripts/audit_dependencies.py).

The secret scan reads every file git tracks: private keys and cloud or service tokens are
refused anywhere; a password, secret, token or key written as a literal value is refused
outside the tests (whose values are made up for them) unless listed below with why it is
no secret. The settings' development key applies only with DEBUG on (test_production.py
shows that production refuses to start without SECRET_KEY).
"""

import datetime
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))

import audit_dependencies as audit  # noqa: E402

# Shapes that are secrets wherever they appear.
STRONG = {
    "private key": re.compile(r"-----BEGIN [A-Z ]*PRIVATE KEY-----"),
    "AWS access key": re.compile(r"\bAKIA[0-9A-Z]{16}\b"),
    "GitHub token": re.compile(r"\bgh[pousr]_[A-Za-z0-9]{30,}"),
    "Slack token": re.compile(r"\bxox[abprs]-[A-Za-z0-9-]{10,}"),
    "Stripe key": re.compile(r"\b[sr]k_live_[A-Za-z0-9]{16,}"),
    "Google API key": re.compile(r"\bAIza[0-9A-Za-z_-]{35}\b"),
}
# A literal assigned to something named like a secret: `PASSWORD = "…"`, `"token": "…"`.
ASSIGNED = re.compile(
    r"""(?i)\b\w*(password|passwd|secret|token|api_?key|private_?key)\w*["']?\s*[:=]\s*"""
    r"""["']([^"'\s{}$%<>]{8,})["']"""
)
# Literal values that are no secret, each with why.
NOT_SECRETS = {
    ("idesluss/config/settings.py", "django-insecure-development-only-key-do-not-use-in-production"):
        "the development key, used only with DEBUG on (production refuses to start without one)",
    ("bench/load.py", "benchcsrfsecret0benchcsrfsecret0"):
        "the CSRF token the load benchmark sends to its own throw-away server",
    ("idesluss/config/settings.py", "idesluss.accounts.password_reset.ResetPasswordForm"):
        "a class's dotted path",
}  # fmt: skip
SECRET_FILES = re.compile(r"(^|/)(\.env(\..+)?|id_rsa|id_ed25519|.+\.pem|.+\.key|.+\.p12)$")


def tracked_files() -> list[str]:
    result = subprocess.run(
        ["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, text=True, check=True
    )
    return [name for name in result.stdout.split("\0") if name]


def test_no_secret_is_tracked():
    files = tracked_files()
    assert "idesluss/config/settings.py" in files  # the scan reads the repository
    found = [name for name in files if SECRET_FILES.search(name)]
    for name in files:
        path = ROOT / name
        if not path.is_file() or path.suffix in {".mo", ".png", ".jpg", ".ico", ".woff2", ".gz"}:
            continue
        text = path.read_text(encoding="utf-8", errors="replace")
        for kind, pattern in STRONG.items():
            if pattern.search(text):
                found.append(f"{name}: a {kind}")
        if name.startswith("tests/") or name == "pyproject.toml":
            continue  # made-up values for the tests (pytest's environment included)
        for match in ASSIGNED.finditer(text):
            if (name, match.group(2)) not in NOT_SECRETS:
                found.append(f"{name}: {match.group(0)[:80]}")
    assert found == []


def test_the_scan_finds_what_it_looks_for():
    assert ASSIGNED.search('EMAIL_HOST_PASSWORD = "hunter2hunter2"')
    assert ASSIGNED.search('{"api_key": "0123456789abcdef"}')
    assert not ASSIGNED.search('password = env("EMAIL_HOST_PASSWORD")')
    # Put together here, so that this file holds no such string itself.
    assert STRONG["private key"].search("-----BEGIN OPENSSH " + "PRIVATE KEY-----")
    assert STRONG["AWS access key"].search("key AKIA" + "ABCDEFGHIJKLMNOP here")


def test_the_development_key_applies_only_with_debug(tmp_path):
    def secret_key(debug: str) -> subprocess.CompletedProcess:
        env = {
            "PATH": "/usr/bin:/bin",
            "DEBUG": debug,
            "DJANGO_SETTINGS_MODULE": "idesluss.config.settings",
            "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
            "STATIC_ROOT": str(tmp_path / "static"),
        }
        code = "from django.conf import settings; print(settings.SECRET_KEY)"
        return subprocess.run(
            [sys.executable, "-c", code], env=env, cwd=ROOT, capture_output=True, text=True
        )

    assert secret_key("true").stdout.strip().startswith("django-insecure-")
    production = secret_key("false")
    assert production.returncode != 0
    assert "Set SECRET_KEY" in production.stderr


# The dependency audit.

TODAY = datetime.date(2026, 12, 6)


def record(**packages) -> dict:
    return {
        "checked_on": "2026-12-01",
        "accepted": {},
        "unaudited": {},
        "packages": {
            name: {"version": version, "vulnerabilities": []} for name, version in packages.items()
        },
    }


def test_pins_audited_at_their_version_pass():
    assert (
        audit.problems(record(django="6.1.3"), {"django": "6.1.3"}, today=TODAY, max_age=45) == []
    )


def test_a_bumped_pin_must_be_looked_up_again():
    (problem,) = audit.problems(
        record(django="6.1.3"), {"django": "6.1.4"}, today=TODAY, max_age=45
    )
    assert "django==6.1.4 is pinned but its advisories were looked up for 6.1.3" in problem
    (problem,) = audit.problems(record(), {"nh3": "0.3.7"}, today=TODAY, max_age=45)
    assert "looked up for never" in problem


def test_a_known_vulnerability_fails_unless_accepted_with_a_reason():
    known = record(django="6.1.3")
    known["packages"]["django"]["vulnerabilities"] = [
        {"id": "PYSEC-2026-1", "aliases": ["CVE-2026-0001"], "fixed_in": ["6.1.4"],
         "summary": "SQL injection", "link": ""}
    ]  # fmt: skip
    (problem,) = audit.problems(known, {"django": "6.1.3"}, today=TODAY, max_age=45)
    assert "PYSEC-2026-1 (CVE-2026-0001), fixed in 6.1.4: SQL injection" in problem
    known["accepted"] = {"CVE-2026-0001": "we do not use the affected lookup"}
    assert audit.problems(known, {"django": "6.1.3"}, today=TODAY, max_age=45) == []


def test_an_old_record_fails():
    (problem,) = audit.problems(
        record(django="6.1.3"), {"django": "6.1.3"}, today=datetime.date(2027, 2, 1), max_age=45
    )
    assert "2026-12-01 (62 days ago, more than 45)" in problem


def test_an_unaudited_pin_passes_only_until_its_date():
    waived = record()
    waived["unaudited"] = {
        "nh3": {"version": "0.3.7", "reason": "no answer", "until": "2026-12-31"}
    }
    assert audit.problems(waived, {"nh3": "0.3.7"}, today=TODAY, max_age=45) == []
    (problem,) = audit.problems(
        waived, {"nh3": "0.3.7"}, today=datetime.date(2027, 1, 1), max_age=45
    )
    assert "its waiver ended on 2026-12-31" in problem
    (problem,) = audit.problems(waived, {"nh3": "0.3.8"}, today=TODAY, max_age=45)
    assert "nh3==0.3.8 is pinned" in problem


def test_the_committed_record_covers_the_pins():
    """On the day it was written, the committed record passes for today's pins (so a pin
    bumped without an audit fails here, whatever the date)."""
    committed = json.loads(audit.ADVISORIES.read_text(encoding="utf-8"))
    checked_on = datetime.date.fromisoformat(committed["checked_on"])
    assert audit.problems(committed, audit.pins(), today=checked_on, max_age=45) == []


def test_an_unpinned_dependency_is_refused(tmp_path):
    pyproject = tmp_path / "pyproject.toml"
    pyproject.write_text('[project]\ndependencies = ["Django>=6.1"]\n', encoding="utf-8")
    with pytest.raises(SystemExit, match="not pinned"):
        audit.pins(pyproject)
