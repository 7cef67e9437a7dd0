"""Set Django up for a bench script run as `python -m bench.<script>`."""

import os
import sys
from pathlib import Path

BENCH_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/idesluss_bench"


def setup() -> None:
    """Our settings, production-like (DEBUG off), against the bench database unless told."""
    if "pytest" in sys.modules or os.environ.get("PYTEST_CURRENT_TEST"):
        raise SystemExit("The bench scripts are not run by the test suite.")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "idesluss.config.settings")
    os.environ.setdefault("DATABASE_URL", BENCH_DATABASE_URL)
    os.environ["DEBUG"] = "false"
    os.environ.setdefault("SECRET_KEY", "bench-only-not-a-secret")
    # The test client talks to "testserver".
    os.environ.setdefault("ALLOWED_HOSTS", "testserver,localhost,127.0.0.1")
    # Production serves hashed static files from a manifest: collect them aside (again each
    # time, as new files appear; unchanged ones are skipped).
    static_root = Path(__file__).resolve().parent.parent / "var" / "bench-static"
    os.environ.setdefault("STATIC_ROOT", str(static_root))
    import django

    django.setup()
    from django.core.management import call_command

    call_command("collectstatic", interactive=False, verbosity=0)
