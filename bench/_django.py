"""Set Django up for a bench script run as `python -m bench.<script>`."""

import os
import sys

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
    import django

    django.setup()
